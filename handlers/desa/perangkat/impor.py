"""/perangkat, importing the apparatus from a spreadsheet (CSV or Excel) in one go.

The official gets two templates, sends the filled-in file, and every row is stored or none:
rows with problems, or NIKs already registered, are listed by line and nothing is saved. The
file is parsed in a worker thread, one at a time, within the size limits of
``bot.domain.apparatus_sheet``.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, Update

from bot.domain.apparatus_sheet import (
    MAX_BYTES,
    ImportFileError,
    parse_upload,
    template_csv,
    template_xlsx,
)
from bot.domain.dates import today_jakarta
from bot.platform.callback import pack
from bot.platform.db.dialogs import DialogState
from bot.platform.db.villages import Official
from bot.platform.i18n import _
from bot.services import apparatus
from handlers.desa.perangkat._common import (
    IMPORT_FLOW,
    PREFIX,
    Parts,
    cancel_row,
    official_or_refuse,
    personal_data_ready,
    route_buttons,
)
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.session import Session, reply

FLOW = IMPORT_FLOW
_PARSING = asyncio.Semaphore(1)


async def _import_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    if not await personal_data_ready(update, session, "imp"):
        return
    await dialogs.save(session, DialogState(FLOW, "file", {}))
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(template_xlsx(), filename="template-perangkat-desa.xlsx")
    await chat.send_document(template_csv(), filename="template-perangkat-desa.csv")
    await reply(update, session.render("import_instructions"), [cancel_row()], edit=False)


async def _consent_button(
    update: Update, context: BotContext, session: Session, official: Official, parts: Parts
) -> None:
    """ "Saya setuju" under the UU PDP notice shown before an import: then the templates."""
    await apparatus.accept_personal_data_notice(session.services.db, session.user.user_id)
    await _import_button(update, context, session, official, parts)


async def on_document(update: Update, context: BotContext) -> None:
    """A file (or photo) when no dialogue waits for one: say where files are read."""
    session = context.session
    message = update.effective_message
    template = "non_text" if message is not None and message.photo else "document_unexpected"
    await reply(update, session.render(template))


async def on_import_file(
    update: Update, context: BotContext, session: Session, state: DialogState
) -> None:
    """The file sent while the import step is open."""
    message = update.effective_message
    official = await official_or_refuse(update, session)
    if official is None:
        await dialogs.end(session)
        return
    if message is None or message.document is None:  # a photo of the list cannot be read
        await reply(update, session.render("import_file_problem", code="unsupported_type"))
        return
    document = message.document
    if (document.file_size or 0) > MAX_BYTES:
        problem = session.render("import_file_problem", code="too_large", limit=MAX_BYTES)
        await reply(update, problem, [cancel_row()])
        return
    content = bytes(await (await document.get_file()).download_as_bytearray())
    await _import_content(update, session, official, document.file_name or "", content)


async def _import_content(
    update: Update, session: Session, official: Official, name: str, content: bytes
) -> None:
    try:
        async with _PARSING:  # one file at a time: each may take seconds and ~100 MB
            # In a worker thread: parsing 5,000 rows takes seconds of CPU, and the event loop
            # must keep answering everyone else meanwhile.
            result = await asyncio.to_thread(parse_upload, name, content, today_jakarta())
    except ImportFileError as exc:
        problem = session.render(
            "import_file_problem",
            code=exc.code,
            columns=exc.columns,
            limit=exc.limit,
            line=exc.line,
        )
        await reply(update, problem, [cancel_row()])
        return
    if result.errors or not result.rows:
        await reply(
            update,
            session.render(
                "import_rejected",
                errors=result.errors[:20],
                total=len(result.errors),
                lines=result.total_lines,
            ),
            [cancel_row()],
        )
        return
    cipher = session.services.cipher
    assert cipher is not None
    conflicts = await apparatus.import_rows(
        session.services.db, cipher, official.village_code, result.rows, session.user.user_id
    )
    if conflicts:
        await reply(
            update,
            session.render("import_conflicts", conflicts=conflicts[:20], total=len(conflicts)),
            [cancel_row()],
        )
        return
    await dialogs.end(session)
    await reply(
        update,
        session.render("import_done", count=len(result.rows)),
        [[InlineKeyboardButton(_("👥 Lihat daftar"), callback_data=pack(PREFIX, "list", 0))]],
    )


async def on_import_text(
    update: Update, context: BotContext, session: Session, state: DialogState
) -> None:
    await reply(update, session.render("import_instructions"), [cancel_row()])


_BUTTONS = {"imp": _import_button}
on_button = route_buttons(_BUTTONS)
on_consent = route_buttons({"ok": _consent_button})
PATTERN = rf"^{PREFIX}:imp(:|$)"
CONSENT_PATTERN = rf"^{PREFIX}:ok:imp(:|$)"
