"""NIKs and phone numbers typed into a question are masked before they are stored or handed
over; the villager is told once; /hapusdata takes the questions' text with it."""

from __future__ import annotations

from bot.harness import RunningBot
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import UserFactory

QUESTION = "nik sy 3505 1245 0385 0001 hp 0812-3456-7890 kok blm terdaftar, bisa pinjam uang?"
DIGITS = ("3505", "0385", "0001", "0812", "3456", "7890")


async def _question_rows(bot: RunningBot, user_id: int | None) -> list[tuple[object, ...]]:
    rows = await bot.services.db.fetchall(
        "SELECT text, normalized, answer FROM questions WHERE user_id IS ? ORDER BY id", (user_id,)
    )
    return [tuple(r) for r in rows]


async def _ask(villager: ChatUser, text: str) -> list[BotMessage]:
    await villager.send(text)
    return await villager.replies()


async def _hand_over(villager: ChatUser, replies: list[BotMessage]) -> None:
    """Press "Teruskan ke petugas": offered at once, or after 👎 on a confident answer."""
    offered = [m for m in replies if any("petugas" in b for b, _ in ChatUser.buttons(m))]
    if not offered:
        answer = next(m for m in replies if any(b == "👎" for b, _ in ChatUser.buttons(m)))
        await villager.press(answer, text="👎")
        offered = [await villager.next_message()]
    await villager.press(offered[0], text="Teruskan ke petugas")
    assert "diteruskan" in (await villager.next_message()).text


async def test_numbers_are_masked_in_storage_and_handover_and_told_once(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    villager = new_user()
    replies = await _ask(villager, QUESTION)
    notices = [m for m in replies if "tidak perlu mengirim NIK" in m.text]
    assert len(notices) == 1
    stored = await _question_rows(bot, villager.user_id)
    assert len(stored) == 1
    text, normalized, _ = stored[0]
    assert "[NIK]" in str(text) and "[HP]" in str(text)
    assert not any(d in f"{text} {normalized}" for d in DIGITS)

    await _hand_over(villager, replies)
    post = await officer.next_message()
    assert "[NIK]" in post.text and "[HP]" in post.text
    assert not any(d in post.text for d in DIGITS)

    again = await _ask(villager, "no hp saya 081298765432, iuran petani brp")
    assert not any("tidak perlu mengirim NIK" in m.text for m in again)  # told once only
    assert "081298765432" not in str(await _question_rows(bot, villager.user_id))


async def test_a_question_without_numbers_brings_no_notice(new_user: UserFactory) -> None:
    villager = new_user()
    replies = await _ask(villager, "gaji 1.500.000 brp iurannya")
    assert replies and not any("tidak perlu mengirim NIK" in m.text for m in replies)


async def test_hapusdata_removes_the_questions_text_and_the_answer(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    villager = new_user()
    replies = await _ask(villager, "harga cabe hari ini berapa")
    await _hand_over(villager, replies)
    post = await officer.next_message()
    await officer.send("Maaf Bu, tidak ada pinjaman.", reply_to_message_id=post.message_id)
    await officer.next_message()
    await villager.next_message()  # the answer
    before = await bot.services.db.fetchone(
        "SELECT id FROM questions WHERE user_id = ?", (villager.user_id,)
    )
    assert before is not None

    await villager.send("/hapusdata")
    confirm = await villager.next_message()
    assert "Isi pertanyaan" in confirm.text
    await villager.press(confirm, text="Ya, hapus")
    assert "sudah dihapus" in (await villager.next_message()).text
    row = await bot.services.db.fetchone(
        "SELECT user_id, text, normalized, answer, outcome FROM questions WHERE id = ?",
        (before["id"],),
    )
    assert row is not None
    assert tuple(row)[:4] == (None, "", "", None)
    assert row["outcome"]  # what the bot made of it stays, for the statistics
