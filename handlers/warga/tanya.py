"""/tanya and free text: villagers' questions answered from the FAQ, with choices, or plainly
"we don't know" (and the way to an officer).

What to answer is decided by ``bot.services.answers``; an income in a contribution question
gets the calculator's answer (``handlers.shared.calculator``) instead of a fixed text. Every
question is stored with its outcome and score, and the user's 👍/👎, so the content can grow.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup
from telegram import InlineKeyboardButton, Update

from bot.domain import dated_facts
from bot.domain.dates import today_jakarta
from bot.domain.faq.entries import FaqEntry
from bot.domain.faq.index import SEE_ALSO, Elsewhere
from bot.domain.faq.labels import button_label
from bot.platform.callback import pack, parse_id
from bot.platform.db import questions
from bot.platform.i18n import _, localized
from bot.services import answers
from bot.services.answers import Kind
from handlers.shared.calculator import quick_quote_screen
from handlers.shared.context import BotContext
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, menu_rows, pressed
from handlers.shared.listen import listen_row
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Keyboard, Session, acknowledge, reply
from handlers.shared.subscription_offer import offer_button, offer_due

ENTRY = Prefix.FAQ_ENTRY  # faq:<entry>[:<question>]
FEEDBACK = Prefix.FAQ_FEEDBACK  # fb:<question>:<1|-1>
HANDOVER = Prefix.HANDOVER  # ho:<question>, answered by /pertanyaan's module
MAX_CHOICES = 3  # "did you mean": more is a list to read, not a choice


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
    on = today_jakarta()
    asker = answers.Asker(session.user.user_id, session.lang, on)
    services = session.services
    found = await answers.answer(services.db, services.faq, services.rates, asker, text)
    if found.kind is Kind.EMPTY:
        await reply(update, session.render("tanya_prompt"), [back_to_menu_row()])
    elif found.kind is Kind.SMALL_TALK:
        await reply(update, session.render("small_talk", kind=found.small_talk), menu_rows(session))
    elif found.quote is not None:
        screen = quick_quote_screen(session, found.quote, on)
        await reply(update, screen.text, screen.rows)
    elif found.entry is not None:
        await send_answer(update, session, found.entry, found.question_id, found.see_also)
    elif found.choices and found.question_id is not None:
        await _offer_choices(update, session, found.choices, found.question_id)
    else:
        await _not_understood(update, session, found.question_id, found.elsewhere)


async def send_answer(
    update: Update,
    session: Session,
    entry: FaqEntry,
    question_id: int | None,
    see_also: Sequence[FaqEntry] | None = None,
) -> None:
    """The answer as ONE message: the text, then 👍/👎 (and, once, 🔔 for village news),
    ``see_also`` (the search's close runner-ups and the related questions; by default the
    entry's related questions) and the way back, all in its keyboard."""
    if see_also is None:
        faq = session.services.faq
        see_also = [faq.entry(related) for related in entry.related[:SEE_ALSO]]
    # Dated figures (discount periods, pension figures) are filled in for today in Jakarta.
    lang = session.lang
    answer = dated_facts.render(localized(entry.answer, lang), lang, today_jakarta())
    offer = question_id is not None and await offer_due(session)
    text = session.render(
        "faq_answer",
        answer=Markup(answer),  # validated content HTML
        states_amount=bool(dated_facts.figures(answer)),
        unconfirmed=entry.unconfirmed,
        checked=entry.checked,
        ask_feedback=question_id is not None,
        offer_news=offer,
    )
    rows = answer_keyboard(session, see_also, question_id, offer)
    await reply(update, text, rows, edit=False)


def answer_keyboard(
    session: Session, see_also: Sequence[FaqEntry], question_id: int | None, offer_news: bool
) -> Keyboard:
    """The keyboard under an FAQ answer; every button of that screen is added here."""
    rows: list[list[InlineKeyboardButton]] = []
    top: list[InlineKeyboardButton] = []
    if question_id is not None:
        top += [
            InlineKeyboardButton("👍", callback_data=pack(FEEDBACK, question_id, 1)),
            InlineKeyboardButton("👎", callback_data=pack(FEEDBACK, question_id, -1)),
        ]
    if offer_news:
        top.append(offer_button())
    if top:
        rows.append(top)
    rows += listen_row(session)
    for other in see_also:
        label = button_label(localized(other.question, session.lang))
        rows.append([InlineKeyboardButton(label, callback_data=pack(ENTRY, other.id))])
    rows.append(back_to_menu_row())
    return rows


async def _offer_choices(
    update: Update, session: Session, choices: Sequence[FaqEntry], question_id: int
) -> None:
    """ "Did you mean": the full questions, numbered, in the text; short numbered buttons."""
    shown = list(choices[:MAX_CHOICES])
    questions = [localized(entry.question, session.lang) for entry in shown]
    rows: Keyboard = [
        [
            InlineKeyboardButton(
                button_label(question, f"{number}. "),
                callback_data=pack(ENTRY, entry.id, question_id),
            )
        ]
        for number, (entry, question) in enumerate(zip(shown, questions, strict=True), start=1)
    ]
    handover = [
        InlineKeyboardButton(_("🙋 Teruskan ke petugas"), callback_data=pack(HANDOVER, question_id))
    ]
    text = session.render("faq_choices", questions=questions)
    await reply(update, text, [*rows, handover, back_to_menu_row()])


async def _not_understood(
    update: Update, session: Session, question_id: int | None, elsewhere: Elsewhere | None
) -> None:
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
    text = session.render("faq_not_understood", elsewhere=elsewhere and elsewhere.value)
    await reply(update, text, rows)


async def on_entry_button(update: Update, context: BotContext) -> None:
    """A related question or one of the "did you mean" choices."""
    session = context.session
    data = pressed(update)
    entry = _entry_or_none(session, data.part(0))
    if entry is None:  # an entry removed from content/ since the button was sent
        await stale_button(update, context)
        return
    await acknowledge(update)
    # A "did you mean" choice carries the question it answers (a related question does not).
    chosen_for = parse_id(data.part(1))
    question_id = await answers.chosen_entry(
        session.services.db, session.user.user_id, session.lang, entry, chosen_for
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
    before = await questions.get(session.services.db, question_id)
    if value not in (1, -1) or not await questions.set_feedback(
        session.services.db, question_id, session.user.user_id, value
    ):
        await stale_button(update, context)
        return
    await acknowledge(update, _("Terima kasih atas penilaiannya."))
    # 👎 pressed again: the offer to pass the question on is already in the chat.
    offered = before is not None and (before.feedback == -1 or before.handed_over_at is not None)
    if value == -1 and not offered:
        rows = [
            [
                InlineKeyboardButton(
                    _("🙋 Teruskan ke petugas"), callback_data=pack(HANDOVER, question_id)
                )
            ]
        ]
        await reply(update, session.render("faq_disliked"), [*rows, back_to_menu_row()], edit=False)
