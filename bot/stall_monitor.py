"""Measures event-loop stalls and names the code that caused them.

A blocked loop starves discord.py's heartbeats, which is how a bot goes
"silently offline". asyncio's debug mode would name slow callbacks but slows
everything; instead a heartbeat task on the loop notes the time every tick, and
a daemon thread watches it: when the loop is late, the thread samples the loop
thread's current stack frame.

The heartbeat itself measures each stall when it runs again (how long past due
it is: the time the loop ran no callbacks), so a stall's length never depends on
when the watcher happened to look; the watcher only adds where the loop was.

Probe mode (`probe=True`, what the bot and the app use): a heartbeat that ticks 20
times a second costs an idle process more CPU than everything else it does. A
loop is only ever stalled while it runs code, between two waits, so the loop
itself says when it stops waiting (`busy()`) and starts again (`idle()`). A stall
is one busy stretch longer than the threshold, measured exactly. The watcher thread
sleeps on a condition while the loop waits, so an idle process has no timer at all;
while busy it looks every half threshold to see where the loop is. Two kinds of loop
can say so: an asyncio selector loop, through its selector's `select()` (wrapped
here); and a loop that offers `probe_busy(busy, idle)` itself (returning the function
that stops it), as the app's Qt loop does: qasync's loop has a selector that is never
called (Qt waits in its own event dispatcher), and only Qt knows when it waits. Any
other loop keeps the heartbeat.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class StallMonitor:
    def __init__(
        self,
        threshold: float = 0.25,
        tick: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        *,
        probe: bool = False,
    ) -> None:
        self.threshold = threshold
        self.tick = tick
        self.probe = probe  # busy/idle from the loop instead of a heartbeat (see the module docstring)
        self._probed = False  # a probe is attached: no heartbeat
        self._busy_since: float | None = None  # when the loop stopped waiting; None while it waits
        self._busy_count = 0  # busy stretches begun: tells the watcher one stretch from the next
        self._parked = False  # the watcher sleeps until the loop is busy again
        self._unwrap: Callable[[], None] | None = None  # detaches the probe (gives a loop its own selector back)
        # (seconds, where) of the latest stalls, for tests and diagnostics: bounded, a bot runs for months.
        self.stalls: collections.deque[tuple[float, str]] = collections.deque(maxlen=1000)
        # (when it was reported, seconds, where) of the latest stalls, for `longest_since`.
        self._recent: collections.deque[tuple[float, float, str]] = collections.deque(maxlen=100)
        self._clock = clock  # a parameter so tests can skew what each thread sees
        self._beat = clock()
        # Stalls the heartbeat measured, (the beat before it, seconds), for the watcher to report.
        self._ended: collections.deque[tuple[float, float]] = collections.deque()
        self._loop_thread_id: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        # The watcher thread counts its looks and announces stalls here, so
        # callers (tests, diagnostics) wait on a condition instead of sleeping.
        self._progress = threading.Condition()
        self.checks = 0

    def start(self) -> None:
        """Start watching the running loop; call from inside it."""
        if self._task is not None:
            return
        self._loop_thread_id = threading.get_ident()
        self._beat = self._clock()
        self._stop.clear()
        loop = asyncio.get_running_loop()
        if self.probe and (self._probed or self._attach_probe(loop)):
            self._probed = True
            self._busy_since = self._clock()  # we are running code right now
            self._thread = threading.Thread(target=self._watch_probed, name="familiar-stall-watch", daemon=True)
        else:
            self._task = loop.create_task(self._heartbeat(), name="familiar-stall-heartbeat")
            self._thread = threading.Thread(target=self._watch, name="familiar-stall-watch", daemon=True)
        self._thread.start()

    def busy(self) -> None:
        """The loop stopped waiting and runs code (call on the loop thread)."""
        self._busy_since = self._clock()
        self._busy_count += 1
        if self._parked:
            with self._progress:
                self._progress.notify_all()

    def idle(self) -> None:
        """The loop is about to wait for I/O or timers (call on the loop thread)."""
        since, self._busy_since = self._busy_since, None
        if since is None:
            return
        busy_for = self._clock() - since
        if busy_for > self.threshold:
            self._ended.append((since, busy_for))
            with self._progress:
                self._progress.notify_all()  # the watcher reports it (with where it saw the loop)

    def _attach_probe(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Have the loop call `busy()`/`idle()`: its own `probe_busy` hook, else its selector."""
        probe_busy = getattr(loop, "probe_busy", None)
        if callable(probe_busy):
            self._unwrap = probe_busy(self.busy, self.idle)
            return True
        return self._wrap_selector(loop)

    def _wrap_selector(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Probe an asyncio selector loop through its `select()` (not a qasync loop's, subclasses
        included: that selector is never called, and a probe on it would say "busy" for ever)."""
        selector = getattr(loop, "_selector", None)
        from_qasync = any(cls.__module__.split(".")[0] == "qasync" for cls in type(loop).__mro__)
        if selector is None or from_qasync or isinstance(selector, _ProbedSelector):
            return False
        loop._selector = _ProbedSelector(selector, self)  # type: ignore[attr-defined]

        def unwrap() -> None:
            if isinstance(getattr(loop, "_selector", None), _ProbedSelector):
                loop._selector = selector  # type: ignore[attr-defined]

        self._unwrap = unwrap
        return True

    async def stop(self) -> None:
        """Stop both halves; idempotent."""
        self._stop.set()
        with self._progress:
            self._progress.notify_all()  # a parked watcher wakes up to leave
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        thread, self._thread = self._thread, None
        if thread is not None:
            await asyncio.to_thread(thread.join, 2)
        unwrap, self._unwrap = self._unwrap, None
        if unwrap is not None:
            unwrap()
            self._probed = False

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block (in a thread: `await asyncio.to_thread(...)`) until `predicate` holds after a
        look by the watcher; False on timeout."""
        with self._progress:
            return self._progress.wait_for(predicate, timeout)

    def longest_since(self, since: float) -> tuple[float, str] | None:
        """(seconds, where) of the longest stall reported at or after `since` (this monitor's clock)."""
        with self._progress:
            recent = [(seconds, where) for at, seconds, where in self._recent if at >= since]
        return max(recent, default=None)

    async def _heartbeat(self) -> None:
        while True:
            now = self._clock()
            late = now - self._beat - self.tick  # past due: the loop ran no callbacks meanwhile
            if late > self.threshold:
                self._ended.append((self._beat, late))
            self._beat = now
            await asyncio.sleep(self.tick)

    def _watch(self) -> None:
        sampled: tuple[float, str] | None = None  # (the beat a stall followed, where the loop was)
        while not self._stop.wait(self.tick):
            # The clock before the beat: a beat stored in between only makes the loop look earlier.
            now = self._clock()
            beat = self._beat
            if now - beat - self.tick > self.threshold and (sampled is None or sampled[0] != beat):
                sampled = (beat, self._loop_location())
            while self._ended:
                after, seconds = self._ended.popleft()
                self._report(seconds, sampled[1] if sampled is not None and sampled[0] == after else None)
            with self._progress:
                self.checks += 1
                self._progress.notify_all()

    def _watch_probed(self) -> None:
        """Sleeps while the loop waits; while it runs code, looks every half threshold for a stretch
        going on too long and notes where the loop is; reports the stretches `idle()` measured."""
        sampled: tuple[float, str] | None = None  # (the stretch's start, where the loop was)
        while not self._stop.is_set():
            with self._progress:
                if self._busy_since is None and not self._ended:
                    # Nothing going on: no timer at all until the loop wakes. Once it does, look at
                    # once: a short stretch is usually over by then, and the watcher parks again.
                    self._parked = True
                    self._progress.wait_for(
                        lambda: self._busy_since is not None or bool(self._ended) or self._stop.is_set()
                    )
                    self._parked = False
                else:
                    self._progress.wait(self.threshold / 2)
            now = self._clock()
            since = self._busy_since
            if since is not None and now - since > self.threshold and (sampled is None or sampled[0] != since):
                sampled = (since, self._loop_location())
            while self._ended:
                started, seconds = self._ended.popleft()
                self._report(seconds, sampled[1] if sampled is not None and sampled[0] == started else None)
            with self._progress:
                self.checks += 1
                self._progress.notify_all()

    def _report(self, seconds: float, where: str | None) -> None:
        # A stall the watcher did not see while it lasted (it was late itself) still counts;
        # only its place is unknown.
        where = where or "an unknown callback"
        with self._progress:
            self.stalls.append((seconds, where))
            self._recent.append((self._clock(), seconds, where))
        log.warning("Event loop was blocked for %.0f ms in %s", seconds * 1000, where)

    def _loop_location(self) -> str:
        """The callback the loop is running (first frame below asyncio's), and the innermost frame."""
        frame = sys._current_frames().get(self._loop_thread_id or 0)
        if frame is None:
            return "an unknown callback"
        stack = traceback.extract_stack(frame)
        inside_loop = False
        callback = None
        for entry in stack:
            in_asyncio = "asyncio" in entry.filename or "qasync" in entry.filename
            if in_asyncio and entry.name in ("_run_once", "_run", "run_forever"):
                inside_loop = True
            elif inside_loop and not in_asyncio:
                callback = entry
                break
        innermost = stack[-1]
        callback = callback or innermost
        where = f"{callback.name} ({callback.filename}:{callback.lineno})"
        if innermost is not callback:
            where += f", at {innermost.name} ({innermost.filename}:{innermost.lineno})"
        return where


class _ProbedSelector:
    """An asyncio loop's selector that tells the monitor when the loop waits and when it wakes."""

    def __init__(self, inner: Any, monitor: StallMonitor) -> None:
        self._inner = inner
        self._monitor = monitor

    def select(self, timeout: float | None = None) -> Any:
        self._monitor.idle()
        try:
            return self._inner.select(timeout)
        finally:
            self._monitor.busy()

    def __getattr__(self, name: str) -> Any:  # register, unregister, modify, get_map, close, ...
        return getattr(self._inner, name)
