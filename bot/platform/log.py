"""Logging set-up: plain text or one JSON object per line, and never personal data.

``DESABOT_LOG_FORMAT=json`` gives one JSON object per line (python-json-logger: timestamp,
level, logger, message, and the traceback as one string), for journald, Loki or any log
shipper; ``text`` (the default) is for people reading a terminal.

Personal data. The bot's own log calls carry ids, counts and exception class names, never a
message text, a NIK or a phone number (tests/e2e/test_logs_private.py types both and reads
every log line). As a second line of defence, :class:`MaskingFormatter` masks anything shaped
like a NIK (16 digits) or an Indonesian mobile number in every formatted line, tracebacks
included, whoever logged it (at debug level PTB and httpx log whole requests and updates).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping

from pythonjsonlogger.json import JsonFormatter

from bot.platform.config import log_format

__all__ = ["MaskingFormatter", "configure", "mask_personal_data"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message")

# 16 digits (a NIK), alone or split by spaces/dots/dashes as people type them.
_NIK = re.compile(r"(?<![0-9])[0-9](?:[ .-]?[0-9]){15}(?![0-9])")
# Indonesian mobile numbers: 08…, 628…, +62 8… (9-13 digits after the prefix, separators allowed).
_PHONE = re.compile(r"(?<![0-9])(?:\+?62[ .-]?|0)8[0-9](?:[ .-]?[0-9]){6,11}(?![0-9])")
MASK = "[redacted]"


def mask_personal_data(text: str) -> str:
    return _PHONE.sub(MASK, _NIK.sub(MASK, text))


class MaskingFormatter(logging.Formatter):
    """Formats with ``inner`` (text or JSON), then masks NIK- and phone-shaped numbers in the
    whole line. Digits become ``[redacted]``: a JSON line stays valid JSON."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_data(self.inner.format(record))


def configure(verbose: bool = False, env: Mapping[str, str] | None = None) -> None:
    """Root logging for the ``desabot`` command; a bad DESABOT_LOG_FORMAT is a ConfigError."""
    from bot.platform.config import environment

    fmt = log_format(environment(env))
    handler = logging.StreamHandler(sys.stderr)
    inner: logging.Formatter = logging.Formatter(TEXT_FORMAT)
    if fmt == "json":
        inner = JsonFormatter(list(JSON_FIELDS), rename_fields={"levelname": "level"})
    handler.setFormatter(MaskingFormatter(inner))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
