"""A Familiar (or other Python) subprocess whose combined output is collected line by line.

Used by the headless tests and the idle-memory benchmark: both start real
processes and wait for log lines with timeouts instead of sleeping.
"""

from __future__ import annotations

import asyncio
import os
import sys


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
            sys.executable, *args,
            env=full_env, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
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
