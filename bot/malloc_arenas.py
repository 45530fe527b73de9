"""Fewer malloc arenas: what `MALLOC_ARENA_MAX=2` does, set from inside the process.

glibc gives a thread that finds the heap busy an arena of its own (up to eight per
core), and each arena keeps the memory freed into it. Familiar's threads (SQLite's, the
worker pool's reading files and the keyring) do little, so two arenas serve them as well
as eight, and an idle bot holds less: 1.5–2 MB of its ~80 (README, Benchmarks). Set from
here rather than in a unit file or a launcher so that every way of starting it gets it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Mapping

log = logging.getLogger(__name__)

#: glibc's <malloc.h>: the mallopt() parameter for the most arenas.
M_ARENA_MAX = -8
DEFAULT_ARENAS = 2


def limit_malloc_arenas(count: int = DEFAULT_ARENAS, env: Mapping[str, str] = os.environ) -> bool:
    """Cap glibc's malloc arenas at `count`, unless the user set MALLOC_ARENA_MAX (theirs stands).

    Best before threads start (arenas already made stay). True when the cap was set; False
    where there is no glibc (Windows, macOS; musl's mallopt does nothing).
    """
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in env:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process already uses
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_ARENA_MAX, count))
    log.debug("malloc arenas capped at %d: %s", count, done)
    return done
