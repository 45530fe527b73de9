"""Start Familiar at login: one small class per OS, same three methods.

- Linux/BSD: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/familiar.desktop`.
- Windows: the value "Familiar" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.
- macOS: a LaunchAgent, `~/Library/LaunchAgents/app.familiar.Familiar.plist`
  (loaded by launchd at the next login; nothing to `launchctl load` now).

Each writes the command that started this copy of Familiar (see `launch_command`),
so a virtualenv or a frozen app starts itself, not some other install.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from bot.atomic import atomic_write_bytes

APP_ID = "app.familiar.Familiar"
DESKTOP_FILE_NAME = "familiar.desktop"
RUN_VALUE_NAME = "Familiar"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...
    def enable(self, command: Sequence[str]) -> None: ...
    def disable(self) -> None: ...


def launch_command() -> list[str]:
    """How to start this copy of Familiar again."""
    if getattr(sys, "frozen", False):  # PyInstaller and friends
        return [sys.executable]
    script = shutil.which("familiar", path=str(Path(sys.executable).parent))
    if script:  # the console script of this environment
        return [script]
    return [sys.executable, "-m", "desktop"]


def for_this_platform(env: Mapping[str, str] | None = None) -> Autostart:
    env = os.environ if env is None else env
    if sys.platform == "win32":
        return WindowsRunKey()
    if sys.platform == "darwin":
        return MacLaunchAgent(Path.home() / "Library" / "LaunchAgents")
    return XdgAutostart(xdg_autostart_dir(env))


# ----- Linux / XDG -----


def xdg_autostart_dir(env: Mapping[str, str]) -> Path:
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "autostart"


def desktop_entry(command: Sequence[str]) -> str:
    """The autostart `.desktop` file (Desktop Entry spec 1.5)."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Familiar\n"
        "Comment=Your AI character's Discord bot, in the system tray\n"
        f"Exec={desktop_exec(command)}\n"
        "Icon=familiar\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def desktop_exec(command: Sequence[str]) -> str:
    """Quote per the spec: reserved characters in double quotes, `"` `` ` `` `$` `\\` escaped, `%` doubled."""
    quoted = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            quoted.append(arg)
        else:
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            quoted.append(f'"{escaped}"')
    # The file format escapes backslashes once more.
    return " ".join(quoted).replace("\\", "\\\\")


class XdgAutostart:
    def __init__(self, directory: Path) -> None:
        self.path = directory / DESKTOP_FILE_NAME

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        atomic_write_bytes(self.path, desktop_entry(command).encode("utf-8"))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# ----- Windows -----


def windows_run_value(command: Sequence[str]) -> str:
    """The Run value: a command line as Windows parses it."""
    return subprocess.list2cmdline(list(command))


class Registry(Protocol):
    """The three registry calls we need, so tests can stand in for winreg."""

    def get(self, key: str, name: str) -> str | None: ...
    def set(self, key: str, name: str, value: str) -> None: ...
    def delete(self, key: str, name: str) -> None: ...


if sys.platform == "win32":
    import winreg

    class _WinregCurrentUser:
        def get(self, key: str, name: str) -> str | None:
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                    value, _type = winreg.QueryValueEx(handle, name)
                    return str(value)
            except FileNotFoundError:
                return None

        def set(self, key: str, name: str, value: str) -> None:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as handle:
                winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)

        def delete(self, key: str, name: str) -> None:
            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
                    winreg.DeleteValue(handle, name)
            except FileNotFoundError:
                pass


def _current_user_registry() -> Registry:
    if sys.platform == "win32":
        return _WinregCurrentUser()
    raise OSError("the Windows registry exists only on Windows")


class WindowsRunKey:
    def __init__(self, registry: Registry | None = None) -> None:
        self._registry = registry or _current_user_registry()

    def is_enabled(self) -> bool:
        return self._registry.get(RUN_KEY, RUN_VALUE_NAME) is not None

    def enable(self, command: Sequence[str]) -> None:
        self._registry.set(RUN_KEY, RUN_VALUE_NAME, windows_run_value(command))

    def disable(self) -> None:
        self._registry.delete(RUN_KEY, RUN_VALUE_NAME)


# ----- macOS -----


def launch_agent_plist(command: Sequence[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


class MacLaunchAgent:
    def __init__(self, directory: Path) -> None:
        self.path = directory / f"{APP_ID}.plist"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        atomic_write_bytes(self.path, launch_agent_plist(command))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)
