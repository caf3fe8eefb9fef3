"""Button labels for FAQ entries ("did you mean" choices, related questions): ≤ 40 characters,
so a phone shows the whole label instead of cutting it.

An entry's question is often longer ("Apa saja manfaat Jaminan Kecelakaan Kerja (JKK)?", 48).
The label is the question shortened by rules a reader would apply too: the explanation in
brackets goes, programme names become their acronyms, "Bagaimana cara" becomes "Cara" and
"Apakah" goes. Where that is still too long it is cut after a whole word with "…"; the "did
you mean" message lists the full questions above the buttons, so nothing is lost.
"""

from __future__ import annotations

import re

MAX_LABEL_CHARS = 40

_BRACKETS_RE = re.compile(r"\s*\([^)]*\)")
_SPACES_RE = re.compile(r"\s+")

# Longest first within a language, so "Jaminan Kecelakaan Kerja" goes before "Kerja" rules.
_SHORTER: tuple[tuple[str, str], ...] = (
    # names → acronyms (id, jv, en)
    ("Desa Sadar Jaminan Sosial Ketenagakerjaan", "Desa Sadar"),
    ("Desa Sadar Jaminan Sosial", "Desa Sadar"),
    ("Jaminan Kehilangan Pekerjaan", "JKP"),
    ("Jaminan Kecelakaan Kerja", "JKK"),
    ("Jaminan Kematian", "JKM"),
    ("Jaminan Hari Tua", "JHT"),
    ("Jaminan Pensiun", "JP"),
    ("BPJS Ketenagakerjaan", "BPJS TK"),
    ("Pekerja Migran Indonesia", "PMI"),
    ("Bukan Penerima Upah", "BPU"),
    ("Penerima Upah", "PU"),
    ("pekerja mandiri", "BPU"),
    ("Job Loss Benefit", "JKP"),
    ("Work Accident Benefit", "JKK"),
    ("Death Benefit", "JKM"),
    ("Old-Age Savings", "JHT"),
    ("old-age savings", "JHT"),
    ("Pension Benefit", "JP"),
    ("Indonesian migrant workers", "PMI"),
    ("Indonesian Migrant Workers", "PMI"),
    ("self-employed workers", "BPU"),
    ("self-employed worker", "BPU"),
    ("kantor cabang", "kantor"),
    ("perangkat desa", "perangkat"),
    # question openings
    ("Bagaimana cara ", "Cara "),
    ("Bagaimana ", "Cara "),
    ("Kepiye carane ", "Carane "),
    ("Piye carane ", "Carane "),
    ("Apakah ", ""),
    ("Apa saja ", ""),
    ("Punapa kemawon ", ""),
    ("How do I ", ""),
    ("How can I ", ""),
    ("Can I ", ""),
    ("Is there ", ""),
    ("Are there ", ""),
    ("What are the ", ""),
)


def button_label(question: str, prefix: str = "") -> str:
    """``prefix`` + ``question`` shortened to at most MAX_LABEL_CHARS characters."""
    text = prefix + short_form(question)
    if len(text) <= MAX_LABEL_CHARS:
        return text
    cut = text[: MAX_LABEL_CHARS - 1]
    if " " in cut[len(prefix) :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def short_form(question: str) -> str:
    """``question`` with brackets dropped, names as acronyms, short openings; any length."""
    text = _BRACKETS_RE.sub("", question)
    for long, short in _SHORTER:
        text = text.replace(long, short)
    text = _SPACES_RE.sub(" ", text).strip()
    return text[:1].upper() + text[1:]
