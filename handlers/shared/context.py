"""PTB's own idioms for what every handler needs: the session in the context, guards at
registration.

* :class:`BotContext` is the application's ``CallbackContext`` (``ContextTypes(context=…)``).
  PTB builds ONE per update and hands it to every handler group, so :func:`load_session`,
  registered as a ``TypeHandler`` in group −2, registers or refreshes the user once and every
  handler reads ``context.session`` (role and language read from the database per update: a
  revoked officer loses rights on the next update, in every process).
* :func:`officers_only`, :func:`admins_only` and :func:`private_only` wrap a callback where it
  is registered (``bot/app.py``), so a role is checked on the server for every command, button
  press and typed answer, and the refusal is the same everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext, ExtBot

from bot.platform.db.users import User
from bot.services.container import SERVICES_KEY, Services
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.session import Session, acknowledge, open_session, reply
from handlers.shared.session import private_only as private_chat_only

_SESSION_KEY = "desabot.session"

# What PTB registers: a coroutine function of the update and this context.
Handler = Callable[[Update, "BotContext"], Coroutine[Any, Any, None]]
Guard = Callable[[Handler], Handler]


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context of one update: the services and the session of the user behind it."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self._session: Session | None = None

    @property
    def services(self) -> Services:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services

    @property
    def session(self) -> Session:
        """Set by :func:`load_session` before any handler of group 0 runs."""
        assert self._session is not None, "load_session runs in group -1 for updates with a user"
        return self._session

    def attach(self, session: Session) -> None:
        self._session = session


async def load_session(update: Update, context: BotContext) -> None:
    """Group −2: know the user (their row, role and language) once per update."""
    if update.effective_user is None:
        return
    try:
        context.attach(await open_session(update, context.services, update.effective_user))
    except Exception as exc:
        # No handler can run without the session: one apology (the error handler), then stop
        # this update instead of failing again in every handler group.
        await context.application.process_error(update, exc)
        raise ApplicationHandlerStop from exc


def _role_guard(allowed: Callable[[Services, User], bool], refusal: str) -> Guard:
    """A guard that lets a callback run only for users ``allowed`` says yes to; everyone else
    (a forged or old button included) gets ``refusal``."""

    def guard(callback: Handler) -> Handler:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> None:
            session = context.session
            if not allowed(session.services, session.user):
                await refuse(update, session, refusal)
                return
            await callback(update, context)

        return guarded

    return guard


# Officers and admins; admins only (DESABOT_ADMIN_IDS or the admin role).
officers_only = _role_guard(Services.is_officer, "officer_only")
admins_only = _role_guard(Services.is_admin, "admin_only")


def private_only(callback: Handler) -> Handler:
    """Dialogues and personal data stay in the user's private chat with the bot."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> None:
        if await private_chat_only(update, context.session):
            await callback(update, context)

    return guarded


async def refuse(update: Update, session: Session, template: str) -> None:
    """The one refusal: a notice on the button (if any) and a message that says why, with the
    way back to the menu."""
    await acknowledge(update, session.render(template))
    await reply(update, session.render(template), [back_to_menu_row()], edit=False)
