"""What the bot does: one module per capability, called by exactly one handler per action.

What belongs here: business rules that touch the database or the outside world, e.g. the
apparatus registry, the announcement outbox and its worker, audiences, statistics and charts,
exports, the Desa Sadar indications kept per village, village figures, regions, and
``container.Services`` (what every handler reaches through ``context.services``). Each user
action is one transaction with its audit row inside (``async with db.transaction()``).
Signatures take and return concrete types (dataclasses, TypedDicts, Protocols), never ``Any``.

Import rule: ``bot.domain`` and ``bot.platform`` only; never ``handlers`` or ``telegram.ext``
glue, so every service is unit-tested on its own in ``tests/unit/``.
"""
