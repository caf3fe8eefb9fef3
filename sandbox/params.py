"""Request parameters as the Bot API receives them, and the errors it answers with.

Telegram accepts the same parameters as a query string, form-urlencoded, multipart or JSON.
PTB sends form data in which strings are plain and everything else (ints, bools, objects) is
JSON-encoded, so each accessor converts on use instead of guessing types up front: ``"123"``
must stay a string for ``text`` but become an int for ``chat_id``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiError", "Params", "Upload", "bad_request"]


class ApiError(Exception):
    """An error response: ``{"ok": false, "error_code": code, "description": ...}``."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent in a multipart request."""

    filename: str
    content_type: str
    data: bytes


class Params:
    """Typed access to one request's parameters (see the module docstring)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw

    def __contains__(self, name: str) -> bool:
        return self._raw.get(name) is not None

    def raw(self, name: str) -> Any:
        return self._raw.get(name)

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self._raw.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        if isinstance(value, Upload):
            raise bad_request(f"parameter {name!r} must be a string")
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    def get_int(self, name: str) -> int | None:
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def get_float(self, name: str) -> float | None:
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        value = self._raw.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str) -> Any:
        """An object or list parameter, which form data carries JSON-encoded."""
        value = self._raw.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def get_file(self, name: str) -> Upload | str | None:
        """A file parameter: an upload, ``attach://<part>``, a file_id or a URL."""
        value = self._raw.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self._raw.get(value.removeprefix("attach://"))
            if value is None:
                raise bad_request(f"can't find attached file for {name}")
        if value is None or isinstance(value, Upload):
            return value
        return str(value)
