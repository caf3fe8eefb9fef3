"""Encryption of personal data at rest (UU PDP 27/2022), keyed by ``DESABOT_SECRET_KEY``.

One secret serves two purposes through HKDF-SHA256 with distinct ``info`` labels, so neither
derived key says anything about the other:

* a Fernet key (AES-128-CBC + HMAC-SHA256, random IV) for values that must be read back, and
* an HMAC-SHA256 key for *blind indexes*: a stable digest of a NIK that lets the database find
  the same NIK twice (in one village or two) without storing it in clear.

Losing or changing the secret makes every stored token unreadable, so it must be backed up with
the database. Nothing in this module puts a key, a plaintext or a token in a message or repr.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import NoReturn

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.domain.nik import normalize_nik

SECRET_KEY_VARIABLE = "DESABOT_SECRET_KEY"
MIN_SECRET_LENGTH = 32

# A fixed, public salt: HKDF's salt separates applications, the secret itself carries the entropy.
# The labels are versioned so a future key rotation can derive new keys from the same secret.
_HKDF_SALT = b"desabot personal data v1"
_FERNET_INFO = b"desabot/fernet/v1"
_BLIND_INDEX_INFO = b"desabot/blind-index/nik/v1"
_FINGERPRINT_INFO = b"desabot/key-fingerprint/v1"


class SecretKeyError(ValueError):
    """DESABOT_SECRET_KEY is missing or too short; the message never contains the key."""


class DecryptionError(ValueError):
    """A token could not be decrypted: another key, or the token was altered or truncated."""


def generate_secret_key() -> str:
    """A fresh random secret (64 URL-safe characters, 384 bits), e.g. for the sandbox."""
    return secrets.token_urlsafe(48)


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=info).derive(secret)


def _secret_bytes(secret_key: object) -> bytes:
    if not isinstance(secret_key, str) or not secret_key.strip():
        raise SecretKeyError(f"{SECRET_KEY_VARIABLE} is not set")
    # Strip: a trailing newline from a file or a shell must not silently derive other keys.
    key = secret_key.strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise SecretKeyError(
            f"{SECRET_KEY_VARIABLE} is too short: {len(key)} characters, "
            f"at least {MIN_SECRET_LENGTH} needed (make one with secrets.token_urlsafe(48))"
        )
    return key.encode("utf-8")


class PersonalDataCipher:
    """Encrypts personal data and computes NIK blind indexes from one secret string."""

    __slots__ = ("_blind_key", "_fernet", "_fingerprint")

    def __init__(self, secret_key: str) -> None:
        secret = _secret_bytes(secret_key)
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, _FERNET_INFO)))
        self._blind_key = _derive(secret, _BLIND_INDEX_INFO)
        self._fingerprint = _derive(secret, _FINGERPRINT_INFO)[:8].hex()

    def __repr__(self) -> str:
        return "PersonalDataCipher(<keys hidden>)"

    def __reduce__(self) -> NoReturn:
        # Pickling would write the keys into whatever stores the pickle (e.g. PTB persistence).
        raise TypeError("PersonalDataCipher cannot be pickled")

    @property
    def fingerprint(self) -> str:
        """16 hex characters that identify the secret without revealing it or the other keys.

        Store it beside the data: a different fingerprint at start-up means DESABOT_SECRET_KEY
        changed and the stored tokens will not decrypt.
        """
        return self._fingerprint

    def encrypt(self, text: str) -> str:
        """A Fernet token (URL-safe ASCII); the same text gives a different token every time."""
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text back; :class:`DecryptionError` for another key or a damaged token."""
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except (InvalidToken, TypeError, ValueError):
            # `from None`: the underlying errors add nothing, and the token stays out of logs.
            raise DecryptionError("token cannot be decrypted with this key") from None

    def blind_index(self, nik: str) -> str:
        """Hex HMAC-SHA256 of the NIK without spaces, dots or dashes: equal for any formatting."""
        normalized = normalize_nik(nik)
        return hmac.new(self._blind_key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()
