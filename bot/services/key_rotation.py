"""``desabot keys rotate``: every stored NIK and phone number re-encrypted under a new key.

Resumable: members are rewritten in batches, each batch one transaction, and a value that the
new key already opens is left alone, so a run interrupted by a crash or Ctrl-C is finished by
running the command again. The blind index (``nik_index``) is recomputed from the NIK under the
new key, or the duplicate check would stop finding NIKs stored before the rotation.
Half-finished /perangkat dialogues keep sealed values too (``dialogs.data``); they are rotated
in the same way. Audited: a start row with both keys' fingerprints and an end row with counts
(fingerprints identify keys without revealing them; no NIK ever reaches the audit log).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.platform.config import ConfigError, Settings
from bot.platform.crypto import DecryptionError, PersonalDataCipher, SecretKeyError
from bot.platform.db import audit
from bot.platform.db.connection import Database, WriteTx
from bot.platform.exits import ExitCode, StartupError

SYSTEM_ACTOR = 0  # audit rows of the command line: no Telegram user did it
BATCH_SIZE = 200
_FERNET_PREFIX = "gAAAAA"  # every Fernet token starts with its version byte 0x80 in base64


@dataclass
class RotationReport:
    reencrypted: int = 0  # members rewritten by this run
    already: int = 0  # members an earlier, interrupted run had rewritten
    drafts: int = 0  # half-finished dialogues whose sealed values were rewritten
    unreadable: list[int] = field(default_factory=list)  # member ids neither key opens


class Keys:
    """The old and the new key; ``open`` says which of them a stored token was sealed with."""

    def __init__(self, old: PersonalDataCipher, new: PersonalDataCipher) -> None:
        if old.fingerprint == new.fingerprint:
            raise ValueError("the old and the new key are the same")
        self.old, self.new = old, new

    @classmethod
    def from_settings(cls, settings: Settings) -> Keys:
        """DESABOT_OLD_SECRET_KEY (current) and DESABOT_SECRET_KEY (new); ConfigError else."""
        if settings.old_secret_key is None or settings.secret_key is None:
            raise ConfigError(
                "keys rotate needs the current key in DESABOT_OLD_SECRET_KEY and the new one in"
                " DESABOT_SECRET_KEY (desabot keys generate makes one)"
            )
        try:
            old = PersonalDataCipher(settings.old_secret_key)
            new = PersonalDataCipher(settings.secret_key)
            return cls(old, new)
        except SecretKeyError as exc:  # the message names no key: say "a key"
            raise ConfigError(str(exc).replace("DESABOT_SECRET_KEY", "a key")) from None
        except ValueError as exc:
            raise ConfigError(f"DESABOT_OLD_SECRET_KEY and DESABOT_SECRET_KEY: {exc}") from None

    def open(self, token: str) -> tuple[str, bool] | None:
        """(plain text, sealed with the new key already), or None when neither key opens it."""
        for cipher, is_new in ((self.new, True), (self.old, False)):
            try:
                return cipher.decrypt(token), is_new
            except DecryptionError:
                continue
        return None

    def reseal(self, token: str | None) -> tuple[str | None, bool]:
        """The token under the new key, and whether it had to change."""
        if token is None:
            return None, False
        opened = self.open(token)
        if opened is None:
            raise DecryptionError("neither key opens this value")
        plain, is_new = opened
        return (token, False) if is_new else (self.new.encrypt(plain), True)


async def rotate(
    db: Database,
    keys: Keys,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[RotationReport], None] | None = None,
) -> RotationReport:
    report = RotationReport()
    fingerprints = f"key {keys.old.fingerprint} -> {keys.new.fingerprint}"
    await audit.record(db, SYSTEM_ACTOR, "keys.rotate.start", "members", fingerprints)
    last_id = 0
    while True:
        rows = await db.fetchall(
            "SELECT id, nik_encrypted, nik_index, phone_encrypted FROM members"
            " WHERE id > ? ORDER BY id LIMIT ?",
            (last_id, batch_size),
        )
        if not rows:
            break
        async with db.transaction() as conn:
            for row in rows:
                await _rotate_member(conn, keys, row, report)
        last_id = int(rows[-1]["id"])
        if progress is not None:
            progress(report)
    report.drafts = await _rotate_drafts(db, keys)
    detail = (
        f"{fingerprints}; re-encrypted {report.reencrypted}, already {report.already},"
        f" drafts {report.drafts}, unreadable {len(report.unreadable)}"
    )
    await audit.record(db, SYSTEM_ACTOR, "keys.rotate", "members", detail)
    # The old tokens must not linger in the -wal file (secure_delete zeroes the main file's).
    await db.checkpoint()
    return report


async def _rotate_member(conn: WriteTx, keys: Keys, row: Any, report: RotationReport) -> None:
    opened = keys.open(str(row["nik_encrypted"]))
    if opened is None:
        report.unreadable.append(int(row["id"]))
        return
    nik, nik_is_new = opened
    try:
        phone, phone_changed = keys.reseal(row["phone_encrypted"])
    except DecryptionError:
        report.unreadable.append(int(row["id"]))
        return
    index = keys.new.blind_index(nik)
    if nik_is_new and not phone_changed and index == row["nik_index"]:
        report.already += 1
        return
    sealed = str(row["nik_encrypted"]) if nik_is_new else keys.new.encrypt(nik)
    await conn.execute(
        "UPDATE members SET nik_encrypted = ?, nik_index = ?, phone_encrypted = ? WHERE id = ?",
        (sealed, index, phone, row["id"]),
    )
    report.reencrypted += 1


async def _rotate_drafts(db: Database, keys: Keys) -> int:
    rows = await db.fetchall("SELECT user_id, data FROM dialogs")
    changed = 0
    async with db.transaction() as conn:
        for row in rows:
            try:
                data = json.loads(row["data"])
            except ValueError:
                continue
            if isinstance(data, dict) and _reseal_draft(data, keys):
                await conn.execute(
                    "UPDATE dialogs SET data = ? WHERE user_id = ?",
                    (json.dumps(data, ensure_ascii=False), row["user_id"]),
                )
                changed += 1
    return changed


def _reseal_draft(data: dict[str, Any], keys: Keys) -> bool:
    """Reseal every Fernet token of a dialogue's data in place; a NIK's blind index beside it
    (``nik`` / ``nik_index``) is recomputed. A token neither key opens is left as it is (the
    dialogue will then say the value cannot be read, as it would for any damaged draft)."""
    changed = False
    for name, value in list(data.items()):
        if isinstance(value, dict):
            changed = _reseal_draft(value, keys) or changed
            continue
        if not isinstance(value, str) or not value.startswith(_FERNET_PREFIX):
            continue
        opened = keys.open(value)
        if opened is None or opened[1]:
            continue
        plain, _ = opened
        data[name] = keys.new.encrypt(plain)
        if name == "nik" and "nik_index" in data:
            data["nik_index"] = keys.new.blind_index(plain)
        changed = True
    return changed


def require_key_opens_stored_niks(db_path: Path, cipher: PersonalDataCipher) -> None:
    """Start-up refuses a DESABOT_SECRET_KEY that does not open the newest stored NIK (a key
    changed without `keys rotate`, or .env not updated after one): running on would show every
    officer "cannot be read" and store new NIKs under a second key."""
    if not db_path.is_file():
        return
    uri = f"{db_path.absolute().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            row = conn.execute("SELECT nik_encrypted FROM members ORDER BY id DESC LIMIT 1")
            newest = row.fetchone()
    except sqlite3.OperationalError:
        return  # no members table yet: a database the first start will migrate
    require_key_opens(str(newest[0]) if newest else None, cipher)


def require_key_opens(newest_nik: str | None, cipher: PersonalDataCipher) -> None:
    """The check itself, for a sealed NIK read from either database."""
    if newest_nik is None:
        return
    try:
        cipher.decrypt(newest_nik)
    except DecryptionError:
        raise StartupError(
            "DESABOT_SECRET_KEY does not open the stored NIKs: it is not the key they were"
            " encrypted with (after `desabot keys rotate`, put the new key in .env)",
            ExitCode.CONFIG,
        ) from None
