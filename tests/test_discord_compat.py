"""discord_compat's log rewriting: discord.py's own record, as its keep-alive thread makes it."""

from __future__ import annotations

import logging

from bot import discord_compat


def behind_record(latency: float) -> logging.LogRecord:
    # discord.py 2.7.1 gateway.KeepAliveHandler.ack: _log.warning(self.behind_msg, self.shard_id, self.latency)
    return logging.LogRecord(
        "discord.gateway",
        logging.WARNING,
        "gateway.py",
        1,
        "Can't keep up, shard ID %s websocket is %.1fs behind.",
        (None, latency),
        None,
    )


def test_cant_keep_up_names_a_stall_of_this_process_when_there_was_one() -> None:
    discord_compat.quiet_discord_noise()
    asked: list[float] = []

    def stalls(since: float) -> tuple[float, str]:
        asked.append(since)
        return 12.3, "handle (bot/client.py:99)"

    discord_compat.explain_heartbeat_delays(stalls)
    try:
        record = behind_record(14.0)
        assert logging.getLogger("discord.gateway").filter(record)
    finally:
        discord_compat.explain_heartbeat_delays(None)
    assert record.getMessage() == (
        "Discord's heartbeat acknowledgement was read 14.0 s after the heartbeat: the event loop was blocked "
        "for up to 12300 ms (in handle (bot/client.py:99)) meanwhile"
    )
    assert len(asked) == 1


def test_cant_keep_up_without_a_stall_puts_the_delay_on_the_other_side() -> None:
    discord_compat.quiet_discord_noise()
    discord_compat.explain_heartbeat_delays(lambda since: None)
    try:
        record = behind_record(41.3)
        assert logging.getLogger("discord.gateway").filter(record)
    finally:
        discord_compat.explain_heartbeat_delays(None)
    assert "41.3 s late" in record.getMessage() and "network or Discord's side" in record.getMessage()
