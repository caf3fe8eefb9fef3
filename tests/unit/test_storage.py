"""The storage discipline (bot/platform/db/connection.py): one writer, read-only readers, the
write transaction from the context, and every multi-step action all or nothing — also when
the process is killed with SIGKILL in the middle of one."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.platform.db import audit, broadcasts, consents, dialogs, members, subscriptions, users
from bot.platform.db import villages as village_db
from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.platform.db.dialogs import DialogState
from bot.services import announcements, apparatus
from bot.services import village_lifecycle as lifecycle
from bot.services.broadcast import Announcement, BroadcastWorker
from tests.backend import ON_POSTGRES, database_for
from tests.factories import stand_in_member, stand_in_villages

ROOT = Path(__file__).resolve().parents[2]
VILLAGE, OTHER = "35.05.15.2004", "35.05.21.2007"
OFFICER, KADES, VILLAGER = 900, 1, 2


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = open_database(database_for(tmp_path / "storage.sqlite3"))
    await database.initialize()
    await stand_in_villages(database, VILLAGE, OTHER)
    for user_id in (OFFICER, KADES, VILLAGER):
        await users.register(database, user_id, f"User {user_id}", "id")
    yield database
    await database.shutdown()


async def _count(db: Database, sql: str, *params: object) -> int:
    row = await db.fetchone(sql, params)
    assert row is not None
    return int(row[0])


# ----------------------------------------------------------------- the discipline


async def test_a_reader_cannot_write(db: Database) -> None:
    """Reads happen on query_only connections: a write there is refused at once, so no
    connection but the writer can ever hold (or wait for) SQLite's write lock."""
    async with db.read() as tx:
        # sqlite3.OperationalError, or asyncpg's ReadOnlySQLTransactionError on PostgreSQL
        with pytest.raises(Exception, match=r"readonly|read-only"):
            await tx.fetchall("DELETE FROM users")
    assert await users.count(db) == 3


async def test_a_read_never_sees_another_tasks_uncommitted_write(db: Database) -> None:
    inside, release = asyncio.Event(), asyncio.Event()

    async def officer() -> None:
        async with db.write():
            await users.set_language(db, VILLAGER, "jv")
            inside.set()
            await release.wait()

    task = asyncio.create_task(officer())
    await inside.wait()
    seen = await users.get(db, VILLAGER)  # the old shared connection returned "jv" here
    assert seen is not None and seen.language == "id"
    release.set()
    await task
    after = await users.get(db, VILLAGER)
    assert after is not None and after.language == "jv"


async def test_repositories_called_inside_a_write_join_it_and_roll_back_with_it(
    db: Database,
) -> None:
    with pytest.raises(RuntimeError, match="crash"):
        async with db.write():
            await users.register(db, 77, "Baru", "id")
            assert await users.get(db, 77) is not None  # reads see the transaction's rows
            await subscriptions.subscribe(db, 77, VILLAGE)
            raise RuntimeError("crash")
    assert await users.get(db, 77) is None
    assert await subscriptions.village_of(db, 77) is None


async def test_a_nested_write_is_a_savepoint(db: Database) -> None:
    async with db.write():
        await users.set_language(db, VILLAGER, "en")
        with pytest.raises(ValueError):
            async with db.write():
                await users.set_language(db, KADES, "jv")
                raise ValueError("inner step refused")
    villager, kades = await users.get(db, VILLAGER), await users.get(db, KADES)
    assert villager is not None and villager.language == "en"
    assert kades is not None and kades.language == "id"


@pytest.mark.skipif(
    ON_POSTGRES,
    reason="on PostgreSQL a lone statement is its own transaction at once (row locks, one round"
    " trip); it still never joins another task's transaction",
)
async def test_a_task_started_inside_a_write_waits_for_it_instead_of_joining(
    db: Database,
) -> None:
    order: list[str] = []

    async def background() -> None:
        await users.set_language(db, KADES, "en")
        order.append("background")

    async with db.write():
        task = asyncio.create_task(background())
        await asyncio.sleep(0.05)
        order.append("transaction")
    await task
    assert order == ["transaction", "background"]


async def test_a_long_read_blocks_neither_writes_nor_other_reads(db: Database) -> None:
    """An officer's national read holds a snapshot; villagers go on, and it sees none of
    their changes (one consistent snapshot for the whole report)."""
    async with db.read() as report:
        before = await report.fetchone("SELECT COUNT(*) FROM users")
        started = time.perf_counter()
        await users.register(db, 501, "Warga", "id")
        assert await users.get(db, 501) is not None
        assert time.perf_counter() - started < 1.0
        again = await report.fetchone("SELECT COUNT(*) FROM users")
    assert before is not None and again is not None and before[0] == again[0] == 3
    assert await users.count(db) == 4


class _Sender:
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def initialize(self) -> None: ...

    async def shutdown(self) -> None: ...

    async def send(self, chat_id: int, announcement: Announcement) -> int:
        await asyncio.sleep(0.001)
        self.sent.append(chat_id)
        return len(self.sent)


async def test_fifty_chats_write_while_the_worker_sends_nothing_refused_nothing_lost(
    db: Database,
) -> None:
    """Issue 13: villagers' writes during a broadcast were refused ("database is locked")
    and got no reply. Every reply here writes 4 times and reads twice; the worker writes
    twice per message on the same writer."""
    recipients = list(range(10_000, 10_300))
    await db.executemany(
        "INSERT INTO users(user_id, display_name, first_seen, last_seen) VALUES (?, 'W', 'a', 'a')",
        [(r,) for r in recipients],
    )
    broadcast_id = await broadcasts.create_draft(db, OFFICER, {"id": "Rapat"}, audience={})
    await broadcasts.enqueue(db, broadcast_id, recipients)
    sender = _Sender()
    worker = BroadcastWorker(db, sender, rate=1000.0, poll_interval=0.02)
    failures: list[BaseException] = []

    async def chat(n: int) -> None:
        user_id = 20_000 + n
        for step in range(5):
            try:
                await users.register(db, user_id, "Warga", "id")
                await dialogs.save(db, user_id, DialogState("iuran", "income", {"s": step}))
                assert await dialogs.get(db, user_id) is not None
                await subscriptions.subscribe(db, user_id, VILLAGE)
                await users.mark_seen(db, user_id, "Warga")
            except Exception as exc:
                failures.append(exc)

    await worker.start()
    await asyncio.gather(*(chat(n) for n in range(50)))
    deadline = time.monotonic() + 30
    while len(sender.sent) < len(recipients) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await worker.stop()
    assert failures == []
    assert await _count(db, "SELECT COUNT(*) FROM dialogs WHERE user_id >= 20000") == 50
    assert await _count(db, "SELECT COUNT(*) FROM subscriptions WHERE user_id >= 20000") == 50
    assert sorted(sender.sent) == recipients  # the broadcast finished too, once each


# ----------------------------------------------------------------- one action, one transaction


async def _invite(db: Database) -> str:
    return (await lifecycle.create_invite(db, OFFICER, VILLAGE, "kepala_desa")).code


async def _claim(db: Database) -> int:
    outcome = await lifecycle.request_claim(db, KADES, VILLAGE, "kepala_desa")
    assert outcome.claim is not None
    return outcome.claim.id


async def _member(db: Database) -> int:
    return await members.add(db, stand_in_member(VILLAGE, "sekdes", "belum"))


async def _seated(db: Database) -> None:
    await village_db.seat(db, VILLAGE, "kepala_desa", KADES)


Action = Callable[[Database], Awaitable[Any]]
State = Callable[[Database], Awaitable[object]]


async def _state(db: Database) -> object:
    """Everything the actions below may change."""
    tables = (
        "invites",
        "village_officials",
        "villages",
        "claims",
        "members",
        "consents",
        "broadcasts",
        "outbox",
        "dialogs",
        "audit_log",
    )
    return {t: [tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")] for t in tables}


async def _accept(db: Database) -> Any:
    code = await _invite(db)
    before = await _state(db)
    return before, lambda: lifecycle.accept_invite(db, code, KADES)


async def _decide(db: Database) -> Any:
    claim_id = await _claim(db)
    before = await _state(db)
    return before, lambda: lifecycle.decide_claim(db, OFFICER, claim_id, True, "ok")


async def _save_member(db: Database) -> Any:
    await _seated(db)
    before = await _state(db)
    new = stand_in_member(VILLAGE, "kaur_keuangan", "aktif")
    return before, lambda: apparatus.save_member(db, new, KADES)


async def _change_status(db: Database) -> Any:
    await _seated(db)
    member_id = await _member(db)
    before = await _state(db)
    return before, lambda: apparatus.change_status(db, member_id, VILLAGE, "aktif", KADES)


async def _launch(db: Database) -> Any:
    await dialogs.save(db, OFFICER, DialogState("siaran", "confirm", {}))
    before = await _state(db)
    return before, lambda: announcements.launch(
        db, OFFICER, {"id": "Rapat desa"}, [VILLAGER, KADES], audience={"all": True}
    )


async def _consent(db: Database) -> Any:
    before = await _state(db)
    return before, lambda: apparatus.accept_personal_data_notice(db, KADES)


ACTIONS = {
    "accept an invite": _accept,
    "decide a claim": _decide,
    "save a member": _save_member,
    "change a status": _change_status,
    "launch a broadcast": _launch,
    "record consent": _consent,
}


@pytest.mark.parametrize("name", list(ACTIONS))
async def test_a_crash_at_the_audit_row_leaves_nothing_of_the_action(
    db: Database, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit row is each action's last statement: failing there must undo the rest."""
    before, act = await ACTIONS[name](db)

    async def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("process died")

    monkeypatch.setattr(audit, "record_in", crash)
    monkeypatch.setattr(audit, "record", crash)
    with pytest.raises(RuntimeError, match="process died"):
        await act()
    assert await _state(db) == before


@pytest.mark.parametrize("name", list(ACTIONS))
async def test_each_action_writes_its_audit_row_with_it(db: Database, name: str) -> None:
    before, act = await ACTIONS[name](db)
    await act()
    after = await _state(db)
    assert isinstance(before, dict) and isinstance(after, dict)
    assert len(after["audit_log"]) == len(before["audit_log"]) + 1


async def test_launching_ends_the_dialogue_and_queues_everyone(db: Database) -> None:
    await dialogs.save(db, OFFICER, DialogState("siaran", "confirm", {}))
    launched = await announcements.launch(
        db, OFFICER, {"id": "Rapat"}, [VILLAGER, KADES, 123456], audience={"all": True}
    )
    assert launched.queued == 2  # an unknown user is left out
    stored = await broadcasts.get(db, launched.broadcast_id)
    assert stored is not None and stored.status == "sending"
    assert await dialogs.get(db, OFFICER) is None  # a second "Kirim" finds no draft


async def test_two_officers_racing_on_one_claim_decide_it_once(db: Database) -> None:
    claim_id = await _claim(db)
    first, second = await asyncio.gather(
        lifecycle.decide_claim(db, OFFICER, claim_id, True, "ok"),
        lifecycle.decide_claim(db, KADES, claim_id, False, "no"),
    )
    assert sorted([first.problem or "ok", second.problem or "ok"]) == ["decided", "ok"]
    decided = await _count(
        db, "SELECT COUNT(*) FROM audit_log WHERE action IN ('claim.approve', 'claim.reject')"
    )
    assert decided == 1


async def test_consent_is_recorded_once(db: Database) -> None:
    await apparatus.accept_personal_data_notice(db, KADES)
    assert await consents.has(db, KADES)


# ----------------------------------------------------------------- kill -9 mid-action

_CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    sys.path.insert(0, {root!r})
    from bot.platform.db import villages
    from bot.platform.db.backend import open_database
    from bot.services import village_lifecycle

    real_seat = villages.seat_in

    async def seat_then_hang(conn, *args):
        await real_seat(conn, *args)
        print("seated", flush=True)  # invite used, official seated: not yet committed
        time.sleep(60)  # the parent kills the process here

    villages.seat_in = seat_then_hang

    async def main():
        db = open_database({path!r})
        await db.initialize()
        await village_lifecycle.accept_invite(db, {code!r}, {user})

    asyncio.run(main())
    """
)


async def test_kill_9_in_the_middle_of_accepting_an_invite_burns_nothing(
    db: Database, tmp_path: Path
) -> None:
    code = await _invite(db)
    path = getattr(db, "url", str(db.path))  # the file, or the PostgreSQL database
    script = _CHILD.format(root=str(ROOT), path=path, code=code, user=KADES)
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        line = await asyncio.to_thread(child.stdout.readline)
        assert line.strip() == b"seated", child.stderr.read() if child.stderr else b""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    invite = await village_db.get_invite(db, code)
    assert invite is not None and invite.used_by is None  # the invite is not burnt
    assert await village_db.official(db, KADES) is None
    assert await _count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'invite.accept'") == 0
    # …and it can still be accepted, by this process, after the other one died.
    assert (await lifecycle.accept_invite(db, code, KADES)).ok
    assert await village_db.official(db, KADES) is not None


async def test_reads_inside_a_held_snapshot_reuse_it_and_never_exhaust_the_pool(
    db: Database,
) -> None:
    """Each task streaming on one reader and reading beside it (an export and its villages'
    figures): more such tasks than readers must not wait for each other forever."""

    async def export_like() -> int:
        async with db.read() as snapshot:
            await asyncio.sleep(0.02)  # every task now holds a reader
            rows = await snapshot.fetchall("SELECT user_id FROM users")
            return sum([await users.count(db) for _ in rows])

    results = await asyncio.wait_for(
        asyncio.gather(*(export_like() for _ in range(db.readers * 2))), 10
    )
    assert results == [9] * (db.readers * 2)


async def test_tasks_holding_snapshots_can_all_write_without_exhausting_connections(
    db: Database,
) -> None:
    """More tasks than read connections, each writing while it holds a snapshot (an officer's
    export saving its progress): writes never wait for a read connection, so all finish."""

    async def export_with_progress(n: int) -> None:
        async with db.read() as tx:
            await tx.fetchall("SELECT user_id FROM users")
            await audit.record(db, OFFICER, "export.progress", str(n))
            await asyncio.sleep(0.01)

    await asyncio.wait_for(asyncio.gather(*(export_with_progress(n) for n in range(24))), 20)
    assert await _count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'export.progress'") == 24
