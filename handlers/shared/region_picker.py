"""The region picker: provinsi → kab/kota → kecamatan → desa, paginated, or type a name.

One picker serves several purposes (a villager's subscription, claiming a village, an
officer's invite); the purpose is the first part of the callback data, and the chosen village
goes to that purpose's handler (the mapping is given where the picker is registered,
``bot/app.py``).
Every confirmation shows kecamatan, kab/kota and code: village names repeat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import _
from bot.services import regions
from handlers.shared import dialogs
from handlers.shared.context import BotContext, Handler
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pager_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PICK = Prefix.REGION
FLOW = "pick"
PAGE_SIZE = 8
VILLAGE_LEVEL = 4

# What a purpose does with the chosen village (e.g. subscribe to its news, claim it).
Chosen = Callable[[Update, BotContext, Session, str], Awaitable[None]]


async def open_picker(update: Update, session: Session, purpose: str, *, edit: bool = True) -> None:
    """The provinces; ``edit=False`` sends them as a new message instead of replacing the
    pressed one (the 🔔 under an FAQ answer keeps the answer)."""
    await _show_level(update, session, purpose, None, 0, edit=edit)


async def _show_level(
    update: Update,
    session: Session,
    purpose: str,
    parent: str | None,
    page: int,
    *,
    edit: bool = True,
) -> None:
    db = session.services.db
    found, total = await regions.children(db, parent, page * PAGE_SIZE, PAGE_SIZE)
    level = 1 if parent is None else parent.count(".") + 2
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(r.name, callback_data=pack(PICK, purpose, r.code, 0))] for r in found
    ]
    has_next = (page + 1) * PAGE_SIZE < total
    rows.append(pager_row(PICK, purpose, parent or "", page=page, has_next=has_next))
    if parent is not None:
        up = parent.rsplit(".", 1)[0] if "." in parent else ""
        rows.append([InlineKeyboardButton(_("⬆️ Naik"), callback_data=pack(PICK, purpose, up, 0))])
    if level >= 3 and parent is not None:
        # Within a kab/kota the user may type the village's name instead of browsing.
        await dialogs.save(
            session, DialogState(FLOW, "name", {"purpose": purpose, "within": parent})
        )
    trail = await regions.path(db, parent) if parent else []
    text = session.render("region_pick", level=level, trail=[r.name for r in trail], total=total)
    await reply(update, text, [*rows, back_to_menu_row()], edit=edit)


def picker_button_handler(purposes: Mapping[str, Chosen]) -> Handler:
    """Callback for every picker button; a village chosen goes to its purpose's handler."""

    async def on_button(update: Update, context: BotContext) -> None:
        session = context.session
        data = pressed(update)
        purpose, code, page = data.part(0), data.part(1), data.int_part(2)
        if purpose not in purposes or (code and not await _known(session, code)):
            await stale_button(update, context)
            return
        await acknowledge(update)
        if code and code.count(".") + 1 == VILLAGE_LEVEL:
            await dialogs.end(session)
            await purposes[purpose](update, context, session, code)
            return
        await _show_level(update, session, purpose, code or None, max(page, 0))

    return on_button


async def _known(session: Session, code: str) -> bool:
    """A region of the Kemendagri list (a forged "99.99.99.9999" is not): the picker only
    lists what exists, and only a desa/kelurahan goes on to a purpose."""
    return regions.valid_code(code) and await regions.get(session.services.db, code) is not None


def name_step_handler(purposes: Mapping[str, Chosen]) -> dialogs.StepHandler:
    """Dialogue step: the user typed a village name inside the chosen kab/kota or kecamatan."""

    async def on_text(
        update: Update, context: BotContext, session: Session, state: DialogState
    ) -> None:
        text = (update.effective_message.text if update.effective_message else "") or ""
        purpose, within = str(state.data["purpose"]), str(state.data["within"])
        matches = await regions.search_villages(session.services.db, text, within, limit=5)
        if not matches:
            await reply(
                update, session.render("region_not_found", text=text), _retry_rows(purpose, within)
            )
            return
        rows: Keyboard = [
            [
                InlineKeyboardButton(
                    await _short_label(session, r.code),
                    callback_data=pack(PICK, purpose, r.code, 0),
                )
            ]
            for r, _score in matches
        ]
        await reply(
            update, session.render("region_matches"), [*rows, *_retry_rows(purpose, within)]
        )

    return on_text


def _retry_rows(purpose: str, within: str) -> Keyboard:
    return [
        [
            InlineKeyboardButton(
                _("📋 Pilih dari daftar"), callback_data=pack(PICK, purpose, within, 0)
            )
        ]
    ]


async def _short_label(session: Session, code: str) -> str:
    """Button text: "Sukosewu, Kec. Gandusari" — the kecamatan tells same-named villages apart."""
    path = await regions.path(session.services.db, code)
    village, district = path[-1], path[-2]
    return f"{village.name}, Kec. {district.name}"


async def village_label(session: Session, code: str) -> str:
    return regions.label(await regions.path(session.services.db, code))
