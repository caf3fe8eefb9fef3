"""/tanya and free text: villagers' questions answered from the FAQ, with choices, or plainly
"we don't know" (and the way to an officer).

An income in a contribution question gets the calculator's answer
(``handlers.shared.calculator``) instead of a fixed text. Every question is stored with its
outcome and score, and the user's 👍/👎, so the content can grow.
"""

from __future__ import annotations

from markupsafe import Markup
from telegram import InlineKeyboardButton, Update

from bot.domain import dated_facts
from bot.domain.dates import today_jakarta
from bot.domain.faq.entries import FaqEntry
from bot.domain.faq.index import Outcome, SearchResult
from bot.domain.faq.smalltalk import small_talk
from bot.domain.money import find_income
from bot.platform.callback import pack
from bot.platform.db import questions
from bot.platform.i18n import _, localized
from handlers.shared.calculator import quick_quote_screen
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, menu_rows, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply
from handlers.shared.subscription_offer import maybe_offer

ENTRY = Prefix.FAQ_ENTRY  # faq:<entry>[:<question>]
FEEDBACK = Prefix.FAQ_FEEDBACK  # fb:<question>:<1|-1>
HANDOVER = Prefix.HANDOVER  # ho:<question>, answered by /pertanyaan's module
MAX_QUESTION_CHARS = 1000
MAX_BUTTON_CHARS = 60


async def ask_command(update: Update, context: BotContext) -> None:
    """/tanya <question>; a bare /tanya explains how to ask."""
    session = context.session
    question = " ".join(context.args or []).strip()
    if not question:
        await reply(update, session.render("tanya_prompt"), [back_to_menu_row()])
        return
    await answer_question(update, context, session, question)


async def on_free_text(update: Update, context: BotContext, session: Session) -> None:
    text = update.effective_message.text if update.effective_message else None
    await answer_question(update, context, session, text or "")


async def answer_question(update: Update, context: BotContext, session: Session, text: str) -> None:
    text = text.strip()[:MAX_QUESTION_CHARS]
    if not text:
        await reply(update, session.render("tanya_prompt"), [back_to_menu_row()])
        return
    chat = small_talk(text)
    if chat is not None:
        await reply(update, session.render("small_talk", kind=chat), menu_rows(session))
        return
    result = session.services.faq.search(text)
    income = find_income(text)
    if income is not None and _about_contribution(session, result):
        await _answer_with_calculator(update, session, text, result)
        return
    top = result.hits[0] if result.hits else None
    question_id = await questions.record(
        session.services.db,
        user_id=session.user.user_id,
        language=session.lang,
        text=text,
        normalized=result.normalized,
        outcome=result.outcome.value,
        entry_id=top.entry_id if top else None,
        score=top.score if top else None,
    )
    if result.outcome is Outcome.CONFIDENT and top is not None:
        await send_answer(update, session, session.services.faq.entry(top.entry_id), question_id)
        await maybe_offer(update, session)
    elif result.outcome is Outcome.AMBIGUOUS:
        await _offer_choices(update, session, result, question_id)
    else:
        await _not_understood(update, session, question_id)


def _about_contribution(session: Session, result: SearchResult) -> bool:
    if "iuran" in result.normalized.split():
        return True
    faq = session.services.faq
    return any(faq.entry(hit.entry_id).topic == "iuran" for hit in result.hits[:3])


async def _answer_with_calculator(
    update: Update, session: Session, text: str, result: SearchResult
) -> None:
    quote = quick_quote_screen(session, text, today_jakarta())
    if quote is None:  # an absurd amount: answer as an ordinary question instead
        await _not_understood(update, session, None)
        return
    await questions.record(
        session.services.db,
        user_id=session.user.user_id,
        language=session.lang,
        text=text,
        normalized=result.normalized,
        outcome="calculator",
        entry_id=None,
        score=None,
    )
    await reply(update, quote.text, quote.rows)


def _button_label(entry: FaqEntry, lang: str) -> str:
    label = localized(entry.question, lang)
    return label if len(label) <= MAX_BUTTON_CHARS else label[: MAX_BUTTON_CHARS - 1] + "…"


async def send_answer(
    update: Update, session: Session, entry: FaqEntry, question_id: int | None
) -> None:
    # Dated figures (discount periods, pension figures) are filled in for today in Jakarta.
    lang = session.lang
    answer = dated_facts.render(localized(entry.answer, lang), lang, today_jakarta())
    text = session.render(
        "faq_answer",
        answer=Markup(answer),  # validated content HTML
        states_amount=bool(dated_facts.figures(answer)),
        unconfirmed=entry.unconfirmed,
        checked=entry.checked,
        ask_feedback=question_id is not None,
    )
    rows: list[list[InlineKeyboardButton]] = []
    if question_id is not None:
        rows.append(
            [
                InlineKeyboardButton("👍", callback_data=pack(FEEDBACK, question_id, 1)),
                InlineKeyboardButton("👎", callback_data=pack(FEEDBACK, question_id, -1)),
            ]
        )
    faq = session.services.faq
    for related_id in entry.related[:3]:
        related = faq.entry(related_id)
        rows.append(
            [
                InlineKeyboardButton(
                    _button_label(related, session.lang), callback_data=pack(ENTRY, related_id)
                )
            ]
        )
    rows.append(back_to_menu_row())
    await reply(update, text, rows, edit=False)


async def _offer_choices(
    update: Update, session: Session, result: SearchResult, question_id: int
) -> None:
    faq = session.services.faq
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                _button_label(faq.entry(hit.entry_id), session.lang),
                callback_data=pack(ENTRY, hit.entry_id, question_id),
            )
        ]
        for hit in result.hits[:3]
    ]
    handover = [
        InlineKeyboardButton(_("🙋 Teruskan ke petugas"), callback_data=pack(HANDOVER, question_id))
    ]
    await reply(update, session.render("faq_choices"), [*rows, handover, back_to_menu_row()])


async def _not_understood(update: Update, session: Session, question_id: int | None) -> None:
    rows: list[list[InlineKeyboardButton]] = []
    if question_id is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    _("🙋 Teruskan ke petugas"), callback_data=pack(HANDOVER, question_id)
                )
            ]
        )
    rows.append(
        [InlineKeyboardButton(_("📚 Kenali program BPJS TK"), callback_data=pack(Prefix.PROGRAMS))]
    )
    rows.append(back_to_menu_row())
    await reply(update, session.render("faq_not_understood"), rows)


async def on_entry_button(update: Update, context: BotContext) -> None:
    """A related question or one of the "did you mean" choices."""
    session = context.session
    data = pressed(update)
    entry = _entry_or_none(session, data.part(0))
    if entry is None:  # an entry removed from content/ since the button was sent
        await stale_button(update, context)
        return
    await acknowledge(update)
    question_id = await questions.record(
        session.services.db,
        user_id=session.user.user_id,
        language=session.lang,
        text=localized(entry.question, session.lang),
        normalized="",
        outcome="confident",
        entry_id=entry.id,
        score=1.0,
    )
    await send_answer(update, session, entry, question_id)


def _entry_or_none(session: Session, entry_id: str) -> FaqEntry | None:
    try:
        return session.services.faq.entry(entry_id)
    except KeyError:
        return None


async def on_feedback(update: Update, context: BotContext) -> None:
    session = context.session
    data = pressed(update)
    question_id, value = data.int_part(0), data.int_part(1)
    if value not in (1, -1) or not await questions.set_feedback(
        session.services.db, question_id, session.user.user_id, value
    ):
        await stale_button(update, context)
        return
    await acknowledge(update, _("Terima kasih atas penilaiannya."))
    if value == -1:
        rows = [
            [
                InlineKeyboardButton(
                    _("🙋 Teruskan ke petugas"), callback_data=pack(HANDOVER, question_id)
                )
            ]
        ]
        await reply(update, session.render("faq_disliked"), [*rows, back_to_menu_row()], edit=False)
