"""What each user can do, as commands: the Telegram "/" list of their chat, /bantuan and /menu.

One place decides a user's commands from their role (villager, village official, officer,
admin), so the "/" list Telegram shows, the help text and the main menu never disagree.

The "/" list is published for the user's own chat (``BotCommandScopeChat``) in the language
they chose with /bahasa. It is stored without a ``language_code`` on purpose: Telegram picks
"chat + the app's language" first, then "chat" alone, then the default lists. A list stored
under the chosen language only would vanish whenever the phone's language differs (a Javanese
speaker with an Indonesian phone would lose the officer commands), while the chat-wide list
applies to every app language and is written in the language the user chose. It is written
again whenever the role or the language changes (/petugas, an accepted invite or claim,
/bahasa) and for the admins of DESABOT_ADMIN_IDS at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from enum import Enum

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.platform.db import users
from bot.platform.db.users import User
from bot.platform.i18n import N_
from bot.services.container import Services

log = logging.getLogger(__name__)


class Audience(Enum):
    """Who a command is listed for; every role sees its own and those of the roles below."""

    EVERYONE = 0
    OFFICIAL = 1  # kepala desa and operators of a village
    OFFICER = 2
    ADMIN = 3


@dataclass(frozen=True)
class Command:
    """A bot command as published with setMyCommands; ``description`` is a gettext msgid."""

    name: str
    description: str
    audience: Audience = Audience.EVERYONE


POSTER = N_("Poster desa: warga berlangganan lewat kode QR")
# In the order they are listed. Aliases (/help, /language) work but are not listed.
COMMANDS = (
    Command("start", N_("Mulai dan menu utama")),
    Command("menu", N_("Menu utama")),
    Command("program", N_("Kenali program BPJS Ketenagakerjaan")),
    Command("iuran", N_("Hitung perkiraan iuran per bulan")),
    Command("tanya", N_("Tanya tentang BPJS Ketenagakerjaan")),
    Command("langganan", N_("Terima pengumuman untuk desa saya")),
    Command("berhenti", N_("Berhenti menerima pengumuman")),
    Command("bahasa", N_("Ganti bahasa")),
    Command("desa", N_("Untuk kepala desa: daftarkan desa")),
    Command("hapusdata", N_("Hapus data pribadi saya")),
    Command("bantuan", N_("Bantuan dan daftar perintah")),
)
# Officials see "Desa saya" instead of the villagers' way in.
OFFICIAL_COMMANDS = (
    Command("desa", N_("Desa saya"), Audience.OFFICIAL),
    Command("perangkat", N_("Daftar perangkat desa dan status BPJS TK"), Audience.OFFICIAL),
    Command("laporan", N_("Laporkan angka desa"), Audience.OFFICIAL),
    Command("ceksyarat", N_("Cek syarat Desa Sadar"), Audience.OFFICIAL),
    Command("poster", POSTER, Audience.OFFICIAL),
)
OFFICER_COMMANDS = (
    Command("pertanyaan", N_("Pertanyaan warga yang belum dijawab"), Audience.OFFICER),
    Command("undang", N_("Undang kepala desa atau operator"), Audience.OFFICER),
    Command("verifikasi", N_("Periksa permintaan klaim desa"), Audience.OFFICER),
    Command("siaran", N_("Tulis dan kirim pengumuman"), Audience.OFFICER),
    Command("statistik", N_("Statistik wilayah Anda"), Audience.OFFICER),
    Command("ekspor", N_("Ekspor data (CSV/Excel)"), Audience.OFFICER),
    Command("poster", POSTER, Audience.OFFICER),
    Command("petugas", N_("Kelola petugas dan wilayahnya"), Audience.ADMIN),
    Command("audit", N_("Log audit"), Audience.ADMIN),
)
OFFICIAL_ROLES = frozenset({"kepala_desa", "operator"})
# Raise when the lists above change: start-up then republishes every chat's own list.
MENU_VERSION = 2  # 2: /poster for officials and officers
# Between two republished lists at start-up: well under Telegram's limits, and the bot
# answers users meanwhile (it runs in the background).
REPUBLISH_PAUSE = 0.1


def audience_of(services: Services, user: User) -> Audience:
    if services.is_admin(user):
        return Audience.ADMIN
    if services.is_officer(user):
        return Audience.OFFICER
    if user.role in OFFICIAL_ROLES:
        return Audience.OFFICIAL
    return Audience.EVERYONE


def commands_for(audience: Audience) -> list[Command]:
    """The villagers' commands, then the official's, then the officer's tools.

    Officers are not village officials: they see the villagers' /desa (they may also claim a
    village they head) but not the apparatus commands, which refuse anyone without a seat."""
    listed = [c for c in COMMANDS if not (audience is Audience.OFFICIAL and c.name == "desa")]
    if audience is Audience.OFFICIAL:
        index = next(i for i, c in enumerate(listed) if c.name == "langganan")
        listed[index:index] = OFFICIAL_COMMANDS
    if audience.value >= Audience.OFFICER.value:
        listed += [c for c in OFFICER_COMMANDS if c.audience.value <= audience.value]
    return listed


def published(services: Services, commands: list[Command], lang: str) -> list[BotCommand]:
    return [BotCommand(c.name, services.i18n.gettext(c.description, lang)) for c in commands]


async def publish_default(bot: Bot, services: Services, languages: tuple[str, ...]) -> None:
    """The villagers' list for every app language, and Indonesian for any other language."""
    villager = commands_for(Audience.EVERYONE)
    for lang in languages:
        await bot.set_my_commands(published(services, villager, lang), language_code=lang)
    await bot.set_my_commands(published(services, villager, "id"))


async def publish_for(bot: Bot, services: Services, user_id: int) -> bool:
    """Write the user's "/" list for their role and language into their chat.

    False when Telegram refuses because the user never opened the bot (there is no chat to
    attach a list to); the caller may warn whoever granted the role."""
    user = await users.get(services.db, user_id)
    lang = user.language if user else services.settings.default_language
    audience = (
        audience_of(services, user)
        if user
        else (Audience.ADMIN if user_id in services.settings.admin_ids else Audience.EVERYONE)
    )
    commands = published(services, commands_for(audience), lang)
    try:
        await bot.set_my_commands(commands, scope=BotCommandScopeChat(user_id))
    except (BadRequest, Forbidden):  # "chat not found": the user never opened the bot
        return False
    except TelegramError as exc:  # the list is a convenience; the role works without it
        log.warning("command list not published: %s", type(exc).__name__)
        return False
    if user is not None:
        await users.set_menu_version(services.db, user_id, MENU_VERSION)
    return True


async def republish_stale(bot: Bot, services: Services, pause: float = REPUBLISH_PAUSE) -> int:
    """Start-up: every chat whose own list predates MENU_VERSION gets the current one (after
    an upgrade, officials keep /perangkat although the villagers' default list lacks it).
    Returns how many were published; a user who never opened the bot is left for later."""
    published = 0
    try:
        for user_id in await users.with_stale_menu(services.db, MENU_VERSION):
            published += await publish_for(bot, services, user_id)
            await asyncio.sleep(pause)
    except Exception as exc:  # the bot stopping meanwhile: the rest waits for the next start
        log.warning("command lists not all republished: %s", type(exc).__name__)
    return published


async def forget(bot: Bot, user_id: int) -> None:
    """After /hapusdata: the chat falls back to the default lists (nothing of the role kept)."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(user_id))
    except TelegramError as exc:
        log.info("command list not deleted: %s", type(exc).__name__)
