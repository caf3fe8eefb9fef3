"""Free text goes to the user's running dialogue (restored from the database), else to the FAQ.

Dialogue state is a row per user (``bot.platform.db.dialogs``) written at every step, so a
restart in the middle of a dialogue loses nothing: the next message continues at the saved step.
A dialogue belongs to the user AND the chat it started in (the chat id is kept in its data):
what the user writes in a group never feeds a dialogue of their private chat, and the
dialogue's replies never land in the group.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace

from telegram import Update
from telegram.constants import ChatType

from bot.platform.db import dialogs
from bot.platform.db.dialogs import DialogState
from bot.platform.db.users import User
from bot.services.container import Services
from handlers.shared.context import BotContext, Handler, refuse
from handlers.shared.session import Session

CHAT_KEY = "_chat"

StepHandler = Callable[[Update, BotContext, Session, DialogState], Awaitable[None]]
TextHandler = Callable[[Update, BotContext, Session], Awaitable[None]]


def text_router(flows: Mapping[str, StepHandler], otherwise: TextHandler) -> Handler:
    """One MessageHandler callback for all free text: dialogue step first, else ``otherwise``."""

    async def route(update: Update, context: BotContext) -> None:
        session = context.session
        state = await current(session)
        if state is not None and state.flow in flows:
            await flows[state.flow](update, context, session, state)
        elif update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            # Groups (e.g. the officers' chat) talk among themselves: not FAQ questions.
            await otherwise(update, context, session)

    return route


def _step_guard(
    allowed: Callable[[Services, User], bool], refusal: str
) -> Callable[[StepHandler], StepHandler]:
    """The role guard for a typed dialogue step, applied where the flow is registered: a
    typed answer passes no command or button guard, and the role may have been taken away
    since the dialogue began. Whoever lacks it leaves the dialogue (so their next text is an
    ordinary question again) and is told why."""

    def guard(step: StepHandler) -> StepHandler:
        @functools.wraps(step)
        async def guarded(
            update: Update, context: BotContext, session: Session, state: DialogState
        ) -> None:
            if not allowed(session.services, session.user):
                await end(session)
                await refuse(update, session, refusal)
                return
            await step(update, context, session, state)

        return guarded

    return guard


officers_step = _step_guard(Services.is_officer, "officer_only")
admins_step = _step_guard(Services.is_admin, "admin_only")


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


def leave_on_command(drafts: frozenset[str]) -> Handler:
    """Before any command (group −1): a command leaves the half-finished dialogue of its chat,
    except a draft of ``drafts`` (an announcement being written: /statistik in between must
    not throw it away; its own command brings it back).

    A user who opens /tanya, /program or /bahasa in the middle of the calculator, or /perangkat
    in the middle of correcting a member, has left that dialogue; kept open, their next
    question was read as an income ("could not read that number"), and a number typed for
    another member was saved to the one left behind. A command that starts a dialogue starts
    its own afterwards."""

    async def leave(update: Update, context: BotContext) -> None:
        session = context.session
        state = await current(session)
        if state is None:
            return
        kept = state.data.get("keep")  # a draft waiting inside a picker (region_picker.keep)
        if state.flow in drafts or (isinstance(kept, dict) and kept.get("flow") in drafts):
            return
        await end(session)

    return leave


async def end_flow(session: Session, flow: str) -> None:
    """End the user's dialogue only if it is ``flow``: an old "Batal" of one feature must not
    end another feature's dialogue."""
    state = await current(session)
    if state is not None and state.flow == flow:
        await dialogs.clear(session.services.db, session.user.user_id)


def media_router(
    flows: Mapping[str, StepHandler],
    otherwise: Handler,
) -> Handler:
    """Photos and files go to the running dialogue that waits for one, else ``otherwise``."""

    async def route(update: Update, context: BotContext) -> None:
        session = context.session
        state = await current(session)
        if state is not None and state.flow in flows:
            await flows[state.flow](update, context, session, state)
        else:
            await otherwise(update, context)

    return route
