"""The sandbox: a local fake Telegram Bot API that the real bot talks to over HTTP.

``server.SandboxServer`` serves the Bot API and the ``/control`` interface over one
``state.SandboxState``; ``client.SandboxClient`` / ``client.ChatUser`` drive it from tests,
benchmarks and the terminal chat. Modules: ``params`` (request parsing, errors), ``limits``
(flood limits), ``model`` (Telegram JSON shapes), ``botapi`` (the methods), ``control``.

What belongs here: a generic Bot API emulator that knows nothing about Desa Sadar Bot. The
glue that runs the bot against it (``bot/harness.py``, ``bot/terminal_chat.py``) lives with
the bot, and the bot's runtime never imports this package.

Import rule: nothing from ``bot`` or ``handlers`` except ``bot.platform.telegram_html``, the
one parser of Telegram's HTML parse mode. The sandbox needs it to refuse what Telegram would
refuse ("can't parse entities"), the content check needs it to catch such templates before
they ship; one parser keeps the two from disagreeing. It stays in ``bot/platform`` because it
is the bot's own rule about what it may send, and the bot must not depend on its emulator;
it is a leaf (standard library only), so this import pulls in nothing else of the bot.
``tests/sandbox/test_sandbox_imports.py`` enforces both.
"""
