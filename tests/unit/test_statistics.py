"""Officers' statistics: counted inside the officer's kab/kota, indication by the rules module,
weeks in Jakarta time; and the chart drawn from them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.domain.rules import evaluate, load_rules
from bot.platform.db import broadcasts, members, questions, reports, subscriptions, users, villages
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.db.officers import EVERYWHERE, NOWHERE, Scope
from bot.services import charts, statistics
from bot.services.snapshot import village_snapshot
from tests.backend import database_for
from tests.factories import stand_in_member, stand_in_villages

TODAY = date(2026, 3, 4)  # a Wednesday
BLITAR = Scope(False, frozenset({"35.05"}))
SUKOSEWU, NGLEGOK, MALANG = "35.05.15.2004", "35.05.21.2007", "35.07.01.2001"
RULES = load_rules()
TEXTS = charts.ChartTexts("Cakupan", "% aktif", "Belum ada", "", "Per minggu", "Tanya", "Baru")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "x.sqlite3"))
    await database.initialize()
    await stand_in_villages(database, SUKOSEWU, NGLEGOK, MALANG)
    yield database
    await database.shutdown()


async def _user(db: Database, user_id: int) -> int:
    await users.register(db, user_id, f"User {user_id}", "id")
    return user_id


async def _member(db: Database, village: str, jabatan: str, status: str) -> None:
    await members.add(db, stand_in_member(village, jabatan, status))


async def _seed(db: Database) -> None:
    """Two villages in Kab. Blitar (35.05), one in Kab. Malang (35.07), and their people."""
    for official, village in ((1, SUKOSEWU), (2, NGLEGOK), (3, MALANG)):
        await villages.seat(db, village, "kepala_desa", await _user(db, official))
    await villages.verify(db, SUKOSEWU, 900)
    await villages.verify(db, MALANG, 900)
    # Sukosewu: kades and sekdes aktif → indicated; Nglegok: a kadus not registered → not.
    for village, jabatan, status in (
        (SUKOSEWU, "kepala_desa", "aktif"),
        (SUKOSEWU, "sekdes", "aktif"),
        (NGLEGOK, "kepala_desa", "aktif"),
        (NGLEGOK, "kadus", "belum"),
        (MALANG, "kepala_desa", "aktif"),
        (MALANG, "sekdes", "aktif"),
    ):
        await _member(db, village, jabatan, status)
    for villager, village in ((11, SUKOSEWU), (12, SUKOSEWU), (13, NGLEGOK), (21, MALANG)):
        await subscriptions.subscribe(db, await _user(db, villager), village)
    await _questions(db)
    await _announcement(db)
    await subscriptions.stop(db, 12)  # after the announcement: 12 received it, then stopped


async def _ask(db: Database, user_id: int, outcome: str) -> int:
    return await questions.record(
        db, user_id=user_id, language="id", text="iuran berapa?", normalized="iuran",
        outcome=outcome, entry_id=None, score=None,
    )  # fmt: skip


async def _questions(db: Database) -> None:
    await _ask(db, 11, "confident")
    handed = await _ask(db, 13, "not_understood")
    await questions.hand_over(db, handed, 13)
    await questions.answer(db, handed, 900, "Rp16.800 per bulan")
    await _ask(db, 21, "confident")  # Malang
    await _ask(db, await _user(db, 99), "ambiguous")  # no village chosen


async def _announcement(db: Database) -> None:
    broadcast = await broadcasts.create_draft(db, 900, {"id": "Sosialisasi Sabtu"})
    await broadcasts.enqueue(db, broadcast, [11, 12, 13, 21])
    for user_id in (11, 12, 21):
        await broadcasts.claim(db, broadcast, user_id)
        await broadcasts.mark_sent(db, broadcast, user_id, 1)
    await broadcasts.record_read(db, broadcast, 11)
    await broadcasts.record_read(db, broadcast, 21)


async def test_an_officer_sees_only_their_kab_kota(db: Database) -> None:
    await _seed(db)
    stats = await statistics.compute(db, BLITAR, RULES, TODAY)
    assert stats.villagers == statistics.Villagers(subscribed=3, active=2)
    assert stats.villages == statistics.Villages(claimed=2, verified=1, indicated=1)
    # By kecamatan, the worst covered first: where the officer should go next.
    assert [(c.code, c.members, c.aktif) for c in stats.coverage] == [
        ("35.05.21", 2, 1),
        ("35.05.15", 2, 2),
    ]
    assert stats.level is statistics.Level.KECAMATAN
    by_kab = await statistics.coverage(db, BLITAR, statistics.Level.KAB)
    assert [(c.code, c.members, c.aktif) for c in by_kab] == [("35.05", 4, 3)]
    by_village = await statistics.coverage(db, BLITAR, statistics.Level.VILLAGE)
    assert [c.code for c in by_village] == [NGLEGOK, SUKOSEWU]
    assert stats.questions == statistics.Questions(
        asked=2, confident=1, handed_over=1, answered_by_officers=1
    )
    assert stats.announcements == statistics.Announcements(count=1, recipients=3, sent=2, reads=1)
    assert stats.announcements.delivery_rate == pytest.approx(2 / 3)
    assert stats.announcements.read_rate == 0.5


async def test_an_admin_sees_everything_including_people_without_a_village(db: Database) -> None:
    await _seed(db)
    stats = await statistics.compute(db, EVERYWHERE, RULES, TODAY)
    assert stats.villagers == statistics.Villagers(subscribed=4, active=3)
    assert stats.villages == statistics.Villages(claimed=3, verified=2, indicated=2)
    assert [c.code for c in stats.coverage] == ["35"]  # the country: by province
    by_kab = await statistics.coverage(db, EVERYWHERE, statistics.Level.KAB)
    assert sorted(c.code for c in by_kab) == ["35.05", "35.07"]
    assert [c.share for c in by_kab] == sorted(c.share for c in by_kab)  # the worst first
    # The country (per village) and a scope of both kab/kota (per range) count alike.
    both = Scope(False, frozenset({"35.05", "35.07"}))
    assert (await statistics.coverage(db, both, statistics.Level.KAB)) == by_kab
    assert stats.questions.asked == 4
    assert (stats.announcements.recipients, stats.announcements.sent) == (4, 3)


async def test_an_officer_without_a_kab_kota_sees_nothing(db: Database) -> None:
    await _seed(db)
    stats = await statistics.compute(db, NOWHERE, RULES, TODAY)
    assert stats.villages.claimed == stats.questions.asked == stats.villagers.subscribed == 0
    assert stats.coverage == () and not stats.has_history


async def test_the_indication_is_the_rules_modules_own(db: Database) -> None:
    await _seed(db)
    for code in (SUKOSEWU, NGLEGOK, MALANG):
        alone = Scope(False, frozenset({code[:5]}))
        counted = await statistics.villages(db, alone, RULES, TODAY)
        judged = [
            evaluate(await village_snapshot(db, c), RULES, TODAY).indicated
            for c in (SUKOSEWU, NGLEGOK, MALANG)
            if c[:5] == code[:5]
        ]
        assert counted.indicated == sum(judged)
    # Reported figures do not change the required criteria: still one indicated in Blitar.
    await reports.add(db, SUKOSEWU, "working_residents", 100, 1)
    assert (await statistics.villages(db, BLITAR, RULES, TODAY)).indicated == 1


async def test_questions_and_subscriptions_are_counted_per_week_in_jakarta_time(
    db: Database,
) -> None:
    await _seed(db)
    # Sunday 1 March 2026, 20:00 UTC is Monday 2 March, 03:00 in Jakarta: this week.
    await db.execute("UPDATE questions SET asked_at = '2026-03-01T20:00:00+00:00' WHERE id = 1")
    # Sunday 1 March, 10:00 UTC is still Sunday in Jakarta: last week.
    await db.execute("UPDATE questions SET asked_at = '2026-03-01T10:00:00+00:00' WHERE id = 2")
    await db.execute("UPDATE subscriptions SET since = '2026-01-10T00:00:00+00:00'")
    weeks = await statistics.weeks(db, BLITAR, TODAY)
    assert len(weeks) == statistics.WEEKS
    assert weeks[-1].start == date(2026, 3, 2) and weeks[0].start == date(2025, 12, 15)
    assert (weeks[-1].questions, weeks[-2].questions) == (1, 1)
    by_start = {w.start: w.subscriptions for w in weeks}
    assert by_start[date(2026, 1, 5)] == 3 and sum(by_start.values()) == 3


async def test_kab_kota_are_labelled_from_the_regions_table_when_loaded(db: Database) -> None:
    assert await statistics.kab_label(db, "35.05") == "35.05"  # regions not loaded: the code
    await db.execute(
        "INSERT INTO regions(code, parent, level, name, kind) VALUES"
        " ('35', NULL, 1, 'Jawa Timur', 'provinsi'),"
        " ('35.05', '35', 2, 'Kabupaten Blitar', 'kabupaten')"
    )
    assert await statistics.kab_label(db, "35.05") == "Kab. Blitar [35.05]"


def _stats(coverage: int, history: bool) -> statistics.Statistics:
    weeks = tuple(
        statistics.Week(date(2026, 1, 5), int(history) * n, 0) for n in range(statistics.WEEKS)
    )
    areas = tuple(
        statistics.Coverage(f"35.{n:02d}", f"Kab. Nomor {n} [35.{n:02d}]", 10 + n, n)
        for n in range(coverage)
    )
    return statistics.Statistics(
        statistics.Villagers(0, 0), statistics.Villages(0, 0, 0), areas,
        statistics.Questions(0, 0, 0, 0), statistics.Announcements(0, 0, 0, 0), weeks,
    )  # fmt: skip


@pytest.mark.parametrize(("coverage", "history"), [(0, False), (3, True), (40, True)])
def test_the_chart_is_a_png_for_any_amount_of_data(coverage: int, history: bool) -> None:
    png = charts.render_statistics(_stats(coverage, history), TEXTS)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == int(charts.WIDTH_INCHES * charts.DPI)  # sized for a phone screen


def test_the_chart_shows_the_worst_covered_first_on_top() -> None:
    stats = _stats(40, False)
    shown = charts.shown_coverage(stats.coverage)
    assert len(shown) == charts.MAX_BARS and charts.hidden_count(stats.coverage) == 28
    # The statistics' order (worst first) with the worst as the top bar (drawn last).
    assert shown[-1] == stats.coverage[0] and shown[0] == stats.coverage[charts.MAX_BARS - 1]


def test_the_chart_says_whose_figures_of_which_day_with_thousands_separators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = charts.ChartTexts(
        "Cakupan", "% aktif", "Belum ada", "", "Per minggu", "Tanya", "Baru",
        heading="Kab. Blitar [35.05] · 5 Desember 2026", partial_week="minggu ini",
        number=lambda n: f"{n:,}".replace(",", "."),
    )  # fmt: skip
    seen: list[str] = []
    for owner in (charts.Axes, charts.Figure):
        for name in ("text", "suptitle") if owner is charts.Figure else ("text",):
            original = getattr(owner, name)

            def spy(
                self: object, *args: object, _original: object = original, **kw: object
            ) -> object:
                seen.extend(str(a) for a in args if isinstance(a, str))
                return _original(self, *args, **kw)  # type: ignore[operator]

            monkeypatch.setattr(owner, name, spy)
    stats = _stats(3, True)
    big = statistics.Coverage("35.05", "Kab. Blitar [35.05]", 12_345, 6_789)
    stats = statistics.Statistics(
        stats.villagers, stats.villages, (big,), stats.questions, stats.announcements,
        stats.weeks,
    )  # fmt: skip
    png = charts.render_statistics(stats, texts)
    assert png.startswith(b"\x89PNG")
    assert "6.789/12.345 (54%)" in seen
    assert "Kab. Blitar [35.05] · 5 Desember 2026" in seen
