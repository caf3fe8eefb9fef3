"""Incomes as farmers, fishermen, traders and ojek drivers say them, per day, week, year or
harvest: the monthly amount /iuran quotes, and the period it read (issue 9, section 4).

The monthly figures are worked out by hand with the conventions on screen: a day is 1/25 of a
month (25 working days, PP 36/2021 Pasal 17), a week 52/12 of a month, a year 12 months,
"per 4 bulan" 4 months; Rupiah fractions round half up.
"""

from __future__ import annotations

import pytest

from bot.domain.money import Per, Period, find_income_match, monthly, read_income
from bot.services.calculator import ASK_PERIOD_BELOW

D, W, M, Y = Per.DAY, Per.WEEK, Per.MONTH, Per.YEAR

# (phrase, amount as said, period said (unit, every) or None, monthly amount)
PHRASES: list[tuple[str, int, tuple[Per, int] | None, int]] = [
    # --- daily: ojek, buruh tani, pedagang, nelayan
    ("50rb sehari", 50_000, (D, 1), 1_250_000),
    ("75 ribu per hari", 75_000, (D, 1), 1_875_000),
    ("100rb/hari", 100_000, (D, 1), 2_500_000),
    ("sehari dapat 80rb", 80_000, (D, 1), 2_000_000),
    ("narik ojek sehari bersih 120 ribu", 120_000, (D, 1), 3_000_000),
    ("ojol sehari 150rb", 150_000, (D, 1), 3_750_000),
    ("ojek pangkalan rata2 70rb per hari", 70_000, (D, 1), 1_750_000),
    ("melaut sehari dapat 200rb", 200_000, (D, 1), 5_000_000),
    ("tiap hari dapat 60rb", 60_000, (D, 1), 1_500_000),
    ("jualan sayur untung 40rb per hari", 40_000, (D, 1), 1_000_000),
    ("buruh tani harian 70rb", 70_000, (D, 1), 1_750_000),
    ("upah macul 90rb sehari", 90_000, (D, 1), 2_250_000),
    ("kuli panggul 85 ribu/hari", 85_000, (D, 1), 2_125_000),
    ("gaji harian 100 ribu", 100_000, (D, 1), 2_500_000),
    ("seratus ribu sehari", 100_000, (D, 1), 2_500_000),
    ("per 2 hari dapat 150rb", 150_000, (D, 2), 1_875_000),
    ("setiap hari Rp 65.000", 65_000, (D, 1), 1_625_000),
    ("dagang bakso sehari untung 1 jt 200 rb", 1_200_000, (D, 1), 30_000_000),
    # --- daily, Javanese
    ("saben dina oleh 50 ewu", 50_000, (D, 1), 1_250_000),
    ("sedina entuk satus ewu", 100_000, (D, 1), 2_500_000),
    ("bakul jamu 60rb saben dina", 60_000, (D, 1), 1_500_000),
    ("nderes karet sedina 80 ewu", 80_000, (D, 1), 2_000_000),
    ("upah nyangkul satus seket ewu sedina", 150_000, (D, 1), 3_750_000),
    # --- weekly
    ("350 ribu seminggu", 350_000, (W, 1), 1_516_667),
    ("seminggu 500rb", 500_000, (W, 1), 2_166_667),
    ("nelayan dapat 1 juta per minggu", 1_000_000, (W, 1), 4_333_333),
    ("jualan di pasar mingguan 300rb", 300_000, (W, 1), 1_300_000),
    ("tiap minggu 400 ribu", 400_000, (W, 1), 1_733_333),
    ("gajian mingguan 600rb", 600_000, (W, 1), 2_600_000),
    ("250rb per minggu", 250_000, (W, 1), 1_083_333),
    ("warung kelontong untung 1,2 juta per minggu", 1_200_000, (W, 1), 5_200_000),
    ("kerja 6 hari, seminggu 400rb", 400_000, (W, 1), 1_733_333),
    ("ngojek seminggu 700 ewu", 700_000, (W, 1), 3_033_333),
    ("tangkapan seminggu rong yuta", 2_000_000, (W, 1), 8_666_667),
    ("per 2 minggu dapat 800rb", 800_000, (W, 2), 1_733_333),
    # --- yearly
    ("20 juta setahun", 20_000_000, (Y, 1), 1_666_667),
    ("setahun 36 juta", 36_000_000, (Y, 1), 3_000_000),
    ("24jt per tahun", 24_000_000, (Y, 1), 2_000_000),
    ("penghasilan pertahun 18 juta", 18_000_000, (Y, 1), 1_500_000),
    ("kebun kopi 30 juta setahun", 30_000_000, (Y, 1), 2_500_000),
    ("petani garam 25 juta per tahun", 25_000_000, (Y, 1), 2_083_333),
    ("panen tembakau setaun 24 juta", 24_000_000, (Y, 1), 2_000_000),
    ("hasil sawah setahun 2 kali panen total 16 juta", 16_000_000, (Y, 1), 1_333_333),
    # --- per harvest / every N months
    ("panen 6 juta per 4 bulan", 6_000_000, (M, 4), 1_500_000),
    ("panen padi 4 bulan sekali dapat 8 juta", 8_000_000, (M, 4), 2_000_000),
    ("tiap 3 bulan panen 9 juta", 9_000_000, (M, 3), 3_000_000),
    ("panen cabe 3 bulan sekali 4,5 juta", 4_500_000, (M, 3), 1_500_000),
    ("sekali panen 12 juta, 6 bulan sekali", 12_000_000, (M, 6), 2_000_000),
    ("hasil tambak 15 juta per 3 bulan", 15_000_000, (M, 3), 5_000_000),
    ("panen jagung setiap 4 bulan 10 juta", 10_000_000, (M, 4), 2_500_000),
    ("dapat 3 juta per 2 bulan", 3_000_000, (M, 2), 1_500_000),
    ("panen empat bulan sekali 7 juta", 7_000_000, (M, 4), 1_750_000),
    ("panen saben 4 sasi 6 yuta", 6_000_000, (M, 4), 1_500_000),
    # --- monthly, said or not
    ("2 juta sebulan", 2_000_000, (M, 1), 2_000_000),
    ("1,5jt per bulan", 1_500_000, (M, 1), 1_500_000),
    ("3jt/bln", 3_000_000, (M, 1), 3_000_000),
    ("sebulan kira2 2,5 juta", 2_500_000, (M, 1), 2_500_000),
    ("Rp 1.500.000 per bulan", 1_500_000, (M, 1), 1_500_000),
    ("nelayan musim ikan 3 juta sebulan", 3_000_000, (M, 1), 3_000_000),
    ("saben sasi sejuta limang atus ewu", 1_500_000, (M, 1), 1_500_000),
    ("sewulan oleh rong yuta", 2_000_000, (M, 1), 2_000_000),
    ("sejuta setengah", 1_500_000, None, 1_500_000),
    ("1 juta setengah", 1_500_000, None, 1_500_000),
    ("satu setengah juta", 1_500_000, None, 1_500_000),
    ("1jt200", 1_200_000, None, 1_200_000),
    ("sejuta limang atus ewu", 1_500_000, None, 1_500_000),
    ("rong yuta", 2_000_000, None, 2_000_000),
    ("dua juta setengah", 2_500_000, None, 2_500_000),
]


@pytest.mark.parametrize(("phrase", "said", "period", "expected"), PHRASES)
def test_income_phrase_is_read_with_its_period_and_converted_to_a_month(
    phrase: str, said: int, period: tuple[Per, int] | None, expected: int
) -> None:
    reading = read_income(phrase)
    assert reading.problem is None, reading
    assert reading.said == said
    assert reading.period == (None if period is None else Period(*period))
    assert monthly(reading.said, reading.period or Period(Per.MONTH)).amount == expected


@pytest.mark.parametrize(("phrase", "said", "period", "expected"), PHRASES)
def test_the_same_phrase_in_a_question_reads_the_same(
    phrase: str, said: int, period: tuple[Per, int] | None, expected: int
) -> None:
    match = find_income_match(f"{phrase}, iurannya brp?")
    assert match is not None
    assert (match.value, match.period) == (said, None if period is None else Period(*period))


def test_the_table_covers_every_kind_of_period() -> None:
    periods = [p for _, _, p, _ in PHRASES]
    assert len(PHRASES) >= 60
    for per in Per:
        assert sum(1 for p in periods if p and p[0] is per) >= 8, per
    assert sum(1 for p in periods if p and p[0] is Per.MONTH and p[1] > 1) >= 8  # harvests


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("panen 6 juta", "season"),  # how many months is not said: asked, not guessed
        ("sekali panen dapat 5 juta", "season"),
        ("2-3 juta sebulan", "several"),
        ("sehari 50rb kadang 100rb", "several"),
        ("jual gorengan sehari omzet 300rb untung 100rb", "several"),
        ("banyak lah pokoknya", "unreadable"),
        # a bare number that was read but is no income: said so, not "could not read"
        ("0", "not_positive"),
        ("1000", "too_small"),
        ("1000000000000", "too_large"),
    ],
)
def test_unclear_incomes_are_asked_about_not_guessed(phrase: str, problem: str) -> None:
    assert read_income(phrase).problem == problem


@pytest.mark.parametrize(
    "phrase",
    [
        "gaji 3 juta, kerja 6 hari seminggu",  # the week is the working week, not the pay
        "2 juta, iuran sehari brp",  # the day belongs to the iuran
        "penghasilan 2 juta umur 40 tahun",
    ],
)
def test_a_period_said_about_something_else_is_not_the_incomes(phrase: str) -> None:
    reading = read_income(phrase)
    assert reading.problem is None and reading.period is None


@pytest.mark.parametrize("phrase", ["50rb", "telung atus ewu", "Rp 80.000", "goban"])
def test_a_small_amount_without_period_is_not_taken_as_monthly(phrase: str) -> None:
    reading = read_income(phrase)
    assert reading.problem is None and reading.period is None
    assert reading.said < ASK_PERIOD_BELOW  # the dialogue asks: per day, week or month?
