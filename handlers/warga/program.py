"""/program and the 📚 menu button: villagers' lessons on JKK, JKM, JHT, JP, JKP and "BPU or
PU". Each lesson opens with a summary screen (what you get, who can join, what it costs),
then its detail screens, page by page; the "checked on" footer is on the last page only."""

from __future__ import annotations

from markupsafe import Markup
from telegram import InlineKeyboardButton, Update

from bot.domain import dated_facts
from bot.domain.dates import today_jakarta
from bot.platform.callback import pack
from bot.platform.content import Lesson
from bot.platform.i18n import _, localized
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pressed
from handlers.shared.listen import listen_row
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply

PROGRAMS = Prefix.PROGRAMS
LESSON = Prefix.LESSON  # les:<lesson>:<page>; page 1 is the summary
SUMMARY_PAGE = 1


def _list_rows(session: Session) -> Keyboard:
    rows = [
        [
            InlineKeyboardButton(
                f"{lesson.emoji} {localized(lesson.title, session.lang)}",
                callback_data=pack(LESSON, lesson.id, SUMMARY_PAGE),
            )
        ]
        for lesson in session.services.lessons
    ]
    return [*rows, back_to_menu_row()]


def lesson_keyboard(lesson: Lesson, page: int) -> Keyboard:
    """The keyboard under a lesson page; every button of that screen is added here."""
    nav = []
    if page > 1:
        nav.append(
            InlineKeyboardButton(_("◀️ Sebelumnya"), callback_data=pack(LESSON, lesson.id, page - 1))
        )
    if page < lesson.pages:
        label = _("Selengkapnya ▶️") if page == SUMMARY_PAGE else _("Berikutnya ▶️")
        nav.append(InlineKeyboardButton(label, callback_data=pack(LESSON, lesson.id, page + 1)))
    return [
        nav,
        [InlineKeyboardButton(_("📚 Daftar program"), callback_data=pack(PROGRAMS))],
        back_to_menu_row(),
    ]


async def show_programs(update: Update, context: BotContext) -> None:
    session = context.session
    await acknowledge(update)
    await reply(
        update, session.render("programs", lessons=session.services.lessons), _list_rows(session)
    )


async def show_lesson(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    lesson = session.services.lesson(data.part(0))
    page = data.int_part(1)
    if lesson is None or not 1 <= page <= lesson.pages:
        await stale_button(update, context)
        return
    await acknowledge(update)
    text = _summary(session, lesson) if page == SUMMARY_PAGE else _details(session, lesson, page)
    await reply(update, text, [*listen_row(session), *lesson_keyboard(lesson, page)])


def _render(session: Session, text: dict[str, str]) -> Markup:
    # Dated figures (discount periods, pension age) are filled in for today in Jakarta.
    # Lesson texts are validated Telegram HTML from content/, not user input.
    lang = session.lang
    return Markup(dated_facts.render(localized(text, lang), lang, today_jakarta()))


def _summary(session: Session, lesson: Lesson) -> str:
    summary = lesson.summary
    return session.render(
        "lesson_summary",
        emoji=lesson.emoji,
        title=localized(lesson.title, session.lang),
        pages=lesson.pages,
        gets=_render(session, summary.gets),
        who=_render(session, summary.who),
        cost=_render(session, summary.cost),
    )


def _details(session: Session, lesson: Lesson, page: int) -> str:
    screen = lesson.screens[page - 2]  # page 2 is the first detail screen
    return session.render(
        "lesson",
        emoji=lesson.emoji,
        title=localized(lesson.title, session.lang),
        body=_render(session, screen.text),
        page=page,
        pages=lesson.pages,
        # The footer is shown once, on the last page, for the lesson's oldest check.
        checked=lesson.checked,
    )
