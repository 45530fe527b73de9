"""Coroutines started from Qt slots, kept and awaited so none is left pending at exit.

A bare `asyncio.ensure_future` from a slot is weakly referenced (it can be
garbage-collected mid-run) and, if still pending at exit, prints "Task was
destroyed but it is pending". Every UI coroutine goes through `UiTasks`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class UiTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    def spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any] | None:
        if self._closed:
            coroutine.close()  # shutting down: never started, never "never awaited"
            return None
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", task.get_name(), exc_info=task.exception())

    async def close(self, timeout: float = 1.0) -> None:
        """Give running UI work a moment to finish, then cancel it; idempotent."""
        self._closed = True
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
