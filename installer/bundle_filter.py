"""What the PyInstaller spec leaves out of the bundle.

Kept in a module (not inline in the spec) so the choices are tested and
explained in one place. Every Qt piece left out here is one the app never
loads; `familiar --self-test` (run on the bundle by CI) loads the ones it does.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

#: PySide6 modules the app imports (QtSvg, QtDBus: through Qt plugins, see the spec).
QT_MODULES_KEPT = frozenset({"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtDBus"})

#: Big PySide6 modules named even when not installed (PySide6-Essentials lacks them;
#: the full PySide6 or PySide6-Addons has them), so a build machine with either gives the same bundle.
_QT_MODULES_NEVER = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)

#: Python packages that are installed next to the app's dependencies on a dev machine
#: but that the app never needs (openai imports numpy/pandas only if present and asked).
_PYTHON_NEVER = (
    "PyQt5",
    "PyQt6",
    "PySide2",  # PyInstaller refuses two Qt bindings in one bundle
    "tkinter",
    "_tkinter",
    "numpy",
    "pandas",
    "IPython",
    "matplotlib",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_asyncio",
    "setuptools",
    "pip",
    "PyInstaller",
    "pydoc_data",
    "lib2to3",
    # Pillow: avatars are PNG/JPEG/WebP/GIF. Not AVIF (5 MB of libavif), Tk, or ImageQt (it imports PyQt).
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL.ImageQt",
)

#: Qt plugins kept, per plugin type (sub-folder of Qt's plugins/); types not listed are all dropped.
#: None means "every plugin of that type".
PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    # xcb: the desktop (also under Wayland, through XWayland: it is what CI tests). offscreen: --self-test.
    # Dropped: wayland (its own set of system libraries), eglfs, linuxfb, vnc, minimal*, vkkhrdisplay.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa", "qdirect2d"}),
    "xcbglintegrations": None,
    # Native file dialogs through the XDG portal (D-Bus); gtk3 would need GTK installed.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Dead keys and input methods (IBus), for names typed in Settings.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    "iconengines": None,  # the SVG icon engine
    # SVG for icons; the formats a character avatar can come in. Not pdf (pulls QtPdf), tiff, tga, wbmp.
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif", "qwebp", "qicns"}),
    "styles": None,  # macOS and Windows native styles
    "tls": None,
    # QNetworkInformation (desktop/network_watch.py: reconnect as soon as the network is back).
    # Qt loads every plugin of this type and picks the one for this system: on Linux NetworkManager
    # or connman (both over D-Bus), else GLib's GNetworkMonitor (netlink); Network List Manager on
    # Windows; SCNetworkReachability on macOS. Without them the app only waits out its backoff.
    "networkinformation": frozenset(
        {"qnetworkmanager", "qglib", "qconnman", "qnetworklistmanager", "qscnetworkreachability"}
    ),
}


def excluded_modules(installed: Iterable[str] | None = None) -> list[str]:
    """Module names for `Analysis(excludes=...)`."""
    qt = set(_QT_MODULES_NEVER) | set(installed_qt_modules() if installed is None else installed)
    qt -= QT_MODULES_KEPT
    return sorted({*_PYTHON_NEVER, *(f"PySide6.{name}" for name in qt)})


def installed_qt_modules() -> list[str]:
    """PySide6's Qt* extension modules on this machine."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    names: set[str] = set()
    for folder in spec.submodule_search_locations:
        for path in Path(folder).iterdir():
            name = path.name.split(".", 1)[0]
            if name.startswith("Qt") and path.suffix in (".so", ".pyd"):
                names.add(name)
    return sorted(names)


def plugin_kept(dest: str) -> bool:
    """Whether a collected file under `.../plugins/<type>/<file>` stays; other files always stay."""
    parts = PurePath(dest).parts
    if "plugins" not in parts:
        return True
    index = len(parts) - 1 - parts[::-1].index("plugins")
    if len(parts) < index + 3:
        return True  # a file directly in plugins/ (none expected)
    plugin_type, filename = parts[index + 1], parts[-1]
    if plugin_type not in PLUGINS_KEPT:
        return False
    allowed = PLUGINS_KEPT[plugin_type]
    return allowed is None or _plugin_stem(filename) in allowed


def _plugin_stem(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    return stem.removeprefix("lib")


#: The languages the app ships (desktop/i18n.py LANGUAGES): Qt's own catalogs for them are kept,
#: so the standard buttons (Save, Cancel...) speak the same language as the rest of the window.
SHIPPED_LANGUAGES = ("es", "de", "pt_BR", "ru")
_KEPT_QT_CATALOGS = {f"qtbase_{code}.qm" for code in SHIPPED_LANGUAGES}


def is_unused_translation(dest: str) -> bool:
    """Translation files the app never reads: Qt's catalogs for languages it does not ship, and the
    .ts sources of our own (the compiled .qm files beside them are what it loads)."""
    path = PurePath(dest)
    if path.parts[:1] == ("resources",):
        return path.suffix == ".ts"
    return "translations" in path.parts and path.suffix == ".qm" and path.name not in _KEPT_QT_CATALOGS


#: Linux libraries the bundle never carries: the desktop's own X/xcb, GL/EGL, fontconfig/freetype,
#: D-Bus, GLib and C++ runtime. A bundled copy of these mixes badly with the system's (Mesa drivers
#: need the system libstdc++, fontconfig must match the system's config files, GLib must match the
#: system's GIO modules). The .deb depends on the packages that provide them (installer/linux/deb.py).
LINUX_SYSTEM_LIBRARIES = re.compile(
    r"^lib("
    r"X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|Xcursor|Xrandr|Xinerama|Xcomposite|Xdamage|Xtst"
    r"|xcb(-[a-z]+(-[a-z]+)?)?|xkbcommon(-x11)?"
    r"|GL|GLX|GLdispatch|EGL|OpenGL|drm|gbm|wayland-[a-z]+"
    r"|fontconfig|freetype|harfbuzz"
    r"|dbus-1|systemd"
    r"|glib-2\.0|gobject-2\.0|gio-2\.0|gmodule-2\.0|gthread-2\.0|pcre2-8"
    r"|stdc\+\+|gcc_s"
    r")\.so(\.\d+)*$"
)


def drop_binaries(entries: list, platform: str) -> list:
    """Filter `Analysis.binaries`, a TOC of (dest, source, typecode) tuples.

    1. Qt plugins the app never loads (`PLUGINS_KEPT`), and on Linux the system libraries above.
    2. On Linux, then every shared library that nothing left needs: PyInstaller collected the
       dependencies of the dropped plugins too (GTK for the gtk3 theme, QtWaylandClient...).
       Not on Windows and macOS: PyInstaller takes no system libraries there, and the
       pruning is only tested where CI runs it.
    """
    linux = platform.startswith("linux")
    kept = [entry for entry in entries if plugin_kept(entry[0]) and not (linux and is_linux_system_library(entry[0]))]
    return prune_unreferenced(kept, elf_imports) if linux else kept


def is_linux_system_library(dest: str) -> bool:
    """Only libraries PyInstaller took from the system (top level of the bundle); a wheel's own
    copies live in `<package>.libs/` under hashed names (pillow.libs/libxcb-9065bb12.so.1.1.0)."""
    path = PurePath(dest)
    return len(path.parts) == 1 and bool(LINUX_SYSTEM_LIBRARIES.match(path.name))


def _is_root(entry: tuple) -> bool:
    """Loaded by Python or by Qt by path (not as some library's dependency)."""
    dest, _source, kind = entry
    parts = PurePath(dest).parts
    return kind == "EXTENSION" or "plugins" in parts or PurePath(dest).name.startswith("libpython")


def prune_unreferenced(entries: list, imports: Callable[[str], list[str]]) -> list:
    """Keep the roots and whatever they need, transitively; `imports(source)` lists direct dependencies."""
    by_name: dict[str, list[tuple]] = {}
    for entry in entries:
        by_name.setdefault(PurePath(entry[0]).name, []).append(entry)
    reached: set[str] = set()
    stack = [entry for entry in entries if _is_root(entry)]
    visited: set[str] = set()
    while stack:
        entry = stack.pop()
        reached.add(PurePath(entry[0]).name)
        if entry[1] in visited:
            continue
        visited.add(entry[1])
        for needed in imports(entry[1]):
            stack.extend(by_name.get(needed, []))
    return [entry for entry in entries if PurePath(entry[0]).name in reached]


def elf_imports(path: str) -> list[str]:
    """Direct dependencies (PyInstaller's own lister is ldd: transitive, through system libraries)."""
    from installer import elf

    return elf.needed(Path(path)) if elf.is_elf(Path(path)) else []


def drop_datas(entries: list, binaries: list) -> list:
    """Filter `Analysis.datas`: translations never read, and symlinks to binaries that were dropped."""
    kept_binaries = {PurePath(entry[0]) for entry in binaries}
    result = []
    for entry in entries:
        dest, target, kind = entry
        if is_unused_translation(dest):
            continue
        if kind == "SYMLINK" and PurePath(dest).parent / target not in kept_binaries:
            continue  # e.g. _internal/libQt6WaylandClient.so.6 -> PySide6/Qt/lib/...
        result.append(entry)
    return result
