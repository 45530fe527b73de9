"""A seeded soak: mentions interleaved with every gateway and REST fault, then count the replies.

Shared by the CI-sized test (tests/integration/test_soak.py, the bot in this
process) and the long benchmark (tests/benchmarks/bench_soak.py, the bot as a
real `familiar --headless` subprocess). Either way the fake Discord server is
in this process and is the only judge: every addressed message must end with
exactly one answer (`FakeDiscord.answers_to`: the bot account's reply, or a
character's webhook message linking it), none lost and none doubled.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.discord_server import DROP_CONNECTION, Channel, FakeDiscord, User

#: Every fault the soak draws from. Each name is a scenario a user's bot meets.
FAULTS = (
    "abort",  # TCP dropped without a close frame (1006)
    "close_4000",
    "close_1001",
    "op7_reconnect",
    "op9_resumable",
    "op9_new_session",  # session gone: what was said in between only a catch-up finds
    "outage",  # Discord unreachable for a while (REST and gateway)
    "outage_new_session",  # an outage after which the session cannot be resumed
    "drop_after_ready",  # a new session whose socket drops before discord.py's ready event
    "outage_after_ready",  # the same, with REST down too: the catch-up meets a dead connection
    "typing_fails",
    "send_fails",  # 503s on posting, sometimes longer than the bot's own retries
    "answer_lost",  # the post reached Discord but its answer was lost
    "history_fails",  # 503s on reading history (the catch-up's calls)
)


#: A new message: the bot account's post, or a webhook's execute (a character speaking).
POSTS = r"^/channels/\d+/messages$|^/webhooks/\d+/[^/]+$"


@dataclass
class SoakResult:
    rounds: int
    seed: int
    mentions: list[dict[str, Any]] = field(default_factory=list)
    faults: Counter[str] = field(default_factory=Counter)
    lost: list[dict[str, Any]] = field(default_factory=list)
    doubled: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.rounds} rounds (seed {self.seed}), {len(self.mentions)} addressed messages, "
            f"{len(self.lost)} lost, {len(self.doubled)} answered twice, {self.elapsed:.0f} s"
        )


class Soak:
    """Drives the fake: `await Soak(fake, seed=1).run(rounds, settle=...)`."""

    def __init__(
        self,
        fake: FakeDiscord,
        *,
        seed: int,
        user: User,
        channels: list[Channel],
        outage: tuple[float, float] = (0.3, 1.5),
        reconnect_timeout: float = 30.0,
        extra_faults: dict[str, Callable[[], Awaitable[None]]] | None = None,
    ) -> None:
        self.fake = fake
        self.rng = random.Random(seed)
        self.seed = seed
        self.user = user
        self.channels = channels
        self.outage = outage
        self.reconnect_timeout = reconnect_timeout
        self.extra_faults = dict(extra_faults or {})  # e.g. restarting the bot's process
        self.faults = (*FAULTS, *self.extra_faults)
        self.result = SoakResult(rounds=0, seed=seed)
        self._counter = 0

    async def say(self) -> None:
        """One addressed message in a random place: a server channel, a thread or the DM."""
        self._counter += 1
        text = f"soak message {self._counter}"
        target = self.rng.choice([*self.channels, None])
        if target is None:
            message = await self.fake.user_says_dm(self.user, text)
        else:
            message = await self.fake.user_says(target, self.user, text, mentions_bot=True)
        self.result.mentions.append(message)

    async def run(self, rounds: int, *, settle: Callable[[], Awaitable[None]], answer_timeout: float) -> SoakResult:
        """`settle` waits until the bot has nothing left to do (caught up, idle)."""
        started = time.monotonic()
        # The bot must have talked in the DM before, or a catch-up cannot know the DM channel.
        await self.fake.wait_connected(self.reconnect_timeout)
        await self.say_in_dm_first()
        for _ in range(rounds):
            await self.round()
        await self.fake.start_listening()  # in case the last round left an outage half-done
        self.fake.clear_rest_failures()
        await self.fake.wait_for(
            lambda: all(self.fake.answers_to(m) for m in self.result.mentions),
            answer_timeout,
            "every soak message answered",
        )
        await settle()
        self.result.rounds = rounds
        self.result.lost = [m for m in self.result.mentions if not self.fake.answers_to(m)]
        self.result.doubled = [m for m in self.result.mentions if len(self.fake.answers_to(m)) > 1]
        self.result.elapsed = time.monotonic() - started
        return self.result

    async def say_in_dm_first(self) -> None:
        message = await self.fake.user_says_dm(self.user, "hello before the soak")
        self.result.mentions.append(message)
        await self.fake.wait_for_replies(message, timeout=self.reconnect_timeout)

    async def round(self) -> None:
        fake = self.fake
        await fake.wait_connected(self.reconnect_timeout)
        fault = self.rng.choice(self.faults)
        self.result.faults[fault] += 1
        for _ in range(self.rng.randint(0, 1)):
            await self.say()
        await self.inject(fault)
        for _ in range(self.rng.randint(1, 2)):  # often while the bot is still away
            await self.say()
        if self.rng.random() < 0.5:
            await asyncio.sleep(self.rng.uniform(0, 0.3))  # let some replies overlap the next fault

    async def inject(self, fault: str) -> None:
        fake, rng = self.fake, self.rng
        if fault in self.extra_faults:
            await self.extra_faults[fault]()
        elif fault == "abort":
            await fake.abort_gateway()
        elif fault == "close_4000":
            await fake.close_gateway(4000)
        elif fault == "close_1001":
            await fake.close_gateway(1001)
        elif fault == "op7_reconnect":
            await fake.send_reconnect()
        elif fault == "op9_resumable":
            await fake.send_invalid_session(True)
        elif fault == "op9_new_session":
            await fake.send_invalid_session(False)
        elif fault in ("outage", "outage_new_session"):
            await fake.stop_listening()
            fake.sessions_invalid_on_resume = fault == "outage_new_session"
            await self.say()  # said while Discord is unreachable
            await asyncio.sleep(rng.uniform(*self.outage))  # the outage itself
            await fake.start_listening()
        elif fault == "drop_after_ready":
            fake.drop_after_ready = 1
            await fake.send_invalid_session(False)
        elif fault == "outage_after_ready":
            fake.after_ready = self._outage_hook(rng.uniform(*self.outage))
            await fake.send_invalid_session(False)
        elif fault == "typing_fails":
            fake.fail_rest("POST", r"/typing$", 503, times=rng.randint(1, 4))
        elif fault == "send_fails":
            fake.fail_rest("POST", POSTS, 503, times=rng.randint(1, 6))
        elif fault == "answer_lost":
            fake.fail_rest("POST", POSTS, DROP_CONNECTION, processed=True)
        elif fault == "history_fails":
            fake.fail_rest("GET", r"/channels/\d+/messages$", 503, times=rng.randint(1, 3))
            await fake.send_invalid_session(False)  # a new session, so the catch-up reads history
        else:
            raise ValueError(f"unknown fault {fault!r}")

    def _outage_hook(self, seconds: float) -> Callable[[], Awaitable[None]]:
        async def outage() -> None:
            await self.fake.stop_listening()
            await asyncio.sleep(seconds)
            await self.fake.start_listening()

        return outage
