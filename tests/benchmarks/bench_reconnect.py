"""How fast the bot says "connected", and how fast it is back after Discord returns from an outage.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_reconnect [--outages 3] [--outage-seconds 15]

The bot runs in this process with the product's own timings (discord.py's default
guild wait, the supervisor's 1 s → 60 s backoff), against the fake Discord server:

- READY → "connected": from the fake writing READY to the supervisor's CONNECTED
  snapshot (what the tray shows), on a fresh start.
- Back after an outage: the fake stops listening (connections refused, as when the
  network is gone) for `--outage-seconds`, then listens again; measured from then to
  CONNECTED. Median of `--outages`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.backoff import Backoff
from bot.folders import Folders
from bot.supervisor import Snapshot, State, Supervisor
from tests.conftest import bot_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


class ReadyTimedDiscord(FakeDiscord):
    """Notes when READY is written to the socket."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ready_at: list[float] = []

    async def _emit(self, session: Any, event: str, data: dict[str, Any]) -> None:
        await super()._emit(session, event, data)
        if event == "READY":
            self.ready_at.append(time.monotonic())


async def main(outages: int, outage_seconds: float) -> None:
    fake = ReadyTimedDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    fake.add_guild("Tavern", ["general", "random"])
    model = FakeModel()
    await model.start()
    connected_at: list[float] = []
    connected = asyncio.Event()  # set on each CONNECTED (observers run on the loop)

    def observe(snapshot: Snapshot) -> None:
        if snapshot.state is State.CONNECTED:
            connected_at.append(time.monotonic())
            connected.set()

    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            env = bot_env(Path(tmp) / "home", fake, model)
            folders = Folders.resolve(env)
            folders.ensure()
            supervisor = Supervisor(folders, env=env, backoff=Backoff(1.0, 60.0))
            supervisor.subscribe(observe)
            await supervisor.start()
            try:
                await connected.wait()
                ready_to_connected = (connected_at[0] - fake.ready_at[0]) * 1000
                print(f"READY -> connected: {ready_to_connected:.1f} ms")
                backs: list[float] = []
                for n in range(outages):
                    await asyncio.sleep(2)
                    await fake.stop_listening()
                    await asyncio.sleep(outage_seconds)
                    connected.clear()
                    back = time.monotonic()
                    await fake.start_listening()
                    await connected.wait()
                    backs.append(connected_at[-1] - back)
                    print(f"outage {n + 1}: back {backs[-1]:.2f} s after Discord returned")
                print(f"median {statistics.median(backs):.2f} s over {outages} outages of {outage_seconds:g} s")
            finally:
                await supervisor.shutdown(5)
    finally:
        await model.close()
        await fake.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outages", type=int, default=3)
    parser.add_argument("--outage-seconds", type=float, default=15.0)
    args = parser.parse_args()
    asyncio.run(main(args.outages, args.outage_seconds))
