"""Discord's own gateway sharding, through discord.py's AutoShardedClient (no home-made cluster).

Discord requires a bot in 2,500 servers or more to split its gateway into shards: each
shard is one connection that carries the events of the servers with
``(guild_id >> 22) % shard_count == shard_id``, and DMs always come on shard 0. One
process may run several shards (``FAMILIAR_SHARD_COUNT`` alone) or a slice of them
(``FAMILIAR_SHARD_IDS``), each process with its own ``FAMILIAR_HOME``. Without either
setting the bot keeps one plain connection, as small bots should.

The supervisor counts connections by `ShardId` (None for the plain client's one
connection), so the unsharded bot is the one-connection case of the same code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord

from .client import Brain, FamiliarClient

log = logging.getLogger(__name__)

#: Shard 0 is where Discord sends DMs (and so where the catch-up reads DM channels).
DM_SHARD = 0


def shard_of(guild_id: int, shard_count: int) -> int:
    """Which shard carries a server's events (Discord's formula)."""
    return (guild_id >> 22) % shard_count


class ShardedFamiliarClient(FamiliarClient, discord.AutoShardedClient):
    """The same bot over several gateway shards in this process.

    discord.py 2.7.1 dispatches both the plain events (``connect``, ``resumed``,
    ``disconnect``: any shard) and the ``shard_*`` ones; only the latter say which
    shard, so the plain ones are not forwarded. ``ready`` (every shard's first READY
    and its servers in) is, for what happens once per client (command sync).
    """

    def __init__(
        self,
        brain: Brain,
        *,
        on_shard_event: Callable[[str, int], None] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(brain, **options)
        self._on_shard_event = on_shard_event or (lambda name, shard_id: None)

    async def on_connect(self) -> None:
        pass  # on_shard_connect says which

    async def on_resumed(self) -> None:
        pass  # on_shard_resumed says which

    async def on_disconnect(self) -> None:
        pass  # on_shard_disconnect says which

    async def on_shard_connect(self, shard_id: int) -> None:
        self._on_shard_event("connect", shard_id)  # READY: a new session for this shard

    async def on_shard_ready(self, shard_id: int) -> None:
        self._on_shard_event("ready", shard_id)  # its servers are in

    async def on_shard_resumed(self, shard_id: int) -> None:
        self._on_shard_event("resumed", shard_id)

    async def on_shard_disconnect(self, shard_id: int) -> None:
        self._on_shard_event("disconnect", shard_id)
