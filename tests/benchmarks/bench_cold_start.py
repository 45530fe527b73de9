"""Start to tray icon: the packaged app and the source install, under a real X server and tray host.

Run by hand (Linux, Xvfb + trayer + xwininfo as .ci/run installs them; not a pytest test):

    python -m tests.benchmarks.bench_cold_start [--runs 5] [--target installed|bundle|source ...]
                                                [--first-run] [--cold] [--importtime]

The time is from launching the app to its icon being embedded in trayer's panel (what a user
sees), the way tests/installer/test_deb.py measures it: the window tree is polled with
`xwininfo -root -tree` every 10 ms, so the figures carry ~10-20 ms of polling. Each run starts
from a fresh FAMILIAR_HOME, then the app gets SIGTERM and must exit 0. The app's CPU time (user +
system) up to the icon is printed too: on a machine shared with other work it moves less than the
wall time (the load average is printed for the same reason).

Targets: `installed` is /usr/bin/familiar (the .deb), `bundle` dist/Familiar/familiar (the same
files, not installed), `source` is `python -m desktop` with this Python or `--python` (a pip
install: build/venv, which installer/build.py makes with `pip install .`, is one).
Scenarios: by default the bot is configured (token, model and API base in the environment, the
fakes of tests/fakes/ running in this process, so it connects right after the icon shows; the
keyring is not touched); `--first-run` is an empty home with nothing configured, as
test_deb.py starts it: the settings window opens too, before the icon.

`--cold` drops the page cache before every run (`sync; echo 3 > /proc/sys/vm/drop_caches`, root
only; where that is refused the run says so and stops). Warm runs come after one unmeasured
start that fills the cache. `--importtime` runs the source install once more with
`python -X importtime` and lists the slowest imports up to the icon (the app stops at once).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from installer import project
from tests.desktop.test_x11_tray import SCREEN, Xlib, embedded_icon, stop
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

TARGETS = {
    "installed": [str(Path("/usr/bin/familiar"))],
    "bundle": [str(project.BUNDLE_DIR / project.exe_name("linux"))],
    "source": [sys.executable, "-m", "desktop"],
}
#: Issue 13's budget: the packaged app and a source install.
BUDGET = {"installed": 1.0, "bundle": 1.0, "source": 1.5}
POLL = 0.01
TIMEOUT = 30.0


@contextlib.contextmanager
def x_server(work: Path) -> Iterator[str]:
    """Xvfb on a free display and trayer owning the tray selection (as tests/desktop/test_x11_tray.py)."""
    missing = [tool for tool in ("Xvfb", "trayer", "xwininfo") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"{missing} missing: install Debian's xvfb trayer x11-utils")
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(work / "xvfb.log").open("wb"),
    )
    os.close(write_end)
    processes = [xvfb]
    xlib = None
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        if not ready:
            raise SystemExit("Xvfb did not report its display")
        display = ":" + os.read(read_end, 64).decode().strip()
        processes.append(
            subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "32",
                    "--transparent",
                    "false",
                    "--SetDockType",
                    "false",
                ],
                env={**os.environ, "DISPLAY": display},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=(work / "trayer.log").open("wb"),
            )
        )
        xlib = Xlib(display)
        deadline = time.monotonic() + 10
        while xlib.tray_owner() == 0:
            if time.monotonic() > deadline:
                raise SystemExit("trayer never owned the tray selection")
            time.sleep(0.05)
        yield display
    finally:
        os.close(read_end)
        if xlib is not None:
            xlib.close()
        for process in reversed(processes):
            stop(process)


def drop_caches() -> str | None:
    """Empty the page cache; the reason it could not, if so."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as error:
        return f"cannot drop the page cache ({error}); cold figures need root on a machine that allows it"
    return None


def app_env(display: str, home: Path, work: Path, bot: dict[str, str] | None) -> dict[str, str]:
    """As test_deb.py starts it: no session bus (the XEmbed tray; no keyring), XDG folders of its own."""
    env = {
        "HOME": str(work),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DISPLAY": display,
        "FAMILIAR_HOME": str(home),
        "XDG_CONFIG_HOME": str(work / "xdg-config"),
        "QT_QPA_PLATFORM": "xcb",
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    if "VIRTUAL_ENV" in os.environ:
        env["VIRTUAL_ENV"] = os.environ["VIRTUAL_ENV"]
    return {**env, **(bot or {})}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (/proc/<pid>/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Run:
    def __init__(self, wall: float, cpu: float, stderr: str) -> None:
        self.wall, self.cpu, self.stderr = wall, cpu, stderr


async def start_once(command: list[str], env: dict[str, str], display: str, cwd: Path) -> Run:
    """Seconds from launch to the embedded icon (and the app's CPU time by then); the app is then
    stopped with SIGTERM (exit 0 expected)."""
    stderr_path = cwd / "stderr.txt"
    with stderr_path.open("wb") as stderr:
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        while True:
            if process.returncode is not None:
                raise SystemExit(f"{command[0]} exited {process.returncode}:\n{stderr_path.read_text()[-3000:]}")
            if time.monotonic() - started > TIMEOUT:
                raise SystemExit(f"no tray icon in {TIMEOUT:.0f} s:\n{stderr_path.read_text()[-3000:]}")
            if await asyncio.to_thread(embedded_icon, display) is not None:
                elapsed = time.monotonic() - started
                cpu = cpu_seconds(process.pid)
                break
            await asyncio.sleep(POLL)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 10)
        if code != 0:
            raise SystemExit(f"{command[0]} exited {code} after SIGTERM:\n{stderr_path.read_text()[-3000:]}")
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return Run(elapsed, cpu, stderr_path.read_text())


async def measure(target: str, runs: int, cold: bool, first_run: bool, display: str, work: Path) -> list[Run]:
    command = TARGETS[target]
    if target != "source" and not Path(command[0]).exists():
        print(f"{target}: {command[0]} is not there (build with `python -m installer.build --deb`, install the .deb)")
        return []
    fake_discord = FakeDiscord()
    fake_model = FakeModel()
    await fake_discord.start()
    await fake_model.start()
    fake_discord.add_guild("Tavern", ["general"])
    try:
        times: list[Run] = []
        for index in range(runs + (0 if cold else 1)):  # warm: one unmeasured start fills the cache
            run_dir = Path(tempfile.mkdtemp(prefix=f"{target}-{index}-", dir=work))
            home = run_dir / "home"
            bot = (
                None
                if first_run
                else {
                    "FAMILIAR_DISCORD_TOKEN": fake_discord.token,
                    "FAMILIAR_DISCORD_API_BASE": fake_discord.api_base,
                    "FAMILIAR_OPENAI_BASE_URL": fake_model.base_url,
                    "FAMILIAR_OPENAI_API_KEY": fake_model.api_key or "",
                    "FAMILIAR_MODEL": "fake-model",
                }
            )
            if cold and (problem := drop_caches()):
                raise SystemExit(problem)
            run = await start_once(command, app_env(display, home, run_dir, bot), display, run_dir)
            if cold or index > 0:
                times.append(run)
        return times
    finally:
        await fake_discord.close()
        await fake_model.close()


IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_profile(display: str, work: Path, top: int = 25) -> None:
    """`python -X importtime -m desktop` once (first run, nothing configured): the biggest imports."""
    run_dir = Path(tempfile.mkdtemp(prefix="importtime-", dir=work))
    env = app_env(display, run_dir / "home", run_dir, None)
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    run = asyncio.run(start_once(TARGETS["source"], env, display, run_dir))
    rows = []
    for line in run.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            rows.append((int(match[2]), int(match[1]), len(match[3]) // 2, match[4]))
    total = sum(self_us for _cum, self_us, _depth, _name in rows)
    print(f"\nsource install, imports in the whole run: {len(rows)} modules, {total / 1e6:.2f} s (self times summed)")
    print("top-level packages by cumulative time:")
    for cumulative, _self, depth, name in sorted((r for r in rows if r[2] <= 1), reverse=True)[:top]:
        print(f"  {cumulative / 1e3:8.1f} ms  {'  ' * depth}{name}")


def summary(values: list[float]) -> str:
    return (
        f"{min(values):.2f}–{max(values):.2f} s (median {statistics.median(values):.2f}; "
        + ", ".join(f"{t:.2f}" for t in values)
        + ")"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bench_cold_start", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="default: installed (else bundle) and source"
    )
    parser.add_argument("--cold", action="store_true", help="drop the page cache before every run (root)")
    parser.add_argument("--first-run", action="store_true", help="nothing configured: Settings opens too")
    parser.add_argument("--importtime", action="store_true", help="then list the source install's slowest imports")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the source install's Python, e.g. a venv made with `pip install .` (default: this one)",
    )
    args = parser.parse_args(argv)
    # A path is made absolute: each run starts in a directory of its own.
    TARGETS["source"][0] = str(Path(args.python).absolute()) if os.sep in args.python else args.python
    targets = args.target or ["installed" if Path(TARGETS["installed"][0]).exists() else "bundle", "source"]
    scenario = "first run (nothing configured)" if args.first_run else "configured (environment), fakes connected"
    print(
        f"start to tray icon, {'cold (page cache dropped)' if args.cold else 'warm'}, {scenario}, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}"
    )
    failed = False
    with tempfile.TemporaryDirectory(prefix="familiar-cold-start-") as scratch:
        work = Path(scratch)
        with x_server(work) as display:
            for target in targets:
                runs = asyncio.run(measure(target, args.runs, args.cold, args.first_run, display, work))
                if not runs:
                    continue
                wall = [r.wall for r in runs]
                over = statistics.median(wall) > BUDGET[target]
                failed |= over
                print(f"{target:>9}: {summary(wall)}  budget {BUDGET[target]:.1f} s{'  OVER' if over else ''}")
                print(f"{'':>9}  its CPU time by then: {summary([r.cpu for r in runs])}")
            if args.importtime:
                import_profile(display, work)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
