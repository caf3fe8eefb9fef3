"""/desa for village officials and the ways to become one: accepting an officer's invite
(the ``/start <code>`` deep link), claiming a village without one, and asking BPJS TK to
verify the village's self-check.

Rights come from the database on every command and button press, never from callback data;
the rules (who may be seated, one pending claim) live in ``bot.services.village_lifecycle``.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.db import villages
from bot.platform.i18n import _
from bot.services import command_menus
from bot.services import village_lifecycle as lifecycle
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.officer_notices import officers_of, send_quietly
from handlers.shared.prefixes import Prefix
from handlers.shared.region_picker import Purpose, open_picker, village_label
from handlers.shared.session import Keyboard, Session, acknowledge, reply
from handlers.shared.village_roles import ROLE_LABELS, role_label, role_rows

VILLAGE = Prefix.VILLAGE  # the /desa screen as a button
PURPOSE_CLAIM = Purpose("c")
# Invite codes are 16 URL-safe characters (secrets.token_urlsafe(12)); "/start <code>".
INVITE_START_PATTERN = r"^/start(@\w+)? [A-Za-z0-9_-]{16}$"
# The invitee's answers; the officer's invite buttons (inv:new, inv:rv) go to /undang.
INVITE_ANSWER_PATTERN = rf"^{Prefix.INVITE}:(yes|no):"


def _official_rows(*, figures: bool) -> Keyboard:
    """The official's tools; the welcome after an invite leaves the figures for later."""
    apparatus = [
        InlineKeyboardButton(
            _("👥 Perangkat desa"), callback_data=pack(Prefix.APPARATUS, "list", 0)
        )
    ]
    report = [
        InlineKeyboardButton(_("📝 Laporan angka desa"), callback_data=pack(Prefix.REPORT, "menu"))
    ]
    check = [InlineKeyboardButton(_("✅ Cek syarat Desa Sadar"), callback_data=pack(Prefix.CHECK))]
    poster = [InlineKeyboardButton(_("🖨️ Poster desa"), callback_data=pack(Prefix.POSTER))]
    return [apparatus, report, check, poster] if figures else [apparatus, check]


# --- /desa --------------------------------------------------------------------------------


async def show_village(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    mine = await villages.official(session.services.db, session.user.user_id)
    if mine is None:
        await _show_none(update, session)
        return
    text = session.render(
        "village_mine",
        label=await village_label(session, mine.village_code),
        role=role_label(mine.role),
        verified=await villages.is_verified(session.services.db, mine.village_code),
    )
    await reply(update, text, [*_official_rows(figures=True), back_to_menu_row()])


async def _show_none(update: Update, session: Session) -> None:
    pending = await villages.pending_claim_of(session.services.db, session.user.user_id)
    label = await village_label(session, pending.village_code) if pending else None
    rows = [
        [InlineKeyboardButton(_("🏡 Ajukan klaim desa"), callback_data=pack(Prefix.CLAIM, "start"))]
    ]
    await reply(update, session.render("village_none", pending=label), [*rows, back_to_menu_row()])


# --- an officer's invite: the invitee's side ------------------------------------------------


async def start_with_payload(update: Update, context: BotContext) -> None:
    """/start <invite code> from a deep link: show the village and role, ask to confirm."""
    session = context.session
    code = (context.args or [""])[0]
    invite = await villages.get_invite(session.services.db, code)
    problem = await lifecycle.invite_problem(session.services.db, invite, session.user.user_id)
    if problem is not None or invite is None:
        await _invite_refused(update, session, problem or "unknown")
        return
    text = session.render(
        "invite_confirm",
        label=await village_label(session, invite.village_code),
        role=role_label(invite.role),
    )
    rows = [
        [InlineKeyboardButton(_("✅ Ya, benar"), callback_data=pack(Prefix.INVITE, "yes", code))],
        [InlineKeyboardButton(_("✖️ Bukan saya"), callback_data=pack(Prefix.INVITE, "no", code))],
    ]
    await reply(update, text, rows)


async def on_invite_answer(update: Update, context: BotContext) -> None:
    """inv:yes:<code> seats the user (one transaction); inv:no:<code> changes nothing."""
    session = context.session
    data = pressed(update)
    if data.part(0) == "no":
        await acknowledge(update)
        await reply(update, session.render("invite_declined"), [back_to_menu_row()])
        return
    outcome = await lifecycle.accept_invite(session.services.db, data.part(1), session.user.user_id)
    if outcome.invite is not None and outcome.invite.used_by == session.user.user_id:
        # "Ya, benar" pressed twice: the first press seated them; keep its welcome on screen.
        await acknowledge(update, session.render("invite_accepted_already"))
        return
    await acknowledge(update)
    if outcome.problem is not None or outcome.invite is None:
        await _invite_refused(update, session, outcome.problem or "unknown")
        return
    invite = outcome.invite
    # The new official's "/" list gains the village commands before they read the welcome.
    await command_menus.publish_for(context.bot, session.services, session.user.user_id)
    label = await village_label(session, invite.village_code)
    await reply(
        update,
        session.render("official_welcome", label=label, role=role_label(invite.role)),
        [*_official_rows(figures=False), back_to_menu_row()],
    )


async def _invite_refused(update: Update, session: Session, problem: str) -> None:
    await reply(update, session.render("invite_invalid", problem=problem), [back_to_menu_row()])


# --- a claim without an invite ------------------------------------------------------------


async def on_claim_button(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    if data.part(0) == "start":
        await acknowledge(update)
        await open_picker(update, session, PURPOSE_CLAIM)
    elif data.part(0) == "role" and data.part(2) in ROLE_LABELS:
        await _submit_claim(update, context, data.part(1), data.part(2))
    else:
        await stale_button(update, context)


async def claim_village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    """The region picker's answer: which seat of the chosen village the user claims."""
    label = await village_label(session, code)
    other = [
        InlineKeyboardButton(_("◀️ Pilih desa lain"), callback_data=pack(Prefix.CLAIM, "start"))
    ]
    rows = [*role_rows(Prefix.CLAIM, "role", code), other, back_to_menu_row()]
    await reply(update, session.render("claim_role", label=label), rows)


async def _submit_claim(update: Update, context: BotContext, code: str, role: str) -> None:
    session = context.session
    outcome = await lifecycle.request_claim(session.services.db, session.user.user_id, code, role)
    if outcome.problem in ("not_a_village", "unknown_role"):  # a forged "clm:role:35:…"
        await stale_button(update, context)
        return
    await acknowledge(update)
    if outcome.problem is not None or outcome.claim is None:
        await reply(
            update, session.render("claim_refused", problem=outcome.problem), [back_to_menu_row()]
        )
        return
    label = await village_label(session, code)
    services = session.services
    lang = services.settings.default_language
    notice = services.i18n.render(
        "claim_notice",
        lang,
        id=outcome.claim.id,
        label=label,
        role=services.i18n.gettext(ROLE_LABELS[role], lang),
    )
    await _tell_officers(context, session, code, notice)
    await reply(update, session.render("claim_sent", label=label), [back_to_menu_row()])


async def _tell_officers(context: BotContext, session: Session, code: str, text: str) -> None:
    for chat_id in await officers_of(session.services, code):
        await send_quietly(context.bot, chat_id, text)


# --- "Ajukan verifikasi": a village asks BPJS TK to check its self-check ---------------------


async def on_request_verification(update: Update, context: BotContext) -> None:
    session = context.session
    code, asked = await lifecycle.request_verification(session.services.db, session.user.user_id)
    if code is None:  # only the village's own officials, checked here, not from the button
        await acknowledge(update, session.render("officials_only"))
        return
    await acknowledge(update)
    label = await village_label(session, code)
    if not asked:
        await reply(update, session.render("verification_pending", label=label), edit=False)
        return
    services = session.services
    notice = services.i18n.render(
        "verification_notice", services.settings.default_language, label=label
    )
    await _tell_officers(context, session, code, notice)
    await reply(
        update, session.render("verification_sent", label=label), [back_to_menu_row()], edit=False
    )
