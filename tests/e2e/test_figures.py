"""Village officials report their figures (/laporan) and check the Desa Sadar indication
(/ceksyarat); everyone else is sent to /desa."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.harness import RunningBot
from bot.platform.db import dialogs, members, reports, users, villages
from bot.platform.telegram_html import visible_text
from bot.services import village_lifecycle as lifecycle
from handlers.warga.iuran import today
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import UserFactory

SUKOSEWU = "35.05.15.2004"
REFUSAL = "hanya untuk kepala desa atau operator desa"


async def _seat(bot: RunningBot, user: ChatUser, role: str = "kepala_desa") -> None:
    db = bot.services.db
    await users.register(db, user.user_id, "Pak Kades Sukosewu", "id")
    await villages.seat(db, SUKOSEWU, role, user.user_id)
    bot.services.users.forget(user.user_id)


async def _official(
    new_user: UserFactory, bot: RunningBot, role: str = "kepala_desa", name: str = "Slamet"
) -> ChatUser:
    user = new_user(first_name=name)
    await _seat(bot, user, role)
    return user


async def _report(user: ChatUser, screen: BotMessage, button: str, *answers: str) -> BotMessage:
    """Press a figure's button on the figures screen and type answers; the bot's last reply."""
    await user.press(screen, text=button)
    reply = await user.next_message()
    for answer in answers:
        await user.send(answer)
        reply = await user.next_message()
    return reply


async def _latest(bot: RunningBot) -> dict[str, object]:
    return {k: r.value for k, r in (await reports.latest(bot.services.db, SUKOSEWU)).items()}


async def test_villager_gets_sent_to_desa_for_laporan_ceksyarat_and_a_forged_button(
    new_user: UserFactory, bot: RunningBot
) -> None:
    villager = new_user()
    for command in ("/laporan", "/ceksyarat"):
        await villager.send(command)
        refusal = await villager.next_message()
        assert REFUSAL in refusal.text and "/desa" in refusal.text, command
    forged = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Lapor", callback_data="lap:y:mou_signed:1")]]
    )
    await bot.application.bot.send_message(villager.user_id, "Laporan", reply_markup=forged)
    await villager.press(await villager.next_message(), data="lap:y:mou_signed:1")
    assert "Hanya untuk kepala desa" in str((await villager.next_answer()).get("text"))
    refusal = await villager.next_message()
    assert REFUSAL in refusal.text
    assert any(data == "vil" for _, data in villager.buttons(refusal))
    assert await _latest(bot) == {}


async def test_kepala_desa_fixes_bad_figures_then_reports_residents_and_bpu(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _official(new_user, bot)
    await kades.send("/laporan")
    screen = await kades.next_message()
    assert "Sukosewu" in screen.text and "Belum dilaporkan:" in screen.text
    assert len(visible_text(screen.text)) <= 600  # short: one line for all that is missing
    await kades.press(screen, text="Warga yang bekerja")
    prompt = await kades.next_message()
    assert "Berapa warga desa yang bekerja" in prompt.text
    assert prompt.message_id == screen.message_id  # the screen is edited in place
    for bad, hint in (("banyak sekali", "angka saja"), ("-20", "kurang dari nol")):
        await kades.send(bad)
        assert hint in (await kades.next_message()).text, bad
    await kades.send("1.250")
    screen = await kades.next_message()
    assert "Tersimpan" in screen.text and "<b>1.250</b>" in screen.text
    assert "(Bapak/Ibu, " in screen.text and "Anda" not in screen.text
    too_many = await _report(kades, screen, "Peserta BPU", "2.000")
    assert "tidak boleh lebih banyak dari warga yang bekerja" in too_many.text
    assert "1.250" in too_many.text
    await kades.send("500")
    assert "<b>500</b>" in (await kades.next_message()).text
    assert await _latest(bot) == {"working_residents": 1250, "registered_bpu": 500}


async def test_yes_no_rupiah_and_regulation_answers_and_cancel_leaves_the_dialogue(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _official(new_user, bot)
    await kades.send("/laporan")
    screen = await kades.next_message()
    question = await _report(kades, screen, "Iuran masuk APBDes")
    await kades.press(question, text="Ya")
    screen = await kades.next_message()
    screen = await _report(kades, screen, "Jumlah anggaran", "lima belas", "15 juta")
    assert "Rp15.000.000" in screen.text
    screen = await _report(kades, screen, "Nomor Perdes", "Perdes No. 5 <b>Tahun</b> 2025")
    assert "Perdes No. 5 &lt;b&gt;Tahun&lt;/b&gt; 2025" in screen.text
    prompt = await _report(kades, screen, "Sosialisasi yang diadakan")
    await kades.press(prompt, text="Batal")
    assert "Dibatalkan" in (await kades.next_message()).text
    assert await dialogs.get(bot.services.db, kades.user_id) is None
    await kades.send("klo kecelakaan pas nyangkul dpt apa?")
    assert "membantu" in (await kades.next_message()).text  # a question again, not a figure
    assert await _latest(bot) == {
        "budget_allocated": True,
        "budget_amount": 15_000_000,
        "regulation_number": "Perdes No. 5 <b>Tahun</b> 2025",
    }


async def test_the_day_of_the_last_sosialisasi_is_typed_like_a_person_writes_it(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _official(new_user, bot)
    await kades.send("/laporan")
    screen = await kades.next_message()
    prompt = await _report(kades, screen, "Tanggal sosialisasi terakhir")
    assert "12 Oktober 2026" in prompt.text  # an example of how to write it
    tomorrow = today() + timedelta(days=1)
    for bad, hint in (
        ("minggu lalu", "belum bisa membaca tanggal"),
        ("31/4/2026", "tanggal itu tidak ada"),
        (f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year}", "belum lewat"),
    ):
        await kades.send(bad)
        assert hint in (await kades.next_message()).text, bad
    await kades.send("tgl 3 agt 2026")
    screen = await kades.next_message()
    assert "Tersimpan" in screen.text and "<b>Senin, 3 Agustus 2026</b>" in screen.text
    assert await _latest(bot) == {"sosialisasi_last_date": "2026-08-03"}


async def test_ceksyarat_shows_unknowns_then_the_coverage_after_reporting(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _official(new_user, bot)
    await kades.send("/ceksyarat")
    check = await kades.next_message()
    assert check.text.count("❔") == 10  # every criterion, no data yet
    assert "Laporkan: Warga yang bekerja" in check.text
    assert "indikasi" in check.text and "Langkah berikutnya" in check.text
    assert ("👥 Catat perangkat desa", "pr:add") in kades.buttons(check)
    assert len(visible_text(check.text)) <= 1000
    await kades.press(check, data="lap:f:working_residents")
    await kades.next_message()
    await kades.send("1000")
    screen = await kades.next_message()
    screen = await _report(kades, screen, "Peserta BPU", "300")
    await _report(kades, screen, "Peserta PU", "120")
    await kades.send("/ceksyarat")
    check = await kades.next_message()
    assert "❌ Banyak warga pekerja terdaftar" in check.text
    assert "42% dari 1.000 warga bekerja, patokan 50%*" in check.text
    assert "Laporkan: Warga" not in check.text  # reported: no longer asked for
    assert bot.services.rules.version not in check.text  # no internal version string
    # The threshold is the programme's working assumption; its reason is one press away.
    assert "* Patokan kerja, bukan angka resmi" in check.text
    await kades.press(check, text="Arti syarat")
    reasons = await kades.next_message()
    assert reasons.message_id == check.message_id  # the same screen, edited in place
    assert "Tidak ada angka resmi; batas di bot ini hanya patokan" in reasons.text
    await kades.press(reasons, text="Kembali")
    assert "❌ Banyak warga pekerja terdaftar" in (await kades.next_message()).text


async def test_village_meeting_every_criterion_sees_the_indication_and_who_designates(
    new_user: UserFactory, bot: RunningBot
) -> None:
    operator = await _official(new_user, bot, role="operator")
    db = bot.services.db
    for n, jabatan in enumerate(("kepala_desa", "sekdes", "kaur_keuangan", "bpd_ketua", "pkk")):
        await members.add(db, _member(n, jabatan, operator.user_id))
    figures = {
        "working_residents": 800,
        "registered_bpu": 300,
        "registered_pu": 150,
        "budget_allocated": True,
        "perisai_agent": True,
        "sosialisasi_events": 3,
        "mou_signed": True,
        "vulnerable_workers_covered": 100,
    }
    for field, value in figures.items():
        await reports.add(db, SUKOSEWU, field, value, operator.user_id)
    await operator.send("/ceksyarat")
    check = await operator.next_message()
    assert "▓▓▓▓▓▓▓▓▓▓ 100%" in check.text
    assert "🎉" in check.text and "indikasi Desa Sadar" in check.text
    assert "bukan status resmi" in check.text
    assert "Desa Sadar ditetapkan oleh BPJS Ketenagakerjaan" in check.text
    assert "Terpenuhi 10 dari 10 syarat" in check.text
    assert "❌" not in check.text and "❔" not in check.text
    assert "Langkah berikutnya" not in check.text
    assert any("Ajukan verifikasi" in text for text, _ in operator.buttons(check))
    assert await villages.request_verification(db, SUKOSEWU)
    assert await lifecycle.decide_verification(db, 1, SUKOSEWU, approve=True, note="")
    await operator.send("/ceksyarat")
    verified = await operator.next_message()
    assert "Sudah diverifikasi" in verified.text
    assert not any("Ajukan verifikasi" in text for text, _ in operator.buttons(verified))


def _member(n: int, jabatan: str, created_by: int) -> members.NewMember:
    return members.NewMember(
        village_code=SUKOSEWU,
        name=f"Anggota {n}",
        jabatan=jabatan,
        nik_encrypted=f"encrypted-{n}",
        nik_index=f"index-{n}",
        nik_masked="3505********0001",
        status="aktif",
        kpj=None,
        phone_encrypted=None,
        created_by=created_by,
    )


async def test_operator_updates_a_figure_and_the_history_keeps_both_values(
    new_user: UserFactory, bot: RunningBot
) -> None:
    kades = await _official(new_user, bot, name="Kades")
    await kades.send("/laporan")
    await _report(kades, await kades.next_message(), "Warga yang bekerja", "900")
    operator = await _official(new_user, bot, role="operator", name="Operator")
    await operator.send("/laporan")
    screen = await operator.next_message()
    assert "(kepala desa, " in screen.text and "Pak Kades" not in screen.text
    screen = await _report(operator, screen, "Warga yang bekerja", "1 100")
    assert "<b>1.100</b>" in screen.text and "(Bapak/Ibu, " in screen.text
    history = await reports.history(bot.services.db, SUKOSEWU, "working_residents")
    assert [(r.value, r.reported_by) for r in history] == [
        (1100, operator.user_id),
        (900, kades.user_id),
    ]
