"""A Familiar (or other Python) subprocess whose combined output is collected line by line.

Used by the headless tests and the idle-memory benchmark: both start real
processes and wait for log lines with timeouts instead of sleeping.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path


class LoggedProcess:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._changed = asyncio.Condition()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def start(cls, args: list[str], env: dict[str, str]) -> LoggedProcess:
        """`python *args` with `env` on top of this environment, minus any inherited FAMILIAR_*."""
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("FAMILIAR_")}
        full_env.update(env)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            env=full_env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        return cls(process)

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            async with self._changed:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._changed.notify_all()

    async def wait_for_line(self, text: str, timeout: float = 15) -> str:
        """The first output line containing `text`, waiting up to `timeout` seconds."""

        def found() -> str | None:
            return next((line for line in self.lines if text in line), None)

        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: found() is not None)
        return found() or ""

    async def wait(self, timeout: float) -> int:
        """The exit code, once the process has ended and its output is read."""
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await asyncio.wait_for(self._reader, 5)
        return code

    async def kill(self) -> None:
        """Idempotent cleanup for fixtures."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)


class ProcStat:
    """CPU time and per-thread context switches of a process, from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def wait_quiet(self, timeout: float = 20) -> None:
        """Until a whole second passes with under 1 % of a core used (start-up work has settled)."""
        deadline = asyncio.get_running_loop().time() + timeout
        cpu, since = self.cpu_seconds(), asyncio.get_running_loop().time()
        while True:
            await asyncio.sleep(0.1)  # sampling /proc: there is no event for "the process went quiet"
            now = asyncio.get_running_loop().time()
            if now >= deadline:
                raise AssertionError(f"no quiet second within {timeout} s")
            if now - since < 1.0:
                continue
            used = self.cpu_seconds()
            if (used - cpu) / (now - since) < 0.01:
                return
            cpu, since = used, now

    def switches(self) -> dict[int, int]:
        """Per thread id: voluntary + involuntary context switches so far (one per wake-up, or more)."""
        counts: dict[int, int] = {}
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                status = (task / "status").read_text()
            except OSError:  # the thread ended meanwhile
                continue
            values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            counts[int(task.name)] = int(values["voluntary_ctxt_switches"]) + int(values["nonvoluntary_ctxt_switches"])
        return counts
