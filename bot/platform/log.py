"""Logging set-up: plain text or one JSON object per line, and never personal data.

``DESABOT_LOG_FORMAT=json`` gives one JSON object per line (python-json-logger: timestamp,
level, logger, message, and the traceback as one string), for journald, Loki or any log
shipper; ``text`` (the default) is for people reading a terminal.

Personal data. The bot's own log calls carry ids, counts and exception class names, never a
message text, a NIK or a phone number (tests/e2e/test_logs_private.py types both and reads
every log line). As a second line of defence, :class:`PersonalDataFilter` on the handler masks
anything shaped like a NIK (16 digits) or an Indonesian mobile number in every record, including
those of libraries (at debug level PTB and httpx log whole requests and updates).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping

from pythonjsonlogger.json import JsonFormatter

from bot.platform.config import log_format

__all__ = ["PersonalDataFilter", "configure", "mask_personal_data"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message")

# 16 digits (a NIK), alone or split by spaces/dots/dashes as people type them.
_NIK = re.compile(r"(?<![0-9])[0-9]{6}[ .-]?[0-9]{6}[ .-]?[0-9]{4}(?![0-9])")
# Indonesian mobile numbers: 08…, 628…, +62 8… (9-13 digits after the prefix, separators allowed).
_PHONE = re.compile(r"(?<![0-9])(?:\+?62[ .-]?|0)8[0-9](?:[ .-]?[0-9]){6,11}(?![0-9])")
MASK = "[redacted]"


def mask_personal_data(text: str) -> str:
    return _PHONE.sub(MASK, _NIK.sub(MASK, text))


class PersonalDataFilter(logging.Filter):
    """Masks NIK- and phone-shaped numbers in a record's message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True


def configure(verbose: bool = False, env: Mapping[str, str] | None = None) -> None:
    """Root logging for the ``desabot`` command; a bad DESABOT_LOG_FORMAT is a ConfigError."""
    from bot.platform.config import environment

    fmt = log_format(environment(env))
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter(list(JSON_FIELDS), rename_fields={"levelname": "level"}))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
