"""Infrastructure the services stand on: nothing here knows a business rule.

What belongs here: the database (``db``: the connection, numbered migrations, one repository
module per table), i18n (gettext catalogs, Jinja2, Babel formatting), configuration from
``DESABOT_*``, content loading and ``desabot content check``, Telegram's HTML parser
(``telegram_html``, also used by the sandbox), callback data, encryption of personal data,
strict TOML reading, and per-chat ordering of updates.

Import rule: the standard library, third-party packages and ``bot.domain`` (for the shapes
content is loaded into); never ``handlers``, and ``bot.services`` only in ``content_check``,
the ``desabot content check`` tool, which renders every template with the services' own data
shapes so a template cannot drift from what the handlers pass it.
"""
