"""Indonesia's three time zones and which province lies in which.

An officer in Makassar who types "besok jam 8" means 08.00 WITA, not WIB: the zone follows the
officer's region (the province part of a Kemendagri code). Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Zone:
    name: str  # what Indonesians write after a time: WIB, WITA, WIT
    tz: ZoneInfo


WIB = Zone("WIB", ZoneInfo("Asia/Jakarta"))  # UTC+7: Sumatra, Java, West and Central Kalimantan
WITA = Zone("WITA", ZoneInfo("Asia/Makassar"))  # UTC+8
WIT = Zone("WIT", ZoneInfo("Asia/Jayapura"))  # UTC+9

# Province codes (Kemendagri) outside WIB. Bali, NTB, NTT, South/East/North Kalimantan and
# Sulawesi are WITA; Maluku, North Maluku and the six Papua provinces are WIT.
_WITA = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
_WIT = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})


def zone_of(code: str) -> Zone:
    """The zone of a region code at any level ("73", "73.71", "73.71.01.1001")."""
    province = code[:2]
    if province in _WITA:
        return WITA
    if province in _WIT:
        return WIT
    return WIB


def zone_for(codes: Iterable[str]) -> Zone:
    """An officer's zone from their kab/kota: the first in code order; WIB without any (admins
    of the national office, in Jakarta)."""
    ordered = sorted(codes)
    return zone_of(ordered[0]) if ordered else WIB
