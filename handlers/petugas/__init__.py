"""Officers' (petugas) and admins' commands, one module per command, named after it.

pertanyaan (/pertanyaan and answers to handed-over questions), undang (/undang), verifikasi
(/verifikasi), siaran (/siaran), statistik (/statistik), ekspor (/ekspor), audit (/audit,
admins), petugas (/petugas, admins). Roles are checked by the guards where these handlers are
registered in ``bot/app.py``; the officer's scope over a village is checked in the service.

Import rule: a module here imports ``handlers.shared``, ``bot.services``, ``bot.domain`` and
``bot.platform``, and at most a private ``_``-module of this package; never another handler
module (``tests/unit/test_layers.py``). Only ``bot/app.py`` imports these modules.
"""
