"""SecretStore: the 0600 file fallback for real, and the backend probing rules."""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import SecretService, fail
from keyring.errors import PasswordDeleteError

from bot import secrets as secrets_module
from bot.folders import Folders
from bot.secrets import SERVICE_NAME, Secrets, SecretStore
from bot.settings import effective_config, load_settings, save_settings

TOKEN = "MTIzNDU2Nzg5.fake-discord-token.abcdefghijkl"
API_KEY = "sk-test-fake-openai-key-0123456789"
FALLBACK_MESSAGE = "secrets are stored in the file"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Folders:
    monkeypatch.setenv("FAMILIAR_HOME", str(tmp_path / "home"))
    return Folders.resolve()


class MemoryKeyring:
    """A working in-process backend, standing in for an OS keyring (not the store under test).

    Deliberately not a KeyringBackend subclass: those register themselves
    globally and `keyring.get_keyring()` in later tests would pick this one.
    """

    priority = 1
    name = "memory"

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


def fallback_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno == logging.WARNING and FALLBACK_MESSAGE in r.getMessage()]


def all_file_bytes(root: Path, skip: Path | None = None) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file() and p != skip)


def test_file_fallback_is_0600_round_trips_and_warns_once(folders: Folders, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = SecretStore(folders, keyring_backend=fail.Keyring())

    assert store.load() == Secrets()
    store.save(Secrets(discord_token=TOKEN, openai_api_key=API_KEY))

    path = folders.secrets_file
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"discord_token": TOKEN, "openai_api_key": API_KEY}
    assert not store.uses_keyring
    assert str(path) in store.backend_name

    # A second store (e.g. the settings window) reads the same values, no new warning.
    again = SecretStore(folders, keyring_backend=fail.Keyring())
    assert again.load() == Secrets(discord_token=TOKEN, openai_api_key=API_KEY)
    again.save(Secrets(discord_token=TOKEN, openai_api_key=None))
    assert SecretStore(folders, keyring_backend=fail.Keyring()).load() == Secrets(TOKEN, None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    warnings = fallback_warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert str(path) in warnings[0].getMessage()
    assert TOKEN not in caplog.text and API_KEY not in caplog.text


def test_settings_json_never_holds_secrets(folders: Folders) -> None:
    store = SecretStore(folders, keyring_backend=fail.Keyring())
    # An old-bot file with inline secrets: load moves them out and rewrites at once.
    folders.settings_file.parent.mkdir(parents=True)
    folders.settings_file.write_text(json.dumps({"discord_token": TOKEN, "openai_api_key": API_KEY}))

    settings = load_settings(folders, secret_store=store)
    assert TOKEN.encode() not in folders.settings_file.read_bytes()
    assert API_KEY.encode() not in folders.settings_file.read_bytes()

    config = effective_config(settings, store.load(), env={})
    assert (config.discord_token, config.openai_api_key) == (TOKEN, API_KEY)
    settings.model = "another-model"
    save_settings(folders, settings)
    home = folders.config.parent
    everything_else = all_file_bytes(home, skip=folders.secrets_file)
    assert TOKEN.encode() not in everything_else and API_KEY.encode() not in everything_else
    assert TOKEN not in repr(config) and TOKEN not in repr(store.load())


def test_secret_service_without_a_bus_falls_back_quickly(
    folders: Folders, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A bare server: the real Secret Service backend, pointed at a bus that isn't there.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-such-bus'}")
    started = time.monotonic()
    store = SecretStore(folders, keyring_backend=SecretService.Keyring())
    store.save(Secrets(discord_token=TOKEN))
    assert time.monotonic() - started < secrets_module.PROBE_TIMEOUT_SECONDS
    assert not store.uses_keyring
    assert stat.S_IMODE(folders.secrets_file.stat().st_mode) == 0o600
    assert store.load().discord_token == TOKEN
    assert len(fallback_warnings(caplog)) == 1


def test_secret_service_with_no_bus_variable_falls_back(folders: Folders, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    store = SecretStore(folders, keyring_backend=SecretService.Keyring())
    store.save(Secrets(openai_api_key=API_KEY))
    assert not store.uses_keyring
    assert store.load() == Secrets(openai_api_key=API_KEY)


class WedgedKeyring(MemoryKeyring):
    """A backend whose availability check never returns (a hung daemon)."""

    release = threading.Event()

    @property
    def priority(self) -> float:  # type: ignore[override]
        self.release.wait(30)
        return 1


@pytest.fixture
def wedged(monkeypatch: pytest.MonkeyPatch) -> Iterator[WedgedKeyring]:
    monkeypatch.setattr(secrets_module, "PROBE_TIMEOUT_SECONDS", 0.3)
    WedgedKeyring.release.clear()
    yield WedgedKeyring()
    WedgedKeyring.release.set()  # let the abandoned probe thread finish


def test_a_hanging_keyring_probe_does_not_hang_startup(folders: Folders, wedged: WedgedKeyring) -> None:
    started = time.monotonic()
    store = SecretStore(folders, keyring_backend=wedged)  # type: ignore[arg-type]
    assert store.load() == Secrets()
    assert time.monotonic() - started < 5
    assert not store.uses_keyring


def test_working_keyring_is_used_and_no_file_written(folders: Folders, caplog: pytest.LogCaptureFixture) -> None:
    backend = MemoryKeyring()
    store = SecretStore(folders, keyring_backend=backend)  # type: ignore[arg-type]
    store.save(Secrets(discord_token=TOKEN, openai_api_key=API_KEY))
    assert backend.items == {(SERVICE_NAME, "discord_token"): TOKEN, (SERVICE_NAME, "openai_api_key"): API_KEY}
    assert not folders.secrets_file.exists()
    store.save(Secrets(discord_token=TOKEN, openai_api_key=None))  # None removes
    assert (SERVICE_NAME, "openai_api_key") not in backend.items
    assert store.load() == Secrets(discord_token=TOKEN)
    assert not fallback_warnings(caplog)


def test_file_secrets_move_into_a_keyring_that_appears_later(folders: Folders) -> None:
    SecretStore(folders, keyring_backend=fail.Keyring()).save(Secrets(TOKEN, API_KEY))
    backend = MemoryKeyring()
    backend.set_password(SERVICE_NAME, "openai_api_key", "sk-newer-key-set-in-keyring")

    loaded = SecretStore(folders, keyring_backend=backend).load()  # type: ignore[arg-type]

    assert loaded == Secrets(TOKEN, "sk-newer-key-set-in-keyring")  # keyring wins, file fills gaps
    assert backend.items[(SERVICE_NAME, "discord_token")] == TOKEN
    assert not folders.secrets_file.exists()  # no plain-text copy left behind


def test_loose_permissions_are_tightened(folders: Folders) -> None:
    folders.secrets_file.parent.mkdir(parents=True)
    folders.secrets_file.write_text(json.dumps({"discord_token": TOKEN}))
    os.chmod(folders.secrets_file, 0o644)
    assert SecretStore(folders, keyring_backend=fail.Keyring()).load().discord_token == TOKEN
    assert stat.S_IMODE(folders.secrets_file.stat().st_mode) == 0o600


def test_unreadable_secrets_file_is_an_error_without_the_value(folders: Folders) -> None:
    folders.secrets_file.parent.mkdir(parents=True)
    folders.secrets_file.write_text('{"discord_token": "' + TOKEN)  # truncated JSON
    with pytest.raises(secrets_module.SecretStoreError) as err:
        SecretStore(folders, keyring_backend=fail.Keyring()).load()
    assert TOKEN not in str(err.value)
    assert folders.secrets_file.exists()  # never destroyed


# -- malformed secrets files (issue 9) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"discord_token": "' + TOKEN + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "is nested too deeply"),
        ('{"discord_token": "' + TOKEN + '", "x": ' + "9" * 5000 + "}", "holds a number longer than 4,300 digits"),
        ('{"discord_token": "' + TOKEN + '\\ud800"}', "'discord_token' holds a lone surrogate"),
        (
            '{"discord_token": "' + TOKEN + '", "openai_api_key": "\\udfff' + API_KEY + '"}',
            "'openai_api_key' holds a lone surrogate",
        ),
        ('["' + TOKEN + '"]', "is not a JSON object"),
        ("", "cannot be parsed: Expecting value at line 1, column 1"),
    ],
    ids=["recursion", "big-int", "surrogate-token", "surrogate-key", "not-an-object", "empty"],
)
def test_malformed_secrets_file_is_an_error_without_the_value(folders: Folders, text: str, expected: str) -> None:
    folders.secrets_file.parent.mkdir(parents=True)
    folders.secrets_file.write_text(text, encoding="utf-8")
    with pytest.raises(secrets_module.SecretStoreError) as err:
        SecretStore(folders, keyring_backend=fail.Keyring()).load()
    assert expected in str(err.value)
    assert TOKEN not in str(err.value) and API_KEY not in str(err.value)
    assert folders.secrets_file.read_text(encoding="utf-8") == text  # never moved or rewritten


def test_secrets_file_with_a_bom_loads(folders: Folders) -> None:
    folders.secrets_file.parent.mkdir(parents=True)
    folders.secrets_file.write_bytes(b"\xef\xbb\xbf" + json.dumps({"discord_token": TOKEN}).encode())
    assert SecretStore(folders, keyring_backend=fail.Keyring()).load() == Secrets(discord_token=TOKEN)


def test_saving_a_lone_surrogate_is_refused_before_the_keyring_is_touched(folders: Folders) -> None:
    keyring = MemoryKeyring()
    store = SecretStore(folders, keyring_backend=keyring)  # type: ignore[arg-type]
    with pytest.raises(secrets_module.SecretStoreError) as err:
        store.save(Secrets(discord_token=TOKEN + "\ud800"))
    assert "'discord_token' holds a lone surrogate" in str(err.value) and TOKEN not in str(err.value)
    assert keyring.items == {}
    assert store.uses_keyring  # a bad value does not switch the store to the file fallback
    assert not folders.secrets_file.exists()
