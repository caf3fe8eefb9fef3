"""Village officials: invites, claims, the apparatus registry and its import, with rights
checked on the server for every command and button."""

from __future__ import annotations

import re

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import Content
from bot.harness import RunningBot, start_bot, stop_bot
from bot.platform.db import consents, members, officers, users, villages
from bot.services import apparatus, village_lifecycle
from sandbox.client import BotMessage, ChatUser, SandboxClient
from tests.e2e.conftest import UserFactory

SUKOSEWU = "35.05.15.2004"
SUKOSEWU_LABEL = "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"
NIK = "3505124501900001"


async def _invite_screen(officer: ChatUser, role_label: str) -> tuple[BotMessage, str]:
    """The officer's "invite created" screen and the invite's code in its link."""
    await officer.send(f"/undang {SUKOSEWU}")
    roles = await officer.next_message()
    assert SUKOSEWU_LABEL in roles.text
    await officer.press(roles, text=role_label)
    created = await officer.next_message()
    match = re.search(r"\?start=([A-Za-z0-9_-]{16})", created.text)
    assert match, created.text
    return created, match.group(1)


async def _invite(officer: ChatUser, role_label: str = "Kepala desa") -> str:
    return (await _invite_screen(officer, role_label))[1]


async def _become_official(user: ChatUser, code: str) -> None:
    await user.send(f"/start {code}")
    confirm = await user.next_message()
    assert SUKOSEWU_LABEL in confirm.text
    await user.press(confirm, text="Ya, benar")
    assert "sekarang terdaftar" in (await user.next_message()).text


async def _press_through_pages(user: ChatUser, message: BotMessage, label: str) -> None:
    """Press ▶️ until the button is on the page, as a user scrolling a long list does."""
    for _ in range(10):
        if any(label in text for text, _ in user.buttons(message)):
            await user.press(message, text=label)
            return
        await user.press(message, text="▶️")
        message = await user.next_message()
    raise AssertionError(f"{label!r} not found in 10 pages")


async def _seat(bot: RunningBot, user: ChatUser, role: str = "kepala_desa") -> None:
    db = bot.services.db
    await users.register(db, user.user_id, "Kades", "id")
    await villages.seat(db, SUKOSEWU, role, user.user_id)


async def _kadus(
    bot: RunningBot, kades: ChatUser, name: str, nik: str, kpj: str | None = None
) -> int:
    """A registered kepala dusun of Sukosewu, recorded by ``kades``; its member id."""
    cipher = bot.services.cipher
    assert cipher is not None
    sealed = apparatus.seal(cipher, nik)
    member = apparatus.new_member(
        SUKOSEWU, name, "kadus", sealed, "aktif", kpj, None, kades.user_id
    )
    return await members.add(bot.services.db, member)


async def test_officer_invites_a_kepala_desa_who_accepts_once(
    new_user: UserFactory, officer: ChatUser
) -> None:
    code = await _invite(officer)
    kades = new_user(first_name="Pak Kades")
    await _become_official(kades, code)
    await kades.send("/desa")
    mine = await kades.next_message()
    assert SUKOSEWU_LABEL in mine.text and "diverifikasi" in mine.text
    other = new_user()
    await other.send(f"/start {code}")  # the same link, forwarded to someone else
    assert "sudah dipakai" in (await other.next_message()).text


async def test_a_double_tap_on_yes_keeps_the_welcome(
    new_user: UserFactory, officer: ChatUser
) -> None:
    code = await _invite(officer)
    kades = new_user()
    await kades.send(f"/start {code}")
    confirm = await kades.next_message()
    await kades.press(confirm, text="Ya, benar")
    welcome = await kades.next_message()
    await kades.next_answer()  # the first tap's (silent) answer
    await kades.press(confirm, text="Ya, benar", stale=True)  # the second tap of a double tap
    notice = await kades.next_answer()
    assert "sudah terdaftar" in str(notice.get("text"))
    await kades.send("/desa")  # no edit came in between: the next message is /desa's
    assert SUKOSEWU_LABEL in (await kades.next_message()).text
    assert "sudah dipakai" not in welcome.text


async def test_officer_revokes_an_open_invite_and_the_link_stops_working(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    created, code = await _invite_screen(officer, "Kepala desa")
    await officer.press(created, text="Batalkan undangan")
    revoked = await officer.next_message()
    assert "Undangan dibatalkan" in revoked.text and SUKOSEWU_LABEL in revoked.text
    assert code not in revoked.text  # the link is gone from the officer's screen
    # A second tap: the same button on another copy of the screen (e.g. forwarded to self).
    again = f"inv:rv:{code}"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=again)]])
    await bot.application.bot.send_message(officer.user_id, "salinan", reply_markup=markup)
    await officer.press(await officer.next_message(), data=again)
    assert "sudah dibatalkan" in (await officer.next_message()).text
    user = new_user()
    await user.send(f"/start {code}")
    assert "dibatalkan petugas" in (await user.next_message()).text
    assert await villages.official(bot.services.db, user.user_id) is None
    rows = await bot.services.db.fetchall(
        "SELECT actor_id FROM audit_log WHERE action = ?", ("invite.revoke",)
    )
    assert [r[0] for r in rows] == [officer.user_id]


async def test_a_used_invite_cannot_be_revoked_and_another_officer_cannot_revoke(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    created, code = await _invite_screen(officer, "Operator desa")
    await _become_official(new_user(), code)
    await officer.press(created, text="Batalkan undangan")
    assert "sudah dipakai" in (await officer.next_message()).text
    other = new_user()
    await other.send("/start")
    await other.next_message()
    # An officer of the same kab/kota, who did not issue the invite.
    await officers.set_officer(bot.services.db, other.user_id, [SUKOSEWU[:5]], officer.user_id)
    forged = f"inv:rv:{code}"
    await bot.application.bot.send_message(
        other.user_id,
        "lama",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=forged)]]),
    )
    await other.press(await other.next_message(), data=forged)
    assert "tidak berlaku" in str((await other.next_answer()).get("text"))


async def test_expired_invite_and_second_kepala_desa_are_refused(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    code = await _invite(officer)
    await bot.services.db.execute("UPDATE invites SET expires_at = '2000-01-01T00:00:00+00:00'")
    user = new_user()
    await user.send(f"/start {code}")
    assert "kedaluwarsa" in (await user.next_message()).text
    first = new_user()
    await _become_official(first, await _invite(officer))
    second = new_user()
    await second.send(f"/start {await _invite(officer)}")
    assert "sudah punya kepala desa" in (await second.next_message()).text


async def test_villager_claims_a_village_by_typing_its_name_and_an_officer_approves(
    new_user: UserFactory, officer: ChatUser
) -> None:
    operator = new_user(first_name="Bu Operator")
    await operator.send("/desa")
    await operator.press(await operator.next_message(), text="Ajukan klaim")
    await _press_through_pages(operator, await operator.next_message(), "Jawa Timur")
    await _press_through_pages(operator, await operator.next_message(), "Kabupaten Blitar")
    assert "ketik nama desa" in (await operator.next_message()).text
    await operator.send("sukosewo")  # a typo, as people type
    matches = await operator.next_message()
    await operator.press(matches, text="Sukosewu, Kec. Gandusari")
    roles = await operator.next_message()
    assert SUKOSEWU_LABEL in roles.text
    await operator.press(roles, text="Operator desa")
    assert "Permintaan terkirim" in (await operator.next_message()).text
    notice = await officer.next_message()
    assert SUKOSEWU_LABEL in notice.text and "Bu Operator" not in notice.text
    await officer.send("/verifikasi")
    listing = await officer.next_message()
    # Who asks, to check before deciding (the notice above may go to a group: no name there).
    assert "Bu Operator" in listing.text and f"tg://user?id={operator.user_id}" in listing.text
    await officer.press(listing, text="✅")
    prompt = await officer.next_message()
    await officer.press(prompt, text="Tanpa catatan")
    decided = await officer.next_message()
    assert "disetujui" in decided.text and "sudah diberi tahu" in decided.text
    assert any("Daftar permintaan" in label for label, _ in officer.buttons(decided))
    assert "disetujui" in (await operator.next_message()).text
    await officer.press(listing, text="✅")  # an old button, pressed again
    assert "sudah diputuskan" in (await officer.next_message()).text


async def test_a_note_prompt_never_makes_the_other_decision_and_can_be_cancelled(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    claimant = new_user()
    await claimant.send("/start")
    await claimant.next_message()
    await village_lifecycle.request_claim(bot.services.db, claimant.user_id, SUKOSEWU, "operator")
    await officer.send("/verifikasi")
    listing = await officer.next_message()
    await officer.press(listing, text="✅")
    approve_prompt = await officer.next_message()
    await officer.press(listing, text="❌")  # changed their mind: the reject prompt is open now
    reject_prompt = await officer.next_message()
    await officer.press(approve_prompt, text="Tanpa catatan")  # the old "Setujui" prompt's button
    await officer.next_message()  # "that button is from an old message"
    status = await bot.services.db.fetchone(
        "SELECT status FROM claims WHERE user_id = ?", (claimant.user_id,)
    )
    assert status is not None and status[0] == "pending"
    await officer.press(reject_prompt, text="Batal")
    back = await officer.next_message()
    assert "Permintaan klaim desa" in back.text
    await officer.send("Ini bukan catatan")  # the prompt was cancelled: no decision from text
    await officer.next_message()
    status = await bot.services.db.fetchone(
        "SELECT status FROM claims WHERE user_id = ?", (claimant.user_id,)
    )
    assert status is not None and status[0] == "pending"


async def test_villager_cannot_use_officer_or_official_features(
    new_user: UserFactory, bot: RunningBot, officer: ChatUser
) -> None:
    villager = new_user()
    for command in ("/undang 35.05.15.2004", "/verifikasi"):
        await villager.send(command)
        assert "hanya untuk petugas" in (await villager.next_message()).text
    await villager.send("/perangkat")
    assert "kepala desa dan operator" in (await villager.next_message()).text
    forged = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("x", callback_data=f"inv:new:{SUKOSEWU}:kepala_desa")],
            [InlineKeyboardButton("y", callback_data="pr:list:0")],
        ]
    )
    await bot.application.bot.send_message(villager.user_id, "lama", reply_markup=forged)
    old = await villager.next_message()
    await villager.press(old, data=f"inv:new:{SUKOSEWU}:kepala_desa")
    assert "hanya untuk petugas" in str((await villager.next_answer()).get("text"))
    # The one refusal (the guard at registration) also says it in the chat.
    assert "hanya untuk petugas" in (await villager.next_message()).text
    await villager.press(old, data="pr:list:0")
    assert "kepala desa dan operator" in (await villager.next_message()).text
    count = await bot.services.db.fetchone("SELECT COUNT(*) FROM invites")
    assert count is not None and count[0] == 0


async def test_kades_registers_sekdes_with_bad_input_first_and_nik_stays_encrypted(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    await kades.send("/perangkat")
    listing = await kades.next_message()
    await kades.press(listing, text="Tambah perangkat")
    consent = await kades.next_message()
    assert "UU 27/2022" in consent.text
    await kades.press(consent, text="Saya setuju")
    await kades.next_message()
    await kades.send("Siti Aminah <b>")
    jabatan_menu = await kades.next_message()
    await kades.press(jabatan_menu, text="Sekretaris Desa")
    await kades.next_message()
    await kades.send(NIK[:-1])  # 15 digits
    assert "15 angka" in (await kades.next_message()).text
    await kades.send("3505123102900001")  # 31 February
    assert "Tanggal lahir" in (await kades.next_message()).text
    await kades.send("3505 1245 0190 0001")
    status = await kades.next_message()
    await kades.press(status, text="Aktif")
    await kades.next_message()
    await kades.send("123")
    assert "11 angka" in (await kades.next_message()).text
    await kades.send("12345678901")
    phone = await kades.next_message()
    await kades.press(phone, text="Lewati")
    confirm = await kades.next_message()
    assert "3505********0001" in confirm.text and NIK not in confirm.text
    assert "Siti Aminah &lt;b&gt;" in confirm.text
    await kades.press(confirm, text="Simpan")
    assert "sudah disimpan" in (await kades.next_message()).text
    await kades.press(confirm, data="pr:save", stale=True)  # a double tap: saved once
    await kades.next_message()
    row = await bot.services.db.fetchone("SELECT nik_encrypted, nik_masked, status FROM members")
    assert (
        row is not None and NIK not in row[0] and row[1] == "3505********0001" and row[2] == "aktif"
    )
    total = await bot.services.db.fetchone("SELECT COUNT(*) FROM members")
    assert total is not None and total[0] == 1
    assert bot.services.cipher is not None and bot.services.cipher.decrypt(row[0]) == NIK


async def test_the_same_nik_in_another_village_is_caught(
    new_user: UserFactory, bot: RunningBot
) -> None:
    first, second = new_user(), new_user()
    await _seat(bot, first)
    db = bot.services.db
    await users.register(db, second.user_id, "Op", "id")
    await villages.seat(db, "35.05.21.2007", "operator", second.user_id)
    for user in (first, second):
        await user.send("/perangkat")
        await user.press(await user.next_message(), text="Tambah perangkat")
        await user.press(await user.next_message(), text="Saya setuju")
        await user.next_message()
        await user.send("Budi")
        await _press_through_pages(user, await user.next_message(), "Kepala Dusun")
        await user.next_message()
        await user.send(NIK)
        reply = await user.next_message()
        if user is first:
            await user.press(reply, text="Belum")
            await user.press(await user.next_message(), text="Lewati")
            await user.press(await user.next_message(), text="Simpan")
            await user.next_message()
        else:
            assert "terdaftar di desa lain" in reply.text
            assert "Sukosewu" not in reply.text  # which village is not told


async def test_adding_a_member_continues_after_a_restart(
    new_user: UserFactory, bot: RunningBot, content: Content
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Tambah perangkat")
    await kades.press(await kades.next_message(), text="Saya setuju")
    await kades.next_message()
    await kades.send("Siti")
    await kades.press(await kades.next_message(), text="Sekretaris Desa")
    await kades.next_message()
    await stop_bot(bot)
    restarted = await start_bot(bot.settings, content=content)
    bot.application = restarted.application
    await kades.send(NIK)
    status = await kades.next_message()
    assert "status BPJS" in status.text
    state = await restarted.services.db.fetchone("SELECT data FROM dialogs")
    assert state is not None and NIK not in state[0]  # not even a half-finished dialogue holds it


async def test_kades_imports_members_from_a_csv_with_errors_then_fixed(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    await consents.give(bot.services.db, kades.user_id)  # the notice was accepted before
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Impor")
    templates = [await kades.next_message(), await kades.next_message()]
    assert {t.document_name for t in templates} == {
        "template-perangkat-desa.xlsx",
        "template-perangkat-desa.csv",
    }
    await kades.next_message()  # the instructions
    bad = (
        "nama;jabatan;nik;status;kpj;hp\n"
        "Siti;Sekdes;3505124501900001;aktif;;\n"
        "Budi;Kasun;350512450190;belum;;\n"
    )
    await kades.upload("perangkat.csv", bad.encode("utf-8-sig"), mime_type="text/csv")
    rejected = await kades.next_message()
    assert "Baris 3" in rejected.text and "Tidak ada yang disimpan" in rejected.text
    good = bad.replace("350512450190;", "3505120101800002;")
    await kades.upload("perangkat.csv", good.encode("utf-8-sig"), mime_type="text/csv")
    assert "2 perangkat desa sudah disimpan" in (await kades.next_message()).text
    total = await bot.services.db.fetchone("SELECT COUNT(*) FROM members")
    assert total is not None and total[0] == 2


async def test_official_deletes_personal_data_and_the_village_keeps_its_records(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    db = bot.services.db
    await kades.send("klo kecelakaan pas nyangkul dpt apa?")
    await kades.next_message()
    await db.execute(
        "INSERT INTO members(village_code, name, jabatan, nik_encrypted, nik_index, nik_masked,"
        " status, created_by, created_at, updated_at)"
        " VALUES (?, 'Siti', 'sekdes', 'x', 'i', 'm', 'aktif', ?, 'now', 'now')",
        (SUKOSEWU, kades.user_id),
    )
    await kades.send("/hapusdata")
    confirm = await kades.next_message()
    assert "Yang tetap disimpan" in confirm.text
    await kades.press(confirm, text="Ya, hapus")
    assert "sudah dihapus" in (await kades.next_message()).text
    assert await db.fetchone("SELECT 1 FROM users WHERE user_id = ?", (kades.user_id,)) is None
    assert await villages.official(db, kades.user_id) is None
    question = await db.fetchone("SELECT user_id FROM questions")
    member = await db.fetchone("SELECT created_by, name FROM members")
    assert question is not None and question[0] is None
    assert member is not None and member[0] is None and member[1] == "Siti"


async def test_admin_adds_an_officer_whose_scope_limits_invites_and_claims(
    new_user: UserFactory, officer: ChatUser, client: SandboxClient, bot: RunningBot
) -> None:
    petugas = ChatUser(client, 70_001, language_code="id", first_name="Petugas Kota")
    await petugas.send("/start")
    await petugas.next_message()
    await officer.send("/petugas")
    await officer.press(await officer.next_message(), text="Tambah petugas")
    await officer.next_message()
    await officer.send("bukan angka")
    assert "bukan ID Telegram" in (await officer.next_message()).text
    await officer.send(str(petugas.user_id))
    await officer.next_message()
    await officer.send("99.99")
    assert "99.99" in (await officer.next_message()).text
    await officer.send("Kota Blitar: 35.72")
    assert "Kota Blitar, Jawa Timur" in (await officer.next_message()).text
    await petugas.send(f"/undang {SUKOSEWU}")  # Kabupaten Blitar: outside the scope
    assert "di luar wilayah kerja" in (await petugas.next_message()).text
    await petugas.send("/undang 35.72.01.1001")
    assert "Kota Blitar" in (await petugas.next_message()).text
    audit = await bot.services.db.fetchall("SELECT action, detail FROM audit_log")
    assert ("officer.scope", "35.72") in [tuple(r) for r in audit]


async def test_kades_asks_for_verification_and_the_officer_reviews_the_same_report(
    new_user: UserFactory, officer: ChatUser, bot: RunningBot
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    await kades.send("/ceksyarat")
    check = await kades.next_message()
    await kades.press(check, text="Ajukan verifikasi")
    assert "Permintaan verifikasi terkirim" in (await kades.next_message()).text
    await kades.press(check, text="Ajukan verifikasi")  # pressed again: still one request
    assert "sedang menunggu" in (await kades.next_message()).text
    assert "Permintaan verifikasi desa" in (await officer.next_message()).text
    await officer.send("/verifikasi")
    listing = await officer.next_message()
    await officer.press(listing, text="🔎 Sukosewu")
    review = await officer.next_message()
    assert SUKOSEWU_LABEL in review.text and "Terpenuhi 0 dari 10 syarat" in review.text
    # A reviewer's view: what the village has and lacks, no advice addressed to the kepala desa.
    assert "Langkah berikutnya" not in review.text and "Bapak/Ibu" not in review.text
    assert "sedang menunggu petugas" in review.text
    await officer.press(review, text="Tolak")
    await officer.next_message()
    await officer.send("Data perangkat belum lengkap.")
    assert "ditolak" in (await officer.next_message()).text
    result = await kades.next_message()
    assert (
        "belum bisa diverifikasi" in result.text and "Data perangkat belum lengkap." in result.text
    )
    assert not await villages.is_verified(bot.services.db, SUKOSEWU)


async def test_a_long_verification_queue_shows_the_oldest_and_the_true_count(
    officer: ChatUser, bot: RunningBot
) -> None:
    db = bot.services.db
    rows = await db.fetchall(
        "SELECT code FROM regions WHERE level = 4 AND code LIKE '35.05.15.%' ORDER BY code LIMIT 7"
    )
    codes = [str(r[0]) for r in rows]
    for n, code in enumerate(codes):
        await users.register(db, 70_000 + n, f"Kades {n}", "id")
        await villages.seat(db, code, "kepala_desa", 70_000 + n)
        assert await villages.request_verification(db, code)
    await officer.send("/verifikasi")
    listing = await officer.next_message()
    assert "Desa yang minta diverifikasi: 7" in listing.text
    assert "Yang terlama 5 ditampilkan" in listing.text
    assert sum(text.startswith("🔎") for text, _ in officer.buttons(listing)) == 5


async def test_kades_corrects_a_members_name_jabatan_nik_and_kpj(
    new_user: UserFactory, bot: RunningBot
) -> None:
    db, cipher = bot.services.db, bot.services.cipher
    assert cipher is not None
    kades = new_user()
    await _seat(bot, kades)
    await consents.give(db, kades.user_id)  # the notice was accepted before
    other_nik, new_nik = "3505120101800002", "3505125507850003"
    member_id = await members.add(
        db, apparatus.new_member(
            SUKOSEWU, "Siti Aminh", "sekdes", apparatus.seal(cipher, NIK), "belum", None, None,
            kades.user_id,
        ),
    )  # fmt: skip
    await users.register(db, 555, "Op Nglegok", "id")
    await villages.seat(db, "35.05.21.2007", "operator", 555)
    await members.add(
        db, apparatus.new_member(
            "35.05.21.2007", "Budi", "kadus", apparatus.seal(cipher, other_nik), "aktif", None,
            None, kades.user_id,
        ),
    )  # fmt: skip
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Siti Aminh")
    detail = await kades.next_message()

    await kades.press(detail, text="Ubah data")
    await kades.press(await kades.next_message(), text="Nama")
    await kades.next_message()
    await kades.send("Siti Aminah <i>Sekdes</i>")
    detail = await kades.next_message()
    assert "Perubahan tersimpan" in detail.text
    assert "Siti Aminah &lt;i&gt;Sekdes&lt;/i&gt;" in detail.text

    await kades.press(detail, text="Ubah data")
    await kades.press(await kades.next_message(), text="Jabatan")
    await _press_through_pages(kades, await kades.next_message(), "Kepala Dusun")
    detail = await kades.next_message()
    assert "Jabatan: Kepala Dusun" in detail.text

    await kades.press(detail, text="Ubah data")
    await kades.press(await kades.next_message(), text="NIK")
    await kades.next_message()
    await kades.send("3505125507850")  # too short
    assert "13 angka" in (await kades.next_message()).text
    await kades.send(other_nik)  # someone in another village
    assert "terdaftar di desa lain" in (await kades.next_message()).text
    await kades.send(new_nik)
    detail = await kades.next_message()
    assert "3505********0003" in detail.text and new_nik not in detail.text

    await kades.press(detail, text="Aktif")  # registered now, no KPJ on record: asked for it
    await kades.next_message()
    ask = await kades.next_message()
    assert "nomor KPJ" in ask.text
    labels = [label for label, _ in kades.buttons(ask)]
    assert any("Lewati" in b for b in labels) and not any("Kosongkan" in b for b in labels)
    await kades.send("12345")
    retry = await kades.next_message()
    assert "11 angka" in retry.text  # "… atau tekan Lewati": and the button is there
    assert any("Lewati" in label for label, _ in kades.buttons(retry))
    await kades.send("22012345678")
    detail = await kades.next_message()
    assert "Nomor KPJ: 22012345678" in detail.text and "Status BPJS TK: Aktif" in detail.text

    row = await db.fetchone(
        "SELECT name, jabatan, nik_encrypted, nik_masked, kpj FROM members WHERE id = ?",
        (member_id,),
    )
    assert row is not None
    assert (row[0], row[1], row[3], row[4]) == (
        "Siti Aminah <i>Sekdes</i>", "kadus", "3505********0003", "22012345678",
    )  # fmt: skip
    assert cipher.decrypt(row[2]) == new_nik
    details = [str(r[0]) for r in await db.fetchall(
        "SELECT detail FROM audit_log WHERE action = 'member.edit' ORDER BY id"
    )]  # fmt: skip
    assert len(details) == 4 and not any(NIK in d or new_nik in d for d in details)


@pytest.mark.parametrize("leave_by", ["⏭️ Lewati", "/perangkat"])
async def test_a_correction_left_behind_never_lands_in_another_member(
    new_user: UserFactory, bot: RunningBot, leave_by: str
) -> None:
    db = bot.services.db
    kades = new_user()
    await _seat(bot, kades)
    await consents.give(db, kades.user_id)
    ids = [
        await _kadus(bot, kades, "Anggota Tiga", "3505125507850003"),
        await _kadus(bot, kades, "Anggota Empat", "3505120101800002"),
    ]
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Anggota Tiga")
    await kades.press(await kades.next_message(), text="Ubah data")
    await kades.press(await kades.next_message(), text="Nomor KPJ")
    ask = await kades.next_message()
    if leave_by.startswith("/"):
        await kades.send(leave_by)
    else:
        await kades.press(ask, text=leave_by)
    screen = await kades.next_message()
    if not leave_by.startswith("/"):
        await kades.press(screen, text="Kembali ke daftar")
        screen = await kades.next_message()
    await kades.press(screen, text="Anggota Empat")
    await kades.next_message()
    await kades.send("11000000044")  # typed while Anggota Empat is on screen
    reply = await kades.next_message()
    assert "Perubahan tersimpan" not in reply.text
    rows = await db.fetchall("SELECT id, kpj FROM members WHERE id IN (?, ?)", tuple(ids))
    assert {int(r[0]): r[1] for r in rows} == {ids[0]: None, ids[1]: None}


async def test_marking_a_member_unregistered_asks_before_the_kpj_goes(
    new_user: UserFactory, bot: RunningBot
) -> None:
    db = bot.services.db
    kades = new_user()
    await _seat(bot, kades)
    member_id = await _kadus(bot, kades, "Agus Salim", NIK, kpj="11000000002")
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Agus Salim")
    detail = await kades.next_message()
    await kades.press(detail, text="Belum terdaftar")
    ask = await kades.next_message()
    assert "11000000002" in ask.text and "dihapus" in ask.text
    row = await db.fetchone("SELECT status, kpj FROM members WHERE id = ?", (member_id,))
    assert row is not None and tuple(row) == ("aktif", "11000000002")  # nothing changed yet
    await kades.press(ask, text="Ya, belum terdaftar")
    await kades.next_message()
    row = await db.fetchone("SELECT status, kpj FROM members WHERE id = ?", (member_id,))
    assert row is not None and tuple(row) == ("belum", None)


async def test_another_village_cannot_edit_a_member_with_a_forged_button(
    new_user: UserFactory, bot: RunningBot
) -> None:
    db, cipher = bot.services.db, bot.services.cipher
    assert cipher is not None
    kades = new_user()
    await _seat(bot, kades)
    member_id = await members.add(
        db, apparatus.new_member(
            SUKOSEWU, "Siti", "sekdes", apparatus.seal(cipher, NIK), "aktif", None, None,
            kades.user_id,
        ),
    )  # fmt: skip
    stranger = new_user()
    await users.register(db, stranger.user_id, "Op", "id")
    await villages.seat(db, "35.05.21.2007", "operator", stranger.user_id)
    await stranger.send("/start")
    await stranger.next_message()
    for data in (f"pe:f:{member_id}:name", f"pe:j:{member_id}:kadus"):
        forged = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])
        await bot.application.bot.send_message(stranger.user_id, "lama", reply_markup=forged)
        await stranger.press(await stranger.next_message(), data=data)
        assert "sudah tidak ada" in (await stranger.next_message()).text
    await stranger.send("Nama Palsu")  # no edit was opened: this is just a question
    await stranger.next_message()
    row = await db.fetchone("SELECT name, jabatan FROM members WHERE id = ?", (member_id,))
    assert row is not None and (row[0], row[1]) == ("Siti", "sekdes")


async def test_an_official_who_never_saw_the_notice_accepts_it_before_editing_a_nik(
    new_user: UserFactory, bot: RunningBot
) -> None:
    db, cipher = bot.services.db, bot.services.cipher
    assert cipher is not None
    operator = new_user()
    await _seat(bot, operator, "operator")
    await members.add(
        db, apparatus.new_member(
            SUKOSEWU, "Siti", "sekdes", apparatus.seal(cipher, NIK), "aktif", None, None, None,
        ),
    )  # fmt: skip
    await operator.send("/perangkat")
    await operator.press(await operator.next_message(), text="Siti")
    await operator.press(await operator.next_message(), text="Ubah data")
    await operator.press(await operator.next_message(), text="NIK")
    consent = await operator.next_message()
    assert "UU 27/2022" in consent.text
    await operator.press(consent, text="Saya setuju")
    assert "Ketik NIK yang benar untuk Siti" in (await operator.next_message()).text


async def test_the_notice_shown_before_an_import_goes_on_to_the_templates(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = new_user()
    await _seat(bot, kades)
    await kades.send("/perangkat")
    await kades.press(await kades.next_message(), text="Impor")
    consent = await kades.next_message()
    assert "UU 27/2022" in consent.text
    await kades.press(consent, text="Saya setuju")
    sent = [await kades.next_message() for _ in range(3)]
    assert [m.document_name for m in sent[:2]] == [
        "template-perangkat-desa.xlsx",
        "template-perangkat-desa.csv",
    ]
    assert await consents.has(bot.services.db, kades.user_id)
