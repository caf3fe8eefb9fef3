"""Issue 10: rights that change at once, forged input refused, every failure answered."""

from __future__ import annotations

from bot.sandbox.client import BotMessage, ChatUser, SandboxClient
from bot.sandbox.harness import RunningBot
from tests.e2e.conftest import UserFactory

REVOKED_ID = 700_001


async def _add_officer(admin: ChatUser, user_id: int, scope: str) -> None:
    await admin.send("/petugas")
    await admin.press(await admin.next_message(), text="Tambah petugas")
    await admin.next_message()
    await admin.send(str(user_id))
    await admin.next_message()
    await admin.send(scope)
    assert "[35.05]" in (await admin.next_message()).text


async def _hand_over(villager: ChatUser) -> None:
    await villager.send("harga cabe hari ini berapa")
    await villager.press(await villager.next_message(), text="Teruskan ke petugas")
    await villager.next_message()


async def _next_with(user: ChatUser, text: str) -> BotMessage:
    """The next message containing ``text`` (other notices, e.g. handed-over posts, skipped)."""
    for _ in range(5):
        message = await user.next_message()
        if text in message.text:
            return message
    raise AssertionError(f"no message with {text!r}")


async def test_a_revoked_officer_loses_every_right_on_the_next_update(
    officer: ChatUser, client: SandboxClient, new_user: UserFactory, bot: RunningBot
) -> None:
    petugas = ChatUser(client, REVOKED_ID, language_code="id", first_name="Petugas Blitar")
    await petugas.send("/start")
    await petugas.next_message()
    await _add_officer(officer, REVOKED_ID, "35.05")
    villager = new_user()
    await _hand_over(villager)
    post = await _next_with(petugas, "Pertanyaan warga")
    await petugas.send("/pertanyaan")  # an officer, and cached as one
    assert "belum dijawab" in (await petugas.next_message()).text
    await petugas.press(post, text="Jawab")  # the answer prompt is open when the role goes
    assert "Ketik jawaban" in (await petugas.next_message()).text

    await officer.drain()
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Petugas Blitar")
    await officer.press(await officer.next_message(), text="Cabut peran petugas")
    assert "sudah dicabut" in (await officer.next_message()).text

    await petugas.send("Jawaban resmi: harga cabe Rp50.000")
    assert "hanya untuk petugas" in (await petugas.next_message()).text
    await petugas.send("Jawaban resmi lewat balasan", reply_to_message_id=post.message_id)
    assert "Jawaban terkirim" not in (await petugas.next_message()).text
    for command in ("/pertanyaan", "/siaran", "/verifikasi"):
        await petugas.send(command)
        assert "hanya untuk petugas" in (await petugas.next_message()).text, command
    assert not [m for m in await villager.messages_until_quiet() if "Jawaban" in m.text]
    answered = await bot.services.db.fetchone("SELECT answered_by FROM questions")
    assert answered is not None and answered[0] is None
