"""Qt + asyncio in the desktop tests: every async test here runs on a qasync loop.

Why not pytest-asyncio's default loop: the tray's timers and signals only
fire while Qt's event loop runs, and the app runs the bot on that same loop.
pytest-asyncio's `pytest_asyncio_loop_factories` hook (1.x) lets this folder
run its async tests and async fixtures (`fake_discord`, `make_supervisor`)
on `desktop.compat.new_event_loop()`, which is what the app itself uses.
Tests outside tests/desktop keep the default loop (the hook is per folder).

Rule that follows: in these async tests never call `qtbot.wait*` or any
`exec()`; a nested Qt loop would run asyncio callbacks in the middle of the
test's own task step. Wait with asyncio (`wait_until` below) instead.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from desktop import compat, i18n


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Callable[[], Any]]:
    return {"qasync": compat.new_event_loop}


@pytest.fixture(autouse=True, scope="session")
def english_plural_forms(qapp: Any) -> Any:
    """As the app does at start (desktop/i18n.py): English's plural forms, so "%n server(s)"
    reads "1 server" / "3 servers". No other translator: the tests read the English source."""
    translator = i18n.install_english_plurals(qapp)
    yield translator
    if translator is not None:
        qapp.removeTranslator(translator)


async def wait_until(
    predicate: Callable[[], bool], timeout: float = 10, what: str = "condition", poll: float = 0.02
) -> None:
    """Poll a condition that has no event to wait on (Qt state, a file), with a deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached in {timeout} s")
        await asyncio.sleep(poll)


# ----- the real `familiar` in a subprocess -----

#: A line the logging setup writes: "2026-01-01 12:00:00,123 INFO    name: message".
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) +[\w.]+: ")
UNCLEAN_OUTPUT = ("Unclosed", "Task was destroyed", "Traceback", "never awaited", "Event loop is closed")


class AppProcess:
    """`python -m desktop` (the tray app) with FAMILIAR_TEST_STATE_FILE, observed through that file."""

    def __init__(self, env: Mapping[str, str], workdir: Path, name: str = "app") -> None:
        self.state_file = workdir / f"{name}-state.jsonl"
        self.stderr_path = workdir / f"{name}-stderr.txt"
        self.stdout_path = workdir / f"{name}-stdout.txt"
        self.env = {
            **os.environ,
            **env,
            "FAMILIAR_TEST_STATE_FILE": str(self.state_file),
            # No keyring daemon in tests: the secrets file fallback, without probing D-Bus.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONUNBUFFERED": "1",
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, *args: str) -> None:
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "desktop",
                *args,
                env=self.env,
                cwd=REPO_ROOT,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )

    def records(self) -> list[dict[str, Any]]:
        if not self.state_file.exists():
            return []
        return [
            json.loads(line) for line in self.state_file.read_text(encoding="utf-8").splitlines() if line.endswith("}")
        ]

    async def wait_for_record(
        self, predicate: Callable[[dict[str, Any]], bool], *, after: int = 0, timeout: float = 15, what: str = "state"
    ) -> int:
        """Index of the first record after `after` matching `predicate`."""
        found: list[int] = []

        def check() -> bool:
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(
                    f"the app exited with {self.process.returncode} while waiting for {what}:\n{self.stderr()}"
                )
            found[:] = [i for i, record in enumerate(self.records()) if i >= after and predicate(record)][:1]
            return bool(found)

        await wait_until(check, timeout, what, poll=0.05)
        return found[0]

    async def wait_for_state(self, state: str, *, after: int = 0, timeout: float = 15) -> int:
        return await self.wait_for_record(
            lambda r: r.get("state") == state, after=after, timeout=timeout, what=f"state {state}"
        )

    def states(self) -> list[str]:
        return [r["state"] for r in self.records() if r["event"] == "tray"]

    async def wait_exit(self, timeout: float) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout)

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace") if self.stderr_path.exists() else ""

    def assert_clean_output(self) -> None:
        """Nothing but log lines on stderr (and stdout empty), and none of them a warning of an unclean exit."""
        text = self.stderr()
        assert self.stdout_path.read_bytes() == b""
        bad = [line for line in text.splitlines() if not LOG_LINE.match(line)]
        assert not bad, f"stderr holds non-log lines: {bad}"
        assert not any(marker in text for marker in UNCLEAN_OUTPUT), text
        assert not [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line], text

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


REPO_ROOT = Path(__file__).resolve().parents[2]
