"""`familiar --self-test`: does every part of this copy of the app load? Exit 0 if so, 1 naming what does not.

What the packaged-app checks run (CI on the installed .deb, a release machine
on the Windows and macOS builds), so it looks for what a frozen bundle can
lose: a module PyInstaller did not see, a data file not copied, a Qt plugin
left out (the SVG icon engine, the platform plugin), a native library
missing. Each check prints one line saying what it checked.

It never touches the user's things: Qt runs offscreen, the bot is never
started, settings and the SQLite store live in a temporary FAMILIAR_HOME that
is deleted afterwards, and the OS keyring is swapped for keyring's `fail`
backend (reading the real one could pop up an unlock prompt).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import pkgutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.characters import DEFAULT_CHARACTER_ID, CharacterStore
from bot.folders import HOME_ENV, Folders
from bot.memory import MemoryStore
from bot.supervisor import Supervisor
from resources import resource_path

from . import compat, icons  # compat: PySide6 before qasync
from .compat import QtWidgets
from .status import ICON_NAMES

log = logging.getLogger(__name__)

#: Never imported by the check: a package's __main__ runs the program.
_SKIP_MODULES = frozenset({"bot.__main__", "desktop.__main__"})

#: Each OS's desktop platform plugin, which `--self-test` (offscreen) cannot load but must find.
NATIVE_PLATFORM_PLUGIN = {"linux": "qxcb", "win32": "qwindows", "darwin": "qcocoa"}


def required_resources() -> list[str]:
    """Files that must ship, relative to resources/ (everything else in the folder is loaded too)."""
    names = [f"icons/{variant}/tray-{name}.svg" for name in sorted(ICON_NAMES) for variant in ("light", "dark")]
    # The UI's translations (desktop/i18n.py) and the bot's messages in Discord (bot/i18n.py).
    names += [f"translations/familiar_{code}.qm" for code in ("en", "es", "de", "pt_BR", "ru")]
    names += [f"translations/bot/{code}.json" for code in ("es", "de", "pt-BR", "ru")]
    return [*names, "icons/familiar.svg", "characters/default.json", "characters/default.png", "familiar.desktop"]


class CheckFailed(Exception):
    """A piece of the app is missing or does not load; the message names it."""


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str


# ----- the checks -----


def check_modules() -> str:
    """Every module of bot/ and desktop/, and the libraries they load lazily."""
    count = 0
    for package_name in ("bot", "desktop"):
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name in _SKIP_MODULES:
                continue
            _import(info.name)
            count += 1
    lazy = ["PIL.Image", "PIL.PngImagePlugin", "sqlite3", "keyring.backends.fail", *_platform_keyring_modules()]
    for name in lazy:
        _import(name)
    if count < 10:  # a frozen importer that lists nothing would make this check vacuous
        raise CheckFailed(f"only {count} modules found in bot/ and desktop/")
    return f"{count} modules of bot/ and desktop/, plus {', '.join(lazy)}"


def _platform_keyring_modules() -> list[str]:
    if sys.platform == "win32":
        return ["keyring.backends.Windows"]
    if sys.platform == "darwin":
        return ["keyring.backends.macOS"]
    return ["keyring.backends.SecretService", "secretstorage"]


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception as error:
        raise CheckFailed(f"module {name} does not import: {type(error).__name__}: {error}") from error


def check_resources() -> str:
    """Every shipped file exists and parses: SVG and PNG through Qt, PNG through Pillow, JSON."""
    from PIL import Image  # lazily imported by the app too
    from PySide6 import QtCore, QtGui

    root = resource_path()
    missing = [name for name in required_resources() if not (root / name).is_file()]
    if missing:
        raise CheckFailed(f"missing resource(s): {', '.join(str(root / name) for name in missing)}")
    counts: dict[str, int] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix in (".py", ".pyc"):
            continue
        suffix = path.suffix.lower()
        if suffix == ".svg":
            icon = QtGui.QIcon(str(path))
            if icon.pixmap(32, 32).isNull():  # needs the SVG icon engine plugin
                raise CheckFailed(f"icon {path} does not render (Qt SVG icon engine missing?)")
        elif suffix == ".png":
            if QtGui.QImage(str(path)).isNull():
                raise CheckFailed(f"image {path} does not load in Qt")
            with Image.open(path) as image:
                image.load()
        elif suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif suffix == ".qm" and not QtCore.QTranslator().load(str(path)):  # desktop/i18n.py loads these
            raise CheckFailed(f"translation {path} does not load")
        elif suffix == ".desktop" and "[Desktop Entry]" not in path.read_text(encoding="utf-8"):
            raise CheckFailed(f"{path} is not a desktop entry")
        counts[suffix] = counts.get(suffix, 0) + 1
    for name in ICON_NAMES:
        for dark in (False, True):
            if icons.tray_icon(name, dark).pixmap(16, 16).isNull():
                raise CheckFailed(f"tray icon {icons.tray_icon_path(name, dark)} does not render at 16 px")
    summary = ", ".join(f"{n} {suffix}" for suffix, n in sorted(counts.items()))
    return f"{summary} under {root}"


def check_default_character(folders: Folders) -> str:
    store = CharacterStore(folders.characters)
    character = store.default()
    avatar = store.avatar_path(DEFAULT_CHARACTER_ID)
    if avatar is None:
        raise CheckFailed("the default character's avatar is missing")
    return f"default character {character.name!r} and its avatar"


def check_qt_plugins() -> str:
    """The platform plugin a desktop needs, and the image formats the icons and avatars use."""
    from PySide6 import QtCore, QtGui

    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    native = NATIVE_PLATFORM_PLUGIN.get("linux" if sys.platform.startswith("linux") else sys.platform)
    if native is not None:
        found = [p for p in (plugins / "platforms").glob(f"*{native}*") if p.is_file()]
        if not found:
            raise CheckFailed(f"Qt platform plugin {native} missing from {plugins / 'platforms'}")
    formats = {bytes(f.data()).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    absent = {"svg", "png", "jpeg"} - formats
    if absent:
        raise CheckFailed(f"Qt image format plugin(s) missing: {', '.join(sorted(absent))}")
    platform = QtGui.QGuiApplication.platformName()
    return f"Qt {QtCore.qVersion()} ({platform}); {native} plugin present; image formats include svg, png, jpeg"


async def check_tray(supervisor: Supervisor, folders: Folders) -> str:
    from .tray import Tray

    tray = Tray(supervisor, folders.logs)
    try:
        if tray.icon.icon().isNull():
            raise CheckFailed("the tray icon has no image")
        actions = ", ".join(tray.actions)
    finally:
        tray.close()
    return f"tray icon and menu ({actions})"


async def check_settings_window(supervisor: Supervisor, folders: Folders) -> str:
    from .settings.window import SettingsWindow
    from .tasks import UiTasks

    tasks = UiTasks()
    window = SettingsWindow(supervisor, folders, tasks)
    try:
        window.show()
        # A moment on the loop: the window lays out, paints, and starts what it loads at open.
        await asyncio.sleep(0.05)
        title = window.windowTitle()
    finally:
        window.close()
        await tasks.close()
        window.deleteLater()
    return f"settings window {title!r}"


async def check_memory_store(folders: Folders) -> str:
    path = folders.memory_db
    store = await MemoryStore.open(path)
    await store.close()
    if not path.is_file():
        raise CheckFailed(f"the SQLite store was not created at {path}")
    return f"SQLite store opened and closed ({path.name})"


# ----- running them -----


def run(out: TextIO | None = None) -> int:
    """All checks, each printed as it finishes; 0 if all pass."""
    out = out or sys.stdout
    if QtWidgets.QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed (or touched)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's keyring
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="familiar-selftest-") as home:
        folders = Folders.resolve({HOME_ENV: home})
        folders.ensure()
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["familiar"])
        assert isinstance(app, QtWidgets.QApplication)
        app.setQuitOnLastWindowClosed(False)  # as in the app: closing the window must not end the loop
        _run_sync(results, out, "modules", check_modules)
        _run_sync(results, out, "qt plugins", check_qt_plugins)
        _run_sync(results, out, "resources", check_resources)
        _run_sync(results, out, "default character", lambda: check_default_character(folders))

        async def ui_checks() -> None:
            supervisor = Supervisor(folders)  # never started: no network, no bot
            await _run_async(results, out, "tray", lambda: check_tray(supervisor, folders))
            await _run_async(results, out, "settings window", lambda: check_settings_window(supervisor, folders))
            await _run_async(results, out, "memory store", lambda: check_memory_store(folders))

        compat.run(ui_checks)
    failed = [r for r in results if not r.ok]
    # Also in the log file: a windowed Windows or macOS build has no terminal to print to.
    if failed:
        log.error("Self-test failed: %s", "; ".join(f"{r.name}: {r.detail}" for r in failed))
        print(f"self-test FAILED: {', '.join(r.name for r in failed)}", file=out)
        return 1
    log.info("Self-test passed (%d checks)", len(results))
    print(f"self-test passed ({len(results)} checks)", file=out)
    return 0


def _report(results: list[Result], out: TextIO, name: str, started: float, detail: str, ok: bool) -> None:
    result = Result(name, ok, detail)
    results.append(result)
    mark = "ok  " if ok else "FAIL"
    print(f"{mark} {name}: {detail} [{(time.monotonic() - started) * 1000:.0f} ms]", file=out, flush=True)


def _run_sync(results: list[Result], out: TextIO, name: str, check: Callable[[], str]) -> None:
    started = time.monotonic()
    try:
        _report(results, out, name, started, check(), True)
    except Exception as error:  # noqa: BLE001 - every failure is reported, named, and fails the run
        _report(results, out, name, started, _describe(error), False)


async def _run_async(results: list[Result], out: TextIO, name: str, check: Callable[[], Awaitable[str]]) -> None:
    started = time.monotonic()
    try:
        _report(results, out, name, started, await check(), True)
    except Exception as error:  # noqa: BLE001
        _report(results, out, name, started, _describe(error), False)


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, CheckFailed) else f"{type(error).__name__}: {error}"
