"""Pure domain logic: the rules of BPJS Ketenagakerjaan and of Desa Sadar, with no I/O.

What belongs here: the Desa Sadar rules (``rules``), the contribution calculator (``iuran``),
money expressions, NIK/KPJ/phone checks, positions (``jabatan``), dates (the one place for
Asia/Jakarta and "today"), dated facts, the FAQ search and the apparatus spreadsheet reader.
Functions take data and return data; reading content files at start-up is the only I/O.

Import rule: nothing that talks to the outside world (no ``telegram``, ``aiosqlite``,
``sqlite3``, ``bot.platform.db``) and no ``bot.services``; ``tests/unit/test_layers.py``
enforces it. So the self-check, the officer's review, statistics and broadcast targeting share
one rules module that unit tests run without a database.
"""
