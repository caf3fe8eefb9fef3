"""Villagers write amounts every which way; the parser reads them and ignores other numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.money import (
    Per,
    Period,
    find_amounts,
    find_income,
    monthly,
    parse_rupiah,
    read_income,
)

# --- amounts as villagers type them ------------------------------------------------------------

AMOUNTS = [
    # decimals with a scale, Indonesian comma and English dot
    ("2,5jt", 2_500_000),
    ("2.5 jt", 2_500_000),
    ("2.5jt", 2_500_000),
    ("2,5 juta", 2_500_000),
    ("1,2 jt", 1_200_000),
    ("2.1 jt", 2_100_000),
    ("1,500 jt", 1_500_000),
    ("1.5k", 1_500),
    # written out in digits
    ("Rp1.500.000", 1_500_000),
    ("Rp 1.500.000,-", 1_500_000),
    ("Rp1.500.000,00", 1_500_000),
    ("Rp. 1.500.000", 1_500_000),
    ("IDR 500000", 500_000),
    ("1500000", 1_500_000),
    ("1.500.000", 1_500_000),
    ("Rp 1 500 000", 1_500_000),
    ("2 500 000", 2_500_000),
    ("Rp1,500,000", 1_500_000),
    ("25,000", 25_000),
    ("10.000", 10_000),
    ("Rp 175", 175),
    ("Rp 16.800", 16_800),
    ("Rp 2jt", 2_000_000),
    ("500 ribu rupiah", 500_000),
    ("1500000 rupiah", 1_500_000),
    # thousands
    ("800rb", 800_000),
    ("800 ribu", 800_000),
    ("800k", 800_000),
    ("800K", 800_000),
    ("800 rebu", 800_000),
    ("2.500 rb", 2_500_000),
    # millions and billions
    ("2 jeti", 2_000_000),
    ("5 juta-an", 5_000_000),
    ("5 jutaan", 5_000_000),
    ("5jtan", 5_000_000),
    ("7 jt an", 7_000_000),
    ("1M", 1_000_000_000),
    ("1,5M", 1_500_000_000),
    ("Rp 2 M", 2_000_000_000),
    ("1.000.000.000", 1_000_000_000),
    # compounds
    ("1 jt 200 rb", 1_200_000),
    ("1jt 500rb", 1_500_000),
    ("1jt200rb", 1_200_000),
    ("1jt200", 1_200_000),
    ("2 juta 500", 2_500_000),
    ("2 juta 500 ribu", 2_500_000),
    ("12 ribu 500", 12_500),
    ("2 1/2 juta", 2_500_000),
    ("1/2 juta", 500_000),
    # words
    ("sejuta", 1_000_000),
    ("satu juta", 1_000_000),
    ("dua juta", 2_000_000),
    ("dua setengah juta", 2_500_000),
    ("satu setengah juta", 1_500_000),
    ("2 setengah juta", 2_500_000),
    ("setengah juta", 500_000),
    ("dua koma lima juta", 2_500_000),
    ("tiga ratus ribu", 300_000),
    ("2 ratus ribu", 200_000),
    ("seratus lima puluh ribu", 150_000),
    ("seratus ribu", 100_000),
    ("lima belas ribu", 15_000),
    ("dua belas ribu lima ratus", 12_500),
    ("tujuh ratus lima puluh ribu", 750_000),
    ("sebelas juta", 11_000_000),
    ("seribu", 1_000),
    ("sejuta lima ratus ribu", 1_500_000),
    ("sejuta dua ratus", 1_200_000),
    ("dua juta lima ratus ribu", 2_500_000),
    ("Rp dua juta", 2_000_000),
    # slang
    ("goceng", 5_000),
    ("ceban", 10_000),
    ("gopek", 500),
    ("cepek", 100),
    ("seceng", 1_000),
    ("goban", 50_000),
    # upper case and surrounding words
    ("SEJUTA", 1_000_000),
    ("2,5 JT", 2_500_000),
    ("sekitar 2 juta", 2_000_000),
    ("kurang lebih 1,5 jt per bulan", 1_500_000),
    ("Rp 1.500.000 (satu juta lima ratus ribu rupiah)", 1_500_000),
    # English scales
    ("1.5 million", 1_500_000),
    ("1,5 million", 1_500_000),
    ("1.5million", 1_500_000),
    ("2 million", 2_000_000),
    ("3 millions", 3_000_000),
    ("2 mil", 2_000_000),
    ("2,5 mln", 2_500_000),
    ("500 thousand", 500_000),
    ("2 million 500 thousand", 2_500_000),
    ("Rp 20 million", 20_000_000),
]


@pytest.mark.parametrize(("text", "value"), AMOUNTS)
def test_villager_types_an_amount_in_any_common_way(text: str, value: int) -> None:
    assert parse_rupiah(text) == value


NOT_MONEY = [
    "3 bulan",
    "umur 60",
    "usia 56",
    "56 tahun",
    "2x24 jam",
    "2 x 24 jam",
    "10%",
    "3,5 %",
    "175",
    "telpon 175",
    "08123456789",
    "0812-3456-7890",
    "+62 812 3456 7890",
    "62 812 3456 7890",
    "3505123456780001",  # NIK, 16 digits
    "NIK 3505123456780001",
    "12345678901",  # KPJ, 11 digits
    "kpj 12345678901",
    "2026",
    "tahun 2026",
    "27.11.2026",
    "nomor 1234567",
    "no hp 81234567",
    "5m",  # metres, not miliar
    "1 M",
    "tiga ratus",
    "setengah",
    "3 ribu orang",
    "5 juta peserta",
    "gaji 5.000",  # bare and small: not an income anyone means
    "2,5",
    "Rp",
    "Rp 0",
    "berapa iurannya?",
    "",
    "1.2.3 jt",
    # English time units and count nouns
    "3 months",
    "56 years",
    "30 days",
    "2 weeks",
    "24 hours",
    "5 million people",
    "12 mil laut",  # a sea mile, not a million
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_other_numbers_are_not_read_as_money(text: str) -> None:
    assert parse_rupiah(text) is None
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    "text",
    ["2-3 juta", "2 - 3 jt", "antara 1 sampai 2 juta", "1 s/d 2 juta", "1 s.d. 2 jt",
     "Rp2.000.000 atau Rp3.000.000", "100-150 rb", "1 juta 2 juta", "goceng ceban"],
)  # fmt: skip
def test_a_range_or_two_different_amounts_is_not_one_amount(text: str) -> None:
    assert parse_rupiah(text) is None


def test_range_ends_take_the_scale_of_the_second_end() -> None:
    matches = find_amounts("sehari dapet 100-150 rb")
    assert [(m.value, m.in_range) for m in matches] == [(100_000, True), (150_000, True)]


def test_rupiah_with_no_cents_mark_is_not_a_range() -> None:
    matches = find_amounts("Rp 1.500.000,- per bulan")
    assert [(m.value, m.in_range, m.per) for m in matches] == [(1_500_000, False, Per.MONTH)]


def test_spans_point_into_the_original_text() -> None:
    text = "Klo GAJI sy 2,5JT sebulan"
    (match,) = find_amounts(text)
    assert text[match.start : match.end] == "2,5JT"
    text = "bayar Rp. 16.800,- tiap bulan"
    (match,) = find_amounts(text)
    assert text[match.start : match.end] == "Rp. 16.800,-"


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("3 jt sebulan", Per.MONTH),
        ("3 jt per bulan", Per.MONTH),
        ("3jt/bln", Per.MONTH),
        ("150rb sehari", Per.DAY),
        ("50rb/hari", Per.DAY),
        ("500 ribu seminggu", Per.WEEK),
        ("30 juta setahun", Per.YEAR),
        ("3 juta", None),
    ],
)
def test_the_period_said_after_an_amount_is_reported(text: str, per: Per | None) -> None:
    (match,) = find_amounts(text)
    assert match.per == per


# --- income inside a question ----------------------------------------------------------------

QUESTIONS = [
    ("gaji 2,5jt brp iurannya", 2_500_000),
    ("penghasilan sejuta", 1_000_000),
    ("klo gaji sy 3 jt sebulan iurannya brp?", 3_000_000),
    ("Rp1.500.000", 1_500_000),
    ("800rb", 800_000),
    ("dua juta", 2_000_000),
    ("sejuta iurannya brp", 1_000_000),
    ("saya petani penghasilan tdk tentu kira2 1,5 jt", 1_500_000),
    ("pendapatan saya 800 ribu per bulan, bisa ikut bpjs?", 800_000),
    ("bayar iuran 36.800 kalau gaji 2 juta", 2_000_000),
    ("gaji 1,5 juta, santunan 42 juta", 1_500_000),
    ("umur 60 tahun gaji 1,5 jt masih bisa daftar?", 1_500_000),
    ("nik 3505123456780001 gaji 2jt", 2_000_000),
    ("tahun 2026 ojol diskon? gaji 3 juta", 3_000_000),
    ("saya ojol dapat 150rb sehari", 150_000),
    ("iuran petani 50rb sehari brp", 50_000),  # a daily amount is earned, never an iuran
    ("iurane bakul 300 ribu seminggu piro", 300_000),
    ("3 juta gajinya, iuran brp", 3_000_000),
    ("upah harian 100 ribu", 100_000),
    ("Kalau penghasilan Rp 2.000.000 bayar berapa ya pak", 2_000_000),
    ("hasil jualan sebulan 5 juta-an", 5_000_000),
]


@pytest.mark.parametrize(("text", "value"), QUESTIONS)
def test_income_is_found_in_a_free_text_question(text: str, value: int) -> None:
    assert find_income(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "iuran 16.800 itu untuk gaji berapa?",  # the only amount is an iuran
        "klaim jht 10 juta brp lama?",
        "santunan kematian 42 juta ya?",
        "gaji 2-3 juta",  # a range: ask, don't guess
        "gaji saya 2 juta, gaji istri 3 juta",
        "2 juta atau 3 juta ya enaknya",
        "berapa iuran bpjs untuk petani?",
        "sudah bayar 3 bulan, umur 56 tahun",
        "hubungi 175 atau 08123456789",
        "I am 56 years old",
        "paid for 3 months, I am 56 years old",
    ],
)
def test_no_income_is_guessed_when_the_question_does_not_give_one(text: str) -> None:
    assert find_income(text) is None


# --- English periods -------------------------------------------------------------------------

D, W, M, Y = Per.DAY, Per.WEEK, Per.MONTH, Per.YEAR

# (reply, amount as said, period said (unit, every) or None, monthly amount)
ENGLISH_INCOMES: list[tuple[str, int, tuple[Per, int] | None, int]] = [
    ("500k per week", 500_000, (W, 1), 2_166_667),  # 500.000 x 52 / 12
    ("500 ribu per week", 500_000, (W, 1), 2_166_667),
    ("weekly 700k", 700_000, (W, 1), 3_033_333),
    ("1 million each week", 1_000_000, (W, 1), 4_333_333),
    ("800k per 2 weeks", 800_000, (W, 2), 1_733_333),
    ("every two weeks 800k", 800_000, (W, 2), 1_733_333),
    ("100k a day", 100_000, (D, 1), 2_500_000),
    ("daily 150k", 150_000, (D, 1), 3_750_000),
    ("every day 60 thousand", 60_000, (D, 1), 1_500_000),
    ("2 million a month", 2_000_000, (M, 1), 2_000_000),
    ("2,5 million monthly", 2_500_000, (M, 1), 2_500_000),
    ("every month 3 juta", 3_000_000, (M, 1), 3_000_000),
    ("each month 3 juta", 3_000_000, (M, 1), 3_000_000),
    ("3 juta per 3 months", 3_000_000, (M, 3), 1_000_000),
    ("harvest 6 juta every 4 months", 6_000_000, (M, 4), 1_500_000),
    ("every 4 months I get 6 juta", 6_000_000, (M, 4), 1_500_000),
    ("once every 4 months 6 million", 6_000_000, (M, 4), 1_500_000),
    ("3 months once 6 juta", 6_000_000, (M, 3), 2_000_000),
    ("12 million per 6 months", 12_000_000, (M, 6), 2_000_000),
    ("Rp 20 million per year", 20_000_000, (Y, 1), 1_666_667),
    ("24 million annually", 24_000_000, (Y, 1), 2_000_000),
    ("yearly 24 million", 24_000_000, (Y, 1), 2_000_000),
    ("1.5 million", 1_500_000, None, 1_500_000),
    ("2 million", 2_000_000, None, 2_000_000),
    ("2 million 500 thousand", 2_500_000, None, 2_500_000),
    # "a" is a period only right before a unit, and "a week ago" is no rate
    ("a 2 million salary", 2_000_000, None, 2_000_000),
    ("got 500k a week ago", 500_000, None, 500_000),
    ("salary 3 million, 6 days a week", 3_000_000, None, 3_000_000),  # the working week
]


@pytest.mark.parametrize(("text", "said", "period", "expected"), ENGLISH_INCOMES)
def test_english_incomes_are_read_with_their_period(
    text: str, said: int, period: tuple[Per, int] | None, expected: int
) -> None:
    reading = read_income(text)
    assert (reading.problem, reading.said) == (None, said)
    assert reading.period == (None if period is None else Period(*period))
    assert monthly(reading.said, reading.period or Period(M)).amount == expected
    assert find_income(f"{text}, how much is the contribution?") == said


@pytest.mark.parametrize(
    "text",
    ["6 million per harvest", "each harvest 6 million", "every harvest 6 million",
     "5 million per season", "harvest 6 juta"],
)  # fmt: skip
def test_an_english_harvest_without_its_length_is_seasonal(text: str) -> None:
    (match,) = find_amounts(text)
    assert match.seasonal and match.period is None
    assert read_income(text).problem == "season"


@pytest.mark.parametrize("text", ["3 months", "I am 56 years old", "2 weeks"])
def test_an_english_time_alone_is_no_income(text: str) -> None:
    assert read_income(text).problem == "unreadable"


# --- properties ------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=50_000).map(lambda k: k * 1_000))
def test_rupiah_written_with_thousand_dots_parses_back(n: int) -> None:
    assert parse_rupiah(f"Rp{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=10_000, max_value=999_999_999))
def test_plain_digits_of_ten_thousand_and_more_parse_back(n: int) -> None:
    assert parse_rupiah(str(n)) == n
    assert find_income(f"gaji saya {n} sebulan") == n


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from(["jt", " jt", "juta", " juta", " jeti"]),
)
def test_whole_millions_with_any_spelling_parse_back(n: int, unit: str) -> None:
    assert parse_rupiah(f"{n}{unit}") == n * 1_000_000


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_decimal_millions_with_comma_or_dot_parse_back(whole: int, tenth: int) -> None:
    expected = whole * 1_000_000 + tenth * 100_000
    assert parse_rupiah(f"{whole},{tenth}jt") == expected
    assert parse_rupiah(f"{whole}.{tenth} juta") == expected


@given(st.text(max_size=60))
def test_any_text_is_handled_without_error(text: str) -> None:
    value = parse_rupiah(text)
    assert value is None or value > 0
    find_income(text)


MONEYISH = st.lists(
    st.sampled_from(
        ["1", "0", "5", "000", ".", ",", ",-", "-", "/", " ", "rp", "jt", "rb", "k", "M", "an",
         "setengah", "dua", "ratus", "sejuta", "koma", "goceng", "%", "x", "atau", "gaji"]
    ),
    max_size=14,
).map("".join)  # fmt: skip


@given(MONEYISH)
def test_money_like_noise_gives_positive_amounts_with_valid_spans(text: str) -> None:
    for match in find_amounts(text):
        assert match.value > 0
        assert 0 <= match.start < match.end <= len(text)
    find_income(text)


def test_a_zero_before_a_range_dash_is_not_an_amount() -> None:
    assert [m.value for m in find_amounts("0-seribu")] == [1_000]


@pytest.mark.parametrize("text", ["1" * 5000, "9" * 16, "1." * 3000 + "1", "Rp " + "9" * 40])
def test_absurdly_long_numbers_are_ignored(text: str) -> None:
    assert parse_rupiah(text) is None
