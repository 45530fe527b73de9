"""Opening Settings and flipping every page never blocks the loop the bot runs on.

The loop is also Qt's UI thread: a page built, loaded or drawn in one go stalls the
bot too. Measured with the app's own stall monitor (a 5 ms heartbeat here), with a
generous margin over what the benchmark (`tests/benchmarks/bench_ui_stalls.py`)
finds, so only a real regression fails it: a whole window built at once, a card
picture decoded on the loop, 10,000 log lines put in the view in one go.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.characters import Character, CharacterStore, card_png
from bot.stall_monitor import StallMonitor
from desktop.settings.window import SettingsWindow
from desktop.tasks import UiTasks
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import settled

#: The longest stall allowed (the benchmark measures 20-40 ms on a 2-core machine).
LIMIT = 0.25


def noise_png(side: int) -> bytes:
    """A picture PNG cannot compress: about side² × 3 bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(7).randbytes(side * side * 3)).save(
        buffer, format="PNG", compress_level=1
    )
    return buffer.getvalue()


def many_characters(folder: Path, count: int) -> None:
    store = CharacterStore(folder)
    for i in range(count):
        store.save(Character(name=f"Character {i:02d}", description="Someone.", first_mes="Hello."))
    # One with a 5 MB picture, as a card downloaded from a character site can have.
    (folder.parent / "noisy.png").write_bytes(card_png(Character(name="Noisy"), noise_png(1300)))
    store.import_file(folder.parent / "noisy.png")


@pytest.fixture
def frozen_gc() -> Iterator[None]:
    """As the app does before its loop starts (bot.gc_freeze.freeze_startup_objects): a full
    collection over everything pytest has made would stall the loop by itself."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def test_opening_settings_and_flipping_every_page_never_stalls(
    make_supervisor: SupervisorFactory, offline_env: dict[str, str], frozen_gc: None
) -> None:
    supervisor = await make_supervisor(env=offline_env)  # the pages alone: no connection's timers
    await settled(supervisor)
    await asyncio.to_thread(many_characters, supervisor.folders.characters, 40)
    tasks = UiTasks()
    window = SettingsWindow(supervisor, supervisor.folders, tasks)
    logger = logging.getLogger("familiar.test.busy")
    logger.setLevel(logging.INFO)

    def busy_log() -> None:
        for i in range(10_000):
            logger.info("line %d of a busy log, with some detail %s", i, "x" * 60)

    await asyncio.to_thread(busy_log)  # what a busy bot logs, from another thread, while the window is closed
    monitor = StallMonitor(threshold=0.01, tick=0.005)
    monitor.start()
    try:
        window.open()
        assert window.built_pages() == [window.connection]  # one page, not nine
        assert window._load_task is not None
        await window._load_task
        await asyncio.sleep(0.2)
        for row in range(window.sidebar.count()):
            window.sidebar.setCurrentRow(row)
            await asyncio.sleep(0.15)  # drawn, and what the page starts when shown has run
            page = window.stack.currentWidget()
            for task in (window.avatars_task, getattr(page, "last_task", None)):
                if task is not None:
                    await task
            if page is window.logs:
                await wait_until(lambda: window.logs.caught_up, what="the log lines shown")
                assert "line 9999 of a busy log" in window.logs.view.toPlainText()
        assert window.characters.list.count() == 42
        await asyncio.sleep(0.1)
        checks = monitor.checks
        await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= checks + 2, 2.0)
        longest = max(monitor.stalls, default=(0.0, ""))
        assert longest[0] < LIMIT, f"the loop was blocked for {longest[0] * 1000:.0f} ms in {longest[1]}"
    finally:
        await monitor.stop()
        await tasks.close()
        window.dispose()
        window.deleteLater()
