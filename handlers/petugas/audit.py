"""/audit (admins, private chat only): the audit log, newest first, page by page, and its
CSV download. Officers are told it is for admins; villagers never get this far (the guard at
registration)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.platform.callback import pack
from bot.platform.db.officers import Scope
from bot.platform.i18n import _
from bot.services import exports
from bot.services.exports import Dataset, ExportRequest, FileFormat
from handlers.petugas._reports import exporter_scope, run_export
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import pager_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session, acknowledge, reply

PREFIX = Prefix.AUDIT  # au:p:<page> a page of the log · au:csv its export
PAGE_SIZE = 20


async def command(update: Update, context: BotContext) -> None:
    """/audit and its pager (au:p:<page>)."""
    session = context.session
    if await _admin_scope(update, session) is None:
        return
    await acknowledge(update)
    data = pressed(update)
    page = max(data.int_part(1), 0) if data.part(0) == "p" else 0
    entries, total = await exports.audit_page(session.services.db, page * PAGE_SIZE, PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    nav = pager_row(PREFIX, "p", page=page, has_next=page + 1 < pages)
    download = [InlineKeyboardButton(_("⬇️ Unduh CSV"), callback_data=pack(PREFIX, "csv"))]
    text = session.render(
        "export_audit", entries=entries, total=total, page=min(page + 1, pages), pages=pages
    )
    await reply(update, text, [nav, download])


async def _admin_scope(update: Update, session: Session) -> Scope | None:
    """Private chat first (the log names people), then admins only."""
    scope = await exporter_scope(update, session)
    if scope is None or scope.everything:
        return scope
    text = session.render("export_admin_only")
    await acknowledge(update, text)
    await reply(update, text, edit=False)
    return None


async def on_button(update: Update, context: BotContext) -> None:
    action = pressed(update).part(0)
    if action == "p":
        await command(update, context)
        return
    if action != "csv":
        await stale_button(update, context)
        return
    session = context.session
    scope = await _admin_scope(update, session)
    if scope is None:
        return
    await acknowledge(update)
    await run_export(update, session, ExportRequest(Dataset.AUDIT, FileFormat.CSV, scope))
