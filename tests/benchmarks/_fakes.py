"""Shared bits for the benchmarks: a timestamping FakeDiscord, the bare bot, statistics.

The fakes in tests/fakes/ record what happened but not when; the benchmarks
need two instants, taken inside the fake, in the same process and on the same
clock (time.perf_counter) as each other:

- dispatched: right after the fake has written a user's MESSAGE_CREATE frame to
  the websocket (``FakeDiscord._send`` returned for that frame);
- posted: when the fake's REST handler starts on ``POST /channels/{id}/messages``
  or a webhook execute ``POST /webhooks/{id}/{token}`` (before it reads the body),
  keyed by the message the reply references (a webhook reply: the one it links).
"""

from __future__ import annotations

import asyncio
import contextvars
import statistics
import time
from typing import Any

from aiohttp import web

from tests.fakes.discord_server import _JUMP_LINK, FakeDiscord, _Conn

_post_started: contextvars.ContextVar[float | None] = contextvars.ContextVar("bench_post_started", default=None)


class TimedDiscord(FakeDiscord):
    """FakeDiscord with the two timestamps the latency benchmark needs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dispatched_at: dict[int, float] = {}
        self.replied_at: dict[int, float] = {}
        self._reply_waiters: dict[int, asyncio.Future[float]] = {}

    async def _send(self, conn: _Conn, frame: dict[str, Any]) -> None:
        await super()._send(conn, frame)
        if frame.get("t") == "MESSAGE_CREATE":
            data = frame["d"]
            if int(data["author"]["id"]) != self.bot.id:
                # aiohttp writes the frame to the transport without yielding (the
                # buffer is far below its drain limit), so the bot cannot have
                # seen it before this instant.
                self.dispatched_at.setdefault(int(data["id"]), time.perf_counter())

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        if request.method == "POST" and (request.path.endswith("/messages") or "/webhooks/" in request.path):
            # A context variable: the handler task carries it into _send_message.
            _post_started.set(time.perf_counter())
        return await super()._rest(request)

    async def _send_message(self, channel: Any, body: dict[str, Any], form: dict[str, Any]) -> web.Response:
        reference = body.get("message_reference") or {}
        if reference.get("message_id"):
            self._replied(int(reference["message_id"]))
        return await super()._send_message(channel, body, form)

    async def _execute_webhook(
        self, request: web.Request, webhook: Any, body: dict[str, Any], form: dict[str, Any]
    ) -> web.Response:
        # A character's reply: no message_reference, a jump link to the answered message instead.
        linked = _JUMP_LINK.search(body.get("content") or "")
        if linked is not None:
            self._replied(int(linked.group(1)))
        return await super()._execute_webhook(request, webhook, body, form)

    def _replied(self, replied_to: int) -> None:
        started = _post_started.get()
        if started is None:
            return
        self.replied_at.setdefault(replied_to, started)
        waiter = self._reply_waiters.pop(replied_to, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(started)

    def expect_reply(self, message_id: int) -> asyncio.Future[float]:
        """A future resolved with the POST's arrival time of the reply to ``message_id``."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if message_id in self.replied_at:
            future.set_result(self.replied_at[message_id])
        else:
            self._reply_waiters[message_id] = future
        return future


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(name: str, latencies_ms: list[float]) -> dict[str, float]:
    stats = {
        "p50": percentile(latencies_ms, 50),
        "p90": percentile(latencies_ms, 90),
        "p99": percentile(latencies_ms, 99),
        "max": max(latencies_ms),
        "mean": statistics.fmean(latencies_ms),
    }
    print(
        f"{name:<9} n={len(latencies_ms):<4} p50 {stats['p50']:6.2f} ms  p90 {stats['p90']:6.2f} ms  "
        f"p99 {stats['p99']:6.2f} ms  max {stats['max']:6.2f} ms  (mean {stats['mean']:.2f})",
        flush=True,
    )
    return stats


# The bare baseline: llmcord-style, the least a discord.py + openai bot can do.
# Kept as source text so bench_idle_memory can run it with `python -c` too.
BARE_BOT_SOURCE = """
import discord, openai

class BareBot(discord.Client):
    def __init__(self, base_url, api_key, model, typing=False, **options):
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, **options)
        self.ai = openai.AsyncOpenAI(base_url=base_url, api_key=api_key or "none", max_retries=0)
        self.model = model
        self.typing_first = typing
        self.handled = 0

    async def on_message(self, message):
        if message.author.bot or self.user is None or not self.user.mentioned_in(message):
            return
        try:
            if self.typing_first:
                async with message.channel.typing():
                    reply = await self.generate(message)
            else:
                reply = await self.generate(message)
            await message.channel.send(reply or "...", reference=message)
        finally:
            self.handled += 1

    async def generate(self, message):
        stream = await self.ai.chat.completions.create(
            model=self.model, messages=[{"role": "user", "content": message.content}], stream=True
        )
        parts = []
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                parts.append(chunk.choices[0].delta.content)
        return "".join(parts)

    async def close(self):
        await self.ai.close()
        await super().close()
"""
