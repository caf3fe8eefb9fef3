"""/verifikasi (officers): the villagers' pending claims of a village and the villages that
asked for verification of their self-check, within the officer's kab/kota scope; approve or
reject each, with an optional note that the claimant or the village officials receive.

The role is checked by the guard at registration, the scope here; a decision is one
transaction in ``bot.services.village_lifecycle``, so two officers cannot both decide.
"""

from __future__ import annotations

from datetime import date, datetime

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.db import users, villages
from bot.platform.db.dialogs import DialogState
from bot.platform.db.villages import Claim
from bot.platform.i18n import _
from bot.services import command_menus, regions
from bot.services import village_lifecycle as lifecycle
from handlers.petugas._scope import village_in_scope
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pager_row, pressed
from handlers.shared.officer_notices import language_of, send_quietly
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import village_label
from handlers.shared.self_check import render_check
from handlers.shared.session import Keyboard, Session, acknowledge, reply
from handlers.shared.village_roles import role_label

NOTE_FLOW = "claim_note"
PAGE_SIZE = 5
MAX_NOTE = 500
# ver:skip:<claim>:<ok|no> ends the note dialogue of a claim; the other ver:* buttons go to
# on_button.
SKIP_PATTERN = rf"^{Prefix.VERIFY}:skip:"


# --- the list ------------------------------------------------------------------------------


async def list_claims(update: Update, context: BotContext) -> None:
    """/verifikasi and its pager (ver:list:<page>): claims, then villages waiting."""
    session = context.session
    await acknowledge(update)
    data = pressed(update)
    page = max(data.int_part(1), 0) if data.part(0) == "list" else 0
    scope = await session.services.scope(session.user)
    found, total = await villages.pending_claims(
        session.services.db,
        page * PAGE_SIZE,
        PAGE_SIZE,
        None if scope.everything else scope.kab_codes,
    )
    items = [
        (
            c.id,
            await village_label(session, c.village_code),
            role_label(c.role),
            *await _by(session, c),
        )
        for c in found
    ]
    nav = pager_row(Prefix.VERIFY, "list", page=page, has_next=(page + 1) * PAGE_SIZE < total)
    waiting, verifications = await _verification_rows(session)
    text = session.render(
        "claims_list",
        items=items,
        total=total,
        verifications=verifications,
        verifications_shown=len(waiting),
    )
    await reply(update, text, [*_decision_rows(found), nav, *waiting, back_to_menu_row()])


async def _by(session: Session, claim: Claim) -> tuple[str, int | None, date]:
    """Who asks and since when: their Telegram name, linked so the officer can open their
    profile and write to them before deciding (two claims for one seat look alike otherwise)."""
    claimant = (
        None if claim.user_id is None else await users.get(session.services.db, claim.user_id)
    )
    name = claimant.display_name if claimant else "—"
    return name, claim.user_id, datetime.fromisoformat(claim.created_at).date()


def _decision_rows(claims: list[Claim]) -> Keyboard:
    return [
        [
            InlineKeyboardButton(f"✅ #{c.id}", callback_data=pack(Prefix.VERIFY, "ok", c.id)),
            InlineKeyboardButton(f"❌ #{c.id}", callback_data=pack(Prefix.VERIFY, "no", c.id)),
        ]
        for c in claims
    ]


async def _verification_rows(session: Session) -> tuple[Keyboard, int]:
    """Buttons for the oldest villages waiting for verification in the officer's scope,
    and how many wait in all."""
    scope = await session.services.scope(session.user)
    codes, total = await villages.pending_verifications(
        session.services.db, None if scope.everything else scope.kab_codes, PAGE_SIZE
    )
    rows = [
        [
            InlineKeyboardButton(
                f"🔎 {await _short(session, code)}", callback_data=pack(Prefix.VERIFY, "v", code)
            )
        ]
        for code in codes
    ]
    return rows, total


async def _short(session: Session, code: str) -> str:
    path = await regions.path(session.services.db, code)
    return f"{path[-1].name}, Kec. {path[-2].name}" if len(path) >= 2 else code


# --- the buttons ---------------------------------------------------------------------------


async def on_button(update: Update, context: BotContext) -> None:
    """ver:list · ver:ok|no:<claim> · ver:v:<village> · ver:va|vr:<village> ·
    ver:skipv:<village>:<va|vr> · ver:x"""
    data = pressed(update)
    action = data.part(0)
    if action == "list":
        await list_claims(update, context)
    elif action in ("ok", "no"):
        await _ask_claim_note(update, context, data.int_part(1), action == "ok")
    elif action == "v":
        await _review_village(update, context, data.part(1))
    elif action in ("va", "vr"):
        await _ask_village_note(update, context, data.part(1), action == "va")
    elif action == "skipv":
        await _skip_village_note(update, context, data.part(1), data.part(2))
    elif action == "x":  # ✖️ Batal under a note prompt: nothing decided, back to the list
        await dialogs.end_flow(context.session, NOTE_FLOW)
        await list_claims(update, context)
    else:
        await stale_button(update, context)


async def _ask_claim_note(
    update: Update, context: BotContext, claim_id: int, approve: bool
) -> None:
    session = context.session
    claim = await villages.get_claim(session.services.db, claim_id)
    if claim is None:
        await stale_button(update, context)
        return
    await acknowledge(update)
    if claim.status != "pending":
        await reply(update, session.render("claim_already_decided"), edit=False)
        return
    await dialogs.save(
        session, DialogState(NOTE_FLOW, "note", {"claim": claim.id, "approve": approve})
    )
    decision = "ok" if approve else "no"
    skip = _skip_row(pack(Prefix.VERIFY, "skip", claim.id, decision))
    text = session.render("claim_note_prompt", id=claim.id, approve=approve)
    await reply(update, text, skip, edit=False)


def _skip_row(data: str) -> Keyboard:
    """Under a note prompt: decide without a note (the button names the decision it was shown
    with, so an older prompt can never make the other one), or go back undecided."""
    return [
        [InlineKeyboardButton(_("⏭️ Tanpa catatan"), callback_data=data)],
        [InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(Prefix.VERIFY, "x"))],
    ]


async def _review_village(update: Update, context: BotContext, code: str) -> None:
    """The officer sees the village's self-check as a reviewer (no advice addressed to the
    kepala desa), then decides."""
    session = context.session
    if not await village_in_scope(update, context, code):
        return
    await acknowledge(update)
    text, _report, _snapshot, _verification = await render_check(session, code)
    rows: Keyboard = [
        [
            InlineKeyboardButton(_("✅ Verifikasi"), callback_data=pack(Prefix.VERIFY, "va", code)),
            InlineKeyboardButton(_("❌ Tolak"), callback_data=pack(Prefix.VERIFY, "vr", code)),
        ],
        back_to_menu_row(),
    ]
    await reply(update, text, rows, edit=False)


async def _ask_village_note(update: Update, context: BotContext, code: str, approve: bool) -> None:
    session = context.session
    if not (await session.services.scope(session.user)).covers(code):
        await acknowledge(update, session.render("outside_scope"))
        return
    await acknowledge(update)
    if not await villages.verification_open(session.services.db, code):
        # Decided by this or another officer since the button was sent: no note to ask for.
        await reply(update, session.render("claim_already_decided"), edit=False)
        return
    await dialogs.save(
        session, DialogState(NOTE_FLOW, "note", {"village": code, "approve": approve})
    )
    text = session.render(
        "verification_note_prompt", approve=approve, label=await village_label(session, code)
    )
    decision = "va" if approve else "vr"
    await reply(update, text, _skip_row(pack(Prefix.VERIFY, "skipv", code, decision)), edit=False)


# --- the note, typed or skipped, then the decision -------------------------------------------


async def on_note_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The typed note of a decision (dialogue step; the role is checked again on deciding)."""
    message = update.effective_message
    note = ((message.text if message else "") or "").strip()[:MAX_NOTE]
    await dialogs.end(session)
    approve = bool(state.data["approve"])
    if "village" in state.data:  # a village's verification request, not a claim
        await _decide_village(update, context, session, str(state.data["village"]), approve, note)
        return
    await _decide_claim(update, context, session, int(state.data["claim"]), approve, note)


async def on_skip_note(update: Update, context: BotContext) -> None:
    """ver:skip:<claim>:<ok|no>: decide without a note, as the prompt it sat under said; a
    button of another prompt (or one from before the decision was in the button) is stale."""
    session = context.session
    state = await dialogs.current(session)
    data = pressed(update)
    claim_id, decision = data.int_part(1), data.part(2)
    if (
        state is None
        or state.flow != NOTE_FLOW
        or state.data.get("claim") != claim_id
        or decision != ("ok" if state.data.get("approve") else "no")
    ):
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    await _decide_claim(update, context, session, claim_id, bool(state.data["approve"]), "")


async def _skip_village_note(update: Update, context: BotContext, code: str, decision: str) -> None:
    session = context.session
    state = await dialogs.current(session)
    if (
        state is None
        or state.flow != NOTE_FLOW
        or state.data.get("village") != code
        or decision != ("va" if state.data.get("approve") else "vr")
    ):
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    await _decide_village(update, context, session, code, bool(state.data["approve"]), "")


async def _may_decide(update: Update, session: Session, code: str) -> bool:
    """The scope is checked again when the decision lands: it may have changed while the
    officer typed the note (the role itself is checked by the guards at registration)."""
    services = session.services
    if not (await services.scope(session.user)).covers(code):
        await reply(update, session.render("outside_scope"))
        return False
    return True


async def _decide_claim(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    claim_id: int,
    approve: bool,
    note: str,
) -> None:
    db = session.services.db
    claim = await villages.get_claim(db, claim_id)
    if claim is None or claim.user_id is None:
        await reply(update, session.render("claim_already_decided"))
        return
    if not await _may_decide(update, session, claim.village_code):
        return
    outcome = await lifecycle.decide_claim(db, session.user.user_id, claim_id, approve, note)
    if outcome.problem == lifecycle.DECIDED:
        await reply(update, session.render("claim_already_decided"))
        return
    if outcome.problem is not None:
        await reply(update, session.render("claim_refused", problem=outcome.problem))
        return
    if approve:  # the new official's "/" list gains the village commands
        await command_menus.publish_for(context.bot, session.services, claim.user_id)
    told = await _tell_claimant(context, session, claim, approve, note)
    text = session.render("claim_decided", id=claim_id, approve=approve, told=told)
    await reply(update, text, [_back_to_claims_row(), back_to_menu_row()])


def _back_to_claims_row() -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(_("◀️ Daftar permintaan"), callback_data=pack(Prefix.VERIFY, "list"))
    ]


async def _tell_claimant(
    context: ContextTypes.DEFAULT_TYPE, session: Session, claim: Claim, approve: bool, note: str
) -> bool:
    """Did the claimant receive the decision (not if they blocked the bot)?"""
    assert claim.user_id is not None
    services = session.services
    lang = await language_of(services, claim.user_id)
    label = await village_label(session, claim.village_code)
    text = services.i18n.render("claim_result", lang, approve=approve, label=label, note=note)
    return await send_quietly(context.bot, claim.user_id, text)


async def _decide_village(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    code: str,
    approve: bool,
    note: str,
) -> None:
    if not await _may_decide(update, session, code):
        return
    db, officer = session.services.db, session.user.user_id
    if not await lifecycle.decide_verification(db, officer, code, approve, note):
        await reply(update, session.render("claim_already_decided"))
        return
    label = await village_label(session, code)
    await _tell_village(context, session, code, approve, note, label)
    await reply(update, session.render("verification_decided", approve=approve, label=label))


async def _tell_village(
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    code: str,
    approve: bool,
    note: str,
    label: str,
) -> None:
    services = session.services
    for official in await villages.officials_of(services.db, code):
        lang = await language_of(services, official.user_id)
        text = services.i18n.render(
            "verification_result", lang, approve=approve, label=label, note=note
        )
        await send_quietly(context.bot, official.user_id, text)
