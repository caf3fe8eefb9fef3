"""Answers a villager can read (issue #12): one message per answer, short "did you mean"
choices, lessons that open with a summary, and the basic questions answered at once."""

from __future__ import annotations

import pytest

from bot.domain.faq.index import Outcome
from bot.domain.faq.labels import MAX_LABEL_CHARS
from bot.domain.iuran import WorkKind, bpu_contribution
from bot.domain.money import Per, Period, monthly
from bot.harness import RunningBot
from bot.platform.i18n import rupiah
from handlers.warga.iuran import today
from tests.e2e.conftest import UserFactory

CHECKED_FOOTER = {"id": "Diperiksa:", "en": "Checked:", "jv": "Dipunpriksa:"}


async def test_an_answer_is_one_message_with_feedback_and_the_offer_in_its_keyboard(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("nunggak iuran 3 bulan gimana nasibnya")
    answer = await user.next_message()
    later = await user.messages_until_quiet()
    assert later == [], [m.text[:60] for m in later]  # one message, nothing after it
    assert "nonaktif" in answer.text  # the answer itself, not a list of choices
    labels = [label for label, _ in user.buttons(answer)]
    assert labels[:3] == ["👍", "👎", "🔔 Kabar desa"]
    await user.press(answer, text="👎")
    assert "Terima kasih" in str((await user.next_answer()).get("text"))
    disliked = await user.next_message()  # 👎 still offers the officer
    assert any("petugas" in label for label, _ in user.buttons(disliked))
    row = await bot.services.db.fetchone(
        "SELECT feedback FROM questions WHERE user_id = ?", (user.user_id,)
    )
    assert row is not None and row[0] == -1


async def test_the_second_answer_carries_no_offer(new_user: UserFactory) -> None:
    user = new_user()
    await user.send("apa itu jkk")
    first = await user.next_message()
    assert any("Kabar desa" in label for label, _ in user.buttons(first))
    await user.send("bpjs tk itu apa sih")
    second = await user.next_message()
    assert await user.messages_until_quiet() == []
    assert "pengumuman" not in second.text
    assert [label for label, _ in user.buttons(second)][:2] == ["👍", "👎"]
    assert not any("Kabar desa" in label for label, _ in user.buttons(second))


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("apa itu jkk", "Jaminan Kecelakaan Kerja"),
        ("bpjs tk itu apa sih", "BPJAMSOSTEK"),
        ("cara jadi peserta gimana ya", "JMO"),
        ("piye carane daftar bpjs ketenagakerjaan", "JMO"),
        ("suami saya baru 2 bulan ikut terus meninggal", "3 bulan pertama"),
    ],
)
async def test_known_first_questions_get_the_answer_not_a_list(
    new_user: UserFactory, question: str, says: str
) -> None:
    user = new_user()
    await user.send(question)
    answer = await user.next_message()
    assert "Maksud Bapak/Ibu" not in answer.text
    assert says in answer.text


async def test_english_question_about_a_death_on_the_way_to_work(new_user: UserFactory) -> None:
    user = new_user(language_code="en")
    await user.send("my husband died in a motorbike accident on the way to the rice field")
    answer = await user.next_message()
    assert "Work Accident Benefit" in answer.text and "Did you mean" not in answer.text


async def test_daily_income_in_a_contribution_question_gets_the_quote(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("iuran petani 50rb sehari brp")
    reply = await user.next_message()
    income = monthly(50_000, Period(Per.DAY, 1)).amount  # 25 working days
    expected = bpu_contribution(income, WorkKind.INFORMAL, True, today(), bot.services.rates)
    assert rupiah(expected.total_payable) in reply.text
    assert "perkiraan" in reply.text.lower()


async def test_did_you_mean_offers_at_most_three_short_choices(
    new_user: UserFactory, bot: RunningBot
) -> None:
    faq = bot.services.faq
    candidates = ["klaim", "kartu", "beasiswa anak", "iuran", "desa", "jkp", "perisai"]
    ambiguous = [q for q in candidates if faq.search(q).outcome is Outcome.AMBIGUOUS]
    if not ambiguous:
        pytest.skip("no short question is ambiguous with the current content")
    user = new_user()
    await user.send(ambiguous[0])
    reply = await user.next_message()
    assert "Maksud Bapak/Ibu" in reply.text
    choices = [(label, data) for label, data in user.buttons(reply) if data.startswith("faq:")]
    assert 1 <= len(choices) <= 3
    for number, (label, _) in enumerate(choices, start=1):
        assert len(label) <= MAX_LABEL_CHARS and label.startswith(f"{number}. ")
        assert f"{number}. " in reply.text  # the full question is in the text
    await user.press(reply, data=choices[0][1])
    assert "Apakah jawaban ini membantu?" in (await user.next_message()).text


@pytest.mark.parametrize("lang", ["id", "en", "jv"])
async def test_a_lesson_opens_with_its_summary_and_the_footer_comes_once(
    new_user: UserFactory, bot: RunningBot, lang: str
) -> None:
    user = new_user(language_code=lang)
    await user.send("/program")
    programs = await user.next_message()
    lesson = next(lesson for lesson in bot.services.lessons if lesson.id == "jkm")
    await user.press(programs, data="les:jkm:1")
    summary = await user.next_message()
    assert f"(1/{lesson.pages})" in summary.text
    assert summary.text.count("🎁") == summary.text.count("👥") == summary.text.count("💰") == 1
    assert "42" in summary.text  # what the family gets, in figures
    assert CHECKED_FOOTER[lang] not in summary.text
    screen = summary
    footers = 0
    for page in range(2, lesson.pages + 1):
        await user.press(screen, data=f"les:jkm:{page}")
        screen = await user.next_message()
        footers += CHECKED_FOOTER[lang] in screen.text
    assert footers == 1 and CHECKED_FOOTER[lang] in screen.text  # on the last page only


async def test_a_close_second_entry_is_one_tap_under_the_answer(
    new_user: UserFactory, bot: RunningBot
) -> None:
    # Sibling entries that differ by one fact: the search's close runner-up is offered first.
    candidates = ["brp santunan jkm", "how much is the scholarship for kids", "kapan jht bisa cair"]
    faq = bot.services.faq
    found = [(q, faq.search(q)) for q in candidates]
    question, result = next(
        ((q, r) for q, r in found if r.outcome is Outcome.CONFIDENT and len(r.hits) > 1),
        (None, None),
    )
    if question is None or result is None:
        pytest.skip("no candidate is answered confidently with a runner-up")
    offered = faq.see_also(result)
    assert offered[0] == result.hits[1].entry_id
    user = new_user()
    await user.send(question)
    answer = await user.next_message()
    shown = [data.split(":")[1] for _, data in user.buttons(answer) if data.startswith("faq:")]
    assert shown == list(offered)
    await user.press(answer, data=f"faq:{offered[0]}")
    opened = await user.next_message()
    first_line = faq.entry(offered[0]).answer["id"].splitlines()[0][:40]
    assert first_line in opened.text
