"""The Windows and macOS installer scripts cannot be built here: check what they say instead.

Also the version's single source, and the .desktop file against the autostart entry.
"""

from __future__ import annotations

import importlib.metadata
import plistlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import bot
from desktop import autostart
from installer import build, project
from installer.macos.info_plist import info_plist
from installer.windows import version_info

ISS = project.REPO_ROOT / "installer" / "windows" / "familiar.iss"
SPEC = project.REPO_ROOT / "installer" / "familiar.spec"
RTHOOK = project.REPO_ROOT / "installer" / "rthooks" / "pyi_rth_familiar_mutex.py"
DMG_SCRIPT = project.REPO_ROOT / "installer" / "macos" / "build_dmg.sh"
GUID = re.compile(r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")


def iss_sections(text: str) -> dict[str, list[str]]:
    """Lines per [Section], comments and preprocessor lines left out."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    return sections


def iss_defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', text, re.MULTILINE))


def setup_directives() -> dict[str, str]:
    lines = iss_sections(ISS.read_text(encoding="utf-8"))["Setup"]
    return dict(line.split("=", 1) for line in lines)


# ----- version: one place -----


def test_the_version_has_one_source() -> None:
    version = project.version()
    assert importlib.metadata.version("familiar") == version  # what pip installed from pyproject.toml
    assert bot.__version__ == version  # what `familiar --version` says


# ----- Windows: Inno Setup -----


def test_iss_has_the_required_sections() -> None:
    sections = iss_sections(ISS.read_text(encoding="utf-8"))
    for name in ("Setup", "Files", "Icons", "Run", "Code"):
        assert name in sections, f"[{name}] missing"


def test_iss_app_id_is_a_fixed_guid_matching_the_project() -> None:
    app_id = setup_directives()["AppId"]
    assert app_id.startswith("{{"), "Inno Setup needs the opening brace doubled"
    guid = app_id[1:]
    assert GUID.match(guid), app_id
    assert guid == project.WINDOWS_APP_ID


def test_iss_installs_per_user_with_the_override_dialog() -> None:
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert setup["DefaultDirName"].startswith("{autopf}")


def test_iss_version_is_passed_not_written() -> None:
    text = ISS.read_text(encoding="utf-8")
    setup = setup_directives()
    assert setup["AppVersion"] == "{#MyAppVersion}"
    assert re.search(r"#ifndef MyAppVersion\s+#error", text)
    assert project.version() not in text
    command = build.iscc_command("ISCC.exe", project.version())
    assert f"/DMyAppVersion={project.version()}" in command
    numbers = ".".join(str(n) for n in version_info.file_version(project.version()))
    assert f"/DMyAppFileVersion={numbers}" in command
    assert command[-1] == str(ISS)


def test_iss_exe_name_matches_the_bundle() -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = iss_defines(text)
    assert defines["MyAppExeName"] == project.exe_name("win32") == "Familiar.exe"
    # The spec names the exe after project.exe_name(), and the bundle folder after APP_NAME.
    spec = SPEC.read_text(encoding="utf-8")
    assert "name=Path(project.exe_name()).stem" in spec
    assert "name=project.APP_NAME" in spec
    assert r"{#BundleDir}\*" in text and r"dist\Familiar" in text


def test_iss_ships_the_whole_bundle_with_shortcut_and_uninstall_icon() -> None:
    sections = iss_sections(ISS.read_text(encoding="utf-8"))
    files = " ".join(sections["Files"])
    assert "recursesubdirs" in files and "createallsubdirs" in files and 'DestDir: "{app}"' in files
    assert any(line.startswith('Name: "{autoprograms}\\') and "{#MyAppExeName}" in line for line in sections["Icons"])
    setup = setup_directives()
    assert setup["UninstallDisplayIcon"] == r"{app}\{#MyAppExeName}"
    assert setup["SetupIconFile"] == "{#IconFile}"


def test_iss_closes_a_running_familiar_before_install_and_uninstall() -> None:
    text = ISS.read_text(encoding="utf-8")
    code = "\n".join(iss_sections(text)["Code"])
    assert iss_defines(text)["MyAppMutex"] == project.WINDOWS_MUTEX
    assert "CheckForMutexes(" in code
    assert re.search(r"function PrepareToInstall\(.*?\).*?CloseFamiliar\(\)", code, re.DOTALL)
    assert re.search(r"function InitializeUninstall\(\).*?CloseFamiliar\(\)", code, re.DOTALL)
    assert setup_directives()["CloseApplications"] == "force"
    # The frozen app creates that mutex (the app itself only has a QLockFile + QLocalServer).
    hook = RTHOOK.read_text(encoding="utf-8")
    assert f'"{project.WINDOWS_MUTEX}"' in hook and f'"Global\\\\{project.WINDOWS_MUTEX}"' in hook
    assert "pyi_rth_familiar_mutex.py" in SPEC.read_text(encoding="utf-8")


def test_iss_removes_the_start_at_login_value_on_uninstall() -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = iss_defines(text)
    # The exact key and value desktop/autostart.py writes.
    assert defines["RunKey"] == autostart.RUN_KEY
    assert defines["RunValueName"] == autostart.RUN_VALUE_NAME
    code = "\n".join(iss_sections(text)["Code"])
    assert re.search(
        r"CurUninstallStepChanged.*usUninstall.*"
        r"RegDeleteValue\(HKEY_CURRENT_USER, '\{#RunKey\}', '\{#RunValueName\}'\)",
        code,
        re.DOTALL,
    )


def test_windows_version_resource_parses() -> None:
    """The version file PyInstaller evaluates (its classes need pefile, Windows-only: stand-ins here)."""

    class Record:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.args, self.kwargs = args, kwargs

    names = (
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    )
    namespace = {name: type(name, (Record,), {}) for name in names}
    info = eval(version_info.render("1.2.3rc1"), namespace)
    assert info.kwargs["ffi"].kwargs["filevers"] == (1, 2, 3, 0)
    table = info.kwargs["kids"][0].args[0][0]
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["ProductVersion"] == "1.2.3rc1"
    assert strings["OriginalFilename"] == project.exe_name("win32")
    assert version_info.file_version("0.1.0") == (0, 1, 0, 0)


# ----- macOS: Info.plist and the dmg script -----


def test_info_plist_for_a_tray_only_app() -> None:
    version = project.version()
    plist = plistlib.loads(plistlib.dumps(info_plist(version)))  # serialisable as a real plist
    assert plist["LSUIElement"] is True
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleIdentifier"] == project.BUNDLE_ID == autostart.APP_ID
    assert plist["CFBundleShortVersionString"] == version == importlib.metadata.version("familiar")
    assert plist["CFBundleVersion"] == version
    assert plist["CFBundleExecutable"] == project.exe_name("darwin")
    assert plist["CFBundlePackageType"] == "APPL"


def test_spec_builds_the_macos_bundle_from_those_keys() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    branch = spec[spec.index('if sys.platform == "darwin":\n    app = BUNDLE(') :]
    for needle in (
        "info_plist=info_plist(VERSION)",
        "bundle_identifier=project.BUNDLE_ID",
        "version=VERSION",
        'name=f"{project.APP_NAME}.app"',
        "icon=app_icon",
    ):
        assert needle in branch


def test_dmg_script_is_valid_bash_and_checks_the_version() -> None:
    subprocess.run(["bash", "-n", str(DMG_SCRIPT)], check=True)
    text = DMG_SCRIPT.read_text(encoding="utf-8")
    assert "hdiutil create" in text and "dist/Familiar.app" in text
    assert "CFBundleShortVersionString" in text and "--self-test" in text
    assert DMG_SCRIPT.stat().st_mode & 0o111


# ----- Linux: the .desktop file, also for autostart -----


def desktop_keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (Debian: desktop-file-utils; .ci/run installs it)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_menu_entry_is_valid() -> None:
    validate(project.DESKTOP_FILE)
    keys = desktop_keys(project.DESKTOP_FILE.read_text(encoding="utf-8"))
    assert keys["Exec"] == "familiar" and keys["Icon"] == "familiar" and keys["Type"] == "Application"


def test_autostart_entry_of_the_installed_app_matches_the_menu_entry(tmp_path: Path) -> None:
    """What Start at login writes for the .deb's app: valid, and the same app as the menu entry."""
    entry = tmp_path / "familiar.desktop"
    entry.write_text(autostart.desktop_entry(["/opt/familiar/familiar"]), encoding="utf-8")
    validate(entry)
    menu = desktop_keys(project.DESKTOP_FILE.read_text(encoding="utf-8"))
    auto = desktop_keys(entry.read_text(encoding="utf-8"))
    for key in ("Type", "Name", "Comment", "Icon", "Terminal"):
        assert auto[key] == menu[key], key
    assert auto["Exec"] == "/opt/familiar/familiar"
