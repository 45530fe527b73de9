"""How a reply reaches Discord: retried sends that never post twice, a cosmetic typing indicator.

What to answer is `client.py`'s business; this module only sends. Two rules
shape it:
- A send that may have reached Discord is retried with the same nonce
  (discord.py sends `enforce_nonce`), so Discord returns the message it already
  has instead of posting it again: a retry after a lost answer never doubles a
  reply. The nonce comes from the answered message, the piece's place and its
  text, so a redelivery after a restart dedupes too.
- The typing indicator is decoration. It runs beside the generation, and its
  failures are logged at DEBUG and never delay or stop an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hashlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from . import redact
from .backoff import Backoff

log = logging.getLogger(__name__)

#: Whatever the model writes, a reply never pings @everyone, @here or a role.
SAFE_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=True, replied_user=True)
#: The model's reasoning pings nobody at all (it may name people in passing).
QUIET_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=True)
#: discord.py retries 429/500/502/504 itself; we add a few tries for what it
#: raises at once (503, connection resets, a request that got no answer).
SEND_ATTEMPTS = 4
#: Discord shows "typing…" for about 10 s after each call.
TYPING_REFRESH = 8.0

#: What a failed send may raise that is worth another try.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    discord.HTTPException,
    aiohttp.ClientError,
    OSError,
    asyncio.TimeoutError,
)


class Outcome(enum.Enum):
    SENT = "sent"
    REFUSED = "refused"  # Discord will never take it here (permissions, channel gone, invalid)
    FAILED = "failed"  # still failing after every try: worth delivering again later


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    message: discord.Message | None = None
    error: str = ""


def reply_nonce(answered_id: int, index: int, text: str) -> int:
    """A stable 63-bit nonce for one piece of one reply (same piece, same nonce)."""
    digest = hashlib.blake2b(f"{answered_id}:{index}:{text}".encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") >> 1


def outgoing(text: str) -> str:
    """What may leave for Discord: the bot token and the model key replaced by a placeholder."""
    return redact.redact(text)


async def send_with_retry(
    channel: discord.abc.Messageable,
    text: str,
    *,
    reference: discord.MessageReference | None,
    nonce: int,
    retry_delay: float = 1.0,
    mentions: discord.AllowedMentions = SAFE_MENTIONS,
    view: discord.ui.View | None = None,
) -> SendResult:
    """Send one piece (with `view`'s buttons); retried with the same nonce on errors that may pass."""
    where = getattr(channel, "id", "?")
    backoff = Backoff.uncapped(retry_delay)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            message = await channel.send(
                text,
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=mentions,
                nonce=nonce,
                **with_view(view),
            )
            return SendResult(Outcome.SENT, message)
        except (discord.Forbidden, discord.NotFound) as error:
            log.error("Cannot send to channel %s: %s", where, error)
            return SendResult(Outcome.REFUSED, error=str(error))
        except discord.HTTPException as error:
            if 400 <= error.status < 500 and error.status != 429:
                log.error("Discord refused a reply in channel %s: %s", where, error)
                return SendResult(Outcome.REFUSED, error=str(error))
            failure: BaseException = error
        except TRANSIENT_ERRORS as error:
            failure = error
        if attempt == SEND_ATTEMPTS:
            log.error(
                "Gave up sending a reply to channel %s after %d tries: %s; it is kept in memory and sent again later",
                where,
                attempt,
                describe(failure),
            )
            return SendResult(Outcome.FAILED, error=describe(failure))
        log.warning("Sending to channel %s failed (%s); retrying", where, describe(failure))
        await asyncio.sleep(backoff.next_delay())
    raise AssertionError("unreachable")


def with_view(view: discord.ui.View | None) -> dict[str, Any]:
    """`view=` for a send or an edit only when there are buttons: discord.py's `edit(view=None)` removes them."""
    return {} if view is None else {"view": view}


@contextlib.asynccontextmanager
async def typing_indicator(channel: discord.abc.Messageable, *, delay: float = 0.0) -> AsyncIterator[None]:
    """Show "typing…" while the body runs (from `delay` seconds on), without ever waiting on it or
    failing because of it."""
    task = asyncio.get_running_loop().create_task(_keep_typing(channel, delay), name="familiar-typing")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _keep_typing(channel: discord.abc.Messageable, delay: float) -> None:
    if delay > 0:
        await asyncio.sleep(delay)
    while True:
        try:
            await channel.typing()  # one call; discord.py's context manager would raise into the reply
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - cosmetic: any failure only costs the indicator
            log.debug("Typing indicator failed in channel %s: %s", getattr(channel, "id", "?"), describe(error))
        await asyncio.sleep(TYPING_REFRESH)


def describe(error: BaseException) -> str:
    """One short phrase for a log line."""
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}" + (f": {error.text}" if error.text else "")
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
