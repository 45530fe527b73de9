"""The single-instance lock: held by a live copy, taken over from a crashed one."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from bot.folders import Folders
from desktop.single_instance import SingleInstance, lock_path, server_name


def test_a_crashed_copys_lock_is_taken_over(tmp_path: Path) -> None:
    folders = Folders.resolve({"FAMILIAR_HOME": str(tmp_path)})
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    path = lock_path(folders)
    path.parent.mkdir(parents=True)
    # QLockFile's format: pid, app name, host name.
    path.write_text(f"{dead.stdout.strip()}\nfamiliar\n{socket.gethostname()}\n")
    instance = SingleInstance(folders)
    try:
        assert instance.acquire()
    finally:
        instance.close()
    assert not path.exists()


def test_the_name_is_per_settings_folder(tmp_path: Path) -> None:
    one = Folders.resolve({"FAMILIAR_HOME": str(tmp_path / "one")})
    two = Folders.resolve({"FAMILIAR_HOME": str(tmp_path / "two")})
    assert server_name(one) != server_name(two)
    assert server_name(one) == server_name(Folders.resolve({"FAMILIAR_HOME": str(tmp_path / "one")}))
    assert len(server_name(one)) < 40  # fits a Unix socket path in any temp folder
