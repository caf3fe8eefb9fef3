"""Villagers' (warga) commands, one module per command, named after it.

menu (/start, /menu, /bantuan), program (/program), iuran (/iuran), tanya (/tanya and any
free text), bahasa (/bahasa), langganan (/langganan, /berhenti), hapusdata (/hapusdata).

Import rule: a module here imports ``handlers.shared``, ``bot.services``, ``bot.domain`` and
``bot.platform``, and at most a private ``_``-module of this package; never another handler
module (``tests/unit/test_layers.py``). Only ``bot/app.py`` imports these modules.
"""
