"""/statistik (officers and admins): a short summary of their kab/kota (an admin's: the
country) and a chart, with buttons to change the breakdown, list villages, refresh, export
and go back to the menu.

The apparatus coverage is broken down where the officer can act: a kab/kota officer by
kecamatan (and, on request, village by village, paged), an admin by province (or kab/kota);
always the worst covered first. The chart renders in a worker thread, so other users are not
kept waiting.

Buttons: st (refresh, default breakdown) · st:l:<level> (another breakdown) · st:v:<page>
(the villages list, edited in place).
"""

from __future__ import annotations

import asyncio
import functools

from telegram import InlineKeyboardButton, Update
from telegram.constants import ChatAction

from bot.domain.dates import today_jakarta
from bot.platform.callback import pack, parse_int
from bot.platform.db.officers import Scope
from bot.platform.i18n import N_, _, number, short_date
from bot.services import charts, statistics
from bot.services.charts import ChartTexts
from bot.services.statistics import Level
from handlers.petugas._reports import area_context, has_area
from handlers.shared.context import BotContext
from handlers.shared.keyboards import back_to_menu_row, pager_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

# Villages judged per second is ~10,000 (bench/national_scale.py): above this many the
# officer is told to wait rather than left with a silent chat.
LARGE_SCOPE = 10_000
SHOWN_AREAS = 10  # regions listed by name in the summary; the rest are in the chart/export
VILLAGES_PER_PAGE = 12
PREFIX = Prefix.STATISTICS
# What each breakdown is called on its button and in titles.
PER_LEVEL = {
    Level.PROVINCE: N_("per provinsi"),
    Level.KAB: N_("per kab/kota"),
    Level.KECAMATAN: N_("per kecamatan"),
    Level.VILLAGE: N_("per desa"),
}


def _levels(scope: Scope) -> tuple[Level, ...]:
    """The breakdowns offered: the country by province or kab/kota (villages nationally are
    too many for a chat); an officer's area by kecamatan or village."""
    if scope.everything:
        return (Level.PROVINCE, Level.KAB)
    return (Level.KECAMATAN, Level.KAB) if len(scope.kab_codes) > 1 else (Level.KECAMATAN,)


async def command(update: Update, context: BotContext) -> None:
    """/statistik and its buttons: works in the officers' group too."""
    session = context.session
    scope = await session.services.scope(session.user)
    if not await has_area(update, session, scope):
        return
    await acknowledge(update)
    data = pressed(update)
    if data.part(0) == "v" and not scope.everything:
        await _villages(update, session, scope, parse_int(data.part(1)) or 0)
        return
    wanted = next((lv for lv in _levels(scope) if data.part(0) == "l" and lv == data.part(1)), None)
    await _summary(update, session, scope, wanted or statistics.default_level(scope))


async def _summary(update: Update, session: Session, scope: Scope, level: Level) -> None:
    chat = update.effective_chat
    assert chat is not None
    services = session.services
    claimed = await statistics.claimed_count(services.db, scope)
    if claimed > LARGE_SCOPE:  # an admin's whole country: seconds, so say so first
        await reply(update, session.render("stats_wait", count=claimed), edit=False)
    await chat.send_chat_action(ChatAction.UPLOAD_PHOTO)
    today = today_jakarta()
    stats = await statistics.compute(services.db, scope, services.rules, today, level)
    area = await area_context(session, scope)
    texts = _chart_texts(session, stats, area)
    # Matplotlib is CPU work (0.1-0.4 s): off the event loop, so other chats are answered.
    png = await asyncio.to_thread(charts.render_statistics, stats, texts)
    text = session.render(
        "stats_summary", stats=stats, shown=SHOWN_AREAS, per=_(PER_LEVEL[level]), **area
    )
    await reply(update, text, _rows(scope, level), edit=False)
    caption = session.render("stats_chart", has_history=stats.has_history, per=_(PER_LEVEL[level]))
    await chat.send_photo(png, caption=caption)


def _chart_texts(
    session: Session, stats: statistics.Statistics, area: dict[str, object]
) -> ChartTexts:
    hidden = charts.hidden_count(stats.coverage)
    areas = area["areas"]
    where = _("Seluruh Indonesia") if area["everything"] else ", ".join(map(str, areas))  # type: ignore[call-overload]
    day = short_date(stats.today or today_jakarta(), session.lang)
    return ChartTexts(
        coverage_title=_(
            "Perangkat desa aktif BPJS TK %(per)s, terendah dulu", per=_(PER_LEVEL[stats.level])
        ),
        share_axis=_("Persentase perangkat desa yang aktif"),
        no_members=_("Belum ada perangkat desa yang dicatat."),
        more=_("dan %(count)s wilayah lain (lihat ekspor)", count=hidden) if hidden else "",
        history_title=_("Per minggu, %(weeks)s minggu terakhir", weeks=statistics.WEEKS),
        questions=_("Pertanyaan warga"),
        subscriptions=_("Langganan baru"),
        heading=f"{where[:80]} · {day}",
        partial_week=_("minggu ini (belum selesai)"),
        number=functools.partial(number, locale=session.lang),
    )


def _rows(scope: Scope, level: Level) -> Keyboard:
    others = [
        InlineKeyboardButton(
            _("📊 %(per)s", per=_(PER_LEVEL[lv])), callback_data=pack(PREFIX, "l", lv)
        )
        for lv in _levels(scope)
        if lv != level
    ]
    if not scope.everything:
        villages = pack(PREFIX, "v", 0)
        others.append(InlineKeyboardButton(_("🏡 Per desa"), callback_data=villages))
    rows: Keyboard = [others] if others else []
    return [
        *rows,
        [InlineKeyboardButton(_("🔄 Perbarui"), callback_data=pack(PREFIX, "l", level))],
        [InlineKeyboardButton(_("⬇️ Ekspor data"), callback_data=pack(Prefix.EXPORT, "m"))],
        back_to_menu_row(),
    ]


async def _villages(update: Update, session: Session, scope: Scope, page: int) -> None:
    """The villages of the officer's area with apparatus recorded, worst covered first, one
    page at a time; the list edits itself in place."""
    found = await statistics.coverage(session.services.db, scope, Level.VILLAGE)
    pages = max(1, -(-len(found) // VILLAGES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    start = page * VILLAGES_PER_PAGE
    text = session.render(
        "stats_villages",
        items=found[start : start + VILLAGES_PER_PAGE],
        first=start + 1,
        total=len(found),
        page=page + 1,
        pages=pages,
    )
    back = [InlineKeyboardButton(_("◀️ Kembali"), callback_data=pack(PREFIX))]
    pager = pager_row(PREFIX, "v", page=page, has_next=page + 1 < pages)
    await reply(update, text, [pager, back, back_to_menu_row()])
