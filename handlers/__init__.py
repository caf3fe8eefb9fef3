"""The Telegram adapter, by audience: ``warga``, ``desa``, ``petugas`` (and ``shared``).

A handler parses the update, calls ONE service, renders ONE template. Only ``bot/app.py``
imports this package; it registers every handler in one ordered list.
"""
