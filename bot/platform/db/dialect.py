"""The repositories' SQL (written for SQLite) as PostgreSQL reads it.

One set of repository functions serves both databases: they are written in the SQL the two
share, and the few SQLite spellings that remain are translated here, once per statement text
(the result is cached; the bot has a few hundred distinct statements). What is translated:

* ``?`` placeholders → ``$1, $2, …`` (outside quoted strings);
* ``GROUP_CONCAT(x)`` → ``string_agg(CAST(x AS TEXT), ',')``;
* ``CAST(… AS REAL)`` → ``DOUBLE PRECISION`` (PostgreSQL's REAL is 4 bytes), ``AS INTEGER``
  → ``AS BIGINT`` (SQLite's integers are 8 bytes: Telegram ids pass 2³¹);
* ``IS ?`` / ``IS NOT ?`` (SQLite's NULL-safe comparison) → ``IS [NOT] DISTINCT FROM``;
* a row value's ``IS NOT (…)`` → ``IS DISTINCT FROM (…)``;
* ``json_each(?) AS j`` (a JSON array as rows, ``j.value``) →
  ``json_array_elements_text(CAST(? AS json)) AS j(value)``;
* an ``INSERT`` into a table keyed by ``id`` gets ``RETURNING id``: what SQLite calls
  ``lastrowid``.

Anything else that differs (a week's first day, an upsert of a whole row) is written portably
in the repository itself: rewriting a query is clearer than a clever translation.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Tables whose key is an `id` the database assigns (INTEGER PRIMARY KEY in SQLite, an
# identity column in PostgreSQL): an INSERT into them reports the new id.
ID_TABLES = frozenset(
    {"questions", "claims", "members", "village_reports", "audit_log", "broadcasts", "posters"}
)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\(([^()]*)\)", re.IGNORECASE)
_AS_REAL = re.compile(r"\bAS\s+REAL\b", re.IGNORECASE)
_AS_INTEGER = re.compile(r"\bAS\s+INTEGER\b", re.IGNORECASE)
_JSON_EACH = re.compile(r"json_each\((\$\d+)\)\s+AS\s+(\w+)", re.IGNORECASE)
_IS_PARAM = re.compile(r"\bIS\s+\?", re.IGNORECASE)
_IS_NOT_PARAM = re.compile(r"\bIS\s+NOT\s+\?", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """``sql`` as PostgreSQL runs it (see the module docstring)."""
    out = _IS_NOT_PARAM.sub("IS DISTINCT FROM ?", sql)
    out = _IS_PARAM.sub("IS NOT DISTINCT FROM ?", out)
    out = _placeholders(out)
    out = _GROUP_CONCAT.sub(r"string_agg(CAST(\1 AS TEXT), ',')", out)
    out = _AS_REAL.sub("AS DOUBLE PRECISION", out)
    out = _AS_INTEGER.sub("AS BIGINT", out)
    out = out.replace(") IS NOT (", ") IS DISTINCT FROM (")
    out = _JSON_EACH.sub(r"json_array_elements_text(CAST(\1 AS json)) AS \2(value)", out)
    if returns_id(sql):
        out = f"{out.rstrip().rstrip(';')} RETURNING id"
    return out


def returns_id(sql: str) -> bool:
    """An INSERT whose new row id the caller may ask for (``insert``, ``lastrowid``)."""
    match = _INSERT_INTO.match(sql)
    return bool(match and match[1].lower() in ID_TABLES and not _RETURNING.search(sql))


def _placeholders(sql: str) -> str:
    """``?`` → ``$n``, leaving quoted strings and identifiers alone."""
    out: list[str] = []
    number = 0
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "?":
            number += 1
            out.append(f"${number}")
            continue
        out.append(char)
    return "".join(out)
