"""Screen lengths: the visible characters of /ceksyarat (kepala desa and officer views, over
several village states) and /laporan (nothing, half and everything reported), in every
language. A phone shows about 1,000 characters of a message without scrolling (issue 14).

    .venv/bin/python bench/screen_lengths.py
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.rules import load_rules  # noqa: E402
from bot.platform.config import SUPPORTED_LANGUAGES  # noqa: E402
from bot.platform.i18n import I18n, activate  # noqa: E402
from bot.platform.telegram_html import visible_text  # noqa: E402
from bot.services.snapshot import FIGURES  # noqa: E402
from handlers.desa._common import FIGURE_LABELS  # noqa: E402
from handlers.shared.self_check import SCREEN_LIMIT  # noqa: E402
from tests.unit.test_self_check_screen import STATES, _screen  # noqa: E402

LABEL = "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"
SAMPLE = {"count": 1250, "rupiah": 45_000_000, "flag": True, "text": "Perdes No. 5 Tahun 2025"}


def _report_screen(i18n: I18n, lang: str, reported: int) -> int:
    labels = {k: i18n.gettext(v, lang) for k, v in FIGURE_LABELS.items()}
    lines = [
        {
            "name": f.name,
            "kind": str(f.kind),
            "value": SAMPLE.get(str(f.kind), date(2026, 10, 12)) if n < reported else None,
            "who": "self",
            "day": date(2026, 11, 27),
        }
        for n, f in enumerate(FIGURES)
    ]
    text = i18n.render(
        "report_figures", lang, label=LABEL, lines=lines, labels=labels, saved=None, cancelled=False
    )
    return len(visible_text(text))


def main() -> None:
    i18n = I18n()
    activate(i18n)
    rules = load_rules()
    print(f"/ceksyarat (limit {SCREEN_LIMIT:,} characters)      " + "  ".join(SUPPORTED_LANGUAGES))
    worst = 0
    for officer in (False, True):
        for state in STATES:
            sizes = [
                len(_screen(i18n, rules, lang, state, officer)) for lang in SUPPORTED_LANGUAGES
            ]
            worst = max(worst, *sizes)
            who = "officer" if officer else "kades  "
            print(f"  {who} {state:<34}" + " ".join(f"{n:>5}" for n in sizes))
    print(f"  longest: {worst:,}")
    print("/laporan                                   " + "  ".join(SUPPORTED_LANGUAGES))
    for reported in (0, len(FIGURES) // 2, len(FIGURES)):
        sizes = [_report_screen(i18n, lang, reported) for lang in SUPPORTED_LANGUAGES]
        print(f"  {reported:>2} of {len(FIGURES)} figures reported               "
              + " ".join(f"{n:>5}" for n in sizes))  # fmt: skip


if __name__ == "__main__":
    main()
