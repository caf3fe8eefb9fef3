"""What /statistik, /ekspor and /audit share: the officer's area, the private-chat rule for
files, and building, sending and auditing an export.

Officers act inside their kab/kota (``Services.scope``), admins everywhere (``scope.everything``);
the role itself is checked by the guard where the commands are registered (bot/app.py).
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path

from telegram import InlineKeyboardButton, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, RetryAfter

from bot.domain.dates import today_jakarta
from bot.platform.callback import pack
from bot.platform.db import audit
from bot.platform.db.officers import Scope
from bot.platform.i18n import N_, _
from bot.services import exports, statistics
from bot.services.exports import Dataset, ExportRequest, ExportResult, Sources
from handlers.shared.keyboards import back_to_menu_row
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, keyboard, reply

# What an officer may export, in the order offered (the audit log has its own command).
DATASET_LABELS = {
    Dataset.DESA: N_("🏡 Desa dan indikasi Desa Sadar"),
    Dataset.PERANGKAT: N_("👥 Perangkat desa"),
    Dataset.SIARAN: N_("📣 Pengumuman dan pengirimannya"),
    Dataset.PERTANYAAN: N_("💬 Pertanyaan warga"),
}


async def exporter_scope(update: Update, session: Session) -> Scope | None:
    """The officer's scope, only in a private chat: files hold names and (masked or full)
    NIKs, and a group's members are not all entitled to them."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        return await session.services.scope(session.user)
    text = session.render("export_private_only")
    await acknowledge(update, text)
    await reply(update, text, edit=False)
    return None


async def has_area(update: Update, session: Session, scope: Scope) -> bool:
    """An officer without a kab/kota yet sees nothing, and is told why."""
    if scope.everything or scope.kab_codes:
        return True
    await acknowledge(update)
    await reply(update, session.render("stats_no_scope"), edit=False)
    return False


async def area_context(session: Session, scope: Scope) -> dict[str, object]:
    return {
        "everything": scope.everything,
        "areas": await statistics.scope_labels(session.services.db, scope),
    }


PROGRESS_EVERY = 1.0  # seconds between edits of the progress message (Telegram: ~1/s/chat)


class ExportProgress:
    """One message that counts the rows written, edited at most every PROGRESS_EVERY seconds
    (a national export takes ~9 s), and says when the file is ready."""

    def __init__(self, session: Session, message: Message) -> None:
        self._session = session
        self._message = message
        self._last = time.monotonic()

    @classmethod
    async def start(cls, update: Update, session: Session) -> ExportProgress:
        chat = update.effective_chat
        assert chat is not None
        message = await chat.send_message(session.render("export_progress", rows=0, done=False))
        return cls(session, message)

    async def rows_written(self, rows: int) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        await self._show(rows, done=False)

    async def finished(self, rows: int) -> None:
        await self._show(rows, done=True)

    async def _show(self, rows: int, *, done: bool) -> None:
        text = self._session.render("export_progress", rows=rows, done=done)
        # Unchanged, or a flood wait: the next edit (or the file itself) says enough.
        with contextlib.suppress(BadRequest, RetryAfter):
            await self._message.edit_text(text, parse_mode=ParseMode.HTML)


async def run_export(
    update: Update, session: Session, request: ExportRequest, reason: str = ""
) -> None:
    """Build the file with a progress message, send it, audit it; the temporary file is gone
    when this returns."""
    chat = update.effective_chat
    assert chat is not None
    progress = await ExportProgress.start(update, session)
    await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)
    services = session.services
    sources = Sources(services.rules, today_jakarta(), services.cipher)
    # A private directory (mode 0700) per export: a full-NIK file is readable by nobody else
    # while it exists, and removed with the directory right after sending.
    with tempfile.TemporaryDirectory(prefix="desabot-export-") as directory:
        result = await exports.export(
            services.db, request, sources, Path(directory), progress.rows_written
        )
        await progress.finished(result.rows)
        await _audit_export(session, request, result, reason)
        await _send(update, session, request, result)


async def _send(
    update: Update, session: Session, request: ExportRequest, result: ExportResult
) -> None:
    if result.rows == 0:
        await reply(update, session.render("export_empty"), edit=False)
        return
    if result.size > exports.MAX_DOCUMENT_BYTES:
        size = round(result.size / 1024 / 1024)
        await reply(update, session.render("export_too_large", size=size), edit=False)
        return
    chat = update.effective_chat
    assert chat is not None
    caption = session.render(
        "export_sent",
        label=_(DATASET_LABELS.get(request.dataset, N_("📜 Log audit"))),
        rows=result.rows,
        full=request.full_nik,
        **await area_context(session, request.scope),
    )
    # PTB reads the file once to upload it (at most 50 MB); the rows were never Python lists.
    with result.path.open("rb") as handle:
        await chat.send_document(
            handle, filename=result.filename, caption=caption, reply_markup=keyboard(_again())
        )


def _again() -> Keyboard:
    """After a file: another export, or the main menu (no dead end)."""
    more = [InlineKeyboardButton(_("⬇️ Ekspor lain"), callback_data=pack(Prefix.EXPORT, "m"))]
    return [more, back_to_menu_row()]


async def _audit_export(
    session: Session, request: ExportRequest, result: ExportResult, reason: str
) -> None:
    """Every export is audited: who, what, where, how many rows (and an admin's reason)."""
    scope = request.scope
    where = "*" if scope.everything else ",".join(sorted(scope.kab_codes))
    detail = f"format={request.file_format}; rows={result.rows}"
    if request.dataset is Dataset.PERANGKAT:
        detail += "; nik=" + ("lengkap" if request.full_nik else "disamarkan")
    if reason:
        detail += f"; alasan={reason}"
    await audit.record(
        session.services.db, session.user.user_id, f"export.{request.dataset}", where, detail
    )
