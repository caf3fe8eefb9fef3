"""Strict reading of the project's TOML data files (rates, rules): typed getters that name the
file and the dotted key of any problem, and a check for unknown keys (typos)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Self, TypeVar

T = TypeVar("T")


class DataFileError(ValueError):
    """A data file is invalid; ``str()`` is "<file>: <dotted key>: <problem>"."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        super().__init__(f"{path}: {key}: {problem}")
        self.path = path
        self.key = key


class TomlTable:
    """A TOML table with its dotted key. Subclasses set ``error_class`` and add getters."""

    error_class: type[DataFileError] = DataFileError

    def __init__(self, path: Path, key: str, data: object) -> None:
        if not isinstance(data, dict):
            raise self.error_class(path, key or "(top level)", "expected a table")
        self.path, self.key = path, key
        self.data: dict[str, object] = data
        self.used: set[str] = set()

    def error(self, key: str, problem: str) -> DataFileError:
        return self.error_class(self.path, self._child(key), problem)

    def get(self, key: str, kind: type[T]) -> T:
        self.used.add(key)
        value = self.data.get(key)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.error(key, f"missing or not a {kind.__name__}")
        return value

    def positive(self, key: str) -> int:
        value = self.get(key, int)
        if value <= 0:
            raise self.error(key, "must be a positive whole number")
        return value

    def day(self, key: str) -> date:
        self.used.add(key)
        value = self.data.get(key)
        # tomllib gives a datetime (a date subclass) for 2026-11-27T00:00; only plain dates here.
        if not isinstance(value, date) or isinstance(value, datetime):
            raise self.error(key, "missing or not a date like 2026-11-27")
        return value

    def optional_day(self, key: str) -> date | None:
        self.used.add(key)
        return None if self.data.get(key) is None else self.day(key)

    def urls(self, key: str, what: str = "the facts") -> tuple[str, ...]:
        values = self.get(key, list)
        if not values or not all(isinstance(v, str) and v.startswith("http") for v in values):
            raise self.error(key, f"must list the source URLs behind {what}")
        return tuple(values)

    def table(self, key: str, optional: bool = False) -> Self:
        self.used.add(key)
        data = {} if optional and key not in self.data else self.data.get(key)
        return type(self)(self.path, self._child(key), data)

    def array(self, key: str) -> list[Self]:
        items = self.get(key, list)
        if not items:
            raise self.error(key, "needs at least one entry")
        child = self._child(key)
        return [type(self)(self.path, f"{child}[{n}]", item) for n, item in enumerate(items)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.error(unknown[0], "unknown key (typo?)")

    def _child(self, key: str) -> str:
        return f"{self.key}.{key}" if self.key else key
