"""Start at login: Linux for real (XDG_CONFIG_HOME in tmp), Windows and macOS by what they would write."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import autostart
from desktop.autostart import (
    APP_ID,
    RUN_KEY,
    RUN_VALUE_NAME,
    MacLaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    desktop_exec,
    launch_agent_plist,
    windows_run_value,
    xdg_autostart_dir,
)

COMMAND = ["/opt/My Apps/venv/bin/familiar"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG autostart is for Linux/BSD desktops")
def test_xdg_autostart_writes_a_valid_desktop_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = autostart.for_this_platform()
    assert isinstance(entry, XdgAutostart)
    assert entry.path == tmp_path / "config" / "autostart" / "familiar.desktop"
    assert not entry.is_enabled()

    entry.enable(COMMAND)
    assert entry.is_enabled()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry.path, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Familiar"
    assert section["Terminal"] == "false" and section["X-GNOME-Autostart-enabled"] == "true"
    assert shlex.split(section["Exec"]) == COMMAND

    entry.enable(["/usr/bin/familiar"])  # enabling again just rewrites
    assert "Exec=/usr/bin/familiar\n" in entry.path.read_text()
    entry.disable()
    assert not entry.is_enabled()
    entry.disable()  # idempotent


def test_xdg_dir_defaults_to_dot_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert xdg_autostart_dir({}) == Path.home() / ".config" / "autostart"
    assert xdg_autostart_dir({"XDG_CONFIG_HOME": "/x"}) == Path("/x/autostart")


def test_desktop_exec_quoting_follows_the_spec() -> None:
    assert desktop_exec(["/usr/bin/familiar"]) == "/usr/bin/familiar"
    assert desktop_exec(["/a b/python", "-m", "desktop"]) == '"/a b/python" -m desktop'
    assert desktop_exec(["/x/100%"]) == "/x/100%%"
    # A literal `"` or `$` is backslash-escaped inside quotes, and the file doubles every backslash.
    assert desktop_exec(['/we"ird/$HOME']) == '"/we\\\\"ird/\\\\$HOME"'


def test_the_command_is_this_environments_familiar(monkeypatch: pytest.MonkeyPatch) -> None:
    command = autostart.launch_command()
    assert command[0].startswith(str(Path(sys.executable).parent)) or command[:3] == [sys.executable, "-m", "desktop"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.launch_command() == [sys.executable]


class FakeRegistry:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get(self, key: str, name: str) -> str | None:
        return self.values.get((key, name))

    def set(self, key: str, name: str, value: str) -> None:
        self.values[(key, name)] = value

    def delete(self, key: str, name: str) -> None:
        self.values.pop((key, name), None)


def test_windows_run_value() -> None:
    registry = FakeRegistry()
    run_key = WindowsRunKey(registry)
    assert not run_key.is_enabled()
    run_key.enable([r"C:\Program Files\Familiar\Familiar.exe"])
    assert registry.values == {
        (r"Software\Microsoft\Windows\CurrentVersion\Run", "Familiar"): r'"C:\Program Files\Familiar\Familiar.exe"'
    }
    assert (RUN_KEY, RUN_VALUE_NAME) in registry.values and run_key.is_enabled()
    assert windows_run_value([r"C:\Python\python.exe", "-m", "desktop"]) == r"C:\Python\python.exe -m desktop"
    run_key.disable()
    run_key.disable()
    assert not run_key.is_enabled()


def test_macos_launch_agent(tmp_path: Path) -> None:
    agent = MacLaunchAgent(tmp_path / "LaunchAgents")
    assert agent.path.name == f"{APP_ID}.plist" and not agent.is_enabled()
    agent.enable(["/Applications/Familiar.app/Contents/MacOS/Familiar"])
    content = plistlib.loads(agent.path.read_bytes())
    assert content == {
        "Label": APP_ID,
        "ProgramArguments": ["/Applications/Familiar.app/Contents/MacOS/Familiar"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    assert agent.path.read_bytes() == launch_agent_plist(["/Applications/Familiar.app/Contents/MacOS/Familiar"])
    if sys.platform == "darwin":
        subprocess.run(["plutil", "-lint", str(agent.path)], check=True)
    agent.disable()
    assert not agent.is_enabled()
