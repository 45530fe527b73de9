"""What the spec leaves out of the bundle, and the ELF reader the pruning and the .deb's Depends rely on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path, PurePath

import pytest

from installer import bundle_filter, elf


def test_other_qt_bindings_and_unused_qt_modules_are_excluded() -> None:
    excluded = set(
        bundle_filter.excluded_modules(installed=["QtCore", "QtGui", "QtQml", "QtQuick", "QtSvg", "QtNetwork"])
    )
    assert {"PyQt5", "PyQt6", "PySide2"} <= excluded
    assert {
        "PySide6.QtQml",
        "PySide6.QtQuick",
        "PySide6.QtWebEngineCore",
        "PySide6.Qt3DCore",
        "PySide6.QtMultimedia",
    } <= excluded
    for kept in ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtDBus"):
        assert f"PySide6.{kept}" not in excluded


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),  # not a plugin
    ],
)
def test_plugins_kept(dest: str, kept: bool) -> None:
    assert bundle_filter.plugin_kept(dest) is kept


#: QNetworkInformation's backends (desktop/network_watch.py), per build: the bundle keeps each OS's own.
NETWORK_INFORMATION = {
    "linux": ["libqnetworkmanager.so", "libqglib.so", "libqconnman.so"],
    "win32": ["qnetworklistmanager.dll"],
    "darwin": ["libqscnetworkreachability.dylib"],
}


@pytest.mark.parametrize("platform", sorted(NETWORK_INFORMATION))
def test_network_information_backends_stay_in_the_bundle(platform: str) -> None:
    """Without them QNetworkInformation has no backend and the app no longer reconnects when the network is back."""
    qt = "PySide6/Qt/plugins" if platform != "win32" else "PySide6/plugins"
    entries = [(f"{qt}/networkinformation/{name}", f"/src/{name}", "BINARY") for name in NETWORK_INFORMATION[platform]]
    entries.append((f"{qt}/networkinformation/libqandroidnetworkinformation.so", "/src/android.so", "BINARY"))
    for dest, _source, _kind in entries[:-1]:
        assert bundle_filter.plugin_kept(dest), dest
    assert not bundle_filter.plugin_kept(entries[-1][0])  # an OS the app is not built for
    # No pruning off Linux; on Linux these fake sources have no dependencies, and plugins are roots.
    kept = bundle_filter.drop_binaries(entries, platform)
    assert [e[0] for e in kept] == [e[0] for e in entries[:-1]]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the installed PySide6's Linux plugins")
def test_the_installed_pyside6_network_information_plugins_and_their_qt_libraries_survive_pruning() -> None:
    """The real files, as PyInstaller hands them over: the Linux backends are found, kept, and keep
    what they link against (QtDBus for NetworkManager and connman; GLib's own come from the system)."""
    import PySide6

    root = Path(PySide6.__file__).parent
    plugins = sorted((root / "Qt" / "plugins" / "networkinformation").glob("*.so"))
    assert {p.name for p in plugins} >= {"libqnetworkmanager.so", "libqglib.so"}
    entries = [(str(p.relative_to(root.parent)), str(p), "BINARY") for p in plugins]
    libs = root / "Qt" / "lib"
    for name in ("libQt6Core.so.6", "libQt6Network.so.6", "libQt6DBus.so.6", "libQt6Widgets.so.6"):
        entries.append((str((libs / name).relative_to(root.parent)), str(libs / name), "BINARY"))
    kept = {PurePath(e[0]).name for e in bundle_filter.drop_binaries(entries, "linux")}
    assert {p.name for p in plugins} <= kept
    assert {"libQt6Core.so.6", "libQt6Network.so.6", "libQt6DBus.so.6"} <= kept
    assert "libQt6Widgets.so.6" not in kept  # nothing here needs it: the pruning did run


@pytest.mark.parametrize(
    ("dest", "system"),
    [
        ("libxcb-icccm.so.4", True),
        ("libxcb.so.1", True),
        ("libX11-xcb.so.1", True),
        ("libEGL.so.1", True),
        ("libfontconfig.so.1", True),
        ("libdbus-1.so.3", True),
        ("libglib-2.0.so.0", True),
        ("libstdc++.so.6", True),
        ("libpython3.11.so.1.0", False),
        ("libssl.so.3", False),
        ("libsqlite3.so.0", False),
        ("libicudata.so.73", False),
        ("pillow.libs/libxcb-9065bb12.so.1.1.0", False),  # a wheel's own copy, hashed name
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", False),
    ],
)
def test_linux_system_libraries(dest: str, system: bool) -> None:
    assert bundle_filter.is_linux_system_library(dest) is system


def test_unreferenced_libraries_are_pruned() -> None:
    entries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/src/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/libQt6XcbQpa.so.6", "BINARY"),
        # Left behind by the dropped gtk3 theme and wayland plugins:
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/src/libQt6WaylandClient.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    graph = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6", "libc.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6"],
        "/src/libQt6Core.so.6": ["libicuuc.so.73"],
        "/src/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/src/libQt6WaylandClient.so.6": ["libQt6Gui.so.6"],
    }
    kept = {e[0] for e in bundle_filter.prune_unreferenced(entries, lambda source: graph.get(source, []))}
    assert "libgtk-3.so.0" not in kept and "PySide6/Qt/lib/libQt6WaylandClient.so.6" not in kept
    assert {"PySide6/Qt/lib/libicuuc.so.73", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "libpython3.11.so.1.0"} <= kept


def test_dropped_binaries_take_their_symlinks_and_unused_translations_with_them() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY")]
    datas = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_de.qm", "/src/qtbase_de.qm", "DATA"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "/src/qtbase_fr.qm", "DATA"),
        ("PySide6/Qt/translations/qtdeclarative_de.qm", "/src/qtdeclarative_de.qm", "DATA"),
        ("resources/icons/familiar.svg", "/src/familiar.svg", "DATA"),
        ("resources/translations/familiar_de.qm", "/src/familiar_de.qm", "DATA"),
        ("resources/translations/familiar_de.ts", "/src/familiar_de.ts", "DATA"),
    ]
    kept = [e[0] for e in bundle_filter.drop_datas(datas, binaries)]
    assert kept == [
        "libQt6Gui.so.6",
        "PySide6/Qt/translations/qtbase_de.qm",  # the app's language: Qt's standard buttons in it
        "resources/icons/familiar.svg",
        "resources/translations/familiar_de.qm",
    ]


def test_the_filter_keeps_qt_catalogs_for_every_language_the_app_ships() -> None:
    from desktop import i18n

    assert set(bundle_filter.SHIPPED_LANGUAGES) == set(i18n.TRANSLATED)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF")
def test_elf_needed_matches_readelf() -> None:
    python = Path(sys.executable).resolve()
    targets = [python, Path("/bin/sh")]
    targets += [p for p in Path(sys.base_prefix, "lib").glob("libpython3*.so*") if p.is_file()][:1]
    for target in targets:
        needed = elf.needed(target)
        assert any(name.startswith("libc.so") for name in needed) or not needed
        if shutil.which("readelf"):
            out = subprocess.run(["readelf", "-d", str(target)], capture_output=True, text=True, check=True).stdout
            assert needed == [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]
    assert elf.needed(Path(__file__)) == []
    assert not elf.is_elf(Path(__file__))
