"""Free text goes to the user's running dialogue (restored from the database), else to the FAQ.

Dialogue state is a row per user (``bot.platform.db.dialogs``) written at every step, so a restart
in
the middle of a dialogue loses nothing: the next message continues at the saved step.
A dialogue belongs to the user AND the chat it started in (the chat id is kept in its data):
what the user writes in a group never feeds a dialogue of their private chat, and the
dialogue's replies never land in the group.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.platform.db import dialogs
from bot.platform.db.dialogs import DialogState
from handlers.shared.context import BotContext
from handlers.shared.session import Session, begin

CHAT_KEY = "_chat"

StepHandler = Callable[[Update, BotContext, Session, DialogState], Awaitable[None]]
TextHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Session], Awaitable[None]]


def text_router(
    flows: Mapping[str, StepHandler], otherwise: TextHandler
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """One MessageHandler callback for all free text: dialogue step first, else ``otherwise``."""

    async def route(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert isinstance(context, BotContext)  # the application's context type (bot/app.py)
        session = await begin(update, context)
        state = await current(session)
        if state is not None and state.flow in flows:
            await flows[state.flow](update, context, session, state)
        elif update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            # Groups (e.g. the officers' chat) talk among themselves: not FAQ questions.
            await otherwise(update, context, session)

    return route


async def current(session: Session) -> DialogState | None:
    """The user's dialogue if it runs in this chat (one saved before chats were recorded ran
    in the private chat)."""
    state = await dialogs.get(session.services.db, session.user.user_id)
    if state is None or state.data.get(CHAT_KEY, session.user.user_id) != session.chat_id:
        return None
    return state


async def save(session: Session, state: DialogState) -> None:
    data = {**state.data, CHAT_KEY: session.chat_id}
    await dialogs.save(session.services.db, session.user.user_id, replace(state, data=data))


async def end(session: Session) -> None:
    await dialogs.clear(session.services.db, session.user.user_id)


async def end_flow(session: Session, flow: str) -> None:
    """End the user's dialogue only if it is ``flow``: an old "Batal" of one feature must not
    end another feature's dialogue."""
    state = await current(session)
    if state is not None and state.flow == flow:
        await dialogs.clear(session.services.db, session.user.user_id)


def media_router(
    flows: Mapping[str, StepHandler],
    otherwise: Callable[[Update, BotContext], Coroutine[Any, Any, None]],
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    """Photos and files go to the running dialogue that waits for one, else ``otherwise``."""

    async def route(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert isinstance(context, BotContext)  # the application's context type (bot/app.py)
        session = await begin(update, context)
        state = await current(session)
        if state is not None and state.flow in flows:
            await flows[state.flow](update, context, session, state)
        else:
            await otherwise(update, context)

    return route
