"""A question the bot could not answer, handed to officers, and their answer relayed back.

Officers see the question in their group (one forum topic per villager where the group is a
forum) or in their private chats, answer by replying to it or with the "Jawab" button, and
the villager gets the answer in their own chat and can rate it. Villagers' names and Telegram
ids are never shown: officers see "Warga #<question>" and the question's language.

Where the FAQ holds the answer but the search missed it, "Jawab" also offers the entries the
search ranked first ("📚 …"): one press sends that entry's answer in the villager's language
and labels the question with the entry, which ``desabot faq labels`` exports into
content/faq/asked for review, so the search learns the villagers' words (issue #12).

The officer's role is checked by the guard where /pertanyaan, "Jawab" and "📚" are registered,
and again right before an answer is relayed (a typed answer or a reply passes no guard).
"""

from __future__ import annotations

import logging

from markupsafe import Markup
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.domain import dated_facts
from bot.domain.dates import today_jakarta
from bot.domain.faq.entries import FaqEntry
from bot.domain.faq.labels import button_label
from bot.platform.callback import pack
from bot.platform.db import questions, users
from bot.platform.db.dialogs import DialogState
from bot.platform.db.questions import Question
from bot.platform.i18n import _, localized
from bot.platform.telegram_html import visible_text
from handlers.shared import dialogs
from handlers.shared.context import BotContext, Handler
from handlers.shared.fallback import stale_button
from handlers.shared.keyboards import back_to_menu_row, pager_row, pressed
from handlers.shared.prefixes import Prefix
from handlers.shared.session import Session, acknowledge, reply

log = logging.getLogger(__name__)
FLOW = "answer"
PAGE_SIZE = 8
FAQ_SUGGESTIONS = 4  # the search's top 3 holds the right entry for ~98 % of strangers' questions
FAQ_SUGGESTION_SHARE = 0.6  # entries scoring at least this share of the best are suggested


async def on_handover_button(update: Update, context: BotContext) -> None:
    """ho:<question>: the villager hands the question to the officers (once)."""
    session = context.session
    question_id = pressed(update).int_part(0)
    db = session.services.db
    if not await questions.hand_over(db, question_id, session.user.user_id):
        question = await questions.get(db, question_id)
        if question is not None and question.user_id == session.user.user_id:
            if await officer_chats(session):  # pressed twice
                await acknowledge(update, session.render("handover_already"))
                return
            # Nobody to pass it to: say so again, not "already passed on".
            await acknowledge(update)
            await reply(update, session.render("handover_nobody"), [back_to_menu_row()], edit=False)
            return
        await stale_button(update, context)
        return
    await acknowledge(update)
    question = await questions.get(db, question_id)
    assert question is not None
    targets = await officer_chats(session)
    delivered = await _post_to_officers(context, session, question, targets)
    # Not delivered to anyone is not lost: the question waits in /pertanyaan for the officer
    # who has not opened a chat with the bot yet, and the answer still comes back here. Only
    # with no officer at all is the villager sent to 175 instead.
    template = "handover_sent" if delivered else "handover_queued" if targets else "handover_nobody"
    await reply(update, session.render(template), [back_to_menu_row()], edit=False)


async def _post_to_officers(
    context: BotContext, session: Session, question: Question, targets: list[int]
) -> bool:
    """Post the question to each officer chat; did at least one receive it?"""
    services = session.services
    group = services.settings.officer_chat_id
    delivered = False
    for chat_id in targets:
        try:
            thread = await _thread_for(context, session, chat_id) if chat_id == group else None
            copy = await _copy_media(context, question, chat_id, thread)
            message = await context.bot.send_message(
                chat_id,
                services.i18n.render(
                    "handover_post", services.settings.default_language, question=question
                ),
                message_thread_id=thread,
                reply_to_message_id=copy,
                reply_markup=_answer_markup(
                    question.id, services.settings.default_language, session
                ),
            )
        except (Forbidden, BadRequest) as exc:  # an officer who never started the bot
            log.warning("could not post question %s to chat %s: %s", question.id, chat_id, exc)
            continue
        await questions.remember_post(services.db, chat_id, message.message_id, question.id)
        if copy is not None:  # replying to the voice note itself answers too
            await questions.remember_post(services.db, chat_id, copy, question.id)
        delivered = True
    return delivered


async def _copy_media(
    context: BotContext, question: Question, chat_id: int, thread: int | None
) -> int | None:
    """A voice note, video note or audio is copied (not forwarded: a forward would show the
    villager's name) from the villager's chat; the post then replies to the copy."""
    if question.media_message_id is None or question.user_id is None:
        return None
    copied = await context.bot.copy_message(
        chat_id, question.user_id, question.media_message_id, message_thread_id=thread
    )
    return copied.message_id


async def officer_chats(session: Session) -> list[int]:
    """Where officers are reached: the officers' group if configured, else their own chats."""
    group = session.services.settings.officer_chat_id
    if group is not None:
        return [group]
    stored = await users.officer_ids(session.services.db)
    return sorted(set(stored) | set(session.services.settings.admin_ids))


async def _thread_for(context: BotContext, session: Session, chat_id: int) -> int | None:
    """One forum topic per villager, created on their first hand-over, when the group allows."""
    db, user_id = session.services.db, session.user.user_id
    known = await questions.thread_for(db, chat_id, user_id)
    if known is not None:
        return known
    try:
        chat = await context.bot.get_chat(chat_id)
        if not chat.is_forum:
            return None
        topic = await context.bot.create_forum_topic(chat_id, f"Warga #{user_id % 100000:05d}")
    except TelegramError:
        return None
    await questions.remember_thread(db, chat_id, user_id, topic.message_thread_id)
    return topic.message_thread_id


def _answer_markup(question_id: int, lang: str, session: Session) -> InlineKeyboardMarkup:
    label = session.services.i18n.gettext("✍️ Jawab", lang)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=pack(Prefix.ANSWER, question_id))]]
    )


def officer_reply_handler(otherwise: Handler) -> Handler:
    """Replies to a handed-over question are answers; any other reply is ordinary text."""

    async def on_reply(update: Update, context: BotContext) -> None:
        session = context.session
        message = update.effective_message
        assert message is not None and message.reply_to_message is not None
        question_id = await questions.question_for_post(
            session.services.db, message.chat_id, message.reply_to_message.message_id
        )
        if question_id is None or not session.services.is_officer(session.user):
            await otherwise(update, context)
            return
        await deliver_answer(update, context, session, question_id, message.text or "")

    return on_reply


async def on_answer_button(update: Update, context: BotContext) -> None:
    """ans:<question> "Jawab" (ans:0 is the prompt's "Batal"); officers only (the guard)."""
    session = context.session
    question_id = pressed(update).int_part(0)
    if question_id == 0:  # the prompt's "Batal"
        await acknowledge(update)
        await dialogs.end(session)
        await reply(update, session.render("answer_cancelled"))
        return
    question = await questions.get(session.services.db, question_id)
    if question is None:
        await stale_button(update, context)
        return
    await acknowledge(update)
    if question.answered_at is not None:
        # Another officer's copy of the post answered it: say so now, not after a whole
        # answer has been typed.
        more = [InlineKeyboardButton(_("🙋 Pertanyaan lain"), callback_data=pack(Prefix.QUESTIONS))]
        await reply(update, session.render("answer_taken"), [more, back_to_menu_row()], edit=False)
        return
    await dialogs.save(session, DialogState(FLOW, "text", {"question_id": question_id}))
    cancel = [
        InlineKeyboardButton(
            session.services.i18n.gettext("✖️ Batal", session.lang),
            callback_data=pack(Prefix.ANSWER, 0),
        )
    ]
    suggested = suggestions(session, question)
    rows = [
        [
            InlineKeyboardButton(
                button_label(localized(entry.question, session.lang), "📚 "),
                callback_data=pack(Prefix.ANSWER_FAQ, question_id, entry.id),
            )
        ]
        for entry in suggested
    ]
    text = session.render("answer_prompt", question=question, suggested=bool(suggested))
    await reply(update, text, [*rows, cancel], edit=False)


def suggestions(session: Session, question: Question) -> list[FaqEntry]:
    """The entries the search ranked first for the villager's words (none for a voice note).
    Neither thresholds nor scope rules apply, since the officer judges: a question handed over
    because the search turned it away ("bapak sy umur 67 masih main kendang…, ada batas umur
    buat daftar gak") usually has its entry first all the same."""
    if not question.text:
        return []
    faq = session.services.faq
    hits = faq.rank(question.text, in_scope_only=False).hits
    close = [h for h in hits if h.score >= FAQ_SUGGESTION_SHARE * hits[0].score]
    return [faq.entry(hit.entry_id) for hit in close[:FAQ_SUGGESTIONS]]


async def on_faq_answer_button(update: Update, context: BotContext) -> None:
    """afq:<question>:<entry>: answer with that FAQ entry and label the question with it;
    officers only (the guard, and deliver_answer again)."""
    session = context.session
    data = pressed(update)
    try:
        entry = session.services.faq.entry(data.part(1))
    except KeyError:  # an entry removed from content/ since the prompt was sent
        entry = None
    if entry is None or await questions.get(session.services.db, data.int_part(0)) is None:
        await stale_button(update, context)
        return
    await acknowledge(update)
    await dialogs.end(session)
    await deliver_answer(update, context, session, data.int_part(0), "", entry)


async def on_answer_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, session: Session, state: DialogState
) -> None:
    await dialogs.end(session)
    text = update.effective_message.text if update.effective_message else ""
    await deliver_answer(update, context, session, int(state.data["question_id"]), text or "")


async def deliver_answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    session: Session,
    question_id: int,
    text: str,
    entry: FaqEntry | None = None,
) -> None:
    """Relay an officer's answer to the villager: the one place that checks the officer's role
    right before the answer goes out as official. With ``entry``, the answer is that FAQ
    entry's, in the villager's language, and the question is labelled with it."""
    if not session.services.is_officer(session.user):  # e.g. the role was taken away meanwhile
        await reply(update, session.render("officer_only"))
        return
    text = text.strip()
    db = session.services.db
    question = await questions.get(db, question_id)
    if not text and entry is None:
        await reply(update, session.render("answer_empty"))
        return
    if question is None or question.user_id is None:
        await reply(update, session.render("answer_gone"))
        return
    answer: str | Markup = text
    if entry is not None:
        villager = await users.get(db, question.user_id)
        lang = villager.language if villager else session.services.settings.default_language
        answer = Markup(  # validated content HTML
            dated_facts.render(localized(entry.answer, lang), lang, today_jakarta())
        )
        text = visible_text(answer)  # what the villager reads, for /ekspor and the history
    label = entry.id if entry is not None else None
    if not await questions.answer(db, question_id, session.user.user_id, text, label):
        await reply(update, session.render("answer_taken"))
        return
    sent = await _send_to_villager(context, session, question, answer)
    more = [InlineKeyboardButton(_("🙋 Pertanyaan lain"), callback_data=pack(Prefix.QUESTIONS))]
    rows = [more, back_to_menu_row()]
    await reply(update, session.render("answer_sent" if sent else "answer_unreachable"), rows)


async def _send_to_villager(
    context: ContextTypes.DEFAULT_TYPE, session: Session, question: Question, answer: str | Markup
) -> bool:
    assert question.user_id is not None
    villager = await users.get(session.services.db, question.user_id)
    lang = villager.language if villager else session.services.settings.default_language
    i18n = session.services.i18n
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("👍", callback_data=pack(Prefix.RATE_ANSWER, question.id, 1)),
                InlineKeyboardButton("👎", callback_data=pack(Prefix.RATE_ANSWER, question.id, -1)),
            ]
        ]
    )
    try:
        await context.bot.send_message(
            question.user_id,
            i18n.render("handover_answer", lang, question=question, answer=answer),
            reply_markup=markup,
        )
    except Forbidden:
        return False
    return True


async def on_rate(update: Update, context: BotContext) -> None:
    """rate:<question>:<1|-1>: the villager rates the officer's answer, once."""
    session = context.session
    data = pressed(update)
    value = data.int_part(1)
    if value not in (1, -1) or not await questions.set_answer_feedback(
        session.services.db, data.int_part(0), session.user.user_id, value
    ):
        await stale_button(update, context)
        return
    await acknowledge(update, session.render("rated"))
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        await query.edit_message_reply_markup(None)


async def list_open(update: Update, context: BotContext) -> None:
    """/pertanyaan and its pager (pq:<page>): open questions for officers."""
    session = context.session
    await acknowledge(update)
    page = max(pressed(update).int_part(0), 0)
    found, total = await questions.list_open(session.services.db, page * PAGE_SIZE, PAGE_SIZE)
    rows = [
        [InlineKeyboardButton(f"✍️ #{q.id}", callback_data=pack(Prefix.ANSWER, q.id))] for q in found
    ]
    nav = pager_row(Prefix.QUESTIONS, page=page, has_next=(page + 1) * PAGE_SIZE < total)
    text = session.render(
        "questions_open",
        questions=found,
        total=total,
        page=page + 1,
        pages=max(1, -(-total // PAGE_SIZE)),
    )
    await reply(update, text, [*rows, nav])
