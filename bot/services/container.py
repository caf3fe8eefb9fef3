"""The services every handler reaches through ``context.bot_data`` (built in ``bot.app``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.domain.faq.index import FaqIndex
from bot.domain.iuran import RateTable
from bot.domain.rules import RuleSet
from bot.platform.config import Settings
from bot.platform.content import Lesson
from bot.platform.crypto import PersonalDataCipher
from bot.platform.db import officers, users
from bot.platform.db.connection import Database
from bot.platform.db.officers import EVERYWHERE, NOWHERE, Scope
from bot.platform.db.users import User
from bot.platform.i18n import I18n
from bot.services.broadcast import BroadcastWorker
from bot.services.voice import VoiceService

SERVICES_KEY = "services"
# last_seen is informational; writing it on every update would double the writes per reply.
SEEN_WRITE_INTERVAL = 300.0


@dataclass
class UserDirectory:
    """Users by Telegram id over the ``users`` table.

    The row (role, language) is read from the database on every update, never kept between
    updates: a role or scope changed by an admin, by another process or by hand in the
    database takes effect on the user's next update (one primary-key read, ~0.3 ms).
    Only the time of the last ``last_seen`` write is remembered, to spare writes.
    """

    db: Database
    _seen_at: dict[int, float] = field(default_factory=dict)

    async def touch(self, user_id: int, display_name: str, telegram_language: str) -> users.User:
        user = await users.get(self.db, user_id)
        if user is None:
            user = await users.register(self.db, user_id, display_name, telegram_language)
        elif time.monotonic() - self._seen_at.get(user_id, 0.0) > SEEN_WRITE_INTERVAL:
            await users.mark_seen(self.db, user_id, display_name)
        self._seen_at.setdefault(user_id, time.monotonic())
        return user

    async def set_language(self, user_id: int, language: str) -> None:
        await users.set_language(self.db, user_id, language)

    def forget(self, user_id: int) -> None:
        """After /hapusdata: the next update registers the user afresh."""
        self._seen_at.pop(user_id, None)


@dataclass
class Services:
    settings: Settings
    db: Database
    i18n: I18n
    lessons: list[Lesson]
    faq: FaqIndex
    rates: RateTable
    users: UserDirectory
    rules: RuleSet  # Desa Sadar criteria, loaded once at start-up
    cipher: PersonalDataCipher | None = None
    # The broadcast worker (bot/services/broadcast.py), started in post_init; None in pure unit
    # setups.
    broadcaster: BroadcastWorker | None = None
    # 🔊 Dengarkan (bot/services/voice.py); None where the synthesiser is not installed.
    voice: VoiceService | None = None

    def is_officer(self, user: User) -> bool:
        """Officers and admins; checked on the server for every command and button press."""
        return user.user_id in self.settings.admin_ids or user.role in {"petugas", "admin"}

    def is_admin(self, user: User) -> bool:
        """Admins: named in DESABOT_ADMIN_IDS or given the admin role."""
        return user.user_id in self.settings.admin_ids or user.role == "admin"

    async def scope(self, user: User) -> Scope:
        """Where this officer may act: everything for admins, else their kab/kota."""
        if user.user_id in self.settings.admin_ids or user.role == "admin":
            return EVERYWHERE
        if user.role != "petugas":
            return NOWHERE
        return await officers.scope_of(self.db, user.user_id)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)
