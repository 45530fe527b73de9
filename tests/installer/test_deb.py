"""The Linux package, for real: build it, install it with apt, start it from its menu entry under a
real X server and tray host, see the tray icon, turn on Start at login, quit; run the headless bot
the way its systemd unit starts it; remove it.

Slow (about two minutes, mostly PyInstaller and xz) and it installs a system package, so it runs
only with FAMILIAR_PACKAGING=1 (as root): `.ci/run` sets it. Without it, the README's test line
needs neither PyInstaller nor root. Measured figures go to build/packaging-report.txt.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from installer import build, icons, project
from installer.linux import deb, verify_unit
from tests.desktop.test_x11_tray import Xlib, embedded_icon
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.installer.conftest import PACKAGING_ENV
from tests.installer.test_systemd_unit import directives
from tests.process import LoggedProcess

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get(PACKAGING_ENV) != "1", reason=f"packaging tests need {PACKAGING_ENV}=1"),
    pytest.mark.timeout(600),
]

INSTALL_DIR = Path("/opt/familiar")
INSTALLED = Path("/usr/bin/familiar")
MENU_ENTRY = Path("/usr/share/applications/familiar.desktop")
UNIT = verify_unit.SHIPPED
ENV_EXAMPLE = deb.EXAMPLES_DIR / deb.ENV_EXAMPLE.name
NETWORK_INFORMATION = INSTALL_DIR / "_internal" / "PySide6" / "Qt" / "plugins" / "networkinformation"
REPORT = project.BUILD_DIR / "packaging-report.txt"
#: The issue's aims; the first two are hard limits here, start-up time is reported (CI machines vary;
#: tests/benchmarks/bench_cold_start.py measures it properly: several runs, warm and cold).
BUNDLE_LIMIT_MB = 160
DEB_LIMIT_MB = 70
COLD_START_AIM_S = 1.0
COLD_START_LIMIT_S = 10.0


def report(line: str) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def run(command: list[str], timeout: float = 120, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)  # type: ignore[call-overload]


def is_installed() -> bool:
    return run(["dpkg-query", "-W", "-f=${Status}", project.DIST_NAME]).stdout.strip() == "install ok installed"


@pytest.fixture(scope="module")
def deb_file() -> Path:
    missing = [tool for tool in ("dpkg-deb", "apt-get", "desktop-file-validate") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{missing} missing: .ci/run installs them")
    if os.geteuid() != 0:
        pytest.fail("installing the .deb needs root")
    REPORT.unlink(missing_ok=True)
    started = time.monotonic()
    result = run([sys.executable, "-m", "installer.build", "--deb"], timeout=540, cwd=project.REPO_ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    report(f"build (venv, PyInstaller, checks, .deb): {time.monotonic() - started:.0f} s")
    path = project.DIST_DIR / deb.deb_name(project.version(), deb.architecture())
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def installed(deb_file: Path) -> Iterator[Path]:
    if is_installed():  # an older build of the same version would not be replaced
        run(["apt-get", "remove", "-y", project.DIST_NAME], timeout=300)
    result = run(
        ["apt-get", "install", "-y", f"./{deb_file.relative_to(project.REPO_ROOT)}"],
        timeout=300,
        cwd=project.REPO_ROOT,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    try:
        yield deb_file
    finally:
        if is_installed():  # the last test removes it; this is for a run that failed earlier
            run(["apt-get", "remove", "-y", project.DIST_NAME], timeout=300)


def test_deb_metadata_and_sizes(deb_file: Path) -> None:
    fields = run(["dpkg-deb", "-f", str(deb_file)]).stdout
    control = dict(line.split(": ", 1) for line in fields.splitlines() if ": " in line and not line.startswith(" "))
    assert control["Package"] == "familiar"
    assert control["Version"] == project.version()
    depends = {item.split(" ")[0] for item in control["Depends"].split(", ")}
    # What PyInstaller's warnings and `ldd` of the xcb platform plugin name, and D-Bus, EGL, fontconfig.
    assert {
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
        "libegl1",
        "libfontconfig1",
        "libdbus-1-3",
        "libc6",
    } <= depends
    listing = run(["dpkg-deb", "-c", str(deb_file)]).stdout
    for path in (
        "./opt/familiar/familiar",
        "./usr/bin/familiar -> /opt/familiar/familiar",
        "./usr/share/applications/familiar.desktop",
        "./usr/share/icons/hicolor/scalable/apps/familiar.svg",
        *(f"./usr/share/icons/hicolor/{s}x{s}/apps/familiar.png" for s in icons.HICOLOR_SIZES),
        f".{UNIT}",
        f".{ENV_EXAMPLE}",
        # QNetworkInformation's Linux backends (desktop/network_watch.py).
        *(f".{NETWORK_INFORMATION}/{name}" for name in ("libqnetworkmanager.so", "libqglib.so")),
    ):
        assert path in listing, path
    # The systemd unit as this .deb ships it, with the executable it runs taken from the .deb too.
    assert verify_unit.verify_deb(deb_file) == (0, "")
    bundle_mb = build.tree_size(project.BUNDLE_DIR) / 1e6
    deb_mb = deb_file.stat().st_size / 1e6
    installed_mb = int(control["Installed-Size"]) * 1024 / 1e6
    report(f"bundle dist/Familiar: {bundle_mb:.1f} MB; .deb: {deb_mb:.1f} MB; installed size: {installed_mb:.1f} MB")
    assert bundle_mb < BUNDLE_LIMIT_MB
    assert deb_mb < DEB_LIMIT_MB


def test_installed_version_and_self_test(installed: Path, tmp_path: Path) -> None:
    assert INSTALLED.resolve() == INSTALL_DIR / "familiar"
    version = run([str(INSTALLED), "--version"])
    assert version.returncode == 0 and version.stdout.strip() == f"familiar {project.version()}", version
    env = {**os.environ, "FAMILIAR_HOME": str(tmp_path / "home")}
    test = run([str(INSTALLED), "--self-test"], env=env)
    assert test.returncode == 0, test.stdout + test.stderr
    assert test.stdout.splitlines()[-1].startswith("self-test passed")
    assert f"under {INSTALL_DIR}/_internal/resources" in test.stdout  # its own files, not a checkout's
    # Nothing unresolved in the installed tree (the Depends cover what the bundle leaves out).
    plugins = INSTALL_DIR / "_internal" / "PySide6" / "Qt" / "plugins"
    libs = [str(p) for p in [*(plugins / "platforms").glob("*.so"), *NETWORK_INFORMATION.glob("*.so")]]
    assert (
        str(NETWORK_INFORMATION / "libqglib.so") in libs and str(NETWORK_INFORMATION / "libqnetworkmanager.so") in libs
    )
    ldd = run(["ldd", *libs], env={**os.environ, "LD_LIBRARY_PATH": f"{INSTALL_DIR}/_internal"})
    assert "not found" not in ldd.stdout, ldd.stdout


def test_menu_entry_and_icons_are_installed(installed: Path) -> None:
    result = run(["desktop-file-validate", str(MENU_ENTRY)])
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert Path("/usr/share/icons/hicolor/48x48/apps/familiar.png").is_file()


def test_starts_from_the_menu_entry_into_the_tray(installed: Path, x_display: tuple[str, Xlib], tmp_path: Path) -> None:
    """Exec= of the installed .desktop, with PATH as a desktop session has it; the icon embeds in trayer."""
    from bot.folders import Folders
    from desktop import single_instance

    display, _xlib = x_display
    home = tmp_path / "home"
    config_home = tmp_path / "xdg-config"
    exec_line = next(line for line in MENU_ENTRY.read_text().splitlines() if line.startswith("Exec="))
    command = shlex.split(exec_line.removeprefix("Exec="))
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DISPLAY": display,
        "FAMILIAR_HOME": str(home),
        "XDG_CONFIG_HOME": str(config_home),
        "QT_QPA_PLATFORM": "xcb",
        # No session bus: Qt uses the XEmbed tray (trayer); the keyring falls back to its file.
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    stderr_path = tmp_path / "familiar-stderr.txt"
    started = time.monotonic()
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        icon = None
        while icon is None:
            assert process.poll() is None, stderr_path.read_text()
            assert time.monotonic() - started < 30, "no tray icon in 30 s:\n" + stderr_path.read_text()
            icon = embedded_icon(display)
            if icon is None:
                time.sleep(0.02)
        cold_start = time.monotonic() - started
        report(
            f"installed app, first run (nothing configured: Settings opens too), start to tray icon embedded: "
            f"{cold_start:.2f} s, one run, page cache as the build left it (aim < {COLD_START_AIM_S} s)"
        )
        assert cold_start < COLD_START_LIMIT_S

        # Start at login, through the tray menu (same code path as a click): the XDG autostart entry.
        name = single_instance.server_name(Folders.resolve({"FAMILIAR_HOME": str(home)}))
        assert single_instance.send(name, "menu autostart", timeout_ms=5000) == "ok"
        autostart = config_home / "autostart" / "familiar.desktop"
        deadline = time.monotonic() + 10
        while not autostart.is_file():
            assert time.monotonic() < deadline, "no autostart entry"
            time.sleep(0.05)
        result = run(["desktop-file-validate", str(autostart)])
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
        entry = autostart.read_text()
        assert f"Exec={INSTALL_DIR}/familiar\n" in entry, entry  # the frozen app's own path (sys.executable)
        assert "Icon=familiar\n" in entry and "Name=Familiar\n" in entry

        # Quit: an orderly exit, 0, within 5 s.
        process.send_signal(signal.SIGTERM)
        assert process.wait(5) == 0
        log = stderr_path.read_text()
        assert "Traceback" not in log and " ERROR " not in log and " CRITICAL " not in log, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


async def test_the_installed_unit_runs_the_headless_bot(
    installed: Path, fake_discord: FakeDiscord, fake_model: FakeModel, tmp_path: Path
) -> None:
    """The unit as installed: `systemd-analyze verify` clean on this system, and what it would start,
    started the way systemd would (there is no systemd running here): its ExecStart= with its
    Environment= and an EnvironmentFile= made from the shipped example, instance 0; connected, then
    its KillSignal= ends it with exit 0 within TimeoutStopSec=."""
    assert UNIT.read_bytes() == deb.HEADLESS_UNIT.read_bytes()
    verify = run(["systemd-analyze", "verify", verify_unit.instance_name()])
    assert (verify.returncode, (verify.stdout + verify.stderr).strip()) == (0, "")

    home = tmp_path / "var-lib-familiar-0"  # the unit's /var/lib/familiar/%i, made by systemd there
    found = directives(UNIT.read_text().replace("%i", "0").replace("/var/lib/familiar/0", str(home)))
    env_file = Path(found["EnvironmentFile"][0].replace("/etc/familiar", str(tmp_path)))
    given = {
        "FAMILIAR_DISCORD_TOKEN": fake_discord.token,
        "FAMILIAR_OPENAI_BASE_URL": fake_model.base_url,
        "FAMILIAR_OPENAI_API_KEY": fake_model.api_key or "not-needed",
        "FAMILIAR_MODEL": "fake-model",
    }
    lines = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={given[key]}" if key in given else line)
    lines.append(f"FAMILIAR_DISCORD_API_BASE={fake_discord.api_base}")  # the fake, not discord.com
    env_file.write_text("\n".join(lines) + "\n")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    for assignment in found["Environment"]:
        key, value = assignment.split("=", 1)
        env[key] = value
    for line in env_file.read_text().splitlines():  # systemd's format: KEY=VALUE, # comments
        if line.strip() and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            env[key.strip()] = value
    home.mkdir(mode=0o700)  # StateDirectory=
    command = shlex.split(found["ExecStart"][0])
    assert command == [str(INSTALLED), "--headless"]
    bot = LoggedProcess(
        await asyncio.create_subprocess_exec(
            *command,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
    )
    try:
        await bot.wait_for_line("→ connected", timeout=30)
        bot.process.send_signal(getattr(signal, found["KillSignal"][0]))
        assert await bot.wait(float(found["TimeoutStopSec"][0])) == 0
        output = "\n".join(bot.lines)
        assert "Traceback" not in output and " ERROR " not in output, output
        assert (home / "logs" / "familiar.log").is_file() and (home / "config").is_dir()
    finally:
        await bot.kill()


def test_remove_leaves_nothing(installed: Path) -> None:
    result = run(
        ["apt-get", "remove", "-y", project.DIST_NAME],
        timeout=300,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not is_installed()
    assert not INSTALL_DIR.exists(), list(INSTALL_DIR.rglob("*"))[:20]
    assert not INSTALLED.exists() and not INSTALLED.is_symlink()
    assert not MENU_ENTRY.exists()
    assert not UNIT.exists() and not ENV_EXAMPLE.exists()
