"""Masks NIKs and Indonesian phone numbers in what villagers type, before it is stored.

A villager asking "NIK saya 3505… kok belum terdaftar?" or "hubungi saya di 0812-…" puts
personal data in a question that is stored, handed to officers and exported. Officers do not
need the numbers to answer (a branch office checks a NIK face to face), so they are replaced
whole: ``[NIK]`` and ``[HP]``, keeping no digit.

Why not lokal-id's masker (``lokal.samaran``, a dependency already): it was evaluated
(tests/unit/test_pii.py, ``test_lokal_samaran_misses``) and leaves a NIK written with dots in
clear, leaves any 16-digit number that is not a valid NIK (a mistyped NIK is still personal
data), and masks "0812 345 678 90" only up to the last group. The rules here are few and
exact:

* A number is a run of digit groups joined by one space, dot or dash ("3201 0115 0895 0001",
  "0812-3456-7890", "1.500.000").
* Inside a run, consecutive groups with exactly 16 digits are a NIK (a KK number has 16 digits
  too and is masked the same); 15 or 17 digits are not.
* Consecutive groups reading ``08`` + 8–11 digits, ``628`` + 8–11 digits, or ``+62`` + 8–12
  digits are a phone number; the longest such reading from each group wins.
* Amounts are never masked, nor joined to a number beside them: a number written in thousands
  ("1.500.000", "62.500.000") or right after "Rp" is money, whatever its digits.

Pure and total: any string in, a string out; :func:`mask` is idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NIK_MASK = "[NIK]"
PHONE_MASK = "[HP]"
NIK_DIGITS = 16

# Digit groups joined by single separators; the "+" belongs to a country code only.
_RUN = re.compile(r"\+?[0-9]+(?:[ .\-][0-9]+)*")
_PHONE = re.compile(r"08[0-9]{8,11}|628[0-9]{8,11}|\+62[0-9]{8,12}")
# Money, blanked out before numbers are looked for: thousands with dots (an amount never starts
# with 0, a phone number does: "08.123.456.789"), or anything right after "Rp".
_MONEY = re.compile(
    r"(?<![0-9.])[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9]|\.[0-9])"
    r"|\brp\.?\s*[0-9][0-9.,]*",
    re.IGNORECASE,
)
_GROUP = re.compile(r"\+?[0-9]+")


@dataclass(frozen=True)
class Masked:
    text: str
    niks: int  # how many NIKs were masked
    phones: int  # how many phone numbers were masked

    @property
    def changed(self) -> bool:
        return bool(self.niks or self.phones)


def mask(text: str) -> str:
    """``text`` with every NIK and phone number replaced by ``[NIK]`` / ``[HP]``."""
    return mask_counted(text).text


def mask_counted(text: str) -> Masked:
    """Like :func:`mask`, also saying what was found (to tell the villager once)."""
    out: list[str] = []
    niks = phones = 0
    last = 0
    scan = _MONEY.sub(lambda money: "#" * len(money.group()), text)  # same positions as text
    for run in _RUN.finditer(scan):
        replaced, found_niks, found_phones = _mask_run(run.group())
        if found_niks or found_phones:
            out.append(text[last : run.start()])
            out.append(replaced)
            last = run.end()
            niks += found_niks
            phones += found_phones
    out.append(text[last:])
    return Masked("".join(out), niks, phones)


def _mask_run(run: str) -> tuple[str, int, int]:
    """Mask inside one run of digit groups; returns (text, NIKs, phones)."""
    groups = list(_GROUP.finditer(run))
    pieces: list[str] = []
    niks = phones = 0
    cursor = 0  # position in ``run`` already copied
    i = 0
    while i < len(groups):
        found = _longest_at(groups, i)
        if found is None:
            i += 1
            continue
        end, kind = found
        pieces.append(run[cursor : groups[i].start()])
        pieces.append(kind)
        cursor = groups[end].end()
        niks += kind == NIK_MASK
        phones += kind == PHONE_MASK
        i = end + 1
    pieces.append(run[cursor:])
    return "".join(pieces), niks, phones


def _longest_at(groups: list[re.Match[str]], start: int) -> tuple[int, str] | None:
    """The last group index and the mask of the longest NIK or phone starting at ``start``."""
    best: tuple[int, str] | None = None
    digits = ""
    for end in range(start, len(groups)):
        piece = groups[end].group()
        if end > start and piece.startswith("+"):
            break  # a "+" starts another number
        digits += piece
        bare = digits.lstrip("+")
        if len(bare) == NIK_DIGITS:
            best = (end, NIK_MASK)
        elif _PHONE.fullmatch(digits):
            best = (end, PHONE_MASK)
        if len(bare) > NIK_DIGITS:
            break
    return best
