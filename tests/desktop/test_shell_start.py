"""The tray icon comes up while the supervisor starts, says so, and every exit works meanwhile.

A REAL supervisor against the fake Discord and model servers, on the qasync loop. Its start
is held where a user's can really wait: reading the secrets from the keyring (an unlock prompt,
a slow D-Bus), here a keyring backend that answers only when the test lets it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from PySide6 import QtWidgets

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options
from bot.folders import Folders
from bot.settings import Settings, save_settings
from bot.supervisor import Snapshot, State, Supervisor
from desktop import shell as shell_module
from desktop.autostart import XdgAutostart
from desktop.e2e_state_file import StateFile
from desktop.settings.window import SettingsWindow
from desktop.shell import Shell
from desktop.status import present
from desktop.tray import tray_presentation
from tests.conftest import bot_env, wait_for_state
from tests.desktop.conftest import wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


class GatedKeyring(KeyringBackend):
    """A keyring whose reads wait until the test opens the gate (as an unlock prompt would)."""

    priority = 10  # type: ignore[assignment]  # a class attribute is what keyring reads

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()  # a read has started and is held
        self.values: dict[str, str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        self.waiting.set()
        self.gate.wait(30)  # bounded: a failed test must not leave the thread behind for ever
        return self.values.get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop(username, None)


@pytest.fixture
def keyring_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[GatedKeyring]:
    gated = GatedKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", gated)
    try:
        yield gated
    finally:
        gated.gate.set()


@pytest.fixture
def tray_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offscreen Qt has no tray: make it look present, so the shell shows the icon, not the window."""
    monkeypatch.setattr(QtWidgets.QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))


def unstarted_supervisor(home: Path, fake_discord: FakeDiscord, fake_model: FakeModel) -> Supervisor:
    """Token, model and API bases in the environment; the model's key is not, so start-up reads the keyring."""
    env = bot_env(home, fake_discord, fake_model)
    del env["FAMILIAR_OPENAI_API_KEY"]
    folders = Folders.resolve(env)
    folders.ensure()
    save_settings(folders, Settings(greeting_mode="off", stream_replies=False))
    return Supervisor(
        folders,
        env=env,
        client_options={**fast_client_options(), "reidentify_delay": 0},
        backoff=Backoff(0.05, 0.5),
        send_retry_delay=0.01,
        model_retry_delay=0.01,
    )


def make_shell(supervisor: Supervisor, tmp_path: Path, **options: object) -> Shell:
    return Shell(
        supervisor,
        supervisor.folders,
        autostart=XdgAutostart(tmp_path / "xdg" / "autostart"),
        **options,  # type: ignore[arg-type]
    )


async def start_held(shell: Shell, keyring_gate: GatedKeyring) -> asyncio.Future[int]:
    """Run the shell until its icon is shown with the supervisor's start held at the keyring."""
    run = asyncio.ensure_future(shell.run())
    await wait_until(lambda: shell.tray.icon.isVisible(), what="the tray icon")
    await asyncio.to_thread(keyring_gate.waiting.wait, 10)
    assert keyring_gate.waiting.is_set() and not keyring_gate.gate.is_set()
    assert shell.supervisor.snapshot.state is State.STOPPED  # start() has not finished: nothing said yet
    return run


def test_before_the_supervisor_says_anything_the_tray_says_starting() -> None:
    now = time.time()
    unstarted = Snapshot(State.STOPPED, now)
    starting = tray_presentation(unstarted, now, started=False)
    assert (starting.icon, starting.status, starting.tooltip) == ("connecting", "Starting…", "Familiar: Starting…")
    assert starting.can_pause and starting.pause_label == "Pause" and not starting.can_reconnect
    # Once it has been anything else, stopped is stopped; and every other state is `present`'s.
    assert tray_presentation(unstarted, now, started=True) == present(unstarted, now)
    for state in State:
        snapshot = Snapshot(state, now)
        if state is not State.STOPPED:
            assert tray_presentation(snapshot, now, started=False) == present(snapshot, now)


async def test_the_icon_shows_while_the_supervisor_starts_then_follows_it(
    home: Path,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    keyring_gate: GatedKeyring,
    tray_host: None,
    tmp_path: Path,
) -> None:
    supervisor = unstarted_supervisor(home, fake_discord, fake_model)
    state_file = tmp_path / "state.jsonl"
    # What the app freezes out of garbage collections then (bot/gc_freeze.py) must include the
    # model client, and no connection's objects yet.
    after_start: list[tuple[bool, int]] = []
    shell = make_shell(
        supervisor,
        tmp_path,
        state_file=StateFile(state_file),
        after_start=lambda: after_start.append((supervisor.brain is not None, fake_discord.identify_count)),
    )
    tray = shell.tray
    run = await start_held(shell, keyring_gate)
    try:
        assert tray.presentation is not None and tray.presentation.status == "Starting…"
        assert tray.actions["status"].text() == "Starting…" and tray.icon.toolTip() == "Familiar: Starting…"
        assert tray.actions["pause"].isEnabled() and not tray.actions["reconnect"].isEnabled()
        assert shell.settings_window.status.text() == "Starting…"  # the window says what the tray says
        assert fake_discord.identify_count == 0

        keyring_gate.gate.set()
        await wait_for_state(supervisor, State.CONNECTED)
        assert tray.actions["status"].text() == "Connected as Aria · 1 server"
        records = [json.loads(line) for line in state_file.read_text().splitlines()]
        shown = [(r["state"], r["status"]) for r in records if r["event"] == "tray" and r["tray_visible"]]
        assert shown[0] == ("stopped", "Starting…")
        assert [state for state, _status in shown].index("connecting") < [s for s, _ in shown].index("connected")
        assert "Stopped" not in [status for _state, status in shown]
        assert after_start == [(True, 0)]
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 10) == 0
    assert supervisor.snapshot.state is State.STOPPED


async def test_quit_while_the_supervisor_starts_waits_for_it_then_shuts_down_in_order(
    home: Path,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    keyring_gate: GatedKeyring,
    tray_host: None,
    tmp_path: Path,
) -> None:
    supervisor = unstarted_supervisor(home, fake_discord, fake_model)
    shell = make_shell(supervisor, tmp_path)
    run = await start_held(shell, keyring_gate)
    assert shell.tray.trigger("quit")
    await asyncio.sleep(0)  # the stop is seen; start() is still held at the keyring
    assert not run.done() and shell.stopping
    keyring_gate.gate.set()  # the keyring answers: start() finishes, then the orderly shutdown
    assert await asyncio.wait_for(run, 10) == 0
    assert shell.stop_reason == "Quit chosen"
    assert supervisor.snapshot.state is State.STOPPED
    assert not shell.tray.icon.isVisible()
    await fake_discord.wait_disconnected()


async def test_quit_while_the_keyring_never_answers_gives_up_on_the_start_after_the_timeout(
    home: Path,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    keyring_gate: GatedKeyring,
    tray_host: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(shell_module, "SHUTDOWN_TIMEOUT", 0.5)
    supervisor = unstarted_supervisor(home, fake_discord, fake_model)
    shell = make_shell(supervisor, tmp_path)
    run = await start_held(shell, keyring_gate)
    shell.request_stop("received SIGTERM")
    try:
        assert await asyncio.wait_for(run, 10) == 0
        assert supervisor.snapshot.state is State.STOPPED
        assert "did not finish in 0.5 s; cancelling it" in caplog.text
        assert fake_discord.identify_count == 0
    finally:
        keyring_gate.gate.set()  # the worker thread still reading it ends too


async def test_pause_and_reconnect_while_the_supervisor_starts(
    home: Path,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    keyring_gate: GatedKeyring,
    tray_host: None,
    tmp_path: Path,
) -> None:
    supervisor = unstarted_supervisor(home, fake_discord, fake_model)
    shell = make_shell(supervisor, tmp_path)
    tray = shell.tray
    run = await start_held(shell, keyring_gate)
    try:
        # Nothing to reconnect yet: the item is off, and the same command from another process is refused.
        assert not tray.trigger("reconnect")
        assert not shell.handle_command("menu reconnect")
        # Pause is taken at once: the bot starts paused and never connects.
        assert tray.trigger("pause")
        keyring_gate.gate.set()
        await wait_for_state(supervisor, State.PAUSED)
        assert tray.actions["pause"].text() == "Resume"
        assert fake_discord.identify_count == 0
        assert tray.trigger("pause")  # Resume
        await wait_for_state(supervisor, State.CONNECTED)
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 10) == 0
    assert supervisor.snapshot.state is State.STOPPED


async def test_the_settings_window_is_built_when_first_opened_and_shows_the_log_since_start(
    home: Path,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    keyring_gate: GatedKeyring,
    tray_host: None,
    tmp_path: Path,
) -> None:
    """An app that sits in the tray never builds its settings window (about 9 MB); opened later,
    the window says what the tray says and its Logs page has what was logged before it existed."""

    def windows() -> list[QtWidgets.QWidget]:
        return [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, SettingsWindow)]

    before = windows()
    keyring_gate.gate.set()  # the keyring answers at once
    supervisor = unstarted_supervisor(home, fake_discord, fake_model)
    shell = make_shell(supervisor, tmp_path)
    run = asyncio.ensure_future(shell.run())
    try:
        await wait_for_state(supervisor, State.CONNECTED)
        await wait_until(lambda: shell.tray.icon.isVisible(), what="the tray icon")
        logging.getLogger("familiar.test").warning("a line from before the window")
        assert windows() == before, "a settings window was built before anyone asked for it"

        assert shell.tray.trigger("settings")
        window = shell.settings_window
        await wait_until(window.isVisible, what="the settings window")
        assert windows() == [*before, window]
        assert window.status.text() == "Connected as Aria · 1 server"
        window.show_page(window.logs)
        await wait_until(
            lambda: "a line from before the window" in window.logs.view.toPlainText(), what="the early line"
        )
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 10) == 0
