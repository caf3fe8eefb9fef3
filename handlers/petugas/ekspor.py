"""/ekspor (officers and admins, private chat only): download their area's data as CSV or
Excel.

Full NIKs are for admins only (``scope.everything``) and need a reason first, recorded with
the export in the audit log (UU PDP 27/2022); officers get masked NIKs and are never offered
more. Files are built in chunks by ``bot.services.exports``.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, Update
from telegram.ext import ContextTypes

from bot.domain.nik import mask_nik
from bot.platform.callback import Callback, pack
from bot.platform.db import audit
from bot.platform.db.dialogs import DialogState
from bot.platform.db.officers import Scope
from bot.platform.i18n import _
from bot.services.exports import Dataset, ExportRequest, FileFormat
from handlers.petugas._reports import (
    DATASET_LABELS,
    area_context,
    exporter_scope,
    has_area,
    run_export,
)
from handlers.shared import dialogs
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PREFIX = Prefix.EXPORT  # ex:m menu · ex:d:<dataset> formats · ex:f:<dataset>:<format>[:full] · ex:x
REASON_FLOW = "export_reason"
FULL = "full"
MIN_REASON = 10  # characters: "ok", "perlu" is not a reason anyone can audit later
MAX_REASON = 300
_NIK_LIKE = re.compile(r"\d{16}")  # a reason must not carry a clear NIK into the audit log


async def command(update: Update, context: BotContext) -> None:
    """/ekspor and ex:m: which data to export."""
    session = context.session
    scope = await exporter_scope(update, session)
    if scope is None or not await has_area(update, session, scope):
        return
    await acknowledge(update)
    rows = [
        [InlineKeyboardButton(_(label), callback_data=pack(PREFIX, "d", dataset))]
        for dataset, label in DATASET_LABELS.items()
    ]
    rows.append(back_to_menu_row())
    await reply(update, session.render("export_menu", **await area_context(session, scope)), rows)


async def on_button(update: Update, context: BotContext) -> None:
    data = pressed(update)
    if data.part(0) == "m":
        await command(update, context)
        return
    session = context.session
    scope = await exporter_scope(update, session)
    if scope is None:
        return
    dataset = _dataset(data.part(1))
    if data.part(0) == "x":
        await _cancel_reason(update, session)
    elif data.part(0) == "d" and dataset is not None:
        await _choose_format(update, session, scope, dataset)
    elif data.part(0) == "f" and dataset is not None and data.part(2) in tuple(FileFormat):
        await _format_chosen(update, session, scope, data)
    else:
        await stale_button(update, context)


def _dataset(value: str) -> Dataset | None:
    """Only the datasets of the /ekspor menu; the audit log is reached through /audit."""
    return next((d for d in DATASET_LABELS if d.value == value), None)


async def _choose_format(update: Update, session: Session, scope: Scope, dataset: Dataset) -> None:
    await acknowledge(update)
    offer_full = _full_nik_possible(session, scope, dataset)
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton("CSV", callback_data=pack(PREFIX, "f", dataset, FileFormat.CSV)),
            InlineKeyboardButton(
                "Excel (XLSX)", callback_data=pack(PREFIX, "f", dataset, FileFormat.XLSX)
            ),
        ]
    ]
    if offer_full:  # never offered to officers: they cannot have full NIKs at all
        rows.append(
            [
                InlineKeyboardButton(
                    _("🔓 CSV, NIK lengkap"),
                    callback_data=pack(PREFIX, "f", dataset, FileFormat.CSV, FULL),
                ),
                InlineKeyboardButton(
                    _("🔓 Excel, NIK lengkap"),
                    callback_data=pack(PREFIX, "f", dataset, FileFormat.XLSX, FULL),
                ),
            ]
        )
    rows.append([InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(PREFIX, "m"))])
    text = session.render(
        "export_format",
        label=_(DATASET_LABELS[dataset]),
        masked=dataset is Dataset.PERANGKAT,
        offer_full=offer_full,
    )
    await reply(update, text, rows)


def _full_nik_possible(session: Session, scope: Scope, dataset: Dataset) -> bool:
    # scope.everything is how Services.scope marks an admin (DESABOT_ADMIN_IDS or role admin).
    return scope.everything and dataset is Dataset.PERANGKAT and session.services.cipher is not None


async def _format_chosen(update: Update, session: Session, scope: Scope, data: Callback) -> None:
    dataset, file_format = Dataset(data.part(1)), FileFormat(data.part(2))
    if data.part(3) != FULL:
        await acknowledge(update)
        await run_export(update, session, ExportRequest(dataset, file_format, scope))
        return
    if not scope.everything or dataset is not Dataset.PERANGKAT:
        await _refuse_full(update, session, dataset)
        return
    await acknowledge(update)
    if session.services.cipher is None:
        await reply(update, session.render("personal_data_disabled"), edit=False)
        return
    state = {"dataset": dataset.value, "format": file_format.value}
    await dialogs.save(session, DialogState(REASON_FLOW, "reason", state))
    await reply(update, session.render("export_reason_prompt", minimum=MIN_REASON), _cancel_rows())


async def _refuse_full(update: Update, session: Session, dataset: Dataset) -> None:
    """A forged or outdated "full NIK" button from someone who is not an admin."""
    await audit.record(
        session.services.db, session.user.user_id, "export.refused", dataset.value, "nik=lengkap"
    )
    text = session.render("export_full_refused")
    await acknowledge(update, text)
    await reply(update, text, edit=False)


def _cancel_rows() -> Keyboard:
    return [[InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(PREFIX, "x"))]]


async def _cancel_reason(update: Update, session: Session) -> None:
    await acknowledge(update)
    await dialogs.end_flow(session, REASON_FLOW)  # an old "Batal" ends nothing else
    back = [InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(PREFIX, "m"))]
    await reply(update, session.render("export_cancelled"), [back, back_to_menu_row()])


async def on_reason_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The admin's reason for a full-NIK export (dialogue step of REASON_FLOW, registered
    behind ``dialogs.officers_step``)."""
    scope = await exporter_scope(update, session)  # typed in a group: the file stays out
    if scope is None:
        return
    if not scope.everything:  # no longer an admin since the button was pressed
        await dialogs.end(session)
        await _refuse_full(update, session, Dataset.PERANGKAT)
        return
    text = " ".join(((update.effective_message and update.effective_message.text) or "").split())
    if len(text) < MIN_REASON:
        await reply(update, session.render("export_reason_invalid", minimum=MIN_REASON))
        return
    await dialogs.end(session)
    reason = _NIK_LIKE.sub(lambda match: mask_nik(match[0]), text[:MAX_REASON])
    request = ExportRequest(
        Dataset(state.data["dataset"]), FileFormat(state.data["format"]), scope, full_nik=True
    )
    await run_export(update, session, request, reason)
