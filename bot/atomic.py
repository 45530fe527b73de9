"""Atomic file writes: a crash mid-save never leaves a truncated file."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The names `atomic_write_bytes` gives its temp files: mkstemp's prefix
# ".<name>.", 8 random characters from tempfile's alphabet, suffix ".tmp".
_TEMP_NAME_RE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temp file in the same folder, fsync it, then rename over `path`.

    `mode` (for example 0o600 for secrets) is applied before any byte is
    written, so the data is never readable with looser permissions.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode) if hasattr(os, "fchmod") else os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(path.parent)


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_json(path: Path, value: Any, mode: int | None = None) -> None:
    atomic_write_bytes(path, json_bytes(value), mode=mode)


def json_bytes(value: Any) -> bytes:
    """The exact bytes `atomic_write_json` writes.

    Strict JSON (no NaN/Infinity, which other tools reject) in UTF-8. Fails
    with ValueError (NaN, lone surrogates, integers over 4,300 digits) or
    RecursionError before the disk is touched, so loaders can call it to
    prove that what they accept can be saved.
    """
    return (json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def remove_stale_temp_files(folder: Path, older_than: float = 60.0) -> int:
    """Delete temp files that `atomic_write_bytes` left behind; returns how many.

    A save killed between mkstemp and rename (kill -9, power cut) leaves its
    `.<name>.<random>.tmp`. Only those names, only in `folder` itself and only
    when older than `older_than` seconds: a younger one may be a save that
    another process is making right now.
    """
    cutoff = time.time() - older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for entry in entries:
        if not _TEMP_NAME_RE.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
                continue
            os.unlink(entry.path)
        except FileNotFoundError:
            continue  # another process cleaned it first
        except OSError as exc:
            log.warning("Could not remove the leftover temp file %s: %s", entry.path, exc.strerror or exc)
            continue
        removed += 1
    if removed:
        log.info("Removed %d leftover temp file(s) of interrupted saves from %s", removed, folder)
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows has no folder fds)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
