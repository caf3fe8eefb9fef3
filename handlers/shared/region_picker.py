"""The region picker: provinsi → kab/kota → kecamatan → desa, paginated, or a typed name.

One picker serves several purposes (a villager's subscription, claiming a village, an
officer's invite, an announcement's audience, an officer's kab/kota); the purpose is the first
part of the callback data, and the chosen region goes to that purpose's handler (the mapping is
given where the picker is registered, ``bot/app.py``). A purpose says which levels it accepts:
a village for a subscription, a kab/kota for an officer's scope, any area for an audience.

At every step the user may type a name instead of browsing: a province, kab/kota, kecamatan or
village, anywhere in the country, with typos forgiven ("Jawa Timur", "Tamansari, Jember").
Results show kecamatan and kab/kota, because names repeat.

A dialogue that opens the picker in its middle (the /siaran composer, /petugas) hands over its
own state as ``keep``: it is stored inside the picker's state and put back before the purpose's
handler runs, or when the user goes back, so nothing written so far is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

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
from handlers.shared.session import Session, acknowledge, reply

PICK = Prefix.REGION  # rg:<purpose>:<code>:<page> · rg:<purpose>:=:<code> · rg:<purpose>:?:<page>
FLOW = "pick"
PAGE_SIZE = 8
VILLAGE_LEVEL = 4
CHOOSE, RESULTS = "=", "?"
SENTENCE_WORDS = 4

# What a purpose does with the chosen region (e.g. subscribe to its news, claim it).
Chosen = Callable[[Update, BotContext, Session, str], Awaitable[None]]


@dataclass(frozen=True)
class Purpose:
    """Why the picker is open: ``code`` goes into every button, ``levels`` are the region
    levels the purpose accepts (1 provinsi … 4 desa/kelurahan)."""

    code: str
    levels: frozenset[int] = frozenset({VILLAGE_LEVEL})

    @property
    def final(self) -> int:
        """The deepest level accepted: pressing such a region chooses it, no further step."""
        return max(self.levels)


Purposes = Mapping[str, tuple[Purpose, Chosen]]


async def open_picker(
    update: Update,
    session: Session,
    purpose: Purpose,
    *,
    keep: DialogState | None = None,
    back: str | None = None,
    start: str | None = None,
    edit: bool = True,
) -> None:
    """Show the provinces, or the children of ``start`` (an officer's own kab/kota; "⬆️ Naik"
    leads out of it). ``keep``: the caller's dialogue, restored afterwards; ``back``: the
    callback data of the caller's "◀️ Kembali" (which must restore ``keep``, see
    :func:`take_kept`); ``edit=False`` sends the picker as a new message instead of replacing
    the pressed one (the 🔔 under an FAQ answer keeps the answer)."""
    extra: dict[str, Any] = {}
    if keep is not None:
        extra["keep"] = {"flow": keep.flow, "step": keep.step, "data": keep.data}
    if back is not None:
        extra["back"] = back
    await _show_level(update, session, purpose, start, 0, extra, edit=edit)


async def take_kept(session: Session, flow: str) -> DialogState | None:
    """The caller's dialogue ``flow``: the current one, or the one kept inside an open picker
    (which is then put back in place of the picker)."""
    state = await dialogs.current(session)
    if state is not None and state.flow == FLOW and isinstance(state.data.get("keep"), dict):
        kept = state.data["keep"]
        if kept.get("flow") == flow:
            restored = DialogState(flow, str(kept["step"]), dict(kept["data"]))
            await dialogs.save(session, restored)
            return restored
    return state if state is not None and state.flow == flow else None


async def _carried(session: Session, purpose: Purpose) -> dict[str, Any]:
    """What the open picker of this purpose carries from screen to screen (keep, back)."""
    state = await dialogs.current(session)
    if state is None or state.flow != FLOW or state.data.get("purpose") != purpose.code:
        return {}
    return {k: state.data[k] for k in ("keep", "back") if k in state.data}


async def _show_level(
    update: Update,
    session: Session,
    purpose: Purpose,
    parent: str | None,
    page: int,
    carried: dict[str, Any],
    *,
    edit: bool = True,
) -> None:
    db = session.services.db
    found, total = await regions.children(db, parent, page * PAGE_SIZE, PAGE_SIZE)
    level = 1 if parent is None else parent.count(".") + 2
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(r.name, callback_data=pack(PICK, purpose.code, r.code, 0))]
        for r in found
    ]
    has_next = (page + 1) * PAGE_SIZE < total
    rows.append(pager_row(PICK, purpose.code, parent or "", page=page, has_next=has_next))
    trail = await regions.path(db, parent) if parent else []
    if parent is not None and level - 1 in purpose.levels:
        name = regions.short_label(trail)
        choose = pack(PICK, purpose.code, CHOOSE, parent)
        rows.append(
            [InlineKeyboardButton(_("✅ Pilih: %(name)s") % {"name": name}, callback_data=choose)]
        )
    if parent is not None:
        up = parent.rsplit(".", 1)[0] if "." in parent else ""
        rows.append(
            [InlineKeyboardButton(_("⬆️ Naik"), callback_data=pack(PICK, purpose.code, up, 0))]
        )
    # Whatever the step, a typed name is a search (never a question for the FAQ).
    data = {"purpose": purpose.code, "at": parent or "", **carried}
    await dialogs.save(session, DialogState(FLOW, "name", data))
    text = session.render(
        "region_pick",
        level=level,
        trail=[r.name for r in trail],
        total=total,
        target=purpose.final,
    )
    await reply(update, text, [*rows, _exit_row(carried)], edit=edit)


def _exit_row(carried: Mapping[str, Any]) -> list[InlineKeyboardButton]:
    """Back to the dialogue that opened the picker, or to the main menu."""
    back = carried.get("back")
    if isinstance(back, str):
        return [InlineKeyboardButton(_("◀️ Kembali"), callback_data=back)]
    return back_to_menu_row()


def picker_button_handler(purposes: Purposes) -> Handler:
    """Callback for every picker button; a region chosen goes to its purpose's handler."""

    async def on_button(update: Update, context: BotContext) -> None:
        session = context.session
        data = pressed(update)
        entry = purposes.get(data.part(0))
        code = data.part(1)
        if entry is None:
            await stale_button(update, context)
            return
        purpose = entry[0]
        if code == RESULTS:
            await _results_page(update, context, purpose, data.int_part(2))
            return
        if code == CHOOSE:
            code = data.part(2)
            if not await _known(session, code) or code.count(".") + 1 not in purpose.levels:
                await stale_button(update, context)
                return
            await acknowledge(update)
            await _choose(update, context, purposes, purpose, code)
            return
        if code and not await _known(session, code):
            await stale_button(update, context)
            return
        await acknowledge(update)
        if code and code.count(".") + 1 == purpose.final:
            await _choose(update, context, purposes, purpose, code)
            return
        page = max(data.int_part(2), 0)
        await _show_level(
            update, session, purpose, code or None, page, await _carried(session, purpose)
        )

    return on_button


async def _choose(
    update: Update, context: BotContext, purposes: Purposes, purpose: Purpose, code: str
) -> None:
    """Put back the caller's dialogue (or end the picker's), then hand the region over."""
    session = context.session
    state = await dialogs.current(session)
    kept = state.data.get("keep") if state is not None and state.flow == FLOW else None
    if isinstance(kept, dict) and state is not None and state.data.get("purpose") == purpose.code:
        await dialogs.save(session, DialogState(str(kept["flow"]), str(kept["step"]), kept["data"]))
    elif state is not None and state.flow == FLOW:
        await dialogs.end(session)
    await purposes[purpose.code][1](update, context, session, code)


async def _known(session: Session, code: str) -> bool:
    """A region of the Kemendagri list (a forged "99.99.99.9999" is not): the picker only
    lists what exists, and only a level the purpose accepts goes on to it."""
    return regions.valid_code(code) and await regions.get(session.services.db, code) is not None


async def open_search(
    update: Update,
    session: Session,
    purpose: Purpose,
    text: str,
    *,
    keep: DialogState | None = None,
    back: str | None = None,
) -> None:
    """The results for a name the caller's dialogue was typed (e.g. a kab/kota in /petugas),
    as if typed in the picker: the same buttons, pages and way back."""
    data: dict[str, Any] = {"purpose": purpose.code, "at": ""}
    if keep is not None:
        data["keep"] = {"flow": keep.flow, "step": keep.step, "data": keep.data}
    if back is not None:
        data["back"] = back
    await _search(update, session, purpose, DialogState(FLOW, "name", data), text)


async def _search(
    update: Update, session: Session, purpose: Purpose, state: DialogState, text: str
) -> None:
    await _show_found(
        update, session, purpose, state, text, await _find(session, purpose, state, text)
    )


async def _find(
    session: Session, purpose: Purpose, state: DialogState, text: str
) -> list[regions.Region]:
    near = str(state.data.get("at") or "")
    return await regions.search(session.services.db, text[:100], max_level=purpose.final, near=near)


async def _show_found(
    update: Update,
    session: Session,
    purpose: Purpose,
    state: DialogState,
    text: str,
    found: list[regions.Region],
) -> None:
    if len(found) == 1 and found[0].level not in purpose.levels:
        # One province or kab/kota ("Jawa Timur"): straight into its list, the name on top
        # says where the user is, and "⬆️ Naik" undoes it.
        carried: dict[str, Any] = {k: state.data[k] for k in ("keep", "back") if k in state.data}
        await _show_level(update, session, purpose, found[0].code, 0, carried)
        return
    data = {**state.data, "query": text[:100], "found": [r.code for r in found]}
    await dialogs.save(session, DialogState(FLOW, "name", data))
    await _show_results(update, session, purpose, data, 0, edit=False)


def _looks_like_a_sentence(text: str) -> bool:
    """ "berapa iuran jkk sebulan?" is a question, not a place: no region name has a question
    mark, and very few have more than four words."""
    return "?" in text or len(text.split()) > SENTENCE_WORDS


def name_step_handler(
    purposes: Purposes, otherwise: dialogs.TextHandler | None = None
) -> dialogs.StepHandler:
    """Dialogue step: the user typed a name at any step of the picker. A sentence that names
    no region leaves the picker and goes to ``otherwise`` (the FAQ): a villager who opened the
    picker and then asks a question is answered, not told the place does not exist. A picker
    that keeps a caller's dialogue stays (the caller's draft would be lost)."""

    async def on_text(
        update: Update, context: BotContext, session: Session, state: DialogState
    ) -> None:
        text = (update.effective_message.text if update.effective_message else "") or ""
        entry = purposes.get(str(state.data.get("purpose")))
        if entry is None:  # a purpose that no longer exists: leave the picker
            await dialogs.end(session)
            await reply(update, session.render("stale_button"), [back_to_menu_row()])
            return
        purpose = entry[0]
        found = await _find(session, purpose, state, text)
        # Only a picker opened on its own leaves for the FAQ: one that keeps a caller's
        # dialogue (the /siaran draft, /petugas) answers "not found" with its way back,
        # so the draft is never thrown away.
        standalone = "keep" not in state.data
        if not found and otherwise is not None and standalone and _looks_like_a_sentence(text):
            await dialogs.end(session)
            await otherwise(update, context, session)
            return
        await _show_found(update, session, purpose, state, text, found)

    return on_text


async def _results_page(update: Update, context: BotContext, purpose: Purpose, page: int) -> None:
    session = context.session
    state = await dialogs.current(session)
    if state is None or state.flow != FLOW or state.data.get("purpose") != purpose.code:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await _show_results(update, session, purpose, state.data, max(page, 0))


async def _show_results(
    update: Update,
    session: Session,
    purpose: Purpose,
    data: Mapping[str, Any],
    page: int,
    *,
    edit: bool = True,
) -> None:
    codes = [str(c) for c in data.get("found", [])]
    query = str(data.get("query", ""))
    shown = codes[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    paths = await regions.paths_of(session.services.db, shown)
    # A result the purpose accepts is chosen with one press ("Kab. Jember" for an audience);
    # any other opens its list (a kecamatan when a village is wanted).
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                regions.short_label(paths[code]),
                callback_data=pack(PICK, purpose.code, CHOOSE, code)
                if code.count(".") + 1 in purpose.levels
                else pack(PICK, purpose.code, code, 0),
            )
        ]
        for code in shown
        if code in paths
    ]
    has_next = (page + 1) * PAGE_SIZE < len(codes)
    rows.append(pager_row(PICK, purpose.code, RESULTS, page=page, has_next=has_next))
    at = str(data.get("at") or "")
    browse = pack(PICK, purpose.code, at, 0)
    rows.append([InlineKeyboardButton(_("📋 Pilih dari daftar"), callback_data=browse)])
    carried = {k: data[k] for k in ("keep", "back") if k in data}
    template = "region_matches" if codes else "region_not_found"
    full = len(codes) >= regions.MAX_FOUND  # more exist than are kept: "40+"
    text = session.render(
        template,
        text=query,
        count=f"{len(codes)}+" if full else len(codes),
        page=page + 1,
        pages=max(1, -(-len(codes) // PAGE_SIZE)),
        target=purpose.final,
        full=full,
    )
    await reply(update, text, [*rows, _exit_row(carried)], edit=edit)


async def village_label(session: Session, code: str) -> str:
    return regions.label(await regions.path(session.services.db, code))


async def place_name(session: Session, code: str) -> str:
    """A villager's view of a place: the name as on the picker's buttons, no code."""
    return regions.short_label(await regions.path(session.services.db, code))
