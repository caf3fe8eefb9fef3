"""Village officials: /desa, claiming a village (invite deep link or a request), and the
officers' side: /undang (invites) and /verifikasi (approving requests).

Rights come from the database on every command and button press, never from callback data.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.platform.callback import pack
from bot.platform.db import audit, villages
from bot.platform.db.dialogs import DialogState
from bot.platform.i18n import N_, _
from bot.services import regions
from handlers.shared import dialogs
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.region_picker import open_picker, village_label
from handlers.shared.session import Keyboard, Session, acknowledge, begin, reply

INVITE = "inv"  # inv:<action>:...   invite creation (officer) and acceptance (invitee)
CLAIM = "clm"  # clm:<action>:...   a villager's claim request
VERIFY = "ver"  # ver:<action>:...  an officer's decision
PURPOSE_CLAIM = "c"
PURPOSE_INVITE = "u"
NOTE_FLOW = "claim_note"
PAGE_SIZE = 5
VILLAGE = "vil"  # the /desa screen as a button
# Invite codes are 16 URL-safe characters (secrets.token_urlsafe(12)); "/start <code>".
INVITE_START_PATTERN = r"^/start(@\w+)? [A-Za-z0-9_-]{16}$"
ROLE_LABELS = {"kepala_desa": N_("Kepala desa"), "operator": N_("Operator desa")}


def _role_rows(prefix: str, *parts: object) -> Keyboard:
    return [
        [InlineKeyboardButton(_(label), callback_data=pack(prefix, *parts, role))]
        for role, label in ROLE_LABELS.items()
    ]


# --- /desa --------------------------------------------------------------------------------


async def show_village(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    mine = await villages.official(session.services.db, session.user.user_id)
    if mine is None:
        pending = await villages.pending_claim_of(session.services.db, session.user.user_id)
        label = await village_label(session, pending.village_code) if pending else None
        rows = [
            [InlineKeyboardButton(_("🏡 Ajukan klaim desa"), callback_data=pack(CLAIM, "start"))]
        ]
        await reply(
            update, session.render("village_none", pending=label), [*rows, back_to_menu_row()]
        )
        return
    db = session.services.db
    text = session.render(
        "village_mine",
        label=await village_label(session, mine.village_code),
        role=_(ROLE_LABELS[mine.role]),
        verified=await villages.is_verified(db, mine.village_code),
    )
    rows = [
        [InlineKeyboardButton(_("👥 Perangkat desa"), callback_data=pack("pr", "list", 0))],
        [InlineKeyboardButton(_("📝 Laporan angka desa"), callback_data=pack("lap", "menu"))],
        [InlineKeyboardButton(_("✅ Cek syarat Desa Sadar"), callback_data=pack("cek"))],
    ]
    await reply(update, text, [*rows, back_to_menu_row()])


# --- invites: officer side ---------------------------------------------------------------


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/undang [code]: an officer invites a village official."""
    session = await begin(update, context)
    if not session.services.is_officer(session.user):
        await reply(update, session.render("officer_only"))
        return
    code = (context.args or [""])[0].strip()
    if not code:
        await open_picker(update, session, PURPOSE_INVITE)
        return
    if (
        not regions.valid_code(code)
        or code.count(".") != 3
        or not await regions.get(session.services.db, code)
    ):
        await reply(update, session.render("region_bad_code", code=code))
        return
    await invite_village_chosen(update, context, session, code)


async def invite_village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    if not session.services.is_officer(session.user):
        await reply(update, session.render("officer_only"))
        return
    if not (await session.services.scope(session.user)).covers(code):
        await reply(update, session.render("outside_scope"))
        return
    label = await village_label(session, code)
    await reply(update, session.render("invite_role", label=label), _role_rows(INVITE, "new", code))


async def on_invite_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = pressed(update)
    action = {"new": _create_invite, "yes": _accept_invite, "no": _decline_invite}.get(data.part(0))
    if action is None:
        await stale_button(update, context)
        return
    await action(update, context)


async def _create_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    if not session.services.is_officer(session.user):
        await acknowledge(update, session.render("officer_only"))
        return
    data = pressed(update)
    code, role = data.part(1), data.part(2)
    if role not in ROLE_LABELS or not await villages.is_village(session.services.db, code):
        await stale_button(update, context)
        return
    if not (await session.services.scope(session.user)).covers(code):
        await acknowledge(update, session.render("outside_scope"))
        return
    await acknowledge(update)
    db = session.services.db
    invite = await villages.create_invite(db, code, role, session.user.user_id)
    await audit.record(db, session.user.user_id, "invite.create", code, role)
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    text = session.render(
        "invite_created",
        label=await village_label(session, code),
        role=_(ROLE_LABELS[role]),
        link=link,
        days=villages.INVITE_DAYS,
    )
    await reply(update, text, [back_to_menu_row()])


# --- invites: invitee side ---------------------------------------------------------------


async def start_with_payload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start <invite code> from a deep link: show the village and role, ask to confirm."""
    session = await begin(update, context)
    payload = (context.args or [""])[0]
    invite = await villages.get_invite(session.services.db, payload)
    problem = await _invite_problem(session, invite)
    if problem is not None or invite is None:
        await reply(
            update,
            session.render("invite_invalid", problem=problem or "unknown"),
            [back_to_menu_row()],
        )
        return
    text = session.render(
        "invite_confirm",
        label=await village_label(session, invite.village_code),
        role=_(ROLE_LABELS[invite.role]),
    )
    rows = [
        [InlineKeyboardButton(_("✅ Ya, benar"), callback_data=pack(INVITE, "yes", invite.code))],
        [InlineKeyboardButton(_("✖️ Bukan saya"), callback_data=pack(INVITE, "no", invite.code))],
    ]
    await reply(update, text, rows)


async def _invite_problem(session: Session, invite: villages.Invite | None) -> str | None:
    if invite is None:
        return "unknown"
    if invite.used_by is not None:
        return "used"
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expired():
        return "expired"
    return await villages.seat_problem(
        session.services.db, invite.village_code, invite.role, session.user.user_id
    )


async def _accept_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    code = pressed(update).part(1)
    db = session.services.db
    invite = await villages.get_invite(db, code)
    problem = await _invite_problem(session, invite)
    if (
        problem is not None
        or invite is None
        or not await villages.use_invite(db, code, session.user.user_id)
    ):
        await acknowledge(update)
        await reply(
            update,
            session.render("invite_invalid", problem=problem or "used"),
            [back_to_menu_row()],
        )
        return
    await acknowledge(update)
    await villages.seat(db, invite.village_code, invite.role, session.user.user_id)
    # An officer's invite is the officer vouching for this official: the village is verified.
    await villages.verify(db, invite.village_code, invite.created_by)
    await audit.record(db, session.user.user_id, "invite.accept", invite.village_code, invite.role)
    label = await village_label(session, invite.village_code)
    await reply(
        update,
        session.render("official_welcome", label=label, role=_(ROLE_LABELS[invite.role])),
        _official_rows(),
    )


async def _decline_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    await acknowledge(update)
    await reply(update, session.render("invite_declined"), [back_to_menu_row()])


def _official_rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("👥 Perangkat desa"), callback_data=pack("pr", "list", 0))],
        [InlineKeyboardButton(_("✅ Cek syarat Desa Sadar"), callback_data=pack("cek"))],
        back_to_menu_row(),
    ]


# --- claims without an invite ------------------------------------------------------------


async def on_claim_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    data = pressed(update)
    if data.part(0) == "start":
        await acknowledge(update)
        await open_picker(update, session, PURPOSE_CLAIM)
    elif data.part(0) == "role" and data.part(2) in ROLE_LABELS:
        await _submit_claim(update, context, session, data.part(1), data.part(2))
    else:
        await stale_button(update, context)


async def claim_village_chosen(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str
) -> None:
    label = await village_label(session, code)
    await reply(update, session.render("claim_role", label=label), _role_rows(CLAIM, "role", code))


async def _submit_claim(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, code: str, role: str
) -> None:
    db = session.services.db
    if not await villages.is_village(db, code):  # a forged "clm:role:35:…" names a provinsi
        await stale_button(update, context)
        return
    await acknowledge(update)
    problem = await villages.seat_problem(db, code, role, session.user.user_id)
    if problem is None and await villages.pending_claim_of(db, session.user.user_id):
        problem = "pending"
    if problem is not None:
        await reply(update, session.render("claim_refused", problem=problem), [back_to_menu_row()])
        return
    claim_id = await villages.create_claim(db, session.user.user_id, code, role)
    await audit.record(db, session.user.user_id, "claim.create", code, role)
    await _tell_officers(context, session, claim_id, code, role)
    await reply(
        update,
        session.render("claim_sent", label=await village_label(session, code)),
        [back_to_menu_row()],
    )


async def _tell_officers(
    context: ContextTypes.DEFAULT_TYPE, session: Session, claim_id: int, code: str, role: str
) -> None:
    """The officers' group if configured, else admins and the officers whose scope has it."""

    services = session.services
    i18n, lang = services.i18n, services.settings.default_language
    text = i18n.render(
        "claim_notice",
        lang,
        id=claim_id,
        label=await village_label(session, code),
        role=i18n.gettext(ROLE_LABELS[role], lang),
    )
    await notify_officers_of(context, session, code, text)


async def notify_officers_of(
    context: ContextTypes.DEFAULT_TYPE, session: Session, code: str, text: str
) -> None:
    """The officers' group if configured, else admins and the officers whose scope has it."""
    from bot.platform.db import officers, users
    from handlers.petugas.pertanyaan import send_quietly

    services = session.services
    if services.settings.officer_chat_id is not None:
        chats = {services.settings.officer_chat_id}
    else:
        petugas = await users.officer_ids(services.db)
        chats = set(services.settings.admin_ids) | {
            uid for uid in petugas if (await officers.scope_of(services.db, uid)).covers(code)
        }
    for chat_id in sorted(chats):
        await send_quietly(context, chat_id, text)


# --- /verifikasi -------------------------------------------------------------------------


async def list_claims(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    if not session.services.is_officer(session.user):
        await acknowledge(update, session.render("officer_only"))
        await reply(update, session.render("officer_only"))
        return
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
    items = [(c, await village_label(session, c.village_code)) for c in found]
    rows: list[list[InlineKeyboardButton]] = []
    for claim, _label in items:
        rows.append(
            [
                InlineKeyboardButton(f"✅ #{claim.id}", callback_data=pack(VERIFY, "ok", claim.id)),
                InlineKeyboardButton(f"❌ #{claim.id}", callback_data=pack(VERIFY, "no", claim.id)),
            ]
        )
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀️", callback_data=pack(VERIFY, "list", page - 1)))
    if (page + 1) * PAGE_SIZE < total:
        nav.append(InlineKeyboardButton("▶️", callback_data=pack(VERIFY, "list", page + 1)))
    waiting, verifications = await verification_rows(session)
    text = session.render(
        "claims_list",
        items=[(c.id, label, _(ROLE_LABELS[c.role])) for c, label in items],
        total=total,
        verifications=verifications,
        verifications_shown=len(waiting),
    )
    await reply(update, text, [*rows, nav, *waiting, back_to_menu_row()])


async def on_verify_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = pressed(update)
    if data.part(0) == "list":
        await list_claims(update, context)
        return
    if data.part(0) == "v":
        await review_village(update, context, data.part(1))
        return
    if data.part(0) in ("va", "vr"):
        await ask_verification_note(update, context, data.part(1), data.part(0) == "va")
        return
    if data.part(0) == "skipv":
        await _skip_village_note(update, context, data.part(1))
        return
    session = await begin(update, context)
    if not session.services.is_officer(session.user):
        await acknowledge(update, session.render("officer_only"))
        return
    claim = await villages.get_claim(session.services.db, data.int_part(1))
    if claim is None or data.part(0) not in ("ok", "no"):
        await stale_button(update, context)
        return
    await acknowledge(update)
    if claim.status != "pending":
        await reply(update, session.render("claim_already_decided"), edit=False)
        return
    await dialogs.save(
        session,
        DialogState(NOTE_FLOW, "note", {"claim": claim.id, "approve": data.part(0) == "ok"}),
    )
    skip = [
        [InlineKeyboardButton(_("⏭️ Tanpa catatan"), callback_data=pack(VERIFY, "skip", claim.id))]
    ]
    await reply(
        update,
        session.render("claim_note_prompt", id=claim.id, approve=data.part(0) == "ok"),
        skip,
        edit=False,
    )


async def on_note_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    note = ((update.effective_message.text if update.effective_message else "") or "").strip()[:500]
    await dialogs.end(session)
    if "village" in state.data:  # a village's verification request, not a claim
        code, approve = str(state.data["village"]), bool(state.data["approve"])
        await decide_village(update, context, session, code, approve, note)
        return
    await decide(
        update, context, session, int(state.data["claim"]), bool(state.data["approve"]), note
    )


async def on_skip_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    state = await dialogs.current(session)
    claim_id = pressed(update).int_part(1)
    if state is None or state.flow != NOTE_FLOW or int(state.data["claim"]) != claim_id:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    await decide(update, context, session, claim_id, bool(state.data["approve"]), "")


async def decide(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    claim_id: int,
    approve: bool,
    note: str,
) -> None:
    db = session.services.db
    if not session.services.is_officer(session.user):
        await reply(update, session.render("officer_only"))
        return
    claim = await villages.get_claim(db, claim_id)
    if claim is None or claim.user_id is None:
        await reply(update, session.render("claim_already_decided"))
        return
    if not (await session.services.scope(session.user)).covers(claim.village_code):
        await reply(update, session.render("outside_scope"))
        return
    problem = (
        await villages.seat_problem(db, claim.village_code, claim.role, claim.user_id)
        if approve
        else None
    )
    if problem is not None:
        await reply(update, session.render("claim_refused", problem=problem))
        return
    if not await villages.decide_claim(db, claim_id, session.user.user_id, approve, note):
        await reply(update, session.render("claim_already_decided"))
        return
    if approve:
        await villages.seat(db, claim.village_code, claim.role, claim.user_id)
        await villages.verify(db, claim.village_code, session.user.user_id)
    await audit.record(
        db,
        session.user.user_id,
        "claim.approve" if approve else "claim.reject",
        claim.village_code,
        note,
    )
    await _tell_claimant(context, session, claim, approve, note)
    await reply(update, session.render("claim_decided", id=claim_id, approve=approve))


async def _tell_claimant(
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    claim: villages.Claim,
    approve: bool,
    note: str,
) -> None:
    from bot.platform.db import users
    from handlers.petugas.pertanyaan import send_quietly

    assert claim.user_id is not None
    claimant = await users.get(session.services.db, claim.user_id)
    lang = claimant.language if claimant else session.services.settings.default_language
    label = await village_label(session, claim.village_code)
    text = session.services.i18n.render(
        "claim_result", lang, approve=approve, label=label, note=note
    )
    await send_quietly(context, claim.user_id, text)


# --- "Ajukan verifikasi": a village asks BPJS TK to check its self-check ---------------------

REQUEST = "vrq"


async def on_request_verification(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    session = await begin(update, context)
    db = session.services.db
    mine = await villages.official(db, session.user.user_id)
    if mine is None:  # only the village's own officials, checked here, not from the button
        await acknowledge(update, session.render("officials_only"))
        return
    await acknowledge(update)
    label = await village_label(session, mine.village_code)
    if not await villages.request_verification(db, mine.village_code):
        await reply(update, session.render("verification_pending", label=label), edit=False)
        return
    await audit.record(db, session.user.user_id, "verification.request", mine.village_code)
    await _tell_officers_text(context, session, mine.village_code, "verification_notice")
    await reply(
        update, session.render("verification_sent", label=label), [back_to_menu_row()], edit=False
    )


async def _tell_officers_text(
    context: ContextTypes.DEFAULT_TYPE, session: Session, code: str, template: str
) -> None:

    services = session.services
    lang = services.settings.default_language
    text = services.i18n.render(template, lang, label=await village_label(session, code))
    await notify_officers_of(context, session, code, text)


async def verification_rows(session: Session) -> tuple[Keyboard, int]:
    """Buttons for the oldest villages waiting for verification in the officer's scope
    (/verifikasi), and how many wait in all."""
    scope = await session.services.scope(session.user)
    codes, total = await villages.pending_verifications(
        session.services.db, None if scope.everything else scope.kab_codes, PAGE_SIZE
    )
    rows = [
        [
            InlineKeyboardButton(
                f"🔎 {await _short(session, code)}", callback_data=pack(VERIFY, "v", code)
            )
        ]
        for code in codes
    ]
    return rows, total


async def _short(session: Session, code: str) -> str:
    path = await regions.path(session.services.db, code)
    return f"{path[-1].name}, Kec. {path[-2].name}" if len(path) >= 2 else code


async def review_village(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    """The officer sees the village's self-check exactly as the village does, then decides."""
    from handlers.shared.self_check import render_check

    session = await begin(update, context)
    if not session.services.is_officer(session.user):
        await acknowledge(update, session.render("officer_only"))
        return
    if not await villages.is_village(session.services.db, code):
        await stale_button(update, context)
        return
    if not (await session.services.scope(session.user)).covers(code):
        await acknowledge(update, session.render("outside_scope"))
        return
    await acknowledge(update)
    text, _report, _snapshot = await render_check(session, code)
    rows: Keyboard = [
        [
            InlineKeyboardButton(_("✅ Verifikasi"), callback_data=pack(VERIFY, "va", code)),
            InlineKeyboardButton(_("❌ Tolak"), callback_data=pack(VERIFY, "vr", code)),
        ],
        back_to_menu_row(),
    ]
    await reply(update, text, rows, edit=False)


async def ask_verification_note(
    update: Update, context: ContextTypes.DEFAULT_TYPE, code: str, approve: bool
) -> None:
    session = await begin(update, context)
    if not session.services.is_officer(session.user) or not (
        await session.services.scope(session.user)
    ).covers(code):
        await acknowledge(update, session.render("officer_only"))
        return
    await acknowledge(update)
    if not await villages.verification_open(session.services.db, code):
        # Decided by this or another officer since the button was sent: no note to ask for.
        await reply(update, session.render("claim_already_decided"), edit=False)
        return
    await dialogs.save(
        session, DialogState(NOTE_FLOW, "note", {"village": code, "approve": approve})
    )
    skip = [[InlineKeyboardButton(_("⏭️ Tanpa catatan"), callback_data=pack(VERIFY, "skipv", code))]]
    text = session.render(
        "verification_note_prompt", approve=approve, label=await village_label(session, code)
    )
    await reply(update, text, skip, edit=False)


async def decide_village(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    code: str,
    approve: bool,
    note: str,
) -> None:
    db = session.services.db
    if not session.services.is_officer(session.user) or not (
        await session.services.scope(session.user)
    ).covers(code):
        await reply(update, session.render("officer_only"))
        return
    if not await villages.decide_verification(db, code, session.user.user_id, approve, note):
        await reply(update, session.render("claim_already_decided"))
        return
    await audit.record(
        db,
        session.user.user_id,
        "verification.approve" if approve else "verification.reject",
        code,
        note,
    )
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
    from bot.platform.db import users
    from handlers.petugas.pertanyaan import send_quietly

    for official in await villages.officials_of(session.services.db, code):
        person = await users.get(session.services.db, official.user_id)
        lang = person.language if person else session.services.settings.default_language
        text = session.services.i18n.render(
            "verification_result", lang, approve=approve, label=label, note=note
        )
        await send_quietly(context, official.user_id, text)


async def _skip_village_note(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    session = await begin(update, context)
    state = await dialogs.current(session)
    if state is None or state.flow != NOTE_FLOW or state.data.get("village") != code:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    await decide_village(update, context, session, code, bool(state.data["approve"]), "")
