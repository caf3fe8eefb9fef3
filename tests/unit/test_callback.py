from __future__ import annotations

import pytest

from bot.callback import CallbackDataError, pack, unpack


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
