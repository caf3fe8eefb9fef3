"""The masker of NIKs and phone numbers in villagers' questions (bot/domain/pii.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lokal.samaran import mask_pii

from bot.domain.pii import NIK_MASK, mask, mask_counted


@pytest.mark.parametrize(
    "text",
    [
        "NIK saya 3505124503850001 kok belum terdaftar",
        "nik 3505 1245 0385 0001",
        "nik 3505.1245.0385.0001",
        "nik 3505-1245-0385-0001",
        "nik:3505124503850001",
        "nik3505124503850001",
        "nomor 1234567890123456",  # not a valid NIK, still a person's number mistyped
        "kk 3201011508950001 punya suami",
        "anak 2 3505124503850001",  # a small number before it does not hide it
    ],
)
def test_niks_are_masked_whole(text: str) -> None:
    masked = mask_counted(text)
    assert masked.niks == 1 and masked.phones == 0
    assert NIK_MASK in masked.text
    assert not any(run in masked.text for run in ("3505", "0001", "1234567890"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hp saya 081234567890", "hp saya [HP]"),
        ("0812-3456-7890 ya pak", "[HP] ya pak"),
        ("wa 0812 3456 7890", "wa [HP]"),
        ("wa 0812 345 678 90", "wa [HP]"),  # every group, not up to the last
        ("telp 0812.3456.7890", "telp [HP]"),
        ("08.123.456.789", "[HP]"),  # dots like thousands, but an amount never starts with 0
        ("+62 812 3456 7890", "[HP]"),
        ("+62 812-3456-7890", "[HP]"),
        ("+6281234567890", "[HP]"),
        ("6281234567890", "[HP]"),
        ("62 812 3456 7890", "[HP]"),
        ("0812345678", "[HP]"),  # the shortest mobile number: 08 + 8 digits
        ("+6281234567890+6281234567891", "[HP][HP]"),
        ("hp 08123456789, nik 3505124503850001", "hp [HP], nik [NIK]"),
        ("1.500.000 0812345678", "1.500.000 [HP]"),
    ],
)
def test_phone_numbers_are_masked_whole(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gaji 1.500.000 per bulan brp iurannya",
        "iuran Rp16.800 sebulan",
        "Rp 62.500.000",
        "saldo JHT 12.345.678,00",
        "62.500.000",  # starts like a country code, but written as an amount
        "628.000.000.000",
        "Rp6281234567890",  # anything right after Rp is money
        "gaji 2,5jt",
        "pendapatan 15000000 setahun",
        "nik 350512450385000",  # 15 digits: not a NIK
        "nik 35051245038500012",  # 17 digits
        "081234567",  # 9 digits: too short for a mobile number
        "kpj 12345678901",  # 11 digits, a KPJ is not masked (it is no identity number)
        "hubungi 175",
        "jam 8 pagi, 3 anak, umur 45",
        "tahun 2025 bulan 12",
        "",
    ],
)
def test_amounts_and_other_numbers_are_left_alone(text: str) -> None:
    assert mask(text) == text
    assert not mask_counted(text).changed


def test_counts_what_was_masked() -> None:
    masked = mask_counted("nik 3505124503850001 dan 3505124503850002, hp 081234567890")
    assert (masked.niks, masked.phones) == (2, 1)
    assert masked.text == "nik [NIK] dan [NIK], hp [HP]"


@given(st.text(alphabet="0123456789 .-+abc,", max_size=60))
def test_masking_is_idempotent_and_never_leaves_16_digits_alone(text: str) -> None:
    once = mask(text)
    assert mask(once) == once
    assert not re.search(r"(?<![0-9])[0-9]{16}(?![0-9])", once)


@given(st.from_regex(r"[1-9][0-9]{0,2}(\.[0-9]{3}){1,4}", fullmatch=True))
def test_thousands_are_never_masked(amount: str) -> None:
    assert mask(f"gaji {amount} sebulan") == f"gaji {amount} sebulan"


@given(st.from_regex(r"[0-9]{16}", fullmatch=True), st.sampled_from(["", " ", "-", "."]))
def test_any_16_digits_in_groups_of_four_are_masked(nik: str, sep: str) -> None:
    grouped = sep.join(nik[i : i + 4] for i in range(0, 16, 4))
    assert mask(f"nik saya {grouped} ya") == "nik saya [NIK] ya"


@pytest.mark.parametrize(
    ("text", "left_in_clear"),
    [
        ("nik 3505.1245.0385.0001", "3505.1245.0385.0001"),  # dots not read as a NIK
        ("nomor 1234567890123456", "1234567890123456"),  # 16 digits, not a valid NIK
        ("hp 0812 345 678 90", "90"),  # stops before the last group
    ],
)
def test_lokal_samaran_misses(text: str, left_in_clear: str) -> None:
    """Why bot/domain/pii.py exists although lokal-id (pinned) has a masker: these leak there."""
    assert left_in_clear in mask_pii(text, types=["NIK", "KK", "PHONE"]).text
    assert left_in_clear not in mask(text)
