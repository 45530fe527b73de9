"""Atomic saves: strict JSON bytes, and cleaning up after saves that were killed."""

from __future__ import annotations

import logging
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.atomic import atomic_write_json, json_bytes, remove_stale_temp_files

# A save that stops between writing its temp file and the rename, as kill -9 would catch it.
KILLED_MID_SAVE = """
import os, sys
from pathlib import Path
from bot import atomic

def stop_here(src, dst):
    print("temp file written", flush=True)
    sys.stdin.read()  # until killed

os.replace = stop_here
atomic.atomic_write_bytes(Path(sys.argv[1]), b'{"model": "new"}')
"""


def kill_mid_save(path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_SAVE, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        with selectors.DefaultSelector() as selector:
            assert child.stdout is not None
            selector.register(child.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=30), "the child never wrote its temp file"
            assert child.stdout.readline() == b"temp file written\n"
    finally:
        child.kill()
        child.wait(timeout=30)
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_leftover_of_a_killed_save_is_removed_once_old(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"model": "old"}')
    kill_mid_save(settings)
    (leftover,) = tmp_path.glob(".settings.json.*.tmp")
    assert settings.read_text() == '{"model": "old"}'

    assert remove_stale_temp_files(tmp_path) == 0  # young: it could be a save in progress
    assert leftover.exists()

    age(leftover, 61)
    with caplog.at_level(logging.INFO, logger="bot.atomic"):
        assert remove_stale_temp_files(tmp_path) == 1
    assert not leftover.exists()
    assert settings.read_text() == '{"model": "old"}'
    assert "Removed 1 leftover temp file" in caplog.text and str(tmp_path) in caplog.text


def test_only_old_temp_files_of_atomic_saves_in_that_folder_are_removed(tmp_path: Path) -> None:
    stale = [tmp_path / ".settings.json.ab_c12x9.tmp", tmp_path / ".aria.json.0123abcd.tmp"]
    kept = [
        tmp_path / "settings.json",
        tmp_path / ".settings.json.tmp",  # no random part: not mkstemp's name
        tmp_path / ".settings.json.abc.tmp",  # random part of the wrong length
        tmp_path / "settings.json.abcdefgh.tmp",  # no leading dot
        tmp_path / ".settings.json.ABCDEFGH.tmp",  # mkstemp uses lowercase only
        tmp_path / "settings.json.corrupt-20240101-000000",
        tmp_path / "sub" / ".x.json.abcdefgh.tmp",  # not recursive
    ]
    for path in stale + kept:
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
        age(path, 3600)
    (tmp_path / ".dir.json.abcdefgh.tmp").mkdir()  # only regular files
    target = tmp_path / "target"
    target.write_text("keep me")
    link = tmp_path / ".link.json.abcdefgh.tmp"
    link.symlink_to(target)
    os.utime(link, (time.time() - 3600,) * 2, follow_symlinks=False)

    assert remove_stale_temp_files(tmp_path, older_than=60) == 2
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (tmp_path / ".dir.json.abcdefgh.tmp").is_dir() and link.is_symlink() and target.read_text() == "keep me"


def test_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / "nowhere") == 0


def test_json_bytes_are_strict_and_refused_before_the_disk(tmp_path: Path) -> None:
    assert json_bytes({"a": "é"}) == '{\n  "a": "é"\n}\n'.encode()
    path = tmp_path / "x.json"
    atomic_write_json(path, {"ok": 1})
    for bad in ({"x": float("nan")}, {"x": float("inf")}, {"x": "\ud800"}, {"\udfff": 1}):
        with pytest.raises(ValueError):  # UnicodeEncodeError is a ValueError
            atomic_write_json(path, bad)
    assert path.read_text() == '{\n  "ok": 1\n}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temp file either
