"""/statistik (officers and admins): a short summary of their kab/kota (an admin's: the
country) and a chart, with a refresh button.

The chart renders in a worker thread, so other users are not kept waiting.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatAction

from bot.domain.dates import today_jakarta
from bot.platform.callback import pack
from bot.platform.i18n import _
from bot.services import charts, statistics
from bot.services.charts import ChartTexts
from handlers.petugas._reports import area_context, has_area
from handlers.shared.context import BotContext
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, acknowledge, reply

# Villages judged per second is ~10,000 (bench/national_scale.py): above this many the
# officer is told to wait rather than left with a silent chat.
LARGE_SCOPE = 10_000
SHOWN_AREAS = 10  # kab/kota listed by name in the summary; the rest are in the chart/export


async def command(update: Update, context: BotContext) -> None:
    """/statistik and its refresh button (st): works in the officers' group too."""
    session = context.session
    scope = await session.services.scope(session.user)
    if not await has_area(update, session, scope):
        return
    await acknowledge(update)
    chat = update.effective_chat
    assert chat is not None
    services = session.services
    claimed = await statistics.claimed_count(services.db, scope)
    if claimed > LARGE_SCOPE:  # an admin's whole country: seconds, so say so first
        await reply(update, session.render("stats_wait", count=claimed), edit=False)
    await chat.send_chat_action(ChatAction.UPLOAD_PHOTO)
    stats = await statistics.compute(services.db, scope, services.rules, today_jakarta())
    # Matplotlib is CPU work (0.1-0.4 s): off the event loop, so other chats are answered.
    png = await asyncio.to_thread(charts.render_statistics, stats, _chart_texts(stats))
    area = await area_context(session, scope)
    text = session.render("stats_summary", stats=stats, shown=SHOWN_AREAS, **area)
    await reply(update, text, _rows(), edit=False)
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


def _rows() -> Keyboard:
    return [
        [InlineKeyboardButton(_("🔄 Perbarui"), callback_data=pack(Prefix.STATISTICS))],
        [InlineKeyboardButton(_("⬇️ Ekspor data"), callback_data=pack(Prefix.EXPORT, "m"))],
    ]
