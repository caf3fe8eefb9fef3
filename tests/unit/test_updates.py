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
