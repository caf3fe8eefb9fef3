"""Write content/faq/asked/questions.toml: the spent evaluation questions, labelled.

    .venv/bin/python bench/faq_asked.py          # rewrite the file
    .venv/bin/python bench/faq_asked.py --check  # exit 1 when the file is out of date

The FAQ search reads the questions in content/faq/asked as part of their entry (field "asked":
the entry read as one document and its language model, see bot/domain/faq/index.py): a
stranger's way of asking, once labelled, helps the next stranger. Only rounds that are already
spent go in (``ASKED_ROUNDS`` and the tuning half of tests/data/faq_eval_*.toml, see
bench/faq_accuracy.py); the held-out half and the blind rounds stay out, so their columns in
bench/faq_accuracy.py still measure questions the index has never seen. Out-of-scope questions
are not labelled with an entry and stay out too. Officers' labelled questions go beside it, in
content/faq/asked/officers.toml (`desabot faq labels`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.faq_accuracy import ASKED_ROUNDS, BLIND_ROUNDS, FRESH_FILES, split  # noqa: E402
from bot.domain.faq.entries import (  # noqa: E402
    EvalCase,
    asked_toml,
    load_eval_cases,
    load_faq_files,
)

TARGET = ROOT / "content" / "faq" / "asked" / "questions.toml"
HEADER = """\
# Questions strangers asked, labelled with the FAQ entry that answers them: the spent evaluation
# rounds (the tuning half of tests/data/faq_eval_*.toml and the rounds in ASKED_ROUNDS of
# bench/faq_accuracy.py). Written by bench/faq_asked.py, do not edit by hand; a test checks it is
# up to date and holds no held-out or blind question. The search reads each as part of its
# entry (field "asked", half a phrasing's weight).
"""


def asked_cases(data: Path, ids: list[str]) -> list[EvalCase]:
    tuning, held_out = split(data, ids)
    cases = list(tuning)
    # A question that also stands in an unseen set (rounds were written apart, and short
    # ones like "jkk itu apa" recur) stays out: those sets must remain unseen.
    seen = {c.q for c in held_out}
    for name, file_name in FRESH_FILES.items():
        round_name = name.split()[0]
        if round_name in ASKED_ROUNDS:
            cases += load_eval_cases(data / file_name, ids)
        elif round_name in BLIND_ROUNDS:
            seen.update(c.q for c in load_eval_cases(data / file_name, ids))
    unique = []
    for case in cases:
        if case.expected and case.q not in seen:
            seen.add(case.q)
            unique.append(case)
    return unique


def render(cases: list[EvalCase]) -> str:
    return asked_toml(HEADER, ((case.q, case.expected) for case in cases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when out of date")
    args = parser.parse_args()
    entries = load_faq_files(sorted((ROOT / "content" / "faq").glob("*.toml")))
    text = render(asked_cases(ROOT / "tests" / "data", [e.id for e in entries]))
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.exit(f"{TARGET.relative_to(ROOT)} is out of date: run bench/faq_asked.py")
        return
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {text.count('[[asked]]')} questions")


if __name__ == "__main__":
    main()
