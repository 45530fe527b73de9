"""The Info.plist keys of Familiar.app, passed to PyInstaller's `BUNDLE(info_plist=...)`.

PyInstaller writes CFBundleIdentifier, CFBundleName, CFBundleExecutable and
the icon itself; the keys here are the ones it does not know to set.
"""

from __future__ import annotations

from typing import Any

from installer import project

#: Oldest macOS the PySide6 6.7+ wheels run on.
MINIMUM_MACOS = "11.0"


def info_plist(version: str) -> dict[str, Any]:
    return {
        "CFBundleName": project.APP_NAME,
        "CFBundleDisplayName": project.APP_NAME,
        "CFBundleIdentifier": project.BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "CFBundleExecutable": project.exe_name("darwin"),
        # A tray-only app: no Dock icon, no app menu; the menu bar icon is the app.
        "LSUIElement": True,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.social-networking",
        # Retina: draw at the screen's scale (Qt 6 is high-DPI aware by default).
        "NSHighResolutionCapable": True,
        "NSSupportsAutomaticGraphicsSwitching": True,
        "NSRequiresAquaSystemAppearance": False,  # follow dark mode
        "NSHumanReadableCopyright": "MIT License",
    }
