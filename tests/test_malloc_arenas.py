"""The malloc arena cap (bot/malloc_arenas.py), seen through glibc's own per-arena statistics."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.malloc_arenas import limit_malloc_arenas

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc arenas")

# Eight threads allocating at once: contention that makes glibc open more arenas. Then
# malloc_stats() writes one "Arena N:" block per arena to stderr.
BUSY_THREADS = """
import ctypes, sys, threading
from bot.malloc_arenas import limit_malloc_arenas
if sys.argv[1] == "cap":
    assert limit_malloc_arenas(env={})
start = threading.Barrier(8)
def churn():
    start.wait()
    for _ in range(20000):
        blocks = [bytearray(200) for _ in range(20)]
        del blocks
threads = [threading.Thread(target=churn) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
ctypes.CDLL(None).malloc_stats()
"""


def arenas_after_busy_threads(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", BUSY_THREADS, mode], capture_output=True, text=True, timeout=120, check=True
    )
    return sum(1 for line in done.stderr.splitlines() if line.startswith("Arena "))


def test_busy_threads_share_two_arenas_once_capped() -> None:
    assert arenas_after_busy_threads("uncapped") > 2  # the contention does open more without the cap
    assert arenas_after_busy_threads("cap") <= 2


def test_the_users_setting_stands() -> None:
    assert limit_malloc_arenas(env={"MALLOC_ARENA_MAX": "4"}) is False
