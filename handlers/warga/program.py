"""/program and the 📚 menu button: villagers' lessons on JKK, JKM, JHT, JP, JKP and "BPU or
PU", screen by screen."""

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
LESSON = Prefix.LESSON  # les:<lesson>:<screen>


def _list_rows(session: Session) -> Keyboard:
    rows = [
        [
            InlineKeyboardButton(
                f"{lesson.emoji} {localized(lesson.title, session.lang)}",
                callback_data=pack(LESSON, lesson.id, 1),
            )
        ]
        for lesson in session.services.lessons
    ]
    return [*rows, back_to_menu_row()]


def _screen_rows(lesson: Lesson, page: int) -> Keyboard:
    nav = []
    if page > 1:
        nav.append(
            InlineKeyboardButton(_("◀️ Sebelumnya"), callback_data=pack(LESSON, lesson.id, page - 1))
        )
    if page < len(lesson.screens):
        nav.append(
            InlineKeyboardButton(_("Berikutnya ▶️"), callback_data=pack(LESSON, lesson.id, page + 1))
        )
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
    if lesson is None or not 1 <= page <= len(lesson.screens):
        await stale_button(update, context)
        return
    await acknowledge(update)
    screen = lesson.screens[page - 1]
    # Dated figures (discount periods, pension age) are filled in for today in Jakarta.
    body = dated_facts.render(localized(screen.text, session.lang), session.lang, today_jakarta())
    text = session.render(
        "lesson",
        emoji=lesson.emoji,
        title=localized(lesson.title, session.lang),
        # Lesson texts are validated Telegram HTML from content/, not user input.
        body=Markup(body),
        page=page,
        pages=len(lesson.screens),
        # The footer is shown once, on the last screen, for the lesson's oldest check.
        checked=min(s.checked for s in lesson.screens),
    )
    await reply(update, text, [*listen_row(session), *_screen_rows(lesson, page)])
