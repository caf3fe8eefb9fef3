from __future__ import annotations

import pytest

from bot.platform.callback import MAX_DIGITS, CallbackDataError, pack, parse_id, parse_int, unpack


def test_round_trip() -> None:
    data = pack("les", "jkm", 3)
    assert data == "les:jkm:3"
    parsed = unpack(data)
    assert parsed.prefix == "les" and parsed.part(0) == "jkm" and parsed.int_part(1) == 3


def test_missing_or_bad_parts_have_defaults() -> None:
    parsed = unpack("les")
    assert parsed.part(0) == "" and parsed.int_part(1) == 0
    assert unpack("les:x:abc").int_part(1, default=-1) == -1
    assert unpack(None).prefix == ""


def test_limit_is_64_bytes_not_characters() -> None:
    pack("x", "a" * 62)  # 64 bytes exactly
    with pytest.raises(CallbackDataError):
        pack("x", "a" * 63)
    with pytest.raises(CallbackDataError):
        pack("x", "é" * 32)  # 2 bytes each


def test_separator_inside_a_part_is_rejected() -> None:
    with pytest.raises(CallbackDataError):
        pack("faq", "a:b")


@pytest.mark.parametrize(
    "forged", ["9" * 20, "²", "①", "٣٤٥", "1²", "12\n", "+5", "--1", " 7", "", "1_000"]
)
def test_malformed_numbers_in_callback_data_fall_back_to_the_default(forged: str) -> None:
    assert unpack(f"pq:{forged}").int_part(0, default=-99) == -99


def test_numbers_are_ascii_and_bounded() -> None:
    assert parse_int("-1") == -1 and parse_int("0") == 0
    assert parse_int("9" * MAX_DIGITS) == int("9" * MAX_DIGITS)
    assert parse_int("9" * (MAX_DIGITS + 1)) is None


@pytest.mark.parametrize("typed", ["0", "٣٤٥", "-5", "007", "1" * 16, "12a", "²", ""])
def test_user_ids_are_positive_ascii_and_bounded(typed: str) -> None:
    assert parse_id(typed) is None


def test_a_typed_user_id_is_read() -> None:
    assert parse_id(" 700001 ") == 700001
