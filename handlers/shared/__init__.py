"""What every handler shares: Telegram glue, no business rules.

``context`` (BotContext, the session loaded once per update, the role guards and ``refuse``),
``session`` (the user, their language, ``reply``), ``dialogs`` (routing free text and files
to a running dialogue), ``keyboards`` (menu rows, pager row, the pressed button),
``prefixes`` (the one registry of callback-data prefixes), ``region_picker``, ``errors``,
``fallback``.

Import rule: ``bot.services``, ``bot.domain`` and ``bot.platform`` only; never a handler
module of ``warga``, ``desa`` or ``petugas``. A business rule goes to ``bot/services``.
"""
