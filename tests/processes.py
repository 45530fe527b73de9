"""Other processes for tests: a second program holding a lock, a child that really lacks permissions.

The tests run as root, which reads and writes through any mode bits, so a
permission test runs its check in a child that drops to `nobody` first
(`run_unprivileged`); a lock test needs a real second process (`child`).
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOBODY = 65534

# Imports happen before the privilege drop: as `nobody` the child could not
# read the interpreter's own library (it lives under /root, mode 0700).
_PROLOGUE = f"""
import asyncio, json, os, sys
from pathlib import Path
import bot.folders, bot.memory
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid({NOBODY})
    os.setuid({NOBODY})
    assert os.getuid() == os.geteuid() == {NOBODY}, "privilege drop failed"
"""


def run_unprivileged(code: str, *args: str, timeout: float = 60) -> object:
    """Run `code` in a child Python for which permission bits really apply; its JSON output.

    As root the child starts as root (to load Python), then setgroups/setgid/
    setuid to `nobody` for good; as an ordinary user the bits already apply.
    `code` prints one JSON value as its last line.
    """
    result = subprocess.run(
        [sys.executable, "-c", _PROLOGUE + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def this_user() -> str:
    """Who the child runs as, and so who the test's files belong to, by name."""
    return pwd.getpwuid(os.getuid()).pw_name


@contextmanager
def shared_temp_folder() -> Iterator[Path]:
    """A temp folder `nobody` can enter (pytest's tmp_path sits under a mode-0700 folder)."""
    root = Path(tempfile.mkdtemp(prefix="familiar-perm-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        _give_back(root)
        shutil.rmtree(root)


def _give_back(folder: Path) -> None:
    """Undo a test's chmods, top down (a mode-0000 folder must open before its contents can)."""
    os.chmod(folder, 0o755)
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            _give_back(Path(entry.path))
        else:
            os.chmod(entry.path, 0o644)


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO messages (channel_id, content, created_at) VALUES (1, 'from the other program', 0)")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
db.execute("COMMIT")
db.close()
"""


@asynccontextmanager
async def second_process(code: str, *args: str, ready: str) -> AsyncIterator[asyncio.subprocess.Process]:
    """A second Python process, yielded once it has printed `ready`; its stdin closing tells it to finish."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        *args,
        cwd=REPO,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        line = await asyncio.wait_for(child.stdout.readline(), 30)
        if line.decode().strip() != ready:
            _, err = await asyncio.wait_for(child.communicate(), 30)
            raise AssertionError(f"child did not get ready: {line!r} {err.decode()}")
        yield child
    finally:
        if child.returncode is None and child.stdin is not None and not child.stdin.is_closing():
            child.stdin.close()
        try:
            await asyncio.wait_for(child.communicate(), 30)
        finally:
            if child.returncode is None:
                child.kill()
                await child.communicate()
