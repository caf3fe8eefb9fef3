"""Our parser against lokal-id's ``parse_rupiah`` on one shared table (issue 9, section 4).

Where lokal-id read an amount right and we did not ("sejuta setengah", "2 ceban", "noban",
"cetiao"), bot.domain.money adopted its reading; these tests keep it that way. lokal-id is not used
at
run time: it misreads spaced digits ("Rp 1 500 000" is 501 to it), "1jt200" (Rp1.000.200),
"2 1/2 juta", Javanese numerals and most non-money numbers ("umur 60"), all of which we read.
"""

from __future__ import annotations

import pytest
from lokal.rupiah import parse_rupiah as lokal_parse_rupiah

from bot.domain.money import parse_rupiah
from tests.unit.test_money import AMOUNTS, NOT_MONEY

EXTRA = [
    ("sejuta setengah", 1_500_000),
    ("1 juta setengah", 1_500_000),
    ("2 juta setengah", 2_500_000),
    ("2 ceban", 20_000),
    ("tiga goceng", 15_000),
    ("noban", 20_000),
    ("cetiao", 1_000_000),
    ("sejuta limang atus ewu", 1_500_000),
    ("rong yuta", 2_000_000),
    ("telung atus ewu", 300_000),
    ("rong atus seket ewu", 250_000),
    ("seket ewu", 50_000),
    ("satus ewu", 100_000),
    ("selawe ewu", 25_000),
    ("sewu", 1_000),
]
SHARED = AMOUNTS + EXTRA


def lokal(text: str) -> int | float | None:
    parsed = lokal_parse_rupiah(text)
    return None if parsed is None else parsed.amount


@pytest.mark.parametrize(("text", "value"), SHARED)
def test_we_read_every_amount_of_the_shared_table(text: str, value: int) -> None:
    assert parse_rupiah(text) == value


def test_lokal_id_is_never_right_where_we_are_wrong() -> None:
    only_lokal = [t for t, v in SHARED if lokal(t) == v and parse_rupiah(t) != v]
    assert only_lokal == []


def test_we_refuse_at_least_the_non_money_lokal_id_refuses() -> None:
    assert [t for t in NOT_MONEY if lokal(t) is None and parse_rupiah(t) is not None] == []
