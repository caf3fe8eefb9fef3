"""Each role's commands: one list for the "/" menu, /bantuan and the main menu."""

from __future__ import annotations

from bot.services.command_menus import Audience, commands_for


def _names(audience: Audience) -> list[str]:
    return [c.name for c in commands_for(audience)]


def test_villagers_do_not_see_official_or_officer_commands() -> None:
    names = _names(Audience.EVERYONE)
    assert {"start", "menu", "iuran", "langganan", "berhenti", "bantuan", "desa"} <= set(names)
    assert not {"perangkat", "laporan", "ceksyarat", "siaran", "petugas"} & set(names)


def test_officials_see_their_village_once() -> None:
    official = commands_for(Audience.OFFICIAL)
    names = [c.name for c in official]
    assert names.count("desa") == 1 and {"perangkat", "laporan", "ceksyarat"} <= set(names)
    assert next(c for c in official if c.name == "desa").description == "Desa saya"
    assert "siaran" not in names


def test_officers_get_their_tools_and_admins_the_admin_ones() -> None:
    officer = _names(Audience.OFFICER)
    assert {"siaran", "undang", "verifikasi", "statistik", "ekspor"} <= set(officer)
    assert not {"petugas", "audit", "perangkat"} & set(officer)
    admin = _names(Audience.ADMIN)
    assert {"petugas", "audit"} <= set(admin) and len(admin) == len(set(admin))
    assert len(admin) <= 100  # Telegram's limit per list
