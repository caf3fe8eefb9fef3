"""/iuran reads incomes as villagers say them: per day, per week, per harvest; the amount it
read is shown with the conversion and can be corrected; the government-paid case is asked."""

from __future__ import annotations

from datetime import date

import pytest

import handlers.warga.iuran
from bot.domain.iuran import WorkKind, bpu_contribution
from bot.harness import RunningBot
from bot.platform.i18n import rupiah, short_date
from sandbox.client import BotMessage, ChatUser
from tests.e2e.conftest import UserFactory

INFORMAL_DISCOUNT_DAY = date(2026, 6, 1)  # inside PP 50/2025's window for petani/nelayan


async def _income_step(user: ChatUser, kind_label: str = "Petani") -> None:
    await user.send("/iuran")
    await user.press(await user.next_message(), text=kind_label)
    assert "per hari" in (await user.next_message()).text  # the prompt accepts daily earners


def _labels(user: ChatUser, message: BotMessage) -> list[str]:
    return [label for label, _ in user.buttons(message)]


async def test_daily_income_is_converted_shown_and_quoted_as_monthly(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await _income_step(user)
    await user.send("50rb sehari")
    screen = await user.next_message()
    assert "Rp50.000 sehari × 25 hari kerja = <b>Rp1.250.000</b> sebulan" in screen.text
    assert "PP 36/2021" in screen.text  # the working-days assumption is stated
    labels = _labels(user, screen)
    assert "✏️ Ubah" in labels and "per minggu" in labels and "per hari" not in labels
    await user.press(screen, text="JKK + JKM + JHT")
    quote = await user.next_message()
    expected = bpu_contribution(
        1_250_000, WorkKind.INFORMAL, True, handlers.warga.iuran.today(), bot.services.rates
    )
    assert "Rp1.250.000" in quote.text and rupiah(expected.total_payable) in quote.text
    assert "Rp50.000" not in quote.text.split("Total")[0]  # the daily figure is not the income
    assert f"Angka dicek {short_date(expected.checked, 'id')}" in quote.text
    assert "JKK 1% dari penghasilan" in quote.text  # the rule used


async def test_wrong_period_is_corrected_with_a_button(new_user: UserFactory) -> None:
    user = new_user()
    await _income_step(user)
    await user.send("50rb sehari")
    await user.press(await user.next_message(), text="per minggu")
    corrected = await user.next_message()
    # 50.000 × 52 weeks ÷ 12 months = 216.666,67 → Rp216.667
    assert "Rp50.000 seminggu × 52 minggu setahun ÷ 12 bulan" in corrected.text
    assert "<b>Rp216.667</b>" in corrected.text


async def test_a_small_amount_without_period_is_asked_not_quoted_as_monthly(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await _income_step(user, "Ojek")
    await user.send("80rb")
    question = await user.next_message()
    assert "Rp80.000 itu penghasilan per hari, per minggu, atau per bulan?" in question.text
    assert "JKK + JKM" not in _labels(user, question)
    await user.press(question, text="per hari")
    assert "<b>Rp2.000.000</b> sebulan" in (await user.next_message()).text


async def test_ubah_retypes_the_income_and_javanese_amounts_are_read(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await _income_step(user)
    await user.send("sejuta setengah")
    screen = await user.next_message()
    assert "Penghasilan per bulan: <b>Rp1.500.000</b>" in screen.text
    assert "per hari" in _labels(user, screen)  # no period said: one tap to read it per day
    await user.press(screen, text="✏️ Ubah")
    assert "per hari" in (await user.next_message()).text  # the income prompt again
    await user.send("rong yuta limang atus ewu")
    screen = await user.next_message()
    assert "Penghasilan per bulan: <b>Rp2.500.000</b>" in screen.text
    await user.press(screen, text="JKK + JKM")
    quote = await user.next_message()
    await user.press(quote, text="✏️ Ubah")  # from the quote too
    assert "per hari" in (await user.next_message()).text
    await user.send("panen 6 juta per 4 bulan")
    harvest = await user.next_message()
    assert "Rp6.000.000 per 4 bulan ÷ 4 = <b>Rp1.500.000</b> sebulan" in harvest.text


async def test_government_paid_iuran_gets_no_discount(
    new_user: UserFactory, bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handlers.warga.iuran, "today", lambda: INFORMAL_DISCOUNT_DAY)
    user = new_user()
    await _income_step(user)
    await user.send("2 juta sebulan")
    monthly_screen = await user.next_message()
    assert "per hari" not in _labels(user, monthly_screen)  # "sebulan" was said
    await user.press(monthly_screen, text="JKK + JKM")
    discounted = await user.next_message()
    assert "Rp13.400" in discounted.text and "PP 50/2025" in discounted.text  # 26.800 halved
    await user.press(discounted, text="dibayar pemerintah")
    full = await user.next_message()
    paid = bpu_contribution(
        2_000_000, WorkKind.INFORMAL, False, INFORMAL_DISCOUNT_DAY, bot.services.rates, True
    )
    assert paid.total_payable == 26_800
    assert "Total: Rp26.800" in full.text
    assert "(APBN/APBD) tidak mendapat potongan PP 50/2025" in full.text
    assert any("Saya bayar sendiri" in label for label in _labels(user, full))


async def test_free_text_daily_income_question_is_converted_with_a_correction_button(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user()
    await user.send("sy ojek sehari dapat 80rb, iurannya brp?")
    reply = await user.next_message()
    expected = bpu_contribution(
        2_000_000, WorkKind.TRANSPORT, True, handlers.warga.iuran.today(), bot.services.rates
    )
    assert "Rp80.000 sehari × 25 hari kerja = <b>Rp2.000.000</b> sebulan" in reply.text
    assert rupiah(expected.total_payable) in reply.text
    labels = _labels(user, reply)
    assert "✏️ Ubah" in labels and "per bulan" in labels
    await user.press(reply, text="per bulan")
    assert "Penghasilan per bulan: <b>Rp80.000</b>" in (await user.next_message()).text


async def test_daily_wage_earner_gets_the_employee_quote_on_the_monthly_wage(
    new_user: UserFactory, bot: RunningBot
) -> None:
    user = new_user(language_code="en")
    await user.send("/iuran")
    await user.press(await user.next_message(), data="iu:k:wage")
    await user.next_message()
    await user.send("buruh harian 100rb sehari")
    quote = await user.next_message()
    assert "Rp100.000 a day × 25 working days = <b>Rp2.500.000</b> a month" in quote.text
    assert "Salary: Rp2.500.000" in quote.text
    assert "Rp50.000" in quote.text  # JHT 2% worker share of Rp2.500.000, not of Rp100.000
    on = handlers.warga.iuran.today()
    ceiling = next(c for c in bot.services.rates.pu_jp_wage_ceiling if c.in_force(on))
    assert ceiling.valid_from is not None
    assert f"the wage ceiling of {ceiling.valid_from.year}" in quote.text
    assert any(label == "✏️ Edit" for label, _ in user.buttons(quote))


async def test_free_text_harvest_without_length_or_small_amount_is_asked_not_quoted(
    new_user: UserFactory,
) -> None:
    user = new_user()
    await user.send("panen padi dapat 6 juta, iurannya brp?")
    harvest = await user.next_message()
    assert "Panen itu berapa bulan sekali?" in harvest.text and "Total" not in harvest.text
    assert "✏️ Ubah" in _labels(user, harvest)
    await user.send("penghasilan 50rb iurannya brp")
    small = await user.next_message()
    assert "Rp50.000 itu penghasilan per hari, per minggu, atau per bulan?" in small.text
    await user.press(small, text="per hari")
    assert "<b>Rp1.250.000</b> sebulan" in (await user.next_message()).text
