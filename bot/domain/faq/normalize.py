"""Normalisation of informal Indonesian (and Javanese) questions into index terms.

The same pipeline runs over the FAQ texts at start-up and over each question, so both sides
meet in one vocabulary:

1. ``clean``: lowercase, drop accents, punctuation and emoji, ``16.800`` → ``16800``,
   reduplication ``apa2`` → ``apa apa``, split ``rp16800`` → ``rp 16800``.
2. ``squeeze``: collapse stretched letters (``bangeeet`` → ``banget``) unless the word is known
   with its double letter (``saat``, ``maaf``).
3. base forms, each only when what remains is known: clitics off (``matinya`` → ``mati``,
   ``bojoku`` → ``bojo``), Jakarta-style verbs made formal (``dibayarin`` → ``dibayarkan``,
   ``ngitung`` → ``menghitung``), Javanese affixes off (``dipuncairaken`` → ``cair``).
4. typo correction (questions only): a word of 5+ letters that nobody knows is replaced by the
   closest FAQ word (rapidfuzz ratio ≥ ``TYPO_CUTOFF``).
5. the domain dictionary in ``lexicon.py`` (longest phrase first); it beats stemming.
6. stop words out; Sastrawi stems everything except ``PROTECTED`` terms and dictionary
   outputs, and a stem that is itself in the dictionary is mapped (``penjual`` → ``dagang``).

No third-party slang list is used (see ``lexicon.py``). "Known word" checks use Sastrawi's
root-word list, which ships inside the pysastrawi wheel the stemmer needs anyway.
Pure: the stemmer and its root-word list load once; stems are cached.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from rapidfuzz import fuzz, process
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from bot.domain.faq.lexicon import DOMAIN, ENGLISH_WORDS, PROTECTED, STOPWORDS

TYPO_CUTOFF = 85.0
# Shorter words are left alone: "gara" is one letter from "garwa" (spouse) and means "because".
TYPO_MIN_LENGTH = 5
# More stretched runs than this in one word is noise; do not enumerate 2**n spellings.
_MAX_RUNS = 5

_THOUSANDS_RE = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_REDUPLICATION_RE = re.compile(r"^([a-z]{2,})2$")
_LETTERS_OR_DIGITS_RE = re.compile(r"[a-z]+|[0-9]+")
_RUN_RE = re.compile(r"(([a-z])\2*)|([0-9]+)")
_LONG_RUN_RE = re.compile(r"([a-z])\1{2,}")

# Possessive clitics, Indonesian and Javanese: "matinya", "bojoku", "iurane", "santunanipun".
# Taken off before the dictionary so "matinya" meets "mati" → meninggal; Sastrawi would
# strip them too, but only after the dictionary had its chance, and "meninggalnya" would
# become "tinggal".
_CLITICS = ("nya", "ku", "mu", "ne", "e", "nipun", "ipun")
# Javanese passive/nominal affixes (krama "dipun-…-aken", "-ipun"; ngoko "-e", "-ne"); the
# Indonesian stemmer does not know them.
_JAVANESE_PREFIXES = ("", "dipun", "sak", "sa", "di")
_JAVANESE_SUFFIXES = ("", "nipun", "ipun", "aken", "ake", "ne", "e")

# English inflections, most specific first (see ``_english_base``).
_ENGLISH_ENDINGS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
)

_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(key.split()): tuple(value.split()) for key, value in DOMAIN.items()
}
_LONGEST_PHRASE = max(len(key) for key in _PHRASES)
_DICTIONARY_OUTPUTS: frozenset[str] = frozenset(t for v in _PHRASES.values() for t in v)
_DICTIONARY_WORDS: frozenset[str] = frozenset(k[0] for k in _PHRASES if len(k) == 1) | PROTECTED


@lru_cache(maxsize=1)
def _sastrawi() -> Stemmer:
    # The factory's CachedStemmer keeps an unbounded dict; we cache with an LRU instead.
    return Stemmer(ArrayDictionary(sorted(root_words())))


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """Sastrawi's Indonesian root words: a word listed here is real, not a typo."""
    return frozenset(w.strip() for w in StemmerFactory().get_words() if w.strip())


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Sastrawi stem of one word, bypassed for protected domain terms. Cached: ~85 µs a word."""
    if word in PROTECTED or word.isdigit():
        return word
    return str(_sastrawi().stem_word(word))


@lru_cache(maxsize=1)
def _base_known() -> frozenset[str]:
    lexicon_words = {w for key in _PHRASES for w in key} | _DICTIONARY_OUTPUTS
    return root_words() | lexicon_words | STOPWORDS | PROTECTED


def clean(text: str) -> list[str]:
    """Lowercase words and numbers of ``text``, without accents, punctuation or emoji."""
    text = text.lower()
    if not text.isascii():  # "olèh" → "oleh"; emoji and other symbols fall out below
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _THOUSANDS_RE.sub("", text)
    words: list[str] = []
    for raw in _TOKEN_RE.findall(text):
        reduplicated = _REDUPLICATION_RE.match(raw)
        if reduplicated:
            words += [reduplicated[1], reduplicated[1]]
        else:
            words += _LETTERS_OR_DIGITS_RE.findall(raw)
    return words


def squeeze(word: str, known: frozenset[str] | set[str]) -> str:
    """Undo stretched letters: the nearest known spelling, else runs of 3+ become one letter."""
    if word in known:
        return word
    for candidate in _spellings(word):
        if candidate in known:
            return candidate
    return _LONG_RUN_RE.sub(r"\1", word)


def _spellings(word: str) -> list[str]:
    """Spellings with each doubled-or-longer run as two letters or one, longest first."""
    runs = [m[0] for m in _RUN_RE.finditer(word)]
    if not 0 < sum(len(r) > 1 and r.isalpha() for r in runs) <= _MAX_RUNS:
        return []
    options = [(r[0] * 2, r[0]) if len(r) > 1 and r.isalpha() else (r,) for r in runs]
    spellings = {"".join(parts) for parts in itertools.product(*options)}
    return sorted(spellings, key=lambda s: (-len(s), s))


class Normalizer:
    """Turns a text into index terms; knows the FAQ's words so it can fix typos against them.

    ``Normalizer()`` is for indexing; ``Normalizer(vocabulary)``, built from the words of all
    indexed texts (see ``words``), also corrects typos in questions.
    """

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        vocab = frozenset(vocabulary)
        self._known = _base_known() | vocab
        self._vocabulary_stems = frozenset(stem(w) for w in vocab)
        single_keys = {key[0] for key in _PHRASES if len(key) == 1}
        self._typo_choices = sorted(
            w for w in vocab | single_keys if len(w) >= TYPO_MIN_LENGTH and w.isalpha()
        )

    def words(self, text: str) -> list[str]:
        """Cleaned words in their base form; the FAQ's own words are what typos are fixed to."""
        return [self._base_form(squeeze(w, self._known)) for w in clean(text)]

    def terms(self, text: str) -> tuple[str, ...]:
        """The index terms of ``text``, in order (duplicates kept)."""
        return self.terms_of_words(self.words(text))

    def terms_of_words(self, words: list[str]) -> tuple[str, ...]:
        """``terms`` for text already split by ``words`` (the index does that only once)."""
        words = [self._corrected(w) for w in words]
        terms: list[str] = []
        for word, from_dictionary in _apply_dictionary(words):
            for term in (word,) if from_dictionary else _stemmed(word):
                if term not in STOPWORDS and not (len(term) == 1 and term.isalpha()):
                    terms.append(term)
        return tuple(terms)

    def normalize(self, text: str) -> str:
        """``terms`` as one string (what ``SearchResult.normalized`` shows)."""
        return " ".join(self.terms(text))

    def _corrected(self, word: str) -> str:
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or self._is_known(word):
            return word
        match = process.extractOne(
            word, self._typo_choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return str(match[0]) if match else word

    def _base_form(self, word: str) -> str:
        """The word without clitics or Javanese affixes, when that base is known."""
        if not word.isalpha() or word in _DICTIONARY_WORDS or word in STOPWORDS:
            return word
        bases = [word[: -len(c)] for c in _CLITICS if word.endswith(c)]
        dictionary_bases = [b for b in bases if len(b) >= 3 and b in _DICTIONARY_WORDS]
        if dictionary_bases:
            return max(dictionary_bases, key=len)
        if self._is_known(word):
            return word
        return _english_base(word) or _colloquial_base(word) or self._javanese_base(word)

    def _javanese_base(self, word: str) -> str:
        bases = [
            word[len(prefix) : len(word) - len(suffix)]
            for prefix, suffix in itertools.product(_JAVANESE_PREFIXES, _JAVANESE_SUFFIXES)
            if word.startswith(prefix) and word.endswith(suffix) and (prefix or suffix)
        ]
        # Strip as little as possible: "bapake" is "bapak", not "bap".
        known = [b for b in bases if len(b) >= 3 and b in self._known]
        return max(known, key=len) if known else word

    def _is_known(self, word: str) -> bool:
        if word in self._known:
            return True
        root = stem(word)
        return root in self._vocabulary_stems or root in root_words()


def _english_base(word: str) -> str | None:
    """An English word's inflection off, when the English dictionary knows the base.

    The English side of ``lexicon.py`` lists base forms ("register", "ask", "head"); a story
    says "registered", "asks", "heads", "stopped", "paying", "babies". Tried on unknown words
    only, so Indonesian and Javanese words (known roots) never get here, and the base must be
    an English dictionary word (``ENGLISH_WORDS``): "masing" is not "mas" + "-ing".
    """
    for ending, replacement in _ENGLISH_ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 2:
            continue
        base = word[: -len(ending)] + replacement
        candidates = [base]
        if not replacement and len(base) > 3 and base[-1] == base[-2]:
            candidates.insert(0, base[:-1])  # "stopped" → "stop", "getting" → "get"
        for candidate in candidates:
            if len(candidate) >= 3 and candidate in ENGLISH_WORDS:
                return candidate
    return None


def _colloquial_base(word: str) -> str | None:
    """Jakarta-style verbs in their formal form, when Sastrawi then knows the root.

    "dibayarin" → "dibayarkan", "nyiapin" → "menyiapkan", "ngitung" → "menghitung",
    "ngadain" → "mengadakan", "nyiapke" → "menyiapkan". Sastrawi knows "me-"/"-kan" but
    not "ng-"/"ny-"/"-in" or the Javanese "-ake"/"-ke".
    """
    bases = [word]
    # Jakarta "-in" and Javanese "-ake"/"-ke" (nyiapke, ngitungake) both mean "-kan"; the
    # Javanese ones only on a verb ("bapake" is "bapak" + "-e", handled as a clitic).
    verb = word.startswith(("ng", "ny", "m", "n", "di"))
    for suffix in ("in", "ake", "ke") if verb else ("in",):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            bases += [word[: -len(suffix)] + "kan", word[: -len(suffix)]]
            break
    for base in bases:
        variants = ["me" + base] if base.startswith(("ng", "ny", "n", "m")) else []
        if base.startswith("ng"):
            variants.append("mengh" + base[2:])  # ngitung → menghitung
        if base != word:
            variants.append(base)
        for variant in variants:
            root = stem(variant)
            if root != variant and root in root_words():
                return variant
    return None


def _stemmed(word: str) -> tuple[str, ...]:
    """Stem, then look the stem up too: "penjual" → "jual" → dagang, "diklaim" → klaim."""
    root = stem(word)
    replacement = _PHRASES.get((root,))
    return replacement if replacement is not None else (root,)


def _apply_dictionary(words: list[str]) -> Iterator[tuple[str, bool]]:
    """Yield ``(term, came_from_dictionary)``; the longest matching phrase wins."""
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            replacement = _PHRASES.get(tuple(words[i : i + size]))
            if replacement is not None:
                yield from ((term, True) for term in replacement)
                i += size
                break
        else:
            yield words[i], False
            i += 1
