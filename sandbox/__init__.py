"""The sandbox: a local fake Telegram Bot API that the real bot talks to over HTTP.

``server.SandboxServer`` serves the Bot API and the ``/control`` interface over one
``state.SandboxState``; ``client.SandboxClient`` / ``client.ChatUser`` drive it from tests,
benchmarks and the terminal chat. Modules: ``params`` (request parsing, errors), ``limits``
(flood limits), ``model`` (Telegram JSON shapes), ``botapi`` (the methods), ``control``.
"""
