"""Free-text FAQ search: BM25+ over each entry's questions and phrasings, plus fuzzy matching.

Built once at start-up from the entries; ``search`` is pure and in memory.

Scoring. Every entry has several documents (the Indonesian question, each phrasing, the
Javanese and English questions, the first sentence of the answer), each with a field weight.
A document scores the mean of two shares, both 0..1:
- how much of the question it covers: its BM25+ score divided by what a document saying
  exactly the question would get. Words the FAQ has never seen count there as the rarest
  word (``UNKNOWN_WEIGHT``), so "harga cabe hari ini" covers almost nothing;
- how much of the document the question covers (idf of the shared terms over the idf of
  all its terms), which favours the phrasing that was asked over one that merely mentions
  the same words.
An entry mixes its best document with the whole entry read as one document (BM25F style, the
rest of the answer included), so a question spread over two phrasings, or asking after a fact
only the answer states, still finds it; the strangers' questions labelled with the entry
(content/faq/asked) count there and in the language model below, not as documents. Sibling
entries (``jkp-masa-iuran`` and ``jkp-batas-klaim``) share most words; to tell them apart, the
leading candidates are also scored by a query-likelihood language model (each entry's
field-weighted word counts, Dirichlet-smoothed towards the whole FAQ) and a share of the
posterior P(entry | question) over those candidates is mixed in (``LM_WEIGHT``): a word that one
sibling uses often and the others rarely then counts for that sibling. A question naming a
programme the entry never mentions is scored down (``KEY_TERMS``). A question that tells a story
before it asks ("sy jualan sayur di pasar udh 30 thn, skrg umur 61 … ada batas umur gk buat
daftar?") also weighs the clause that asks on its own (``ASK_WEIGHT``, ``ASKING``), so the story
(a trader) does not outweigh what is asked (the age limit); the blend is capped at the whole
question's best score, so it reorders but never lifts an out-of-scope question into scope. A
story the whole message does not answer is answered from its last sentence when that sentence
alone is ours and clears the strict thresholds (see ``rank``). In an accident story the family
words tell who had it ("my dad fell from a roof at work, what do we get"): without a death or
an heir in the question they are left out (``FAMILY``), or they pull the heirs' entries. Short
questions mix in rapidfuzz's character-level token_set_ratio. Every constant here was swept by
``bench/faq_search.py --tune``; the values are the best found or within noise of it
(``ASK_WEIGHT`` by ``bench/faq_accuracy.py`` on the spent rounds and the fresh7 development
round).

Scope, before any scoring (``rank``): a question is ours only when enough of its words are
the FAQ's (``MIN_KNOWN_SHARE``, less with one of our own words), it is not about BPJS
Kesehatan or another programme, office or document (``OTHER_SERVICE``, ``OTHER_TOPICS``) and
does not ask for an official's phone number. A clause asking what one of our names is ("jkp
ki opo, aku kerjo neng pabrik rokok") is answered with its definition. ``decide`` answers
outright on the relaxed thresholds only with one of our words (``ANCHORS``), otherwise only
when the entry uses nearly every word of the question (``MAX_MISSING_SHARE``).

Each term's postings are numpy arrays, summed per document with ``bincount``: at 500 entries
(~12,000 documents) the plain Python loop over postings cost most of a search (p50 1.1 ms, p99
4.4 ms CPU; with numpy 0.5 ms and 2.0 ms, the same rankings for all 3,010 eval questions at
both sizes). rank-bm25 was not taken: its scores are dense per query and it has no BM25+ share
of the document a question covers.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz

from bot.domain import dated_facts
from bot.domain.faq.entries import EvalCase, FaqEntry, load_faq
from bot.domain.faq.lexicon import (
    ACCIDENT,
    AGENCY,
    ANCHORS,
    ASKED_BENEFIT,
    ASKING,
    BODY_WORDS,
    CARE,
    CARE_AT_WORK,
    COMPARED_NAMES,
    COMPARISON,
    CONTACT,
    DEFINABLE,
    DEFINITION,
    DENIED,
    FAMILY,
    FAMILY_CARD,
    FAMILY_CARD_CHANGES,
    GENERIC,
    HEIRS,
    HOSPITAL,
    ID_CARD,
    ID_CARD_CHANGES,
    INSURANCE,
    INSURED_PROPERTY,
    KEY_TERMS,
    LEADING_WHAT,
    NAME_WORDS,
    NOT_AT_WORK,
    OTHER_AGENCY,
    OTHER_SCHEMES,
    OTHER_SERVICE,
    OTHER_SERVICE_CARE,
    OTHER_TOPICS,
    OUR_NAMES,
    OUR_WORK,
    OWN_SERVICE,
    OWN_TOPICS,
    PRONOUNS,
    ROAD_INSURER,
    ROAD_INSURER_OURS,
    TRADES,
    VILLAGE_PEOPLE,
    WARD_CLASS,
    WARD_CLASS_WITH,
    WARRANTY,
    WHAT_IS,
    WHEN,
    WORK_NAMES,
)
from bot.domain.faq.normalize import Normalizer
from bot.platform.telegram_html import visible_text

# BM25+ (Lv & Zhai 2011): the delta keeps a match in a long document worth more than no match,
# which BM25 Okapi loses on tiny corpora (shared/research/packages.md §2.3).
K1 = 1.2
B = 0.5
DELTA = 0.5

# How much each kind of text may contribute; phrasings are how villagers really ask.
FIELD_WEIGHTS = {
    "question": 1.0,
    "phrasing": 1.0,
    "question.jv": 0.9,
    "question.en": 0.6,
    "answer": 0.5,  # its first sentence, a document of its own
    # Strangers' questions labelled with the entry (content/faq/asked), in the entry read as
    # one document only: half a phrasing's weight, as their stories carry words that are not
    # the question (chosen on fresh7).
    "asked": 0.5,
    "answer.rest": 0.5,  # the rest: only in the entry read as one document
}
UNKNOWN_WEIGHT = 1.0  # share of a rare word's weight that an unknown word takes in the ideal
ENTRY_MIX = 0.5  # 0 = best document only, 1 = whole entry only
COVERAGE_WEIGHT = 0.5  # share of "how much of the document the question covers"
FUZZY_WEIGHT = 0.2  # share of the rapidfuzz score for short questions
SHORT_QUERY_TERMS = 3
FUZZY_CANDIDATES = 20
MAX_QUESTION_WORDS = 60
MAX_CLAUSES = 12  # clauses looked at for "what is X" (a 4,000-character message has hundreds)
RANKED = 10  # hits kept in a Ranking: enough for the answer, the choices and the bench
KEY_TERM_PENALTY = 0.8  # factor per programme named in the question but not in the entry
AMBIGUOUS_KEEP = 0.6  # an AMBIGUOUS answer lists hits scoring at least this share of the top
# A question without our anchor words whose one candidate stands alone (the runner-up below
# AMBIGUOUS_KEEP of it) and covers its words is answered from this score, not offered as a
# single "did you mean" choice ("Can I sign up without going to the office?"). Chosen on the
# development rounds: 0.7 gave unseen +2 right, held +11 (fresh14 +3), no wrong answer more, and
# 2 of 832 out-of-scope questions more answered (0.6: +1 more each; uncovered: +27 answered).
SINGLE_CHOICE_SCORE = 0.7
# Related siblings closer than this are a choice, not an answer with the other under it: on the
# development rounds 2 fewer wrong answers and none fewer right (0.02: 5 right lost for 3 wrong;
# no pass for related entries at all: 6 for 4).
RELATED_MARGIN = 0.01
SEE_ALSO = 3  # questions offered as buttons under a CONFIDENT answer (see see_also)
SEE_ALSO_SHARE = 0.8  # a runner-up scoring at least this share of the top is offered first
ASK_WEIGHT = 0.2  # share of the asking clause's own score when a story surrounds it (see rank)
ASK_REACH = 0.05  # entries this far below the reach of the clause are scored again too
LM_WEIGHT = 0.2  # share of the entries' language-model posterior in the score
LM_MU = 30.0  # Dirichlet smoothing of each entry's word counts towards the whole FAQ's
LM_CANDIDATES = 30  # the leading entries the posterior is spread over
# Out-of-scope detector: a question is understood only when at least this share of its content
# words (not GENERIC, not numbers) are words the FAQ uses. "harga gabah kering panen" (0 of
# 3), "pupuk subsidi kapan dtg ke kelompok tani" (3 of 5) are about something else; villagers'
# in-scope questions carry one or two strange words at most ("jempol kepotong mesin perontok
# padi, ada santunan cacat?": 5 of 7). Chosen on the tuning half of the eval sets.
MIN_KNOWN_SHARE = 0.65
# A question that uses one of our own words (ANCHORS: bpjs, iuran, klaim, jht…) is ours even
# when it tells a long story in words the FAQ never uses ("kemaren pas nyemprot pestisida sy
# pusing muntah2 sampe dibawa ke puskesmas, bisa diklaim ke bpjs tk?"): half is enough.
MIN_KNOWN_SHARE_ANCHORED = 0.5
# A question without ANCHORS words is answered outright only when the entry misses less than a
# quarter of the question's known words: "jam buka puskesmas hari minggu" scored 0.80 on the
# BPJS office hours, which never speak of a rumah sakit (2 of 5 missing), "jam pinten posyandu
# dibuka" 0.81 (1 of 3), "village office open what time?" 0.87 (1 of 4); "i cut my hand with a
# sickle while working" still finds the JKK benefits, which never say "hand" (1 of 5).
MAX_MISSING_SHARE = 0.25


# A sentence ends at . ? ! before a space or the end, or at a line break ("Rp16.800" goes on).
_SENTENCE_END_RE = re.compile(r"[.?!](?=\s|$)|\n")
# Clauses of a question: "jht itu apaan ya min, sy jualan gorengan perlu ikut jht jg gk";
# a comma or full stop before a digit is part of a number ("Rp16.800", "1,5 juta").
_CLAUSE_RE = re.compile(r"[?!;:\n]+|[,.](?!\d)")


Floats = NDArray[np.float64]


class Outcome(StrEnum):
    CONFIDENT = "confident"
    AMBIGUOUS = "ambiguous"
    NOT_UNDERSTOOD = "not_understood"


class Elsewhere(StrEnum):
    """Where a question the scope rules turned away belongs: the villager is told so, rather
    than asked to put it in other words (which would not help)."""

    HEALTH = "health"  # BPJS Kesehatan: care, hospitals, KIS/JKN cards and contributions
    OTHER = "other"  # another programme, office, document or insurer


@dataclass(frozen=True)
class Thresholds:
    """CONFIDENT needs ``high`` and a lead of ``margin`` when the question carries one of our
    ANCHORS words, else ``strict_high`` and ``strict_margin``; below ``low`` is NOT_UNDERSTOOD."""

    high: float
    low: float
    margin: float
    strict_high: float = 0.8
    strict_margin: float = 0.1


# Calibrated by bench/faq_search.py on the eval sets (tests/data/faq_eval_*.toml, both halves;
# never on the fresh sets), its 2-fold check choosing this point: with the out-of-scope detector
# (MIN_KNOWN_SHARE, _about_another_service) and the ANCHORS gate, a question in our own words is
# answered from 0.4 when it leads by 0.02 (0.8 and 0.1 before); one without our words still
# needs 0.8 and a lead of 0.1 (``strict_*``), so "did you mean" stays for close pairs. On the
# 220 eval questions: precision ~0.97, recall ~0.93, no out-of-scope question answered.
# Raised to 0.45 in stop 25 on the development rounds (held-out, fresh7–11/14–16, near misses
# 1–5): out-of-scope questions answered 38 → 26 of 1,203, 5 of 2,326 in-domain right answers
# become choices, no wrong answer more or fewer (0.4–0.47 swept; the tuning half's fit is 0.475).
THRESHOLDS = Thresholds(high=0.45, low=0.375, margin=0.02)


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float  # 0..1


@dataclass(frozen=True)
class SearchResult:
    """What ``search`` found.

    CONFIDENT: ``hits[0]`` is the answer; further hits are worth offering as "see also".
    AMBIGUOUS: ``hits`` are the candidates to offer ("Maksud Anda…?").
    NOT_UNDERSTOOD: ``hits`` is empty; hand the question to an officer.
    ``normalized`` is the question as the index saw it, for the miss log.
    """

    outcome: Outcome
    hits: tuple[Hit, ...]
    normalized: str
    elsewhere: Elsewhere | None = None  # NOT_UNDERSTOOD because it belongs there


@dataclass(frozen=True)
class Ranking:
    """Every entry that matched, best first, before thresholds are applied."""

    hits: tuple[Hit, ...]
    normalized: str
    understood: bool  # enough question words that are not GENERIC are in the FAQ vocabulary
    anchored: bool = False  # the question uses a word only our domain uses (ANCHORS)
    # The first hit's entry uses nearly every word of the question that the FAQ knows (GENERIC
    # ones aside; MAX_MISSING_SHARE): a question without ANCHORS is answered outright only then.
    covered: bool = False
    elsewhere: Elsewhere | None = None  # turned away by the scope rules: it belongs there


# related(first_id, second_id): are the two entries linked by ``related`` either way?
RelatedCheck = Callable[[str, str], bool]


@dataclass(frozen=True)
class _Document:
    entry: int
    weight: float
    text: str  # normalised terms joined, for the fuzzy scorer


@dataclass(frozen=True)
class _Postings:
    """One term's documents, BM25+ weights and shares of each document's information."""

    documents: NDArray[np.intp]
    weights: Floats
    shares: Floats


class _Bm25Plus:
    """BM25+ over sparse term-frequency dicts, plus how much of each document a query covers."""

    def __init__(self, documents: Sequence[Mapping[str, float]]) -> None:
        self.size = len(documents)
        lengths = [sum(d.values()) for d in documents]
        self.average = sum(lengths) / max(1, len(lengths)) or 1.0
        frequency = Counter(t for d in documents for t in d)
        self.idf = {t: math.log((self.size + 1) / df) for t, df in frequency.items()}
        self.unknown_idf = math.log(self.size + 1)
        # term → (document, BM25+ weight, share of the document's information); the share is
        # the term's idf over the idf of all the document's distinct terms.
        postings: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
        for index, (terms, length) in enumerate(zip(documents, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / self.average)
            mass = sum(self.idf[t] for t in terms) or 1.0
            for term, tf in terms.items():
                weight = self.idf[term] * (tf * (K1 + 1) / (tf + norm) + DELTA)
                postings[term].append((index, weight, self.idf[term] / mass))
        self.arrays = {
            term: _Postings(
                np.array([p[0] for p in found], dtype=np.intp),
                np.array([p[1] for p in found]),
                np.array([p[2] for p in found]),
            )
            for term, found in postings.items()
        }

    def match(self, terms: Iterable[str]) -> tuple[NDArray[np.intp], Floats, Floats]:
        """The documents with a query term (ascending), and per document its raw BM25+ score
        and covered share (0..1), in arrays indexed by document.

        Every document with a query term counts. (Until stop 26 a question with a rare term
        counted only the documents with one: an incidental rare word, "klaim jkk prosesnya
        gimana", then left out the entry asked for. Without the rule the development rounds
        gave 3 more right answers and 3 fewer wrong ones, nothing lost.) Summed with numpy's
        bincount over the terms' posting arrays: at 500 entries the Python loop over postings
        was most of a search's time.
        """
        found = [(term, self.arrays[term]) for term in terms if term in self.arrays]
        if not found:
            return np.empty(0, dtype=np.intp), np.zeros(self.size), np.zeros(self.size)
        documents = np.concatenate([a.documents for _, a in found])
        scores = self._sums(documents, np.concatenate([a.weights for _, a in found]))
        covered = self._sums(documents, np.concatenate([a.shares for _, a in found]))
        return np.flatnonzero(scores), scores, covered

    def _sums(self, documents: NDArray[np.intp], values: Floats) -> Floats:
        """Per document, the sum of its ``values`` (bincount with weights gives floats)."""
        return np.bincount(documents, values, self.size).astype(np.float64, copy=False)

    def ideal(self, terms: Sequence[str]) -> float:
        """Score of a document that says exactly ``terms``: the top of the 0..1 scale.

        Words the index has never seen count as rare words, at ``UNKNOWN_WEIGHT``.
        """
        norm = K1 * (1 - B + B * len(terms) / self.average)
        per_occurrence = (K1 + 1) / (1 + norm) + DELTA
        return per_occurrence * sum(
            self.idf[t] if t in self.idf else UNKNOWN_WEIGHT * self.unknown_idf for t in terms
        )


class FaqIndex:
    """Search over FAQ entries; build once at start-up, then call ``search`` per message."""

    def __init__(self, entries: Sequence[FaqEntry], thresholds: Thresholds = THRESHOLDS) -> None:
        if not entries:
            raise ValueError("FaqIndex needs at least one entry")
        self.entries = tuple(entries)
        self.thresholds = thresholds
        self._by_id = {entry.id: entry for entry in self.entries}
        texts = [(i, kind, text) for i, e in enumerate(self.entries) for kind, text in _texts(e)]
        plain = Normalizer()
        words = [plain.words(text) for _, _, text in texts]
        # Typos in questions are corrected towards the words the FAQ itself uses.
        self.normalizer = Normalizer(w for text_words in words for w in text_words)
        terms = [self.normalizer.terms_of_words(text_words) for text_words in words]
        entry_terms = self._entry_terms(texts, terms)
        searchable = [
            (i, kind, document_terms)
            for (i, kind, _), document_terms in zip(texts, terms, strict=True)
            # The rest of the answer and strangers' questions only count in the entry read as
            # one document: as documents of their own, the questions cost twice the search time
            # for the same accuracy (540 unseen questions: 507 right/16 wrong vs 506/16).
            if kind not in ("answer.rest", "asked")
        ]
        self._documents = [
            _Document(i, FIELD_WEIGHTS[kind], " ".join(document_terms))
            for i, kind, document_terms in searchable
        ]
        self._by_document = _Bm25Plus([Counter(t) for _, _, t in searchable])
        self._by_entry = _Bm25Plus(entry_terms)
        self._vocabulary_of = [frozenset(t) for t in entry_terms]
        self._entry_tf = entry_terms
        total = sum(sum(t.values()) for t in entry_terms) or 1.0
        collection: Counter[str] = Counter()
        for tf in entry_terms:
            collection.update(tf)
        self._collection_p = {t: c / total for t, c in collection.items()}
        self._entry_length = [sum(t.values()) for t in entry_terms]
        self._entry_array = np.array([d.entry for d in self._documents], dtype=np.intp)
        self._weights = np.array([d.weight for d in self._documents])
        self._documents_of: list[list[_Document]] = [[] for _ in self.entries]
        for document in self._documents:
            self._documents_of[document.entry].append(document)

    def _entry_terms(
        self, texts: list[tuple[int, str, str]], terms: list[tuple[str, ...]]
    ) -> list[dict[str, float]]:
        """Each entry as one document (BM25F style): term counts weighted by field."""
        entry_terms: list[dict[str, float]] = [defaultdict(float) for _ in self.entries]
        for (entry, kind, _), document_terms in zip(texts, terms, strict=True):
            for term in document_terms:
                entry_terms[entry][term] += FIELD_WEIGHTS[kind]
        return entry_terms

    @classmethod
    def from_directory(cls, path: Path, thresholds: Thresholds = THRESHOLDS) -> FaqIndex:
        return cls(load_faq(path), thresholds)

    @property
    def document_count(self) -> int:
        return len(self._documents)

    def entry(self, entry_id: str) -> FaqEntry:
        return self._by_id[entry_id]

    def search(self, query: str, limit: int = 3) -> SearchResult:
        return decide(self.rank(query), self.thresholds, self.related, limit)

    def rank(self, query: str, *, in_scope_only: bool = True) -> Ranking:
        """Score every entry for ``query``; thresholds are applied by ``decide``.

        ``in_scope_only=False`` scores a question the scope rules would turn away (too many
        unknown words, another agency or topic): for an officer choosing the entry that answers
        a handed-over question, where a person judges.

        A story of several sentences that the whole message does not answer ("I'm a nurse in
        Dubai. My parents in Sulawesi are registered as farmers but never go to the bank. What
        payment options are there?": its words dilute every score) is answered from its last
        sentence when that sentence alone is ours and clear: our words (ANCHORS), and the
        bar of a question without them (``strict_high``, ``strict_margin``). Only when the
        whole message passed the scope rules: "Puskesmas turned my mother away, BPJS Kesehatan
        arrears. How do we pay off the tunggakan?" stays BPJS Kesehatan's. Development rounds:
        +7 right, 1 wrong more, no out-of-scope question more answered (0.7 instead of 0.8:
        +2 right more; without the scope condition, 3 out-of-scope questions answered).
        """
        whole = self._ranked(query, in_scope_only)
        if not in_scope_only or not whole.understood:
            return whole
        if decide(whole, self.thresholds, self.related).outcome == Outcome.CONFIDENT:
            return whole
        sentences = [s for s in _SENTENCE_END_RE.split(query) if s.strip()]
        # Without our words the last sentence cannot be clear enough: skip scoring it.
        if len(sentences) < 2 or ANCHORS.isdisjoint(self.normalizer.terms(sentences[-1])):
            return whole
        last = self._ranked(sentences[-1], in_scope_only)
        hits = last.hits
        lead = hits[0].score - (hits[1].score if len(hits) > 1 else 0.0) if hits else 0.0
        clear = (
            last.anchored
            and bool(hits)
            and hits[0].score >= self.thresholds.strict_high
            and lead >= self.thresholds.strict_margin
        )
        return last if clear else whole

    def _ranked(self, query: str, in_scope_only: bool) -> Ranking:
        """``rank`` of the message as one question."""
        # A question is a sentence or two; past that, typo correction of every unknown word
        # would cost ~0.1 ms a word for nothing.
        clauses = self._clauses(query)
        words = [w for clause in clauses for w in clause][:MAX_QUESTION_WORDS]
        terms = _work_denied(_without_the_injured(self.normalizer.terms_of_words(words)))
        # "jkk?", "jamsostek iku opo", "jkp iku program apa" ("program" would pull the entry
        # listing every programme ahead of the one asked about).
        # Not "program bpjs tk apa aja": that asks for the list of programmes.
        bare_name = self._names_one_thing(terms)
        if not bare_name:
            # "jkp ki opo, aku kerjo neng pabrik rokok": one clause asks what something is, the
            # rest tells who asks; the definition is the answer.
            defined = self._what_is_clause(clauses[:MAX_CLAUSES])
            if defined and _compares(terms, defined):
                defined = None
            if defined:
                terms, bare_name = defined, True
        if bare_name:
            terms = (
                *(t for t in terms if t not in NAME_WORDS - ASKED_BENEFIT and t != DEFINITION),
                DEFINITION,
            )
        normalized = " ".join(terms)
        unique = list(dict.fromkeys(terms))
        # A word must carry letters: "1" or "2" (a menu number typed by habit) matched amounts
        # in phrasings and came out confident.
        content = [t for t in unique if t not in GENERIC and not t.isdigit()]
        known = sum(t in self._by_entry.idf for t in content)
        share = MIN_KNOWN_SHARE if ANCHORS.isdisjoint(unique) else MIN_KNOWN_SHARE_ANCHORED
        understood = known > 0 and known >= share * len(content)
        if in_scope_only:
            elsewhere = _elsewhere(unique)
            if elsewhere or not understood or _asks_for_a_contact(unique):
                return Ranking((), normalized, False, elsewhere=elsewhere)
        asking = None if bare_name else self._asking_clause(clauses[:MAX_CLAUSES])
        keys = KEY_TERMS.intersection(unique)
        if asking and not (KEY_TERMS - TRADES).isdisjoint(asking):
            # "sy pedagang kaki lima di alun2, jkk tu sbnrnya ngelindungin apa aja sih": the
            # clause that asks names a programme; the trade in the story tells who asks. Not
            # "sy petani jagung, boleh jd peserta gk": there the trade is what is asked.
            keys -= TRADES.difference(asking)
        scores = self._scored(unique, keys=keys)
        if asking and ASK_WEIGHT:
            # "umur sy 67 msh jualan sayur keliling, msh bs daftar gk ada batas umurnya?": the
            # story (a trader) would outweigh what is asked (the age limit) on its own.
            # Capped at the whole question's best: the clause reorders the entries the question
            # found but lifts none above it, so an out-of-scope question stays out. Only the
            # entries it could lift near the best are scored again (a second full search would
            # double the cost of every long question).
            cap = max(scores.values(), default=0.0)
            reach = cap - ASK_WEIGHT / (1 - ASK_WEIGHT) - ASK_REACH
            asked = self._scored(asking, [i for i, s in scores.items() if s >= reach])
            scores = {
                i: min(cap, (1 - ASK_WEIGHT) * s + ASK_WEIGHT * asked.get(i, 0.0))
                for i, s in scores.items()
            }
        if len(unique) <= SHORT_QUERY_TERMS:
            scores = self._with_fuzzy(normalized, scores)
        # Ties keep content order, so results do not depend on dict iteration.
        best = heapq.nlargest(RANKED, scores.items(), key=lambda item: (item[1], -item[0]))
        hits = tuple(Hit(self.entries[i].id, round(s, 4)) for i, s in best if s > 0)
        anchored = not ANCHORS.isdisjoint(unique)
        if bare_name and best and DEFINITION not in self._vocabulary_of[best[0][0]]:
            # A bare name that no entry defines is not a question yet: strict thresholds.
            anchored = False
        covered = bool(best) and self._covers(best[0][0], content)
        return Ranking(hits, normalized, True, anchored, covered)

    def _scored(
        self, unique: list[str], among: list[int] | None = None, keys: frozenset[str] | None = None
    ) -> dict[int, float]:
        scores = self._bm25(unique, among)
        named = KEY_TERMS.intersection(unique) if keys is None else keys
        if named:
            scores = {i: s * self._key_term_factor(i, named) for i, s in scores.items()}
        return scores

    def _asking_clause(self, clauses: list[list[str]]) -> list[str] | None:
        """The known terms of the clause that asks, when other clauses tell a story around it:
        the last clause with words of ours and a question word. Without a question word ("i cut
        my hand with a sickle while working, is it covered") the story is the question."""
        known = self._by_entry.idf
        told: list[list[str]] = []
        asks: list[bool] = []
        for clause in clauses:
            terms = self.normalizer.terms_of_words(clause)
            content = [t for t in dict.fromkeys(terms) if t in known and t not in GENERIC]
            if content:
                told.append([t for t in dict.fromkeys(terms) if t in known])
                asks.append(not ASKING.isdisjoint(terms) or not WHAT_IS.isdisjoint(clause))
        if len(told) < 2:
            return None
        last = max((i for i, a in enumerate(asks) if a), default=None)
        return None if last is None else told[last]

    def _covers(self, entry: int, content: Iterable[str]) -> bool:
        """Does ``entry`` miss less than MAX_MISSING_SHARE of the question's known words?"""
        vocabulary, known = self._vocabulary_of[entry], self._by_entry.idf
        words = [t for t in content if t in known]
        missing = sum(t not in vocabulary for t in words)
        return missing < MAX_MISSING_SHARE * len(words)

    def _names_one_thing(self, terms: Iterable[str]) -> bool:
        """Are ``terms`` (DEFINITION aside) one DEFINABLE name?"""
        named = frozenset(terms) - {DEFINITION} - BODY_WORDS
        if not named - NAME_WORDS <= AGENCY:  # see NAME_WORDS
            named -= NAME_WORDS
        return named in DEFINABLE

    def _clauses(self, query: str) -> list[list[str]]:
        """The words of ``query`` clause by clause (the "what is X" check needs the clauses),
        read only as far as ``rank`` uses them (MAX_QUESTION_WORDS)."""
        clauses: list[list[str]] = []
        count = 0
        for text in _CLAUSE_RE.split(query):
            if count >= MAX_QUESTION_WORDS:
                break
            clauses.append(self.normalizer.words(text))
            count += len(clauses[-1])
        return clauses

    def _what_is_clause(self, clauses: list[list[str]]) -> tuple[str, ...] | None:
        """The terms of a clause (its words) that asks what a DEFINABLE name is, if any; or of
        the name a clause asking what "it" is points to (``_what_it_is``)."""
        # A clause ends at punctuation, or, where villagers type none, right after the first
        # question word: "jkk tu apa sih mas td pak kadus nyebut2 jkk di balai desa".
        clauses = [clause for clause in clauses if clause]
        # Within one clause: "kangge desa sadar, menapa PKK … kedah dipun daftaraken" asks
        # whether, not what Desa Sadar is.
        for clause in list(clauses):
            first = next((i for i, w in enumerate(clause) if w in WHAT_IS), len(clause))
            if first < len(clause) - 1 and not self._asks_on(clause, first):
                clauses.append(clause[: first + 1])
        if len(clauses) < 2:
            return None
        for clause in clauses:
            if WHAT_IS.isdisjoint(clause):
                continue
            # Words the FAQ never uses do not count here ("what is bpjs tk exactly").
            terms = self.normalizer.terms_of_words(clause)
            terms = tuple(t for t in terms if t in self._by_entry.idf)
            if self._names_one_thing(terms):
                return terms
        return self._what_it_is(clauses)

    def _asks_on(self, clause: list[str], first: int) -> bool:
        """Does English "what" at ``first`` open a question that goes on ("from bpjs tk what
        all can i get": a question word follows), rather than end a name ("jht what kind of
        money is it")?"""
        if clause[first] not in LEADING_WHAT:
            return False
        return not ASKING.isdisjoint(self.normalizer.terms_of_words(clause[first + 1 :]))

    def _what_it_is(self, clauses: list[list[str]]) -> tuple[str, ...] | None:
        """ "My wife's family keeps telling me to join BPJS Ketenagakerjaan. What is it
        exactly?", "People talk about old age savings from BPJS TK, how does it work?": a
        clause asks what "it" is, and the rest of the message names one thing (a programme
        named beside our agency is the thing)."""
        # Raw words first: most questions have no such clause and are not normalised again.
        if not any(not PRONOUNS.isdisjoint(clause) for clause in clauses):
            return None
        known = self._by_entry.idf
        terms = [self.normalizer.terms_of_words(clause) for clause in clauses]
        # The clause that asks may call the thing a programme or a body ("Itu program apa
        # ya?", "What is that organisation?").
        asking = [
            not PRONOUNS.isdisjoint(clause)
            and (not WHAT_IS.isdisjoint(clause) or DEFINITION in clause_terms)
            and all(
                t in NAME_WORDS or t in BODY_WORDS or t == DEFINITION or t not in known
                for t in clause_terms
            )
            for clause, clause_terms in zip(clauses, terms, strict=True)
        ]
        if not any(asking):
            return None
        named = {t for clause_terms in terms for t in clause_terms}
        told = {
            t for clause_terms, a in zip(terms, asking, strict=True) if not a for t in clause_terms
        }
        if not told.isdisjoint(NAME_WORDS):
            # "katanya jkk ada program bantu org yg abis celaka kerja biar bisa balik kerja, itu
            # apaan": "it" is the programme described, not the name.
            return None
        names = [name for name in DEFINABLE if name <= named]
        widest = [name for name in names if not any(name < other for other in names)]
        if len(widest) > 1:
            widest = [name for name in widest if not name <= AGENCY]
        return tuple(sorted(widest[0])) if len(widest) == 1 else None

    def _key_term_factor(self, entry: int, named: frozenset[str]) -> float:
        return float(KEY_TERM_PENALTY ** len(named - self._vocabulary_of[entry]))

    def see_also(self, result: SearchResult) -> tuple[str, ...]:
        """The entries offered under a CONFIDENT answer: the search's close runner-ups, then
        the entry's own related questions. When a stranger's question gets the wrong entry, it
        is nearly always a sibling the search ranked second: with the runner-ups first, the
        right entry is one tap away for 13 of the 14 wrong answers in the unseen development
        rounds (held-out, fresh10/11), against 6 with the related questions alone."""
        if result.outcome is not Outcome.CONFIDENT or not result.hits:
            return ()
        top = result.hits[0]
        close = [h.entry_id for h in result.hits[1:] if h.score >= SEE_ALSO_SHARE * top.score]
        offered = dict.fromkeys([*close, *self._by_id[top.entry_id].related])
        offered.pop(top.entry_id, None)
        return tuple(offered)[:SEE_ALSO]

    def related(self, first: str, second: str) -> bool:
        return second in self._by_id[first].related or first in self._by_id[second].related

    def _bm25(self, terms: list[str], among: list[int] | None = None) -> dict[int, float]:
        """Per entry (of ``among``, if given): its best document mixed with the entry read as
        one document, then with the language model's posterior (spread over the leading
        entries found). Vectorised over the entries: at 500 entries the per-entry Python
        loops were most of a long question's time."""
        best = self._best_documents(terms)
        found = np.flatnonzero(best)
        if among is not None:
            chosen = np.zeros(len(self.entries), dtype=bool)
            chosen[among] = True
            found = found[chosen[found]]
        if not len(found):
            return {}
        _, whole, _ = self._by_entry.match(terms)
        ideal = self._by_entry.ideal(terms)
        mixed = (1 - ENTRY_MIX) * best[found] + ENTRY_MIX * np.minimum(1.0, whole[found] / ideal)
        if LM_WEIGHT:
            count = min(LM_CANDIDATES, len(found))
            # Leaders by score, ties in content order (as heapq.nlargest over entries gave).
            leaders = np.lexsort((found, -mixed))[:count]
            posterior = self._posterior(terms, found[leaders].tolist())
            mixed *= 1 - LM_WEIGHT
            mixed[leaders] += LM_WEIGHT * np.fromiter(posterior.values(), float, count)
        return dict(zip(found.tolist(), mixed.tolist(), strict=True))

    def _posterior(self, terms: list[str], candidates: Iterable[int]) -> dict[int, float]:
        """P(entry | question) among the candidates, by each entry's smoothed word counts."""
        known = [(t, LM_MU * self._collection_p[t]) for t in terms if t in self._collection_p]
        log_likelihood: dict[int, float] = {}
        for i in candidates:
            tf = self._entry_tf[i]
            value = len(known) * math.log(LM_MU / (self._entry_length[i] + LM_MU))
            for term, prior in known:
                count = tf.get(term)
                if count:
                    value += math.log1p(count / prior)
            log_likelihood[i] = value
        top = max(log_likelihood.values(), default=0.0)
        weights = {i: math.exp(v - top) for i, v in log_likelihood.items()}
        total = sum(weights.values()) or 1.0
        return {i: w / total for i, w in weights.items()}

    def _best_documents(self, terms: list[str]) -> Floats:
        """Per entry, its best matching document's score (0 where none matches)."""
        best = np.zeros(len(self.entries))
        touched, raw, covered = self._by_document.match(terms)
        if not len(touched):
            return best
        cap = 1 - COVERAGE_WEIGHT
        scale = cap / self._by_document.ideal(terms)
        values = (
            np.minimum(raw[touched] * scale, cap) + COVERAGE_WEIGHT * covered[touched]
        ) * self._weights[touched]
        np.maximum.at(best, self._entry_array[touched], values)
        return best

    def _with_fuzzy(self, normalized: str, scores: dict[int, float]) -> dict[int, float]:
        """Mix rapidfuzz token_set_ratio into the best BM25 candidates.

        Only the leading candidates are re-scored: comparing against every document costs
        ~4 ms at 500 entries, and an entry BM25 did not find at all is a typo case, which
        the normaliser's typo correction handles before scoring.
        """
        mixed = {i: (1 - FUZZY_WEIGHT) * s for i, s in scores.items()}
        for i in heapq.nlargest(FUZZY_CANDIDATES, scores, key=scores.__getitem__):
            ratio = max(
                fuzz.token_set_ratio(normalized, document.text) / 100 * document.weight
                for document in self._documents_of[i]
            )
            mixed[i] += FUZZY_WEIGHT * ratio
        return mixed


def _without_the_injured(terms: tuple[str, ...]) -> tuple[str, ...]:
    """An accident story's family words out, unless a death or an heir is asked about (see
    FAMILY): "ayah saya jatuh dari atap pas kerja, dapat apa" asks what the accident gives."""
    if ACCIDENT not in terms or not HEIRS.isdisjoint(terms):
        return terms
    kept = tuple(t for t in terms if t not in FAMILY)
    return kept or terms


def _work_denied(terms: tuple[str, ...]) -> tuple[str, ...]:
    """A death "not from work" in any language reads as the FAQ says it: "bukan … kerja".

    "my wife died but not from work", "bojoku mati ora amarga kerja", "seda sanes amargi
    nyambut damel" (tidak/lain before kerja) got the work-accident death answer (JKK: 48 × the
    wage, scholarships without a minimum period) instead of JKM's; the JKM entries word it
    "meninggal bukan karena kecelakaan kerja". "not a work accident" (tidak jkk) loses its
    programme name too. Only with a death: "slama gk kerja ada uang gantinya" (while unable to
    work) asks for the sick pay. Development rounds: no answer changed."""
    if "meninggal" not in terms:
        return terms
    changed = list(terms)
    for position, term in enumerate(terms):
        if term not in WORK_NAMES:
            continue
        before = [i for i in range(max(0, position - 2), position) if terms[i] not in WHEN]
        if before and terms[before[-1]] in NOT_AT_WORK:
            changed[before[-1]] = DENIED
            changed[position] = "kerja"
    return tuple(changed)


def _compares(terms: Sequence[str], defined: Sequence[str]) -> bool:
    """Does a message asking what ``defined`` is set it beside another agency or programme
    (see COMPARED_NAMES)?"""
    others = COMPARED_NAMES.intersection(terms).difference(defined)
    return OTHER_AGENCY in others or (bool(others) and not COMPARISON.isdisjoint(terms))


def _elsewhere(terms: Sequence[str]) -> Elsewhere | None:
    """Where a question the scope rules turn away belongs, if they can tell."""
    if _about_another_service(terms):
        return Elsewhere.HEALTH
    if _about_another_topic(terms) or _about_another_insurance(terms):
        return Elsewhere.OTHER
    return None


def _about_another_service(terms: Sequence[str]) -> bool:
    """BPJS Kesehatan's own services ("bpjs kesehatan nunggak", "pindah faskes kis", "bpjs
    nanggung obat diabetes gk") are not ours to answer; a question that also names BPJS TK or
    one of its programmes, or asks the difference, stays in scope."""
    named = set(terms)
    own = named & OWN_SERVICE
    if named & OTHER_SERVICE_CARE:
        # "upgrade to VIP with BPJS Kesehatan and pay the difference": a price difference.
        own -= COMPARISON
    if own:
        return False
    if named & OTHER_SERVICE:
        return True
    if WARD_CLASS in named and named & WARD_CLASS_WITH and not named & (CARE_AT_WORK | OUR_NAMES):
        # "naik kelas rawat inap dr kelas 2 ke kelas 1", "iuran kelas 3 nunggak": BPJS
        # Kesehatan's ward classes.
        return True
    # "bpjs" with care and no word of work: BPJS Kesehatan (see CARE in lexicon.py).
    care = bool(named & CARE) or named >= HOSPITAL
    return "bpjs" in named and care and not named & CARE_AT_WORK


def _about_another_topic(terms: Sequence[str]) -> bool:
    """ "THR blm dibayar bos", "kartu tani ilang", "pensiun taspen kapan cair": another
    programme, document or office (OTHER_TOPICS), unless the question names ours too; another
    insurer or scheme (OTHER_SCHEMES), unless it names us or one of our programmes; a change
    of the family card."""
    named = set(terms)
    if named & OTHER_SCHEMES:
        return not named & OUR_NAMES
    if named >= FAMILY_CARD and named & FAMILY_CARD_CHANGES and not named & OWN_TOPICS:
        return True
    if ID_CARD in named and named & ID_CARD_CHANGES and not named & (OWN_TOPICS | OUR_NAMES):
        return True
    return bool(named & OTHER_TOPICS) and not named & OWN_TOPICS


def _about_another_insurance(terms: Sequence[str]) -> bool:
    """ "klaim asuransi mobil sing ketabrak", "phone screen broke, claim the warranty": a
    vehicle's or livestock's insurance or a warranty, with no word of work or of our programmes;
    Jasa Raharja's own compensation ("santunan jasa raharja buat korban pelajar")."""
    named = set(terms)
    if ROAD_INSURER in named and not named & OUR_NAMES and not _at_work(terms):
        return True
    if named & OUR_WORK:
        return False
    return bool(named & WARRANTY) or bool(named & INSURANCE and named & INSURED_PROPERTY)


def _at_work(terms: Sequence[str]) -> bool:
    """Work is named and not denied: "ditabrak mobil pas jalan-jalan, bukan waktu kerja" and
    "sanes nyambut damel" (not at work) are not a work accident."""
    for position, term in enumerate(terms):
        if term in ROAD_INSURER_OURS:
            before = [t for t in terms[max(0, position - 2) : position] if t not in WHEN]
            if not before or before[-1] not in NOT_AT_WORK:
                return True
    return False


def _asks_for_a_contact(terms: Sequence[str]) -> bool:
    """ "nomor hp pak kades", "phone number of the village secretary": the bot holds no
    village official's number, and the nearest entries (call centre 175, what a kadus does)
    would answer another question. A question that also names something of ours ("nomor kpj
    kades", "kades minta nomor nik buat daftar bpjs") stays in scope."""
    named = set(terms)
    return (
        bool(named & CONTACT)
        and bool(named & VILLAGE_PEOPLE)
        and not named & (ANCHORS - VILLAGE_PEOPLE - {"perangkat"})
    )


def decide(
    ranking: Ranking,
    thresholds: Thresholds,
    related: RelatedCheck,
    limit: int = 3,
) -> SearchResult:
    """Apply the thresholds to a ranking (separate so the bench can try many thresholds)."""
    hits = ranking.hits
    top = hits[0].score if hits else 0.0
    if not ranking.understood or top < thresholds.low:
        return SearchResult(Outcome.NOT_UNDERSTOOD, (), ranking.normalized, ranking.elsewhere)
    relaxed = ranking.anchored and top >= thresholds.high
    strict = ranking.covered and top >= thresholds.strict_high
    if (relaxed and _stands_out(hits, thresholds.margin, related)) or (
        strict and _stands_out(hits, thresholds.strict_margin, related)
    ):
        shown = tuple(h for h in hits[:limit] if h.score >= thresholds.low)
        return SearchResult(Outcome.CONFIDENT, shown, ranking.normalized)
    shown = tuple(h for h in hits[:limit] if h.score >= top * AMBIGUOUS_KEEP)
    if len(shown) == 1 and ranking.covered and top >= SINGLE_CHOICE_SCORE:
        # "Did you mean" with one choice is no choice: the answer, with its 👍/👎 and see-also.
        return SearchResult(Outcome.CONFIDENT, shown, ranking.normalized)
    return SearchResult(Outcome.AMBIGUOUS, shown, ranking.normalized)


def _stands_out(hits: tuple[Hit, ...], margin: float, related: RelatedCheck) -> bool:
    """The top hit leads by ``margin``, or the runner-up is one of its related entries (shown
    under the answer as "see also") and the race is not a dead heat."""
    if len(hits) < 2:
        return True
    lead = hits[0].score - hits[1].score
    if lead >= margin:
        return True
    return lead >= RELATED_MARGIN and related(hits[0].entry_id, hits[1].entry_id)


def _texts(entry: FaqEntry) -> list[tuple[str, str]]:
    """The (field, text) documents of one entry."""
    texts = [("question", entry.question["id"])]
    texts += [("phrasing", p) for p in entry.all_phrasings]
    texts += [("question.jv", entry.question["jv"]), ("question.en", entry.question["en"])]
    texts += [("asked", q) for q in entry.asked]
    # Every branch of a dated answer, so the index does not change with the date.
    first, rest = _first_sentence(dated_facts.plain(entry.answer["id"]))
    texts.append(("answer", first))
    if rest:
        texts.append(("answer.rest", rest))
    return texts


def _first_sentence(html: str) -> tuple[str, str]:
    """The answer's first sentence, and the rest of it."""
    text = visible_text(html)
    match = _SENTENCE_END_RE.search(text)
    return (text[: match.start()], text[match.end() :].strip()) if match else (text, "")


@dataclass
class Tally:
    """How a set of eval cases came out; ``bench/faq_search.py`` prints it, tests assert on it."""

    confident_correct: int = 0
    confident_wrong: int = 0
    one_tap_away: int = 0  # confident and wrong, the expected entry among the buttons under it
    # Confident, and the entry's answer carries what was asked: the expected entry or one of
    # the case's ``also`` (EvalCase: judged from the answers alone).
    confident_carrying: int = 0
    ambiguous_correct: int = 0  # the expected entry is among the candidates offered
    ambiguous_wrong: int = 0
    not_understood: int = 0  # in scope, but handed to an officer
    oos_rejected: int = 0
    oos_ambiguous: int = 0
    oos_confident: int = 0
    top3: int = 0  # the expected entry ranks in the top 3, whatever the outcome
    in_scope: int = 0
    out_of_scope: int = 0
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)  # (q, expected, got)

    @property
    def confident(self) -> int:
        return self.confident_correct + self.confident_wrong + self.oos_confident

    @property
    def precision(self) -> float:
        """Share of CONFIDENT answers that are right (out-of-scope ones count as wrong)."""
        return self.confident_correct / self.confident if self.confident else 1.0

    @property
    def recall(self) -> float:
        """Share of in-scope questions answered CONFIDENTly and correctly."""
        return self.confident_correct / self.in_scope if self.in_scope else 0.0

    @property
    def helpful(self) -> float:
        """Share of in-scope questions where the user sees the right entry (answer or choice)."""
        return (self.confident_correct + self.ambiguous_correct) / max(1, self.in_scope)

    @property
    def reached(self) -> int:
        """In-scope questions whose first reply shows the right entry: the answer, a choice,
        or a button under a wrong answer (``FaqIndex.see_also``)."""
        return self.confident_correct + self.ambiguous_correct + self.one_tap_away

    @property
    def top3_recall(self) -> float:
        return self.top3 / self.in_scope if self.in_scope else 0.0

    def add(
        self,
        case: EvalCase,
        ranking: Ranking,
        result: SearchResult,
        offered: Sequence[str] = (),
    ) -> None:
        """``offered``: the entries shown as buttons under a CONFIDENT answer."""
        got = result.hits[0].entry_id if result.hits else ""
        ids = [h.entry_id for h in result.hits]
        if not case.expected:
            self.out_of_scope += 1
            if result.outcome is Outcome.CONFIDENT:
                self.oos_confident += 1
                self.mistakes.append((case.q, "", got))
            elif result.outcome is Outcome.AMBIGUOUS:
                self.oos_ambiguous += 1
            else:
                self.oos_rejected += 1
            return
        self.in_scope += 1
        self.top3 += case.expected in [h.entry_id for h in ranking.hits[:3]]
        if result.outcome is Outcome.CONFIDENT:
            right = got == case.expected
            self.confident_correct += right
            self.confident_carrying += case.answered_by(got)
            self.confident_wrong += not right
            if not right:
                self.one_tap_away += case.expected in offered
                self.mistakes.append((case.q, case.expected, got))
        elif result.outcome is Outcome.AMBIGUOUS:
            found = case.expected in ids
            self.ambiguous_correct += found
            self.ambiguous_wrong += not found
        else:
            self.not_understood += 1


def tally(
    cases: Iterable[tuple[EvalCase, Ranking]],
    thresholds: Thresholds,
    related: RelatedCheck,
    limit: int = 3,
    see_also: Callable[[SearchResult], Sequence[str]] | None = None,
) -> Tally:
    """Apply ``thresholds`` to rankings computed once (the bench grid-searches with this);
    ``see_also`` (``FaqIndex.see_also``) counts the wrong answers with the right one under it."""
    result = Tally()
    for case, ranking in cases:
        decided = decide(ranking, thresholds, related, limit)
        result.add(case, ranking, decided, see_also(decided) if see_also else ())
    return result
