"""How villagers' informal Indonesian and Javanese is turned into FAQ index terms."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.faq import lexicon
from bot.domain.faq.lexicon import DOMAIN, GENERIC, PROTECTED, STOPWORDS
from bot.domain.faq.normalize import Normalizer, clean, squeeze, stem

plain = Normalizer()


def terms(text: str) -> tuple[str, ...]:
    return plain.terms(text)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("bangeeet", "banget"), ("sakiiit", "sakit"), ("tolooong", "tolong"), ("maaaaf", "maaf")],
)
def test_stretched_letters_are_squeezed_to_a_known_word(typed: str, meant: str) -> None:
    assert plain.words(typed) == [meant]


@pytest.mark.parametrize("word", ["saat", "maaf", "taat", "jkk", "kk"])
def test_real_double_letters_are_kept(word: str) -> None:
    assert plain.words(word) == [word]


def test_unknown_stretched_word_loses_runs_of_three_or_more() -> None:
    assert squeeze("hmmmmzz", frozenset()) == "hmzz"
    assert squeeze("gimanaaa", frozenset({"gimana"})) == "gimana"


def test_reduplication_with_2_or_hyphen_is_split() -> None:
    assert clean("apa2 anak2 kupu-kupu") == ["apa", "apa", "anak", "anak", "kupu", "kupu"]


def test_punctuation_emoji_and_thousands_separators_disappear() -> None:
    assert clean("JHT??? 😭😭 Rp16.800,- / 2,5 jt") == ["jht", "rp", "16800", "2", "5", "jt"]


def test_asking_for_apa2_leaves_only_meaningful_words() -> None:
    assert terms("Apa2 aja syaratnya??") == ("syarat",)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("bpjs tk", ("bpjs", "ketenagakerjaan")),
        ("bpjstk", ("bpjs", "ketenagakerjaan")),
        ("tk", ("tenaga", "kerja")),
        ("kk", ("kartu", "keluarga")),
        ("KK sy ilang", ("kartu", "keluarga", "hilang")),
        ("jaminan hari tua", ("jht",)),
        ("nyairin", ("cair",)),
        ("dicairin", ("cair",)),
        ("pencairan", ("cair",)),
        ("meninggal dunia", ("meninggal",)),
        ("wafat", ("meninggal",)),
        ("di-PHK", ("phk",)),
        ("ojol", ("ojek",)),
        ("perades", ("perangkat", "desa")),
        ("kepala desa", ("kades",)),
    ],
)
def test_domain_dictionary_maps_slang_and_synonyms(question: str, expected: tuple[str]) -> None:
    assert terms(question) == expected


def test_programme_acronym_and_its_name_meet_on_the_same_terms() -> None:
    assert set(terms("JKK")) == set(terms("jaminan kecelakaan kerja")) == {"jkk", "kecelakaan"}
    assert "kecelakaan" in terms("kalau kecelakaan")


@pytest.mark.parametrize(
    ("word", "sastrawi_would_give"),
    [("peserta", "serta"), ("meninggal", "tinggal"), ("jaminan", "jamin"), ("iuran", "iur")],
)
def test_protected_terms_are_not_stemmed(word: str, sastrawi_would_give: str) -> None:
    assert terms(word) == (word,)
    assert stem(word) == word != sastrawi_would_give


def test_other_words_are_stemmed() -> None:
    assert terms("pendaftaran mendaftarkan pembayaran") == ("daftar", "daftar", "bayar")


def test_kepesertaan_meets_peserta_not_the_stop_word_serta() -> None:
    assert terms("cek kepesertaan") == ("cek", "peserta")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("piye carane ndaftar", ("bagaimana", "cara", "daftar")),
        ("nek mati entuk pira", ("meninggal", "dapat", "berapa")),
        ("pripun menawi mboten saged mbayar", ("bagaimana", "tidak", "bisa", "bayar")),
        ("aku ora duwe ktp", ("tidak", "punya", "ktp")),
        ("iurane sasi iki wis dibayar durung", ("iuran", "bulan", "sudah", "bayar", "belum")),
    ],
)
def test_javanese_questions(question: str, expected: tuple[str, ...]) -> None:
    assert terms(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("drijine pedhot kena mesin selep", ("cacat", "kena", "giling")),
        (
            "aku ketaton tiba saka wit klapa pas ngarit",
            ("luka", "kecelakaan", "pohon", "kelapa", "arit"),
        ),
        (
            "dirumahke saka pabrik, iso ngajokne jkp ora",
            ("phk", "pabrik", "bisa", "aju", "jkp", "phk", "tidak"),
        ),
        ("kertu kula ical, kepriben ngurus e", ("kartu", "hilang", "bagaimana", "urus")),
        ("juragane ora gelem mbayar iuran", ("majikan", "tidak", "mau", "bayar", "iuran")),
        ("mangkat menyang luar negri dadi tki", ("berangkat", "luar", "negeri", "pmi")),
        (
            "bojoku seda, santunan pati pinten",
            ("suami", "istri", "meninggal", "santunan", "meninggal", "berapa"),
        ),
        # "loro" is two, "lara" is sick; "tiba-tiba" is "suddenly", not a fall
        ("loro sasi ora mbayar amarga lara", ("2", "bulan", "tunggak", "sakit")),
        ("tiba2 lara, durung mari", ("sakit", "belum", "sembuh")),
        ("dhuwite sesasi pira", ("uang", "bulan", "berapa")),
    ],
)
def test_javanese_dictionary_covers_the_domain(question: str, expected: tuple[str, ...]) -> None:
    assert terms(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("klo kecelakaan pas nyangkul dpt apa?", ("kecelakaan", "cangkul", "dapat")),
        ("gmn cr daftar bpjs tk buat petani?", ("bagaimana", "cara", "daftar", "bpjs")),
        ("udh bayar tp blm aktif", ("sudah", "bayar", "belum", "aktif")),
        ("gk bisa kerja krn kecelakaan", ("tidak", "bisa", "kerja", "kecelakaan")),
    ],
)
def test_slang_keeps_the_words_that_carry_meaning(question: str, expected: tuple[str]) -> None:
    assert terms(question)[: len(expected)] == expected


def test_polite_filler_and_greetings_are_dropped() -> None:
    assert terms("Assalamualaikum pak min, tolong dong. Terima kasih ya kak 🙏") == ()


def test_typo_is_corrected_against_the_faq_vocabulary() -> None:
    faq_words = Normalizer(["pendaftaran", "ketenagakerjaan", "kecelakaan", "pensiun"])
    assert faq_words.terms("pendaftran bpjs ketenagakerjan") == (
        "daftar",
        "bpjs",
        "ketenagakerjaan",
    )
    assert faq_words.terms("pensium") == ("pensiun",)


def test_typo_correction_leaves_real_words_and_short_words_alone() -> None:
    faq_words = Normalizer(["pendaftaran", "cabang", "harga"])
    assert faq_words.terms("cabe") == ("cabe",)  # a real word, not a typo of "cabang"
    assert faq_words.terms("hrg") == ("hrg",)  # too short to guess
    assert faq_words.terms("zzzzzzz") == ()  # squeezed to one letter, which is dropped


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("matinya", "mati"),
        ("meninggalnya", "meninggal"),
        ("bojoku", "bojo"),
        ("santunanipun", "santunan"),
        ("dipunbayar", "bayar"),
        ("dipunparingaken", "paring"),
        ("bapake", "bapak"),
        ("dibayarin", "dibayarkan"),
        ("ngitung", "menghitung"),
        ("nyiapin", "menyiapkan"),
    ],
)
def test_clitics_slang_verbs_and_javanese_affixes_come_off(typed: str, base: str) -> None:
    assert plain.words(typed) == [base]


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("registered", "register"),
        ("asks", "ask"),
        ("heads", "head"),
        ("shopping", "shop"),
        ("benefitted", "benefit"),
        ("applies", "apply"),
    ],
)
def test_english_inflections_come_off_when_the_dictionary_knows_the_base(
    typed: str, base: str
) -> None:
    assert plain.words(typed) == [base]


@pytest.mark.parametrize("word", ["kering", "pusing", "masing", "bis", "nggodhog", "zebras"])
def test_words_are_not_read_as_english_inflections_without_a_known_base(word: str) -> None:
    assert plain.words(word) == [word]


def test_stem_that_is_a_dictionary_word_is_mapped_too() -> None:
    assert terms("penjual gorengan") == ("dagang", "goreng")
    assert terms("matinya") == ("meninggal",)


def test_without_a_vocabulary_nothing_is_corrected() -> None:
    assert terms("pendaftran") != ("daftar",)


def test_every_dictionary_output_is_what_the_same_word_in_the_faq_becomes() -> None:
    # Dictionary outputs skip stemming, so "cair" must be what Sastrawi makes of "mencairkan"
    # text in the FAQ, and so on: otherwise question and FAQ would never meet.
    outputs = {t for value in DOMAIN.values() for t in value.split()} - STOPWORDS
    broken = sorted(t for t in outputs if t not in terms(t))
    assert broken == []


def test_protected_generic_and_stop_words_do_not_overlap() -> None:
    assert not (STOPWORDS & PROTECTED)
    assert not (STOPWORDS & GENERIC)
    assert {"tidak", "belum", "meninggal", "kerja"}.isdisjoint(STOPWORDS)


@given(st.text(max_size=80))
def test_any_text_gives_clean_terms_and_never_fails(text: str) -> None:
    for term in terms(text):
        assert re.fullmatch(r"[a-z0-9]+", term)
        assert term not in STOPWORDS


def test_no_word_group_is_written_twice_in_one_table() -> None:
    # A dict literal keeps the last of two equal keys without a word: a second "hp": (...)
    # would silently drop the first group's variants. _expand only sees what survives.
    source = Path(lexicon.__file__).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            repeated = sorted(k for k, n in Counter(keys).items() if n > 1)
            assert not repeated, f"line {node.lineno}: {repeated}"
