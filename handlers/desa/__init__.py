"""Village officials' (kepala desa, operator) commands, one module per command, named after it.

desa (/desa: claiming a village, the invite link's /start), perangkat/ (/perangkat: the
apparatus list, adding, correcting, importing), laporan (/laporan), ceksyarat (/ceksyarat).

Import rule: a module here imports ``handlers.shared``, ``bot.services``, ``bot.domain`` and
``bot.platform``, and at most a private ``_``-module of its own package (e.g.
``perangkat/_common.py``); never another handler module (``tests/unit/test_layers.py``).
Only ``bot/app.py`` imports these modules.
"""
