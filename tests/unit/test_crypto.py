"""Personal data at rest: Fernet tokens and NIK blind indexes derived from DESABOT_SECRET_KEY."""

from __future__ import annotations

import hashlib
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform.crypto import (
    DecryptionError,
    PersonalDataCipher,
    SecretKeyError,
    generate_secret_key,
)

KEY = "desabot-test-key-0123456789abcdefghijklmnop"
OTHER_KEY = "another-test-key-0123456789abcdefghijklmno"
NIK = "3505124501900001"


@pytest.fixture(scope="module")
def cipher() -> PersonalDataCipher:
    return PersonalDataCipher(KEY)


# --- encrypt / decrypt -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [NIK, "", "Siti Aminah — Desa Sukosewu ✓", "x" * 10_000])
def test_round_trip(cipher: PersonalDataCipher, text: str) -> None:
    token = cipher.encrypt(text)
    assert isinstance(token, str)
    assert cipher.decrypt(token) == text


@given(st.text())
def test_round_trip_any_text(text: str) -> None:
    cipher = PersonalDataCipher(KEY)
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_token_is_new_every_time_and_hides_the_text(cipher: PersonalDataCipher) -> None:
    first, second = cipher.encrypt(NIK), cipher.encrypt(NIK)
    assert first != second  # random IV: equal NIKs are not visible as equal tokens
    assert NIK not in first


def test_same_secret_decrypts_after_a_restart(cipher: PersonalDataCipher) -> None:
    assert PersonalDataCipher(KEY).decrypt(cipher.encrypt(NIK)) == NIK


def test_tokens_written_by_earlier_versions_still_decrypt() -> None:
    # Written once with KEY. Changing the HKDF salt or labels would make every stored NIK
    # unreadable; this test fails first.
    token = (
        "gAAAAABrCSPx5BCtqQ-EHjls40mwTQgBEiRYFw785jq7Azl5TY9nc9IBIvdabJ6axGrCUh9Af_XFd4Jp9pZk"
        "UECvtLbGQT5rg_vGqkTnjSmc23Bspfz7J0U="
    )
    assert PersonalDataCipher(KEY).decrypt(token) == NIK


def test_another_key_cannot_decrypt(cipher: PersonalDataCipher) -> None:
    with pytest.raises(DecryptionError):
        PersonalDataCipher(OTHER_KEY).decrypt(cipher.encrypt(NIK))


def test_tampered_token_is_rejected(cipher: PersonalDataCipher) -> None:
    token = cipher.encrypt(NIK)
    middle = len(token) // 2
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    with pytest.raises(DecryptionError):
        cipher.decrypt(flipped)
    with pytest.raises(DecryptionError):
        cipher.decrypt(token[:-8])


@pytest.mark.parametrize("token", ["", "not a token", "gAAAAA", "ñ" * 20, NIK])
def test_garbage_is_a_decryption_error(cipher: PersonalDataCipher, token: str) -> None:
    with pytest.raises(DecryptionError) as caught:
        cipher.decrypt(token)
    assert caught.value.__cause__ is None
    if token:
        assert token not in str(caught.value)


def test_decryption_error_is_a_value_error() -> None:
    assert issubclass(DecryptionError, ValueError)


# --- blind index -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", [NIK, "3505 1245 0190 0001", "3505-1245-0190-0001", "3505.1245.0190.0001", f" {NIK}\n"]
)
def test_blind_index_ignores_formatting(cipher: PersonalDataCipher, typed: str) -> None:
    assert cipher.blind_index(typed) == cipher.blind_index(NIK)


def test_blind_index_is_a_keyed_sha256(cipher: PersonalDataCipher) -> None:
    index = cipher.blind_index(NIK)
    assert len(index) == 64
    assert int(index, 16) >= 0
    assert index != hashlib.sha256(NIK.encode()).hexdigest()  # a plain hash could be brute-forced
    assert NIK not in index


def test_blind_index_is_stable_across_instances_and_pinned() -> None:
    # Pinned like the token above: a changed derivation would orphan every stored index.
    expected = "24a6758d05bcf48f9cca47f788daf120c8a4f50110b7236b91e59097e5397035"
    assert PersonalDataCipher(KEY).blind_index(NIK) == expected


def test_blind_index_differs_per_key_and_per_nik(cipher: PersonalDataCipher) -> None:
    assert cipher.blind_index(NIK) != PersonalDataCipher(OTHER_KEY).blind_index(NIK)
    assert cipher.blind_index(NIK) != cipher.blind_index("3505124501900002")


def test_fingerprint_identifies_the_secret(cipher: PersonalDataCipher) -> None:
    assert cipher.fingerprint == PersonalDataCipher(KEY).fingerprint
    assert cipher.fingerprint != PersonalDataCipher(OTHER_KEY).fingerprint
    assert len(cipher.fingerprint) == 16
    assert cipher.fingerprint not in cipher.blind_index(NIK)


# --- the secret key ----------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["short-secret", "s" * 31, " " * 40 + "s" * 31, "x"])
def test_short_secret_is_refused_without_showing_it(secret: str) -> None:
    with pytest.raises(SecretKeyError) as caught:
        PersonalDataCipher(secret)
    message = str(caught.value)
    assert "DESABOT_SECRET_KEY" in message
    assert secret.strip() not in message
    assert secret.strip() not in repr(caught.value)


@pytest.mark.parametrize("secret", ["", "   ", None])
def test_missing_secret_is_refused(secret: str | None) -> None:
    with pytest.raises(SecretKeyError, match="DESABOT_SECRET_KEY"):
        PersonalDataCipher(secret)  # type: ignore[arg-type]


def test_secret_key_error_is_a_value_error() -> None:
    assert issubclass(SecretKeyError, ValueError)


def test_thirty_two_characters_are_enough() -> None:
    PersonalDataCipher("k" * 32)


def test_surrounding_whitespace_does_not_change_the_keys(cipher: PersonalDataCipher) -> None:
    # A trailing newline from a secrets file must not silently derive other keys.
    assert PersonalDataCipher(f"{KEY}\n").blind_index(NIK) == cipher.blind_index(NIK)


def test_repr_and_pickle_do_not_leak_keys(cipher: PersonalDataCipher) -> None:
    assert KEY not in repr(cipher)
    assert KEY not in str(cipher)
    assert "hidden" in repr(cipher)
    with pytest.raises(TypeError):
        pickle.dumps(cipher)


def test_generated_secrets_are_long_random_and_usable() -> None:
    first, second = generate_secret_key(), generate_secret_key()
    assert first != second
    assert len(first) >= 32
    cipher = PersonalDataCipher(first)
    assert cipher.decrypt(cipher.encrypt(NIK)) == NIK
