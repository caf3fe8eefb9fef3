"""/statistik, /ekspor and /audit: an officer's statistics, data exports and the audit log.

Rights come from the server on every command and button press, never from callback data:
officers act inside their kab/kota (``Services.scope``), admins everywhere. Full NIKs and the
audit log are for admins only (``scope.everything``); a full-NIK export first asks for a
reason, which is recorded with the export in the audit log (UU PDP 27/2022). Every export is
audited: who, what, where, how many rows.

Charts and files are slow work: the chart renders in a worker thread and exports stream in
chunks (``bot.services.exports``), so other users are not kept waiting.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot.domain.nik import mask_nik
from bot.platform.callback import Callback, pack
from bot.platform.db import audit
from bot.platform.db.dialogs import DialogState
from bot.platform.db.officers import Scope
from bot.platform.i18n import N_, _
from bot.services import charts, exports, statistics
from bot.services.charts import ChartTexts
from bot.services.exports import Dataset, ExportRequest, ExportResult, FileFormat, Sources
from handlers.shared import dialogs
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import pressed
from handlers.shared.session import Keyboard, Session, acknowledge, begin, reply
from handlers.warga.iuran import today

STATS = "st"  # st: the statistics again (refresh)
EXPORT = "ex"  # ex:m menu · ex:d:<dataset> formats · ex:f:<dataset>:<format>[:full] · ex:x
AUDIT = "au"  # au:p:<page> a page of the log · au:csv its export
REASON_FLOW = "export_reason"
FULL = "full"
AUDIT_PAGE = 20
# Villages judged per second is ~10,000 (bench/national_scale.py): above this many the
# officer is told to wait rather than left with a silent chat.
LARGE_SCOPE = 10_000
SHOWN_AREAS = 10  # kab/kota listed by name in the summary; the rest are in the chart/export
MIN_REASON = 10  # characters: "ok", "perlu" is not a reason anyone can audit later
MAX_REASON = 300
_NIK_LIKE = re.compile(r"\d{16}")  # a reason must not carry a clear NIK into the audit log

# What an officer may export, in the order offered (the audit log has its own command).
DATASET_LABELS = {
    Dataset.DESA: N_("🏡 Desa dan indikasi Desa Sadar"),
    Dataset.PERANGKAT: N_("👥 Perangkat desa"),
    Dataset.SIARAN: N_("📣 Pengumuman dan pengirimannya"),
    Dataset.PERTANYAAN: N_("💬 Pertanyaan warga"),
}


async def _officer_scope(update: Update, session: Session) -> Scope | None:
    """The officer's scope, or None after telling a non-officer this is not for them."""
    if session.services.is_officer(session.user):
        return await session.services.scope(session.user)
    text = session.render("officer_only")
    await acknowledge(update, text)
    if update.callback_query is None:
        await reply(update, text)
    return None


async def _exporter_scope(update: Update, session: Session) -> Scope | None:
    """As ``_officer_scope``, and only in a private chat: files hold names and (masked or
    full) NIKs, and a group's members are not all entitled to them."""
    scope = await _officer_scope(update, session)
    chat = update.effective_chat
    if scope is None or (chat is not None and chat.type == ChatType.PRIVATE):
        return scope
    text = session.render("export_private_only")
    await acknowledge(update, text)
    await reply(update, text, edit=False)
    return None


async def _has_area(update: Update, session: Session, scope: Scope) -> bool:
    if scope.everything or scope.kab_codes:
        return True
    await acknowledge(update)
    await reply(update, session.render("stats_no_scope"), edit=False)
    return False


async def _area_context(session: Session, scope: Scope) -> dict[str, object]:
    return {
        "everything": scope.everything,
        "areas": await statistics.scope_labels(session.services.db, scope),
    }


# --- /statistik ----------------------------------------------------------------------------


async def statistics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/statistik and its refresh button: a short summary and a chart."""
    session = await begin(update, context)
    scope = await _officer_scope(update, session)
    if scope is None or not await _has_area(update, session, scope):
        return
    await acknowledge(update)
    chat = update.effective_chat
    assert chat is not None
    services = session.services
    claimed = await statistics.claimed_count(services.db, scope)
    if claimed > LARGE_SCOPE:  # an admin's whole country: seconds, so say so first
        await reply(update, session.render("stats_wait", count=claimed), edit=False)
    await chat.send_chat_action(ChatAction.UPLOAD_PHOTO)
    stats = await statistics.compute(services.db, scope, services.rules, today())
    # Matplotlib is CPU work (0.1-0.4 s): off the event loop, so other chats are answered.
    png = await asyncio.to_thread(charts.render_statistics, stats, _chart_texts(stats))
    area = await _area_context(session, scope)
    text = session.render("stats_summary", stats=stats, shown=SHOWN_AREAS, **area)
    await reply(update, text, _stats_rows(), edit=False)
    caption = session.render("stats_chart", has_history=stats.has_history)
    await chat.send_photo(png, caption=caption)


def _chart_texts(stats: statistics.Statistics) -> ChartTexts:
    hidden = charts.hidden_count(stats.coverage)
    return ChartTexts(
        coverage_title=_("Perangkat desa aktif BPJS TK per kab/kota"),
        share_axis=_("Persentase perangkat desa yang aktif"),
        no_members=_("Belum ada perangkat desa yang dicatat."),
        more=_("dan %(count)s kab/kota lain (lihat ekspor)", count=hidden) if hidden else "",
        history_title=_("Per minggu, %(weeks)s minggu terakhir", weeks=statistics.WEEKS),
        questions=_("Pertanyaan warga"),
        subscriptions=_("Langganan baru"),
    )


def _stats_rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("🔄 Perbarui"), callback_data=pack(STATS))],
        [InlineKeyboardButton(_("⬇️ Ekspor data"), callback_data=pack(EXPORT, "m"))],
    ]


# --- /ekspor: choosing ---------------------------------------------------------------------


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ekspor: which data to export."""
    session = await begin(update, context)
    scope = await _exporter_scope(update, session)
    if scope is None or not await _has_area(update, session, scope):
        return
    await acknowledge(update)
    rows = [
        [InlineKeyboardButton(_(label), callback_data=pack(EXPORT, "d", dataset))]
        for dataset, label in DATASET_LABELS.items()
    ]
    await reply(update, session.render("export_menu", **await _area_context(session, scope)), rows)


async def on_export_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    data = pressed(update)
    if data.part(0) == "m":
        await export_command(update, context)
        return
    session = await begin(update, context)
    scope = await _exporter_scope(update, session)
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
            InlineKeyboardButton("CSV", callback_data=pack(EXPORT, "f", dataset, FileFormat.CSV)),
            InlineKeyboardButton(
                "Excel (XLSX)", callback_data=pack(EXPORT, "f", dataset, FileFormat.XLSX)
            ),
        ]
    ]
    if offer_full:  # never offered to officers: they cannot have full NIKs at all
        rows.append(
            [
                InlineKeyboardButton(
                    _("🔓 CSV, NIK lengkap"),
                    callback_data=pack(EXPORT, "f", dataset, FileFormat.CSV, FULL),
                ),
                InlineKeyboardButton(
                    _("🔓 Excel, NIK lengkap"),
                    callback_data=pack(EXPORT, "f", dataset, FileFormat.XLSX, FULL),
                ),
            ]
        )
    rows.append([InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(EXPORT, "m"))])
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
    return [[InlineKeyboardButton(_("✖️ Batal"), callback_data=pack(EXPORT, "x"))]]


async def _cancel_reason(update: Update, session: Session) -> None:
    await acknowledge(update)
    await dialogs.end_flow(session, REASON_FLOW)  # an old "Batal" ends nothing else
    await reply(update, session.render("export_cancelled"))


async def on_reason_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    """The admin's reason for a full-NIK export (dialogue step of REASON_FLOW)."""
    scope = await _exporter_scope(update, session)  # typed in a group: the file stays out
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


# --- /ekspor: building and sending ---------------------------------------------------------


async def run_export(
    update: Update, session: Session, request: ExportRequest, reason: str = ""
) -> None:
    """Build the file, send it, audit it; the temporary file is gone when this returns."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_chat_action(ChatAction.UPLOAD_DOCUMENT)
    services = session.services
    sources = Sources(services.rules, today(), services.cipher)
    # A private directory (mode 0700) per export: a full-NIK file is readable by nobody else
    # while it exists, and removed with the directory right after sending.
    with tempfile.TemporaryDirectory(prefix="desabot-export-") as directory:
        result = await exports.export(services.db, request, sources, Path(directory))
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
        **await _area_context(session, request.scope),
    )
    # PTB reads the file once to upload it (at most 50 MB); the rows were never Python lists.
    with result.path.open("rb") as handle:
        await chat.send_document(handle, filename=result.filename, caption=caption)


async def _audit_export(
    session: Session, request: ExportRequest, result: ExportResult, reason: str
) -> None:
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


# --- /audit --------------------------------------------------------------------------------


async def audit_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/audit and its page buttons: the newest entries first (admins only)."""
    session = await begin(update, context)
    scope = await _admin_scope(update, session)
    if scope is None:
        return
    await acknowledge(update)
    data = pressed(update)
    page = max(data.int_part(1), 0) if data.part(0) == "p" else 0
    entries, total = await exports.audit_page(session.services.db, page * AUDIT_PAGE, AUDIT_PAGE)
    pages = max(1, -(-total // AUDIT_PAGE))
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀️", callback_data=pack(AUDIT, "p", page - 1)))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton("▶️", callback_data=pack(AUDIT, "p", page + 1)))
    download = [InlineKeyboardButton(_("⬇️ Unduh CSV"), callback_data=pack(AUDIT, "csv"))]
    text = session.render(
        "export_audit", entries=entries, total=total, page=min(page + 1, pages), pages=pages
    )
    await reply(update, text, [nav, download])


async def _admin_scope(update: Update, session: Session) -> Scope | None:
    scope = await _exporter_scope(update, session)
    if scope is None or scope.everything:
        return scope
    text = session.render("export_admin_only")
    await acknowledge(update, text)
    await reply(update, text, edit=False)
    return None


async def on_audit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    action = pressed(update).part(0)
    if action == "p":
        await audit_command(update, context)
        return
    session = await begin(update, context)
    if action != "csv":
        await stale_button(update, context)
        return
    scope = await _admin_scope(update, session)
    if scope is None:
        return
    await acknowledge(update)
    await run_export(update, session, ExportRequest(Dataset.AUDIT, FileFormat.CSV, scope))
