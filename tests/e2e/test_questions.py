"""Villagers ask in their own words; the FAQ, the calculator and officers answer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import Content
from bot.domain.faq.index import Outcome
from bot.domain.iuran import WorkKind, bpu_contribution, pmi_fees, pu_contribution
from bot.harness import RunningBot, start_bot, stop_bot
from bot.platform.i18n import rupiah
from handlers.warga.iuran import today
from sandbox.client import ChatUser, SandboxClient
from sandbox.server import SandboxServer
from tests.e2e.conftest import OFFICER_ID, UserFactory


async def _stored(bot: RunningBot, sql: str, *params: object) -> list[tuple[object, ...]]:
    rows = await bot.services.db.fetchall(sql, params)
    return [tuple(r) for r in rows]


async def test_informal_question_gets_the_jkk_answer_and_feedback_is_stored(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("klo kecelakaan pas nyangkul dpt apa?")  # no /start first
    answer = await user.next_message()
    assert "Kecelakaan Kerja" in answer.text or "JKK" in answer.text
    assert "Apakah jawaban ini membantu?" in answer.text
    await user.press(answer, text="👍")
    notice = await user.next_answer()
    assert "Terima kasih" in str(notice.get("text"))
    rows = await _stored(
        bot, "SELECT outcome, feedback FROM questions WHERE user_id = ?", user.user_id
    )
    assert rows == [("confident", 1)]


async def test_a_second_thumbs_down_does_not_offer_the_hand_off_again(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    answer = await user.next_message()
    await user.press(answer, text="👎")
    assert "belum membantu" in (await user.next_message()).text
    await user.press(answer, text="👎")
    assert "Terima kasih" in str((await user.next_answer()).get("text"))
    await user.send("/menu")  # the next message is the menu, not a second offer
    assert "belum membantu" not in (await user.next_message()).text


async def test_income_in_a_question_is_answered_by_the_calculator(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("gaji 2,5jt brp iurannya")
    reply = await user.next_message()
    expected = bpu_contribution(2_500_000, WorkKind.INFORMAL, True, today(), bot.services.rates)
    assert rupiah(expected.total_payable) in reply.text
    assert "perkiraan" in reply.text.lower()


@pytest.mark.parametrize(
    ("language", "question", "deducted"),
    [
        (
            "en",
            "I'm a factory worker, my salary is 4 juta, how much is deducted for bpjs tk?",
            "Total deduction",
        ),
        ("id", "saya karyawan pabrik gaji 4 juta dipotong berapa untuk bpjs tk?", "Total potongan"),
    ],
)
async def test_an_employees_income_question_gets_what_the_wage_gives_up(
    new_user: UserFactory, bot: RunningBot, language: str, question: str, deducted: str
) -> None:
    user = new_user(language_code=language)
    await user.send(question)
    reply = await user.next_message()
    wage = pu_contribution(4_000_000, 1, today(), bot.services.rates)
    assert deducted in reply.text and rupiah(wage.total_worker) in reply.text
    assert "BPU" not in reply.text.split(deducted)[0]  # not the self-employed quote first


async def test_transport_worker_income_question_uses_the_transport_rate(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("sy ojek penghasilan sejuta, iuran brp?")
    reply = await user.next_message()
    expected = bpu_contribution(1_000_000, WorkKind.TRANSPORT, True, today(), bot.services.rates)
    assert rupiah(expected.total_payable) in reply.text


async def test_out_of_scope_question_is_not_answered_with_a_fact(new_user: UserFactory) -> None:
    user = new_user()
    await user.send("harga cabe hari ini berapa")
    reply = await user.next_message()
    assert "belum mengerti" in reply.text and "175" in reply.text
    assert any("petugas" in label for label, _ in user.buttons(reply))


@pytest.mark.parametrize(
    ("language", "question", "said", "not_said"),
    [
        # BPJS Kesehatan's care: where to go instead, not "put it in other words"
        ("id", "bpjs nanggung operasi caesar gk", ["BPJS Kesehatan", "Mobile JKN"], "kata lain"),
        ("en", "does bpjs cover my mother's diabetes medicine", ["Mobile JKN"], "other words"),
        ("jv", "obat gula simbah ditanggung bpjs ora", ["Mobile JKN"], "Mobile JKN atau"),
        # another scheme, even with a claim in it: said plainly
        ("id", "asuransi jiwa prudential suami bisa diklaim?", ["bukan tentang BPJS"], "kata lain"),
        (
            "en",
            "I pay life insurance 5 years, can I get my money back?",
            ["not seem"],
            "other words",
        ),
        ("id", "cara bikin serikat pekerja di pabrik gmn", ["bukan tentang BPJS"], "kata lain"),
    ],
)
async def test_a_question_for_another_service_says_where_it_belongs(
    new_user: UserFactory, language: str, question: str, said: list[str], not_said: str
) -> None:
    user = new_user(language_code=language)
    await user.send(question)
    reply = await user.next_message()
    assert all(text in reply.text for text in said) and not_said not in reply.text
    assert "175" in reply.text  # and the way to a person stays
    assert any("🙋" in label for label, _ in user.buttons(reply))


@pytest.mark.parametrize(
    ("language", "question", "said"),
    [
        # "it" is the one thing the message names: what BPJS Ketenagakerjaan is
        (
            "en",
            "My wife's family keeps telling me to join BPJS Ketenagakerjaan. What is it?",
            "social security",
        ),
        # the pension's benefits, not what the pension is
        ("jv", "Manfaat jaminan pensiun menika menapa kemawon?", "randha"),
        # laid off: the job-loss benefit, though "kantor" (the workplace) is in the question
        ("id", "di PHK kantor, dr bpjs tk dapet apa aja?", "JKP"),
    ],
)
async def test_story_and_question_shapes_get_the_answer_asked(
    new_user: UserFactory, bot: RunningBot, language: str, question: str, said: str
) -> None:
    user = new_user(language_code=language)
    await user.send(question)
    reply = await user.next_message()
    assert said.lower() in reply.text.lower()
    assert "Maksud" not in reply.text and "did you mean" not in reply.text.lower()


async def test_ambiguous_question_offers_choices(new_user: UserFactory, bot: RunningBot) -> None:
    candidates = ["jht", "klaim", "beasiswa anak", "daftar", "pensiun", "iuran", "kartu", "desa"]
    ambiguous = next(
        (q for q in candidates if bot.services.faq.search(q).outcome is Outcome.AMBIGUOUS), None
    )
    if ambiguous is None:
        pytest.skip("no short question is ambiguous with the current content")
    user = new_user()
    await user.send(ambiguous)
    reply = await user.next_message()
    assert "Maksud Bapak/Ibu" in reply.text
    choices = [data for _, data in user.buttons(reply) if data.startswith("faq:")]
    assert 2 <= len(choices) <= 3
    await user.press(reply, data=choices[0])
    assert "Apakah jawaban ini membantu?" in (await user.next_message()).text


async def test_handover_reaches_officer_whose_reply_reaches_the_villager(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    villager = new_user(first_name="Rahasia")
    await villager.send("anak sy mau nikah, bisa pinjam uang?")
    reply = await villager.next_message()
    await villager.press(reply, text="Teruskan ke petugas")
    assert "diteruskan" in (await villager.next_message()).text
    post = await officer.next_message()
    assert "anak sy mau nikah" in post.text
    assert "Rahasia" not in post.text and str(villager.user_id) not in post.text
    await officer.send(
        "Maaf Bu, BPJS TK tidak memberi pinjaman.", reply_to_message_id=post.message_id
    )
    assert "terkirim" in (await officer.next_message()).text.lower()
    relayed = await villager.next_message()
    assert "tidak memberi pinjaman" in relayed.text
    await villager.press(relayed, text="👍")
    rows = await _stored(
        bot, "SELECT answer_feedback FROM questions WHERE user_id = ?", villager.user_id
    )
    await villager.next_message()  # the rating removes the buttons (an edit)
    rows = await _stored(
        bot, "SELECT answer_feedback FROM questions WHERE user_id = ?", villager.user_id
    )
    assert rows == [(1,)]


async def test_officer_answers_with_the_button_and_a_second_answer_is_refused(
    new_user: UserFactory, officer: ChatUser
) -> None:
    villager = new_user()
    await villager.send("harga cabe hari ini berapa")
    await villager.press(await villager.next_message(), text="Teruskan ke petugas")
    await villager.next_message()
    post = await officer.next_message()
    await officer.press(post, text="Jawab")
    prompt = await officer.next_message()
    assert "Ketik jawaban" in prompt.text
    await officer.send("Bot ini hanya untuk BPJS Ketenagakerjaan, <b>bukan</b> harga pasar.")
    sent = await officer.next_message()
    assert "terkirim" in sent.text.lower()
    await officer.press(sent, text="Pertanyaan lain")  # no dead end: on to the next question
    assert "Pertanyaan" in (await officer.next_message()).text
    relayed = await villager.next_message()
    assert "&lt;b&gt;bukan&lt;/b&gt;" in relayed.text  # officer text arrives literally
    await officer.send("jawaban kedua", reply_to_message_id=post.message_id)
    assert "sudah dijawab" in (await officer.next_message()).text
    await officer.press(post, text="Jawab")  # another copy's button: told at once
    taken = await officer.next_message()
    assert "sudah dijawab" in taken.text and "Ketik jawaban" not in taken.text


async def test_villager_cannot_use_officer_buttons_or_commands(
    new_user: UserFactory, bot: RunningBot, officer: ChatUser
) -> None:
    villager = new_user()
    await villager.send("/pertanyaan")
    assert "hanya untuk petugas" in (await villager.next_message()).text
    forged = InlineKeyboardMarkup([[InlineKeyboardButton("Jawab", callback_data="ans:1")]])
    await bot.application.bot.send_message(villager.user_id, "diteruskan", reply_markup=forged)
    message = await villager.next_message()
    await villager.press(message, data="ans:1")
    notice = await villager.next_answer()
    assert "hanya untuk petugas" in str(notice.get("text"))


async def test_officer_lists_open_questions(new_user: UserFactory, officer: ChatUser) -> None:
    villager = new_user()
    await villager.send("bisa pinjam uang ke bpjs buat modal?")
    await villager.press(await villager.next_message(), text="Teruskan ke petugas")
    await villager.next_message()
    await officer.next_message()
    await officer.send("/pertanyaan")
    listing = await officer.next_message()
    assert "pinjam uang" in listing.text
    assert any(label.startswith("✍️") for label, _ in officer.buttons(listing))


async def test_handover_waits_for_an_officer_who_has_not_opened_the_bot_yet(
    new_user: UserFactory, client: SandboxClient
) -> None:
    """Telegram lets the bot write only to officers who opened a chat with it: the question
    is not posted anywhere then, but it is kept, and the villager is told so (not sent away
    to 175 as if nobody would ever read it). The officer finds it in /pertanyaan later."""
    villager = new_user()
    await villager.send("bisa pinjam uang ke bpjs buat modal usaha?")
    await villager.press(await villager.next_message(), text="Teruskan ke petugas")
    told = await villager.next_message()
    assert "dicatat" in told.text and "setelah petugas membacanya" in told.text
    assert "belum ada petugas" not in told.text
    officer = ChatUser(client, OFFICER_ID, language_code="id", first_name="Petugas")
    await officer.send("/start")
    await officer.next_message()
    await officer.send("/pertanyaan")
    listing = await officer.next_message()
    assert "pinjam uang" in listing.text
    await officer.press(listing, text="✍️")
    assert "Ketik jawaban" in (await officer.next_message()).text
    await officer.send("BPJS TK tidak memberi pinjaman modal.")
    assert "terkirim" in (await officer.next_message()).text.lower()
    assert "tidak memberi pinjaman" in (await villager.next_message()).text


async def test_handover_with_no_officer_at_all_sends_the_villager_to_175(
    bot: RunningBot, new_user: UserFactory, content: Content
) -> None:
    await stop_bot(bot)
    alone = await start_bot(replace(bot.settings, admin_ids=frozenset()), content=content)
    bot.application = alone.application
    villager = new_user()
    await villager.send("bisa pinjam uang ke bpjs buat modal usaha?")
    reply = await villager.next_message()
    await villager.press(reply, text="Teruskan ke petugas")
    told = await villager.next_message()
    assert "belum ada petugas" in told.text and "175" in told.text
    await villager.press(reply, text="Teruskan ke petugas")  # again: still nobody
    assert "belum ada petugas" in (await villager.next_message()).text


async def test_iuran_dialogue_with_bad_input_then_restart_then_result(
    sandbox: SandboxServer, bot: RunningBot, new_user: UserFactory, content: Content
) -> None:
    user = new_user()
    await user.send("/iuran")
    kinds = await user.next_message()
    await user.press(kinds, text="Petani")
    assert "penghasilan" in (await user.next_message()).text.lower()
    for bad in ("abc", "-5000", "2-3 juta", "999 miliar"):
        await user.send(bad)
        hint = await user.next_message()
        assert "misalnya" in hint.text, bad
    # The bot restarts while the user is in the middle of the dialogue.
    await stop_bot(bot)
    restarted = await start_bot(bot.settings, content=content)
    bot.application = restarted.application
    await user.send("1,5 juta")
    choose = await user.next_message()
    assert "Rp1.500.000" in choose.text
    await user.press(choose, text="JKK + JKM + JHT")
    quote = await user.next_message()
    expected = bpu_contribution(1_500_000, WorkKind.INFORMAL, True, today(), bot.services.rates)
    assert rupiah(expected.total_payable) in quote.text
    assert "perkiraan" in quote.text.lower()


@pytest.mark.parametrize("command", ["/tanya", "/program", "/bahasa"])
async def test_a_command_leaves_the_calculator_so_the_next_question_is_a_question(
    new_user: UserFactory, command: str
) -> None:
    user = new_user()
    await user.send("/iuran")
    await user.press(await user.next_message(), text="Petani")
    assert "penghasilan" in (await user.next_message()).text.lower()
    await user.send(command)
    await user.next_message()
    await user.send("apa itu jht")
    answer = await user.next_message()
    assert "membaca angka" not in answer.text
    assert "Jaminan Hari Tua" in answer.text or "JHT" in answer.text


async def test_a_question_typed_at_the_income_step_is_answered_as_a_question(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await user.send("/iuran")
    await user.press(await user.next_message(), text="Petani")
    await user.next_message()
    await user.send("kapan jht bisa cair?")  # no command first: a question all the same
    answer = await user.next_message()
    assert "membaca angka" not in answer.text and "JHT" in answer.text
    await user.send("2 juta")  # the calculator was left: no programme choice for a bare amount
    after = await user.next_message()
    assert not any("JKK + JKM" in label for label, _ in user.buttons(after))


async def test_iuran_for_migrant_worker(new_user: UserFactory, bot: RunningBot) -> None:
    user = new_user()
    await user.send("/iuran")
    await user.press(await user.next_message(), text="migran")
    months = await user.next_message()
    await user.press(months, text="24")
    quote = await user.next_message()
    fees = pmi_fees(24, bot.services.rates, today())
    assert "Rp37.500" in quote.text and "Rp332.500" in quote.text
    assert rupiah(fees.total) in quote.text
    assert "Permenaker 4/2023 Pasal 18" in quote.text and "Angka dicek" in quote.text


async def test_iuran_for_wage_earner_shows_both_shares(new_user: UserFactory) -> None:
    user = new_user(language_code="en")
    await user.send("/iuran")
    await user.press(await user.next_message(), data="iu:k:wage")
    await user.next_message()
    await user.send("Rp5.000.000")
    quote = await user.next_message()
    assert "Rp100.000" in quote.text  # JHT 2% worker share of Rp5.000.000
    assert "Rp50.000" in quote.text  # JP 1% worker share


async def test_cancel_leaves_the_dialogue(new_user: UserFactory) -> None:
    user = new_user()
    await user.send("/iuran")
    await user.press(await user.next_message(), text="Petani")
    prompt = await user.next_message()
    await user.press(prompt, text="Batal")
    assert "dibatalkan" in (await user.next_message()).text
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    assert "membantu" in (await user.next_message()).text  # a question again, not an income


@pytest.mark.parametrize("lang", ["en", "jv"])
async def test_answers_come_in_the_users_language(
    new_user: UserFactory, bot: RunningBot, lang: str
) -> None:
    user = new_user(language_code=lang)
    await user.send("klo kecelakaan pas nyangkul dpt apa?")
    answer = await user.next_message()
    entries = [
        e
        for e in (
            bot.services.faq.entry(h.entry_id)
            for h in bot.services.faq.search("klo kecelakaan pas nyangkul dpt apa?").hits[:1]
        )
    ]
    assert entries and entries[0].answer[lang].split("\n")[0][:40] in answer.text


async def test_greetings_thanks_and_bare_numbers_are_not_answered_with_a_fact(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await user.send("assalamualaikum pak")
    assert "Silakan ketik pertanyaan" in (await user.next_message()).text
    await user.send("makasih banyak")
    assert "Sama-sama" in (await user.next_message()).text
    await user.send("1")  # a menu number typed by habit
    assert "belum mengerti" in (await user.next_message()).text


async def test_death_benefit_answer_names_the_first_months_rule_and_where_to_check(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("suami sy meninggal bukan krn kerja dapet berapa")
    answer = await user.next_message()
    assert "Rp42 juta" in answer.text and "3 bulan pertama" in answer.text
    assert "Rp10 juta" in answer.text
    assert answer.text.count("Angka pasti: aplikasi JMO, call center 175") == 1
    assert "{%" not in answer.text and "{{" not in answer.text
