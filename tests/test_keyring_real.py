"""SecretStore against a real gnome-keyring Secret Service on a private D-Bus.

Nothing is mocked: a private session bus (no service activation, so no stray
daemon can be spawned) and `gnome-keyring-daemon --unlock` with a fresh login
keyring under a temp HOME. CI installs gnome-keyring and dbus (.ci/run), so a
missing binary is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import secretstorage
from jeepney import DBus
from jeepney.io.blocking import open_dbus_connection
from keyring.backends import SecretService

from bot.folders import Folders
from bot.secrets import SERVICE_NAME, Secrets, SecretStore
from bot.settings import load_settings

TOKEN = "MTIzNDU2Nzg5.real-keyring-discord-token.abcdefghijkl"
API_KEY = "sk-real-keyring-openai-key-0123456789"
STARTUP_TIMEOUT = 15.0

# A session bus with no <servicedir>: only the daemon we start can own
# org.freedesktop.secrets, and teardown kills everything we started.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SecretServiceEnv:
    bus_address: str
    home: Path  # the fake user HOME, where gnome-keyring keeps its keyring files


def _require(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        pytest.fail(
            f"{binary} is not installed; this test needs a real Secret Service. "
            "Install the Debian packages gnome-keyring, dbus and dbus-x11 (.ci/run does).",
            pytrace=False,
        )
    return path


def _read_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        pytest.fail(f"dbus-daemon printed no address within {timeout}s", pytrace=False)
    return proc.stdout.readline().decode().strip()


def _secret_service_ready() -> bool:
    """The daemon owns its bus name and the unlocked login keyring is the default."""
    with open_dbus_connection(bus="SESSION") as conn:
        reply = conn.send_and_get_reply(DBus().NameHasOwner("org.freedesktop.secrets"), timeout=2)
        if not reply.body[0]:
            return False
    with closing(secretstorage.dbus_init()) as conn:
        try:
            collection = secretstorage.Collection(conn)  # the "default" alias
        except secretstorage.exceptions.ItemNotFoundException:
            return False
        return not collection.is_locked()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group (the daemon and anything it spawned) and reap it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretServiceEnv]:
    dbus_daemon = _require("dbus-daemon")
    keyring_daemon = _require("gnome-keyring-daemon")

    home = tmp_path / "user-home"
    runtime = tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    config = tmp_path / "session-bus.conf"
    config.write_text(BUS_CONFIG.format(runtime=runtime))

    started: list[subprocess.Popen[bytes]] = []
    log_path = tmp_path / "gnome-keyring.log"
    log_file = log_path.open("wb")
    try:
        bus = subprocess.Popen(
            [dbus_daemon, f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # own process group, so teardown can kill it whole
        )
        started.append(bus)
        address = _read_line(bus, STARTUP_TIMEOUT)
        assert address.startswith("unix:"), f"unexpected bus address {address!r}"

        # monkeypatch restores all of these after the test.
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        monkeypatch.delenv("GNOME_KEYRING_CONTROL", raising=False)

        # --unlock reads the login password from stdin and creates the login
        # keyring on first run; --foreground keeps it in our process group.
        daemon = subprocess.Popen(
            [keyring_daemon, "--unlock", "--components=secrets", "--foreground"],
            stdin=subprocess.PIPE,
            stdout=log_file,
            stderr=log_file,
            env=dict(os.environ),
            start_new_session=True,
        )
        started.append(daemon)
        assert daemon.stdin is not None
        daemon.stdin.write(b"familiar-test-password")
        daemon.stdin.close()

        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _secret_service_ready():
            if daemon.poll() is not None:
                pytest.fail(f"gnome-keyring-daemon exited ({daemon.returncode}): {log_path.read_text()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"Secret Service not ready after {STARTUP_TIMEOUT}s: {log_path.read_text()}", pytrace=False)
            time.sleep(0.05)  # polling a condition with a deadline

        yield SecretServiceEnv(bus_address=address, home=home)
    finally:
        for proc in reversed(started):
            _stop(proc)
        log_file.close()


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_secrets_round_trip_through_the_real_secret_service(
    secret_service: SecretServiceEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    familiar_home = tmp_path / "familiar-home"
    monkeypatch.setenv("FAMILIAR_HOME", str(familiar_home))
    folders = Folders.resolve()

    store = SecretStore(folders, keyring_backend=SecretService.Keyring())
    assert store.uses_keyring, store.backend_name
    assert "SecretService" in store.backend_name
    store.save(Secrets(discord_token=TOKEN, openai_api_key=API_KEY))

    # A fresh store (a later app start) reads them back from the daemon...
    assert SecretStore(folders, keyring_backend=SecretService.Keyring()).load() == Secrets(TOKEN, API_KEY)
    # ...and they really are in the keyring, under the documented names.
    backend = SecretService.Keyring()
    assert backend.get_password(SERVICE_NAME, "discord_token") == TOKEN
    assert backend.get_password(SERVICE_NAME, "openai_api_key") == API_KEY

    # Removing one deletes it from the keyring.
    store.save(Secrets(discord_token=TOKEN, openai_api_key=None))
    assert backend.get_password(SERVICE_NAME, "openai_api_key") is None

    assert not folders.secrets_file.exists()
    for path in files_under(familiar_home):
        data = path.read_bytes()
        assert TOKEN.encode() not in data and API_KEY.encode() not in data, path
    assert "secrets are stored in the file" not in caplog.text
    assert TOKEN not in caplog.text and API_KEY not in caplog.text


def test_v1_inline_secrets_migrate_into_the_real_keyring(
    secret_service: SecretServiceEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    familiar_home = tmp_path / "familiar-home"
    monkeypatch.setenv("FAMILIAR_HOME", str(familiar_home))
    folders = Folders.resolve()
    folders.settings_file.parent.mkdir(parents=True)
    folders.settings_file.write_text(
        f'{{"discord_token": "{TOKEN}", "openai_api_key": "{API_KEY}", "model_name": "llama3"}}'
    )

    store = SecretStore(folders, keyring_backend=SecretService.Keyring())
    assert load_settings(folders, secret_store=store).model == "llama3"

    assert SecretStore(folders, keyring_backend=SecretService.Keyring()).load() == Secrets(TOKEN, API_KEY)
    assert [p.name for p in files_under(familiar_home)] == ["settings.json"]
    for path in files_under(familiar_home):
        data = path.read_bytes()
        assert TOKEN.encode() not in data and API_KEY.encode() not in data, path
