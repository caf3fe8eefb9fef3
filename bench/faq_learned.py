"""Could a learned model decide when to answer, better than the thresholds in index.py?

    .venv/bin/python bench/faq_learned.py            # out-of-fold figures, all development rounds
    .venv/bin/python bench/faq_learned.py --l2 10    # stronger regularisation

Issue #12 asks for confident answers that are right ≥ 97 % of the time. ``decide`` answers
outright on hand-set thresholds (score, lead over the runner-up, our words, coverage). This
bench fits a logistic regression on the same ranking's evidence and more (the top three scores,
the leads, whether the runner-up is a related entry, the question's length and number of
sentences, its share of English words, whether it asks what a name is, the hand rule's own
verdict) to predict "the first hit is an entry that carries the answer", and prints how many
questions it would answer right and wrong at several probability cut-offs, beside the hand rule.

Trained and measured only on questions the index does not hold: the held-out half, the
development rounds outside ASKED_ROUNDS and the near misses. Never on BLIND_ROUNDS. Every
figure is out of fold: each round is scored by a model fitted on the other rounds (leave one
round out), so a round's own quirks cannot help it. numpy only (Newton's method on the
L2-regularised log-likelihood; 20 features, a few thousand questions).

Result on 2026-12-06 (stop 28; 3,366 in-domain questions, 1,514 out of scope): the model traces
the same trade as the thresholds, about one right answer given up per wrong one avoided (hand
rule 3,084 right / 132 wrong / 29 out of scope answered; model at 0.6: 3,057 / 104 / 33; at
0.75: 2,966 / 75 / 17). It does not separate right from wrong answers better than the rule, so
``decide`` keeps its thresholds. Rerun it when real labelled questions (``desabot faq labels``)
add evidence the scores do not have. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.faq_accuracy import (  # noqa: E402
    ASKED_ROUNDS,
    BLIND_ROUNDS,
    FRESH_FILES,
    NEAR_MISSES_FILES,
    split,
)
from bot.domain.faq.entries import EvalCase, load_eval_cases, load_faq  # noqa: E402
from bot.domain.faq.index import FaqIndex, Outcome, Ranking, decide  # noqa: E402
from bot.domain.faq.lexicon import DEFINITION, ENGLISH_WORDS  # noqa: E402

CUT_OFFS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
NEWTON_STEPS = 30
_SENTENCE_END_RE = re.compile(r"[.?!](?=\s|$)|\n")

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Question:
    """One question's evidence; ``features`` is None where ``decide`` cannot answer at all."""

    in_scope: bool
    carried: bool  # the first hit is an entry whose answer carries what is asked
    hand_rule: bool  # decide() answers it outright
    features: tuple[float, ...] | None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "faq")
    parser.add_argument("--eval", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights")
    args = parser.parse_args()

    index = FaqIndex(load_faq(args.content))
    rounds = development_rounds(args.eval, [e.id for e in index.entries])
    evidence = {name: [question(index, c) for c in cases] for name, cases in rounds.items()}
    total = sum(len(v) for v in evidence.values())
    in_scope = sum(q.in_scope for v in evidence.values() for q in v)
    print(
        f"{len(evidence)} development rounds the index does not hold: {in_scope} in-domain and "
        f"{total - in_scope} out-of-scope questions (BLIND_ROUNDS not read)"
    )
    probabilities = out_of_fold(evidence, args.l2)
    questions = [q for name in evidence for q in evidence[name]]
    chances = [p for name in evidence for p in probabilities[name]]
    print("\nanswered outright      right   wrong   out of scope answered   precision")
    _row("hand rule (decide)", [q.hand_rule for q in questions], questions)
    for cut in CUT_OFFS:
        _row(f"model, p ≥ {cut:.2f}", [p >= cut for p in chances], questions)
    weights = fit(_training(evidence, set()), args.l2)[2]
    print("\nweights on standardised features (all rounds):")
    for name, weight in zip(("intercept", *FEATURES), weights, strict=True):
        print(f"  {name:<28} {weight:+.2f}")


def development_rounds(directory: Path, ids: Sequence[str]) -> dict[str, list[EvalCase]]:
    """Every labelled question outside the index and outside BLIND_ROUNDS, by round."""
    rounds = {"held-out": split(directory, ids)[1]}
    for name, file_name in (*FRESH_FILES.items(), *NEAR_MISSES_FILES.items()):
        if name.split()[0] in (*ASKED_ROUNDS, *BLIND_ROUNDS):
            continue
        if (directory / file_name).exists():
            rounds[name] = load_eval_cases(directory / file_name, ids)
    return rounds


FEATURES = (
    "top score",
    "second score",
    "third score",
    "lead over second",
    "lead over third",
    "second / top",
    "our words (anchored)",
    "covered",
    "runner-up is related",
    "log terms",
    "log words",
    "English share",
    "hand rule answers",
    "log sentences",
    "asks what a name is",
    "log hits",
    "top score × anchored",
    "lead × anchored",
    "top score²",
    "lead²",
)


def question(index: FaqIndex, case: EvalCase) -> Question:
    ranking = index.rank(case.q)
    hand_rule = decide(ranking, index.thresholds, index.related).outcome is Outcome.CONFIDENT
    carried = (
        bool(case.expected) and bool(ranking.hits) and case.answered_by(ranking.hits[0].entry_id)
    )
    answerable = (
        ranking.understood and ranking.hits and ranking.hits[0].score >= index.thresholds.low
    )
    features = _features(index, case.q, ranking, hand_rule) if answerable else None
    return Question(bool(case.expected), carried, hand_rule, features)


def _features(index: FaqIndex, text: str, ranking: Ranking, hand_rule: bool) -> tuple[float, ...]:
    hits = ranking.hits
    first, second, third = ([h.score for h in hits[:3]] + [0.0, 0.0])[:3]
    lead = first - second
    words = index.normalizer.words(text)
    terms = ranking.normalized.split()
    related = len(hits) > 1 and index.related(hits[0].entry_id, hits[1].entry_id)
    sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
    return (
        first,
        second,
        third,
        lead,
        first - third,
        second / first if first else 0.0,
        float(ranking.anchored),
        float(ranking.covered),
        float(related),
        math.log1p(len(set(terms))),
        math.log1p(len(words)),
        sum(w in ENGLISH_WORDS for w in words) / max(1, len(words)),
        float(hand_rule),
        math.log1p(len(sentences)),
        float(DEFINITION in terms),
        math.log1p(len(hits)),
        first * ranking.anchored,
        lead * ranking.anchored,
        first**2,
        lead**2,
    )


def _training(
    evidence: dict[str, list[Question]], left_out: set[str]
) -> tuple[Matrix, NDArray[np.float64]]:
    rows = [q for name, qs in evidence.items() if name not in left_out for q in qs if q.features]
    return (
        np.array([q.features for q in rows], dtype=float),
        np.array([q.carried for q in rows], dtype=float),
    )


def fit(data: tuple[Matrix, NDArray[np.float64]], l2: float) -> tuple[Matrix, Matrix, Matrix]:
    """(mean, spread, weights) of an L2-regularised logistic regression, by Newton's method."""
    x, y = data
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / spread])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(z.shape[1] - 1)])  # the intercept goes free
    weights = np.zeros(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-z @ weights))
        gradient = z.T @ (p - y) + penalty @ weights
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty
        weights -= np.linalg.solve(hessian, gradient)
    return mean, spread, weights


def out_of_fold(evidence: dict[str, list[Question]], l2: float) -> dict[str, list[float]]:
    """Each round's probabilities from a model fitted on every other round."""
    result = {}
    for name, questions in evidence.items():
        mean, spread, weights = fit(_training(evidence, {name}), l2)
        result[name] = [
            _probability(q.features, mean, spread, weights) if q.features else 0.0
            for q in questions
        ]
    return result


def _probability(
    features: tuple[float, ...], mean: Matrix, spread: Matrix, weights: Matrix
) -> float:
    z = weights[0] + ((np.array(features) - mean) / spread) @ weights[1:]
    return float(1 / (1 + np.exp(-z)))


def _row(label: str, answered: Sequence[bool], questions: Sequence[Question]) -> None:
    right = sum(a and q.carried for a, q in zip(answered, questions, strict=True))
    wrong = sum(
        a and q.in_scope and not q.carried for a, q in zip(answered, questions, strict=True)
    )
    outside = sum(a and not q.in_scope for a, q in zip(answered, questions, strict=True))
    precision = right / (right + wrong) if right + wrong else 0.0
    print(f"  {label:<20} {right:>7} {wrong:>7} {outside:>15}   {precision:>16.1%}")


if __name__ == "__main__":
    main()
