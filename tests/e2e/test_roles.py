"""Menus that fit each role: the Telegram "/" list of each chat (read back with getMyCommands),
/menu and /bantuan show what this user can do, and /petugas warns about an officer who never
opened the bot."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

from telegram import BotCommandScopeChat

from bot.app import Content
from bot.harness import RunningBot, sandbox_settings, start_bot, stop_bot
from bot.platform.db import users, villages
from bot.platform.db.connection import Database
from bot.services import command_menus
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import UserFactory

SUKOSEWU = "35.05.15.2004"


async def _commands(bot: RunningBot, user_id: int) -> dict[str, str]:
    """The "/" list Telegram shows in this user's chat: command → description."""
    listed = await bot.application.bot.get_my_commands(scope=BotCommandScopeChat(user_id))
    return {c.command: c.description for c in listed}


async def _add_officer(admin: ChatUser, user_id: int, kab: str) -> str:
    """/petugas → add by id → type the kab/kota by name → pick it → save; the saved screen."""
    await admin.send("/petugas")
    await admin.press(await admin.next_message(), text="Tambah petugas")
    await admin.next_message()
    await admin.send(str(user_id))
    assert "Ketik nama kabupaten/kota" in (await admin.next_message()).text
    await admin.send(kab)
    results = await admin.next_message()
    assert "Hasil untuk" in results.text
    await admin.press(results, text="Kab. Blitar, Jawa Timur")
    pending = await admin.next_message()
    assert "Kab. Blitar, Jawa Timur" in pending.text
    await admin.press(pending, text="Simpan")
    return (await admin.next_message()).text


async def test_an_officer_gets_the_officer_commands_in_their_language_until_removed(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    newcomer = new_user("jv", first_name="Pak Darmo")
    await newcomer.send("/start")
    await newcomer.next_message()
    before = await _commands(bot, newcomer.user_id)
    assert "siaran" not in before
    saved = await _add_officer(officer, newcomer.user_id, "blitar")
    assert (
        "Kab. Blitar, Jawa Timur" in saved
        and "35.05" not in saved
        and "belum pernah membuka bot" not in saved
    )
    javanese = await _commands(bot, newcomer.user_id)
    assert javanese["siaran"] == bot.services.i18n.gettext("Tulis dan kirim pengumuman", "jv")
    assert "petugas" not in javanese and "audit" not in javanese  # admins' tools
    assert "perangkat" not in javanese  # an officer holds no village seat
    # /bahasa rewrites the list in the new language, keeping the role's commands.
    await newcomer.send("/bahasa")
    await newcomer.press(await newcomer.next_message(), text="English")
    await newcomer.next_message()
    english = await _commands(bot, newcomer.user_id)
    assert english["bahasa"] == "Change language" and "siaran" in english
    # Removed: the list goes back to a villager's, at once.
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Pak Darmo")
    await officer.press(await officer.next_message(), text="Cabut peran petugas")
    ask = await officer.next_message()
    assert "Pak Darmo" in ask.text and "siaran" in await _commands(bot, newcomer.user_id)
    await officer.press(ask, text="Ya, cabut")
    removed = await officer.next_message()
    assert "dicabut" in removed.text and removed.buttons  # a way back
    assert "siaran" not in await _commands(bot, newcomer.user_id)


async def test_petugas_warns_when_the_new_officer_never_opened_the_bot(
    officer: ChatUser, bot: RunningBot
) -> None:
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Tambah petugas")
    await officer.next_message()
    await officer.send("777001")
    await officer.next_message()
    await officer.send("35.05")  # the code works as before
    saved = await officer.next_message()
    assert "belum pernah membuka bot" in saved.text
    assert "t.me/DesaSadarBot" in saved.text
    row = await bot.services.db.fetchone("SELECT role FROM users WHERE user_id = 777001")
    assert row is not None and row[0] == "petugas"  # saved all the same


async def test_a_villager_sees_only_what_a_villager_can_do(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/bantuan")
    help_text = (await villager.next_message()).text
    assert "/langganan" in help_text and "/iuran" in help_text
    for hidden in ("/perangkat", "/laporan", "/ceksyarat", "/siaran", "/undang", "/petugas"):
        assert hidden not in help_text, hidden
    await villager.send("/menu")
    labels = [text for row in (await villager.next_message()).buttons for text, _ in row]
    assert not any("Desa saya" in label or "Pengumuman" in label for label in labels)


async def test_a_kepala_desa_sees_desa_saya_and_the_village_commands(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    await officer.send(f"/undang {SUKOSEWU}")
    await officer.press(await officer.next_message(), text="Kepala desa")
    link = re.search(r"\?start=([A-Za-z0-9_-]{16})", (await officer.next_message()).text)
    assert link
    kades = new_user(first_name="Bu Kades")
    await kades.send(f"/start {link.group(1)}")
    await kades.press(await kades.next_message(), text="Ya, benar")
    await kades.next_message()
    listed = await _commands(bot, kades.user_id)
    assert listed["desa"] == "Desa saya" and {"perangkat", "laporan", "ceksyarat"} <= set(listed)
    assert "siaran" not in listed
    await kades.send("/menu")
    menu = await kades.next_message()
    await kades.press(menu, text="Desa saya")
    assert "Sukosewu" in (await kades.next_message()).text
    await kades.send("/bantuan")
    help_text = (await kades.next_message()).text
    assert "/perangkat" in help_text and "/laporan" in help_text and "/siaran" not in help_text


async def test_an_officer_sees_the_officer_tools_in_menu_and_help(
    officer: ChatUser, bot: RunningBot
) -> None:
    listed = await _commands(bot, officer.user_id)  # the admin, after /start
    assert {"siaran", "petugas", "audit", "undang"} <= set(listed)
    await officer.send("/bantuan")
    help_text = (await officer.next_message()).text
    assert "/siaran" in help_text and "/petugas" in help_text
    await officer.send("/menu")
    menu = await officer.next_message()
    await officer.press(menu, text="Pengumuman")
    assert "Tulis teks pengumuman" in (await officer.next_message()).text
    await officer.send("/menu")
    await officer.press(await officer.next_message(), text="Undang desa")
    assert "Pilih provinsi" in (await officer.next_message()).text


async def test_admins_get_their_commands_at_start_up_in_their_language(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path, content: Content
) -> None:
    admin = ChatUser(client, 9101, language_code="en", first_name="Admin")
    await admin.send("hello")  # the chat exists before the bot starts
    db = Database(db_path)
    await db.initialize()
    await users.register(db, 9101, "Admin", "en")
    await db.shutdown()
    settings = replace(sandbox_settings(sandbox, db_path), admin_ids=frozenset({9101}))
    running = await start_bot(settings, content=content)
    try:
        listed = await _commands(running, 9101)
        assert listed["petugas"] == "Manage officers and their areas"
    finally:
        await stop_bot(running)


async def test_stop_and_delete_confirmations_have_a_way_on(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    await villager.send("/bahasa")
    await villager.press(await villager.next_message(), text="English")
    await villager.next_message()
    assert await _commands(bot, villager.user_id)  # their chat's list, in English
    await villager.send("/berhenti")
    stopped = await villager.next_message()
    await villager.press(stopped, text="Receive again")
    assert "Choose the province" in (await villager.next_message()).text  # never subscribed
    await villager.send("/hapusdata")
    await villager.press(await villager.next_message(), text="Yes")
    done = await villager.next_message()
    assert any("Main menu" in text for row in done.buttons for text, _ in row)
    assert await _commands(bot, villager.user_id) == {}  # nothing of them kept in the list


async def test_officials_get_their_list_back_after_an_upgrade(
    sandbox: SandboxServer, client: SandboxClient, db_path: Path, content: Content
) -> None:
    """A kepala desa seated before the lists were per chat: start-up publishes theirs."""
    kades = ChatUser(client, 9102, language_code="id", first_name="Kades")
    await kades.send("halo")
    db = Database(db_path)
    await db.initialize()
    await users.register(db, 9102, "Kades", "id")
    await villages.seat(db, SUKOSEWU, "kepala_desa", 9102)
    await db.shutdown()
    running = await start_bot(sandbox_settings(sandbox, db_path), content=content)
    try:
        row = None
        for _ in range(50):  # published in the background, then recorded: wait for both
            row = await running.services.db.fetchone(
                "SELECT menu_version FROM users WHERE user_id = 9102"
            )
            if row is not None and row[0] == command_menus.MENU_VERSION:
                break
            await asyncio.sleep(0.1)
        assert "perangkat" in await _commands(running, 9102)
        assert row is not None and row[0] == command_menus.MENU_VERSION
    finally:
        await stop_bot(running)
