"""The tray's menu against a REAL supervisor connected to the fake Discord server, on the qasync loop."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from bot import __version__
from bot.secrets import SecretStore
from bot.settings import load_settings
from bot.supervisor import State, Supervisor
from desktop import tray as tray_module
from desktop.autostart import XdgAutostart
from desktop.e2e_state_file import StateFile
from desktop.shell import Shell
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


@pytest.fixture(autouse=True)
def file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring in these tests: the 0600 file fallback, deterministic and local."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def make_shell(supervisor: Supervisor, tmp_path: Path, **options: object) -> Shell:
    return Shell(
        supervisor,
        supervisor.folders,
        autostart=XdgAutostart(tmp_path / "xdg" / "autostart"),
        tray_wait=0,  # offscreen has no tray: show the window at once
        **options,  # type: ignore[arg-type]
    )


async def test_reconnect_pause_resume_and_quit_from_the_menu(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    state_file = tmp_path / "state.jsonl"
    shell = make_shell(supervisor, tmp_path, state_file=StateFile(state_file))
    run = asyncio.ensure_future(shell.run())
    tray = shell.tray
    await wait_for_state(supervisor, State.CONNECTED)
    assert tray.actions["status"].text() == "Connected as Aria · 1 server"
    assert "Connected as Aria" in tray.icon.toolTip()
    assert tray.actions["reconnect"].isEnabled() and tray.actions["pause"].text() == "Pause"
    assert not tray.actions["status"].isEnabled()

    # Reconnect now: the client is dropped and logs in again (a new IDENTIFY on the fake).
    identifies = fake_discord.identify_count
    assert tray.trigger("reconnect")
    await fake_discord.wait_for_identify(identifies + 1)
    await wait_for_state(supervisor, State.CONNECTED)

    # Pause: offline and saying so; the same item now resumes.
    assert tray.trigger("pause")
    await wait_for_state(supervisor, State.PAUSED)
    await fake_discord.wait_disconnected()
    assert tray.actions["pause"].text() == "Resume" and not tray.actions["reconnect"].isEnabled()
    assert tray.presentation is not None and tray.presentation.icon == "paused"
    identifies = fake_discord.identify_count
    assert tray.trigger("pause")
    await fake_discord.wait_for_identify(identifies + 1)
    await wait_for_state(supervisor, State.CONNECTED)
    assert tray.actions["pause"].text() == "Pause"

    # Quit: the supervisor's orderly shutdown, then run() returns 0.
    assert tray.trigger("quit")
    assert await asyncio.wait_for(run, 5) == 0
    assert supervisor.snapshot.state is State.STOPPED
    assert shell.stop_reason == "Quit chosen"
    assert not tray.icon.isVisible()
    await fake_discord.wait_disconnected()
    shown = [json.loads(line).get("icon") for line in state_file.read_text().splitlines()]
    assert shown[-1] == "offline" and "paused" in shown and "connected" in shown


async def test_open_log_folder_and_start_at_login(
    make_supervisor: SupervisorFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def open_folder(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(tray_module, "open_folder", open_folder)
    supervisor = await make_supervisor()
    shell = make_shell(supervisor, tmp_path)
    run = asyncio.ensure_future(shell.run())
    try:
        await wait_for_state(supervisor, State.CONNECTED)
        assert shell.tray.trigger("logs")
        assert opened == [supervisor.folders.logs]

        autostart = shell.autostart
        assert isinstance(autostart, XdgAutostart) and not shell.tray.actions["autostart"].isChecked()
        shell.tray.actions["autostart"].trigger()  # checks it
        await wait_until(
            lambda: supervisor.settings is not None and supervisor.settings.start_at_login, what="autostart on"
        )
        assert autostart.is_enabled() and "Exec=" in autostart.path.read_text()
        assert load_settings(supervisor.folders).start_at_login
        shell.tray.actions["autostart"].trigger()  # unchecks it
        await wait_until(
            lambda: supervisor.settings is not None and not supervisor.settings.start_at_login, what="autostart off"
        )
        assert not autostart.is_enabled() and not load_settings(supervisor.folders).start_at_login
        assert not shell.tray.actions["autostart"].isChecked()
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 5) == 0


async def test_about_shows_a_window_and_a_log_folder_without_file_manager_shows_its_path(
    make_supervisor: SupervisorFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tray_module, "open_folder", lambda path: False)  # no file manager registered
    supervisor = await make_supervisor()
    shell = make_shell(supervisor, tmp_path)
    run = asyncio.ensure_future(shell.run())
    try:
        await wait_for_state(supervisor, State.CONNECTED)

        def visible_box(name: str) -> QtWidgets.QMessageBox | None:
            for widget in QtWidgets.QApplication.topLevelWidgets():
                if isinstance(widget, QtWidgets.QMessageBox) and widget.objectName() == name and widget.isVisible():
                    return widget
            return None

        assert shell.tray.trigger("about")
        await wait_until(lambda: visible_box("about") is not None, what="the About window")
        about = visible_box("about")
        assert about is not None and __version__ in about.text()
        assert about.informativeText() == str(supervisor.folders.logs)
        assert shell.tray.trigger("about")  # a second click raises the same window
        assert [w for w in QtWidgets.QApplication.topLevelWidgets() if w.objectName() == "about" and w.isVisible()] == [
            about
        ]

        assert shell.tray.trigger("logs")
        await wait_until(lambda: visible_box("no-file-manager") is not None, what="the log folder's path")
        box = visible_box("no-file-manager")
        assert box is not None and box.informativeText() == str(supervisor.folders.logs)
        assert box.textInteractionFlags() & QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 5) == 0


async def test_first_run_opens_settings_and_saving_brings_the_bot_online(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    # Only the API base comes from the environment: token, key and model are typed into the window.
    supervisor = await make_supervisor(
        env={"FAMILIAR_HOME": str(home), "FAMILIAR_DISCORD_API_BASE": fake_discord.api_base}
    )
    shell = make_shell(supervisor, tmp_path)
    run = asyncio.ensure_future(shell.run())
    try:
        await wait_for_state(supervisor, State.NOT_CONFIGURED)
        window = shell.settings_window
        await wait_until(lambda: window.isVisible() and window.save_button.isEnabled(), what="settings window loaded")
        connection = window.connection
        assert connection.token.echoMode() == connection.token.EchoMode.Password  # masked

        connection.base_url.setText("not a url")
        assert not await window.save_now()
        assert connection.errors._fields["openai_base_url"][1].text() == "must be an http:// or https:// URL"

        connection.token.setText(fake_discord.token)
        connection.base_url.setText(fake_model.base_url)
        connection.api_key.setText(fake_model.api_key or "")
        connection.model.setCurrentText("fake-model")
        assert await window.save_now()
        assert window.message.text().startswith("Saved.")
        await wait_for_state(supervisor, State.CONNECTED)

        saved = load_settings(supervisor.folders)
        assert (saved.openai_base_url, saved.model) == (fake_model.base_url.rstrip("/"), "fake-model")
        secrets = SecretStore(supervisor.folders).load()
        assert secrets.discord_token == fake_discord.token
        assert fake_discord.token not in supervisor.folders.settings_file.read_text()

        # Saving again without touching the connection fields does not reconnect.
        identifies = fake_discord.identify_count
        connection.model.setCurrentText("another-model")
        assert await window.save_now()
        assert window.message.text() == "Saved."
        assert supervisor.config is not None and supervisor.config.model == "another-model"
        assert fake_discord.identify_count == identifies and supervisor.snapshot.state is State.CONNECTED

        # Notifications can be turned off here; the tray reads the setting from the supervisor.
        notifications = window.behaviour.notifications
        assert notifications.isChecked()
        notifications.setChecked(False)
        assert await window.save_now()
        assert supervisor.settings is not None and not supervisor.settings.notifications
        assert not load_settings(supervisor.folders).notifications

        # Start at login chosen in the window turns on the OS autostart too.
        window.behaviour.start_at_login.setChecked(True)
        assert await window.save_now()
        autostart = shell.autostart
        assert isinstance(autostart, XdgAutostart)
        await wait_until(autostart.is_enabled, what="autostart from the window")
        await wait_until(lambda: shell.tray.actions["autostart"].isChecked(), what="tray follows")
    finally:
        shell.request_stop("test over")
        assert await asyncio.wait_for(run, 5) == 0


async def ask(server: str, command: str) -> str:
    """A client on the loop itself (the blocking `send` holds the GIL: it is for other processes)."""
    reader, writer = await asyncio.open_unix_connection(server)
    writer.write(command.encode() + b"\n")
    await writer.drain()
    answer = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    await writer.wait_closed()
    return answer.decode().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="the test client speaks to the Unix socket directly")
async def test_single_instance_commands_reach_the_shell(make_supervisor: SupervisorFactory, tmp_path: Path) -> None:
    from desktop.single_instance import SingleInstance, send

    supervisor = await make_supervisor()
    shell = make_shell(supervisor, tmp_path)
    first = SingleInstance(supervisor.folders)
    second = SingleInstance(supervisor.folders)
    run = asyncio.ensure_future(shell.run())
    try:
        await wait_for_state(supervisor, State.CONNECTED)
        assert first.acquire()
        assert not second.acquire()
        first.listen(shell.handle_command)
        assert first._server is not None
        server = first._server.fullServerName()
        assert await ask(server, "nonsense") == "unknown"
        await wait_until(lambda: shell.settings_window.isVisible(), what="the window (no tray offscreen)")
        shell.settings_window.hide()
        assert await ask(server, "settings") == "ok"
        assert shell.settings_window.isVisible()
        assert await ask(server, "menu quit") == "ok"
        assert await asyncio.wait_for(run, 5) == 0
        assert shell.stop_reason == "Quit chosen"
    finally:
        shell.request_stop("test over")
        await asyncio.wait_for(run, 5)
        first.close()
        second.close()
    assert send(first.name, "settings", 200) is None  # nobody listens any more
