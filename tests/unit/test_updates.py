from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update

from bot.platform.updates import PerChatUpdateProcessor


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "private")
    return Update(update_id, message=Message(update_id, None, chat, text="x"))  # type: ignore[arg-type]


async def test_same_chat_in_order_other_chats_side_by_side() -> None:
    processor = PerChatUpdateProcessor(8)
    log: list[str] = []
    release_first = asyncio.Event()

    async def slow(name: str) -> None:
        log.append(f"start {name}")
        await release_first.wait()
        log.append(f"end {name}")

    async def fast(name: str) -> None:
        log.append(f"start {name}")
        log.append(f"end {name}")

    first = asyncio.create_task(processor.do_process_update(_update(1, 10), slow("a1")))
    second = asyncio.create_task(processor.do_process_update(_update(2, 10), fast("a2")))
    other = asyncio.create_task(processor.do_process_update(_update(3, 20), fast("b1")))
    await asyncio.sleep(0.01)
    assert log == ["start a1", "start b1", "end b1"]  # chat 20 did not wait for chat 10
    release_first.set()
    await asyncio.gather(first, second, other)
    assert log[-3:] == ["end a1", "start a2", "end a2"]  # chat 10 kept its order
    assert processor._locks == {}  # idle chats are forgotten


async def test_a_chat_waiting_for_its_turn_holds_no_processing_slot() -> None:
    """Issue 10, High 2: one chat's queued updates filled every slot and stalled the rest."""
    processor = PerChatUpdateProcessor(2)
    release = asyncio.Event()
    done: list[str] = []

    async def handle(name: str) -> None:
        if name.startswith("a"):
            await release.wait()
        done.append(name)

    flood = [
        asyncio.create_task(processor.process_update(_update(n, 10), handle(f"a{n}")))
        for n in range(5)
    ]
    other = asyncio.create_task(processor.process_update(_update(99, 20), handle("b")))
    await asyncio.wait_for(other, 1.0)  # chat 20 did not wait for chat 10's queue
    assert done == ["b"]
    release.set()
    await asyncio.gather(*flood)
    assert done == ["b", "a0", "a1", "a2", "a3", "a4"]  # chat 10 kept its order


async def test_a_flooding_chat_is_throttled_and_told_once_never_the_others() -> None:
    told: list[int] = []

    async def on_flood(update: Update) -> None:
        assert update.effective_chat is not None
        told.append(update.effective_chat.id)

    processor = PerChatUpdateProcessor(4, max_queued=3, on_flood=on_flood)
    release = asyncio.Event()
    handled: list[int] = []

    async def handle(update_id: int) -> None:
        if update_id in (1, 21):
            await release.wait()  # the flooder's first message is slow to answer
        handled.append(update_id)

    def send(update_id: int, chat_id: int) -> asyncio.Task[None]:
        update = _update(update_id, chat_id)
        return asyncio.create_task(processor.process_update(update, handle(update_id)))

    flood = [send(n, 10) for n in range(1, 9)]  # chat 10 sends 8 at once
    await asyncio.sleep(0.01)
    await asyncio.wait_for(send(100, 20), 1.0)  # another villager is answered meanwhile
    assert handled == [100] and processor.dropped == 5
    assert told == [10]  # once, however many were dropped
    release.set()
    await asyncio.gather(*flood)
    assert handled == [100, 1, 2, 3]
    await asyncio.gather(*(send(n, 10) for n in range(11, 13)))  # after the flood: normal
    assert handled[-2:] == [11, 12] and told == [10]
    release.clear()
    second = [send(n, 10) for n in range(21, 27)]  # a new flood is told again
    await asyncio.sleep(0.01)
    assert told == [10, 10]
    release.set()
    await asyncio.gather(*second)


async def test_a_repeated_update_is_processed_once() -> None:
    """A webhook call Telegram retries, or one replayed by an attacker (issue 10)."""
    processor = PerChatUpdateProcessor(4)
    handled: list[str] = []

    async def handle(name: str) -> None:
        handled.append(name)

    await processor.process_update(_update(7, 10), handle("first"))
    await processor.process_update(_update(7, 10), handle("replayed"))
    await processor.process_update(_update(8, 10), handle("next"))
    assert handled == ["first", "next"]
