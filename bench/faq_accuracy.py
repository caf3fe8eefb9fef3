"""FAQ search accuracy on a tuning half and a held-out half of the labelled questions, and speed.

    .venv/bin/python bench/faq_accuracy.py              # figures per half, goals, latency
    .venv/bin/python bench/faq_accuracy.py --mistakes   # also list held-out and fresh misses
                                                        # (not those of BLIND_ROUNDS)

Reads content/faq/*.toml and tests/data/faq_eval_*.toml: questions written apart from the
FAQ's own phrasings (typos, slang, Javanese, amounts), ``expected = ""`` = out of scope. And
tests/data/faq_fresh_{id,jv,en}.toml and the later rounds faq_fresh2_* … faq_fresh6_*, each
reported in its own column: questions written before a tuning round and never looked at while
tuning, the closest thing here to a stranger's questions. The summary at the end gives issue
#12's figures per column (held-out, each fresh column, and every out-of-scope question
together) and p99 at 500 entries.

The spent rounds' in-domain questions (``ASKED_ROUNDS``) and the tuning half are in the search
index itself (content/faq/asked, written by bench/faq_asked.py): their columns show how well the
index answers questions it holds. The held-out half and ``BLIND_ROUNDS`` never go there.

Split, deterministic and stratified: within each eval file, in-scope and out-of-scope
questions are taken in file order and dealt alternately, the 1st, 3rd, … to the tuning half
and the 2nd, 4th, … to the held-out half. Both halves thus get every file and about half of
the out-of-scope questions, and neighbouring questions about one entry land on both sides.

Figures per half:
- top-1 / top-3: the expected entry is the first / among the first three hits of ``rank()``
  (in-scope questions, thresholds not applied);
- what the user gets, since the bot answers only when CONFIDENT: confident and correct,
  answered or offered as a choice (the ``Tally`` figures of bench/faq_search.py); and how many
  wrong answers have the right entry among the buttons under them (``FaqIndex.see_also``:
  the search's close runner-ups, then the entry's related questions), which the summary adds
  up as "first reply shows it";
- "carries the answer" / "carrying precision": the same two goals, with a reply counted right
  when its entry is the expected one or one the case lists in ``also``. For the held-out half
  and the rounds fresh5, fresh6, fresh12, fresh13, fresh21 and fresh26, two annotators (helpers)
  judged apart, from the FAQ's answers alone and without the search's results, which other
  entries answer each question as fully (the fact, amount or step asked, for the asker's
  situation); ``also`` keeps the entries both named (302 of their ~350 each on 207 of the
  first 592 questions; 95 of 119 and 98 on 57 of fresh13's 150; 88 of 91 and 92 on 52 of
  fresh21's 150; 96 of 116 and 97 on 54 of fresh26's 150). On fresh5/6/12 it turned only 4
  of the 24 wrong answers into right ones: the misses are real, not labelling;
- out of scope declined: not answered CONFIDENTly (shown choices are allowed), and
  separately the share turned away outright (NOT_UNDERSTOOD).
Latency: ``search()`` per query over all questions, warm (one untimed pass first), repeated.

Caveat: the thresholds and scoring constants in bot/domain/faq/index.py were fitted on all eval
questions, both halves included, so the held-out half is not unseen by them. The "thresholds
fitted on the tuning half only" block re-fits them with bench/faq_search.py's ``calibrate``
and measures the held-out half with those, which is the honest figure for the thresholds;
top-1/top-3 do not depend on the thresholds. Prints numbers and PASS/FAIL; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.faq_search import (  # noqa: E402
    SCALED_ENTRIES,
    Scored,
    _describe,
    _latencies,
    _ms,
    _p99,
    _scaled,
    calibrate,
)
from bot.domain.faq.entries import EvalCase, load_eval_cases, load_faq  # noqa: E402
from bot.domain.faq.index import (  # noqa: E402
    FaqIndex,
    Outcome,
    Ranking,
    SearchResult,
    Tally,
    Thresholds,
    decide,
    tally,
)

# Questions written apart from the FAQ (see each file's header), one column per language: the
# rounds in BLIND_ROUNDS were never tuned on, the others were measured once unseen and then
# tuned on (development rounds).
FRESH_FILES = {
    "fresh id": "faq_fresh_id.toml",
    "fresh jv": "faq_fresh_jv.toml",
    "fresh en": "faq_fresh_en.toml",
    # The second round, written blind on 2026-12-05 before that day's tuning.
    "fresh2 id": "faq_fresh2_id.toml",
    "fresh2 jv": "faq_fresh2_jv.toml",
    "fresh2 en": "faq_fresh2_en.toml",
    # The third round, written blind on 2026-12-06 from the answers only (not the phrasings),
    # before that day's lexicon work.
    "fresh3 id": "faq_fresh3_id.toml",
    "fresh3 jv": "faq_fresh3_jv.toml",
    "fresh3 en": "faq_fresh3_en.toml",
    # The fourth, written blind the same day (other personas: widows, traders, labourers,
    # village secretaries, laid-off factory workers) before that day's tuning.
    "fresh4 id": "faq_fresh4_id.toml",
    "fresh4 jv": "faq_fresh4_jv.toml",
    "fresh4 en": "faq_fresh4_en.toml",
    # The fifth, written blind the same day after the fourth was spent (other personas again:
    # ojol and angkot drivers, home industry, tambak owners, RT heads, BPD, village treasurers).
    "fresh5 id": "faq_fresh5_id.toml",
    "fresh5 jv": "faq_fresh5_jv.toml",
    "fresh5 en": "faq_fresh5_en.toml",
    # The sixth, written blind on 2026-12-06 (stop 22) before any change that day (salt farmers,
    # rubber tappers, brick-kiln workers, honorary teachers, boat crew, domestic helpers…).
    "fresh6 id": "faq_fresh6_id.toml",
    "fresh6 jv": "faq_fresh6_jv.toml",
    "fresh6 en": "faq_fresh6_en.toml",
    # The seventh, written the same day as a development round (half of it stories that end in
    # the question): ASK_WEIGHT and the OTHER_TOPICS of that day were chosen on it, so it is
    # tuned on, not fresh.
    "fresh7 id": "faq_fresh7_id.toml",
    "fresh7 jv": "faq_fresh7_jv.toml",
    "fresh7 en": "faq_fresh7_en.toml",
    # The eighth and ninth, written the same day as development rounds (short chat-box questions,
    # greetings, two questions in one; other personas): measured once unseen, then the vehicle
    # insurance rule and the one-clause "what is" prefix were chosen on them.
    "fresh8 id": "faq_fresh8_id.toml",
    "fresh8 jv": "faq_fresh8_jv.toml",
    "fresh8 en": "faq_fresh8_en.toml",
    "fresh9 id": "faq_fresh9_id.toml",
    "fresh9 jv": "faq_fresh9_jv.toml",
    "fresh9 en": "faq_fresh9_en.toml",
    # The tenth and eleventh, development rounds again (native English synonyms; regional
    # Indonesian and Javanese; speech-to-text English): measured once unseen, then the spoken
    # acronyms ("jay h tea") were added to the dictionary. Not in the index: with them there,
    # each helped the other by at most one question and the held-out half lost two.
    "fresh10 id": "faq_fresh10_id.toml",
    "fresh10 jv": "faq_fresh10_jv.toml",
    "fresh10 en": "faq_fresh10_en.toml",
    "fresh11 id": "faq_fresh11_id.toml",
    "fresh11 jv": "faq_fresh11_jv.toml",
    "fresh11 en": "faq_fresh11_en.toml",
    # The twelfth, blind like fresh5/6 (new personas: brick makers, seaweed farmers, parking
    # attendants, midwives, BUMDes staff…; regional Indonesian, ngoko/krama/mixed Javanese,
    # native and learners' English), written 2026-12-06 (stop 23) before that stop changed
    # anything in the search.
    "fresh12 id": "faq_fresh12_id.toml",
    "fresh12 jv": "faq_fresh12_jv.toml",
    "fresh12 en": "faq_fresh12_en.toml",
    # The thirteenth, blind (new personas: construction labourers, domestic workers, tailors,
    # barbers, cattle breeders, tobacco farmers, Koran teachers, market porters, tea pickers;
    # greetings, stories, two sentences in one message), written 2026-12-06 (stop 24) by a
    # helper from the answers-only digest and measured before that stop changed the search.
    "fresh13 id": "faq_fresh13_id.toml",
    "fresh13 jv": "faq_fresh13_jv.toml",
    "fresh13 en": "faq_fresh13_en.toml",
    # The fourteenth, a development round (rarer trades, regional Indonesian from Kalimantan,
    # Sulawesi and NTT, Banyumasan, migrant workers' English): measured once unseen after this
    # stop's changes (confident-right/precision id 91.7/96.5, jv 91.7/98.2, en 86.7/91.2; at the
    # stop's start 90.0/94.7, 91.7/98.2, 86.7/89.7), then SINGLE_CHOICE_SCORE was chosen with it.
    "fresh14 id": "faq_fresh14_id.toml",
    "fresh14 jv": "faq_fresh14_jv.toml",
    "fresh14 en": "faq_fresh14_en.toml",
    # The fifteenth, blind (street vendors, becak drivers, tofu makers, sap tappers, village
    # treasurers, a worker of 58 and one of 18…), written 2026-12-06 (stop 24) from the
    # answers-only digest after that stop's changes, and measured at its end without being looked
    # into: the honest column for the stop's end state (id 92.0/93.9, jv 94.0/94.0, en
    # 90.0/93.8). Spent in stop 25 once fresh17 was written: its misses were read and tuned on.
    "fresh15 id": "faq_fresh15_id.toml",
    "fresh15 jv": "faq_fresh15_jv.toml",
    "fresh15 en": "faq_fresh15_en.toml",
    # The sixteenth, a development round (60 + 15 a language, every in-scope question another
    # entry; stories, SMS spelling, near misses), written 2026-12-06 (stop 25) from the
    # answers-only digest: measured once unseen at the stop's start (confident-right/precision id
    # 98.3/98.3, jv 100/100, en 96.7/98.3; out of scope declined 14, 15, 14 of 15), then tuned on.
    "fresh16 id": "faq_fresh16_id.toml",
    "fresh16 jv": "faq_fresh16_jv.toml",
    "fresh16 en": "faq_fresh16_en.toml",
    # The seventeenth, blind (the basics first, then village officials, payments, claims, JMO,
    # migrant workers), written 2026-12-06 (stop 25) by a helper from the answers-only digest
    # at the stop's start, and measured at its end without being looked into (id 94.0/92.2,
    # jv 98.0/98.0, en 92.0/95.8; out of scope declined 11 of 12 each). Spent in stop 26 once
    # fresh18 was written: its misses were read and tuned on.
    "fresh17 id": "faq_fresh17_id.toml",
    "fresh17 jv": "faq_fresh17_jv.toml",
    "fresh17 en": "faq_fresh17_en.toml",
    # The eighteenth, blind (short questions, informal ones, stories; ngoko and krama; out of
    # scope that shares our words: PNS pensions, RT dues, the farmer's card), written 2026-12-06
    # (stop 26) by a helper from the answers-only digest at the stop's start, measured at its
    # end without being looked into (id 98.0/98.0, jv 96.0/94.1, en 92.0/93.9; out of scope
    # declined 12, 11, 11 of 12). Spent in stop 27 once fresh21 was written: its misses were
    # read and tuned on.
    "fresh18 id": "faq_fresh18_id.toml",
    "fresh18 jv": "faq_fresh18_jv.toml",
    "fresh18 en": "faq_fresh18_en.toml",
    # The nineteenth, a development round (100 + 25 a language; short, informal and story
    # questions; regional Indonesian, Suroboyoan and Banyumasan, migrant workers' English),
    # written 2026-12-06 (stop 26) from the answers-only digest: measured once unseen (confident-
    # right/precision id 97.0/99.0, jv 98.0/98.0, en 90.0/91.8; out of scope declined 25 of 25
    # each), then tuned on.
    "fresh19 id": "faq_fresh19_id.toml",
    "fresh19 jv": "faq_fresh19_jv.toml",
    "fresh19 en": "faq_fresh19_en.toml",
    # The twentieth, a development round in English only (120 + 30: stories whose question
    # comes last, very short questions, sibling details), written 2026-12-06 (stop 26) from the
    # answers-only digest: measured once unseen (85.8/97.2; out of scope declined 28 of 30).
    # Long English stories are its weak spot: their unknown words dilute every score below
    # "not understood" (scoring the asking clause alone then was tried: more out-of-scope
    # questions answered, dropped).
    "fresh20 en": "faq_fresh20_en.toml",
    # Short English questions, one detail each (see the file's header): development.
    "short en": "faq_short_en.toml",
    # (The unseen figures quoted for fresh22–25 count precision over the in-scope questions
    # only; the summary's precision also counts an answered out-of-scope question as wrong.)
    # The twenty-second, a development round in English only (120 + 30: everyday words instead
    # of the acronyms, stories, no question marks; migrant workers, foreigners married into a
    # village, volunteers), written 2026-12-06 (stop 27) from the answers-only digest: measured
    # once unseen (74.2/85.6 on the stop's base, 75.0/87.4 after its first changes; out of scope
    # declined 28 of 30), then tuned on.
    "fresh22 en": "faq_fresh22_en.toml",
    # The twenty-third, a development round in English and Javanese (120 + 30 each: writers
    # from Singapore to Sumba, programmes named by what they do, ngoko/krama/Suroboyoan/
    # Banyumasan), written 2026-12-06 (stop 27) from the answers-only digest: measured once
    # unseen (en 85.8/94.5, jv 93.3/95.7; out of scope declined 28 and 30 of 30; the same on
    # the stop's base), then tuned on. It undid one change of that stop (the "?" clause as the
    # asking clause: 4 right answers fewer here).
    "fresh23 en": "faq_fresh23_en.toml",
    "fresh23 jv": "faq_fresh23_jv.toml",
    # The twenty-fourth, a development round in Indonesian and English (120 + 30 each; regional
    # Indonesian from Sunda to Papua, migrant workers' English from fluent to broken), written
    # 2026-12-06 (stop 27) from the answers-only digest: measured once unseen (id 91.7/96.5,
    # en 77.5/87.7; out of scope declined 27 of 30 each; on the stop's base 90.8/96.5 and
    # 74.2/87.3), then tuned on.
    "fresh24 id": "faq_fresh24_id.toml",
    "fresh24 en": "faq_fresh24_en.toml",
    # The twenty-fifth, a development round in English and Javanese (120 + 30 each; English
    # from polite to machine-translated, ngoko/krama/ngapak), written 2026-12-06 (stop 27)
    # from the answers-only digest: measured once unseen after that stop's other changes (en
    # 85.8/93.6, jv 95.0/97.4; out of scope declined 28 and 30 of 30; on the stop's base
    # 83.3/93.5 and 94.2/98.3), then tuned on.
    "fresh25 en": "faq_fresh25_en.toml",
    "fresh25 jv": "faq_fresh25_jv.toml",
    # The twenty-first, blind (short, informal and story questions; ngoko, krama, Suroboyoan
    # and Banyumasan; migrant workers' English), written 2026-12-06 (stop 27) by a helper from
    # the answers-only digest before that stop changed anything, measured then without being
    # looked into (id 96.0/94.1, jv 92.0/93.9, en 78.0/90.7; out of scope declined 11, 12, 12
    # of 12). Spent the same stop: at its end (id 96.0/94.1, jv 92.0/93.9, en 78.0/84.8) its
    # English column was used to examine one change (English inflections), so fresh26 was
    # written to measure the end state.
    "fresh21 id": "faq_fresh21_id.toml",
    "fresh21 jv": "faq_fresh21_jv.toml",
    "fresh21 en": "faq_fresh21_en.toml",
    # The twenty-sixth, blind (same brief as fresh21), written 2026-12-06 (stop 27) by helpers
    # from the answers-only digest near that stop's end, measured on its base and at its end
    # without being looked into.
    "fresh26 id": "faq_fresh26_id.toml",
    "fresh26 jv": "faq_fresh26_jv.toml",
    "fresh26 en": "faq_fresh26_en.toml",
}
# Out-of-scope near misses (other programmes, offices, documents) in id/jv/en; OTHER_TOPICS in
# lexicon.py was chosen on them, so they are a column of their own, not a fresh round.
NEAR_MISSES_FILES = {
    "near miss": "faq_oos_near_misses.toml",
    # A second set (150: our words about other things, BPJS Kesehatan, other aid, workplace
    # issues, everyday things), written 2026-12-06 (stop 22) and tuned on like the first.
    "near miss 2": "faq_oos_near_misses2.toml",
    # A third (150: BPJS Kesehatan's care without its name, other insurers and pension schemes,
    # civil documents, workplace issues, everyday things), written 2026-12-06 (stop 24) from the
    # FAQ's scope only; measured once unseen (76.0% declined), then CARE, OTHER_SCHEMES and a
    # few OTHER_TOPICS words in lexicon.py were chosen on it (88.0%).
    "near miss 3": "faq_oos_near_misses3.toml",
    # A fourth (150: village administration, farming trade, money, health, schooling, labour
    # law, other insurers, civil documents, daily life), written the same day by another helper:
    # measured once unseen after the rules chosen on the third (86.7% declined; 80.7% before
    # them), then tuned on.
    "near miss 4": "faq_oos_near_misses4.toml",
    # A fifth (150: unions, village budgets and embezzlement, inheritance of land, life
    # insurance, disasters, scams, zakat…), written 2026-12-06 (stop 25) by a helper: measured
    # once unseen (90.7% declined), then a few OTHER_TOPICS words and "life" insurance were
    # chosen on it (94.0%).
    "near miss 5": "faq_oos_near_misses5.toml",
    # A sixth (150: BPJS Kesehatan's classes and referrals without its name, other aid and
    # schemes, labour disputes, village matters, news, our words in another sense), written
    # 2026-12-06 (stop 26) by a helper: measured once unseen (91.3% declined), then ward classes,
    # identity cards, referrals, placement fees and exams were chosen on it (96.7%).
    "near miss 6": "faq_oos_near_misses6.toml",
}
# Rounds nobody has looked into yet: --mistakes does not list their misses, so that a tuning
# round cannot be fitted to them by accident. Take a round out of here when you decide to spend
# it (read its misses, tune on them), and write a new one first.
BLIND_ROUNDS: tuple[str, ...] = ("fresh5", "fresh6", "fresh12", "fresh13", "fresh26")
# Spent rounds whose in-domain questions are in the search index (content/faq/asked, written
# by bench/faq_asked.py), besides the tuning half: their columns measure questions the index
# holds. Never a round of BLIND_ROUNDS, never the held-out half.
ASKED_ROUNDS: tuple[str, ...] = (
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh7",
    "fresh8",
    "fresh9",
)
# Issue #12's goals, checked on the held-out half and on every fresh column.
GOAL_CONFIDENT_RIGHT = 0.92  # in-domain questions answered right in the first reply
GOAL_PRECISION = 0.97  # confident answers that are right
GOAL_OOS_DECLINED = 0.95  # out-of-scope questions not answered confidently
GOAL_P99_SECONDS = 0.005  # search() at 500 entries
REPEATS = 5


@dataclass(frozen=True)
class Half:
    name: str
    scored: Scored


@dataclass(frozen=True)
class Figures:
    """Accuracy of one half under one set of thresholds."""

    tally: Tally
    top1: int
    top3: int

    @property
    def in_scope(self) -> int:
        return self.tally.in_scope

    @property
    def out_of_scope(self) -> int:
        return self.tally.out_of_scope

    @property
    def oos_declined(self) -> int:
        """Out-of-scope questions not answered CONFIDENTly."""
        return self.tally.out_of_scope - self.tally.oos_confident


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "faq")
    parser.add_argument("--eval", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed passes")
    parser.add_argument("--mistakes", action="store_true", help="list held-out misses")
    args = parser.parse_args()

    entries = load_faq(args.content)
    index = FaqIndex(entries)
    tuning_cases, held_out_cases = split(args.eval, [e.id for e in entries])
    all_cases = tuning_cases + held_out_cases
    print(f"content: {len(entries)} entries, {index.document_count} documents")
    print(
        f"eval:    {len(all_cases)} questions ({_oos(all_cases)} out of scope) from "
        f"{len(sorted(args.eval.glob('faq_eval_*.toml')))} files; split per file, alternating, "
        f"stratified by scope"
    )
    halves: tuple[Half, ...] = (
        Half("tuning", [(c, index.rank(c.q)) for c in tuning_cases]),
        Half("held-out", [(c, index.rank(c.q)) for c in held_out_cases]),
    )
    for half in halves:
        cases = [c for c, _ in half.scored]
        print(f"  {half.name:<9}{len(cases):>4} questions ({_oos(cases)} out of scope)")

    ids = [e.id for e in entries]
    for name, file_name in FRESH_FILES.items():
        path = args.eval / file_name
        if not path.exists():
            continue
        fresh = load_eval_cases(path, ids)
        halves += (Half(name, [(c, index.rank(c.q)) for c in fresh]),)
        status = (
            "blind: written before the tuning, never tuned on"
            if name.split()[0] in BLIND_ROUNDS
            else "development: measured once unseen, then tuned on"
        )
        print(
            f"  {name:<9}{len(fresh):>4} questions ({_oos(fresh)} out of scope), {status}"
            f" ({file_name})"
        )
    for name, file_name in NEAR_MISSES_FILES.items():
        if not (args.eval / file_name).exists():
            continue
        cases = load_eval_cases(args.eval / file_name, ids)
        halves += (Half(name, [(c, index.rank(c.q)) for c in cases]),)
        print(
            f"  {name:<9}{len(cases):>4} questions, all out of scope, other programmes and offices"
            f" (tuned on: OTHER_TOPICS; {file_name})"
        )
    print(
        f"  in the index (content/faq/asked, bench/faq_asked.py): the tuning half and "
        f"{', '.join(ASKED_ROUNDS)}; held-out and {', '.join(BLIND_ROUNDS)} are unseen"
    )
    print(f"\nwith the thresholds in index.py {_describe(index.thresholds)}:")
    figures = {h.name: measure(h.scored, index.thresholds, index) for h in halves}
    _print_table(figures)

    fitted = calibrate(halves[0].scored, index.related)
    print(f"\nthresholds fitted on the tuning half only {_describe(fitted)}, held-out half:")
    _print_table({"held-out": measure(halves[1].scored, fitted, index)})

    p50, p99, worst = latency(index, [c.q for c in all_cases], args.repeats)
    print(
        f"\nlatency of search(), warm, {len(all_cases)} questions × {args.repeats}: "
        f"p50 {_ms(p50)}, p99 {_ms(p99)}, max {_ms(worst)}"
    )
    scaled = FaqIndex(_scaled(entries, SCALED_ENTRIES))
    _, p99_scaled, _ = latency(scaled, [c.q for c in all_cases], args.repeats)
    # CPU time too: on a shared machine (CI, several jobs on 2 cores) wall-clock p99 measures
    # the neighbours as much as the search.
    _, p99_cpu, _ = latency(scaled, [c.q for c in all_cases], args.repeats, time.process_time)
    print(
        f"latency of search() at {SCALED_ENTRIES} entries: p99 {_ms(p99_scaled)} wall clock, "
        f"{_ms(p99_cpu)} CPU time (load average {os.getloadavg()[0]:.1f})"
    )

    columns = {n: f for n, f in figures.items() if n != "tuning"}
    _print_summary(columns, p99_scaled, p99_cpu)

    if args.mistakes:
        for half in halves[1:]:
            if half.name.split()[0] not in BLIND_ROUNDS:
                _print_mistakes(half.name, half.scored, index)


def split(directory: Path, ids: Sequence[str]) -> tuple[list[EvalCase], list[EvalCase]]:
    """(tuning, held-out): per file and per scope, cases dealt alternately in file order."""
    tuning: list[EvalCase] = []
    held_out: list[EvalCase] = []
    for path in sorted(directory.glob("faq_eval_*.toml")):
        cases = load_eval_cases(path, ids)
        for stratum in ([c for c in cases if c.expected], [c for c in cases if not c.expected]):
            tuning += stratum[0::2]
            held_out += stratum[1::2]
    return tuning, held_out


def measure(scored: Scored, thresholds: Thresholds, index: FaqIndex) -> Figures:
    top1 = sum(_ids(r)[:1] == [c.expected] for c, r in scored if c.expected)
    top3 = sum(c.expected in _ids(r)[:3] for c, r in scored if c.expected)
    return Figures(tally(scored, thresholds, index.related, see_also=index.see_also), top1, top3)


def latency(
    index: FaqIndex,
    queries: Sequence[str],
    repeats: int,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, float, float]:
    """p50, p99 and max seconds per ``search()``, after one untimed pass."""
    _latencies(index, queries)
    times = [t for _ in range(max(1, repeats)) for t in _latencies(index, queries, clock)]
    return statistics.median(times), _p99(times), max(times)


# --- printing --------------------------------------------------------------------------------


def _print_table(figures: dict[str, Figures]) -> None:
    names = list(figures)
    print(f"  {'':<44}" + "".join(f"{n:>16}" for n in names))
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, parts: list[tuple[int, int]]) -> None:
        rows.append((label, [f"{_pct(a, b)} {a:>3}/{b:<3}" for a, b in parts]))

    values = list(figures.values())
    row("top-1 (first hit of rank() is the entry)", [(f.top1, f.in_scope) for f in values])
    row("top-3 (entry among the first three)", [(f.top3, f.in_scope) for f in values])
    row(
        "confident & correct (answered right)",
        [(f.tally.confident_correct, f.in_scope) for f in values],
    )
    row("confident & WRONG", [(f.tally.confident_wrong, f.in_scope) for f in values])
    row(
        "answered or offered as a choice",
        [(f.tally.confident_correct + f.tally.ambiguous_correct, f.in_scope) for f in values],
    )
    row(
        "... or one tap under a wrong answer",
        [(f.tally.one_tap_away, f.tally.confident_wrong) for f in values],
    )
    row("in scope, not understood", [(f.tally.not_understood, f.in_scope) for f in values])
    row("out of scope declined (not confident)", [(f.oos_declined, f.out_of_scope) for f in values])
    row("out of scope not understood", [(f.tally.oos_rejected, f.out_of_scope) for f in values])
    row("out of scope given choices", [(f.tally.oos_ambiguous, f.out_of_scope) for f in values])
    row(
        "precision of CONFIDENT answers",
        [(f.tally.confident_correct, f.tally.confident) for f in values],
    )
    for label, cells in rows:
        print(f"  {label:<44}" + "".join(f"{cell:>16}" for cell in cells))


def _print_summary(columns: dict[str, Figures], p99_scaled: float, p99_cpu: float) -> None:
    """Issue #12's figures: one column per set, and every out-of-scope question together."""
    oos_total = sum(f.out_of_scope for f in columns.values())
    oos_declined = sum(f.oos_declined for f in columns.values())
    names = [*columns, "out-of-scope"]
    print("\nsummary (thresholds in index.py):")
    print(f"  {'':<26}" + "".join(f"{n:>14}" for n in names))

    def row(label: str, cells: list[tuple[int, int]], goal: float | None) -> None:
        text = "".join(f"{_pct(a, b):>14}" for a, b in cells)
        verdict = ""
        if goal is not None:
            ok = all(_share(a, b) >= goal for a, b in cells if b)
            verdict = f"   goal ≥ {goal * 100:.0f}% {'PASS' if ok else 'FAIL'}"
        print(f"  {label:<26}{text}{verdict}")

    values = list(columns.values())
    empty = [(0, 0)]
    row(
        "confident-right %",
        [(f.tally.confident_correct, f.in_scope) for f in values] + empty,
        GOAL_CONFIDENT_RIGHT,
    )
    row(
        "confident precision %",
        # Over the in-scope questions' columns: an all-out-of-scope column has no precision.
        [(f.tally.confident_correct, f.tally.confident if f.in_scope else 0) for f in values]
        + empty,
        GOAL_PRECISION,
    )
    # The same two goals, counting a reply right when its answer carries what was asked: the
    # expected entry, or an entry the case lists in ``also`` (two annotators, apart, judged
    # from the answers alone that it answers the question as fully).
    row(
        "carries the answer %",
        [(f.tally.confident_carrying, f.in_scope) for f in values] + empty,
        GOAL_CONFIDENT_RIGHT,
    )
    row(
        "carrying precision %",
        [(f.tally.confident_carrying, f.tally.confident if f.in_scope else 0) for f in values]
        + empty,
        GOAL_PRECISION,
    )
    row("top-3 %", [(f.top3, f.in_scope) for f in values] + empty, None)
    row(
        "first reply shows it %",  # the answer, a choice, or a button under a wrong answer
        [(f.tally.reached, f.in_scope) for f in values] + empty,
        None,
    )
    row(
        "did-you-mean % (choices)",
        [(f.tally.ambiguous_correct + f.tally.ambiguous_wrong, f.in_scope) for f in values]
        + [(sum(f.tally.oos_ambiguous for f in values), oos_total)],
        None,
    )
    row(
        "OOS declined %",
        [(f.oos_declined, f.out_of_scope) for f in values] + [(oos_declined, oos_total)],
        GOAL_OOS_DECLINED,
    )
    for label, value in (("wall clock", p99_scaled), ("CPU time", p99_cpu)):
        verdict = "PASS" if value < GOAL_P99_SECONDS else "FAIL"
        print(
            f"  {f'p99 at {SCALED_ENTRIES} entries, {label}':<26}{_ms(value):>14}"
            f"   goal < {_ms(GOAL_P99_SECONDS)} {verdict}"
        )


def _print_mistakes(name: str, scored: Scored, index: FaqIndex) -> None:
    """Questions not answered right at once; out-of-scope questions answered confidently."""
    print(f"\n{name} misses (q | expected | outcome | top 3 of rank()):")
    for case, ranking in scored:
        result = decide(ranking, index.thresholds, index.related)
        if case.expected:
            if result.outcome is Outcome.CONFIDENT and _ids(result)[:1] == [case.expected]:
                continue
        elif result.outcome is not Outcome.CONFIDENT:
            continue
        top = ", ".join(f"{h.entry_id} {h.score:.2f}" for h in ranking.hits[:3]) or "-"
        print(f"  {case.q!r} | {case.expected or '(oos)'} | {result.outcome} | {top}")


def _ids(ranking: Ranking | SearchResult) -> list[str]:
    return [h.entry_id for h in ranking.hits]


def _oos(cases: Sequence[EvalCase]) -> int:
    return sum(not c.expected for c in cases)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _pct(part: int, whole: int) -> str:
    return f"{_share(part, whole) * 100:5.1f}%" if whole else "    -"


if __name__ == "__main__":
    main()
