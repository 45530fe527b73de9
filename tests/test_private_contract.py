"""The private names of discord.py and qasync that Familiar relies on, one pin each.

`bot/discord_compat.py` and `desktop/compat.py` read or replace internals of the
two libraries. An upgrade that renames one must fail here, by name, rather than
quietly switch something off (the zombie-connection watchdog, the ready-wait
cancel, the reconnect backoff, the log rewriting). The names are listed here on
their own, not read back from `discord_compat`, so dropping one from the import
check does not drop it from these tests.
"""

from __future__ import annotations

import asyncio
import dis
import errno
import logging
import os
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import discord.backoff
import discord.client
import discord.gateway
import discord.http
import discord.shard
import discord.state
import discord.utils
import pytest
import yarl
from discord.backoff import ExponentialBackoff
from discord.gateway import DiscordWebSocket, KeepAliveHandler
from discord.state import AutoShardedConnectionState, ConnectionState

from bot import discord_compat

REPO_ROOT = Path(__file__).resolve().parent.parent


# ----- helpers -----


def assigned_in_init(cls: type) -> set[str]:
    """`self.x = ...` in the constructors of `cls` and its bases."""
    names: set[str] = set()
    for klass in cls.__mro__:
        code = getattr(klass.__dict__.get("__init__"), "__code__", None)
        if code is not None:
            names.update(i.argval for i in dis.get_instructions(code) if i.opname == "STORE_ATTR")
    return names


def codes_of(cls: type) -> Iterator[types.CodeType]:
    """The code of every method of `cls` (its own), nested functions included."""
    pending: list[Any] = []
    for value in vars(cls).values():
        func = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if isinstance(func, types.FunctionType):
            pending.append(func.__code__)
    while pending:
        code = pending.pop()
        yield code
        pending.extend(c for c in code.co_consts if isinstance(c, types.CodeType))


def strings_of(cls: type) -> set[str]:
    return {c for code in codes_of(cls) for c in code.co_consts if isinstance(c, str)}


def new_client(**options: Any) -> discord.Client:
    """A client that never connects: constructing one opens nothing."""
    return discord.Client(intents=discord.Intents(guilds=True), **options)


class _OpenSocket:
    closed = False


def new_websocket() -> DiscordWebSocket:
    """A DiscordWebSocket on a stand-in socket that reports itself open (nothing is sent)."""
    ws = DiscordWebSocket(_OpenSocket(), loop=asyncio.new_event_loop())  # type: ignore[arg-type]
    ws.loop.close()
    # discord.py 2.7.1: set by DiscordWebSocket.from_client; KeepAliveHandler copies it.
    ws._max_heartbeat_timeout = 60.0  # type: ignore[attr-defined]
    return ws


# ----- the import-time check -----


def test_the_installed_discord_py_has_every_internal_the_bot_relies_on() -> None:
    assert discord_compat.missing_discord_internals() == []


PINNED_ATTRIBUTES = [
    ("discord.http", "Route", "BASE"),
    ("discord.gateway", "DiscordWebSocket", "DEFAULT_GATEWAY"),
    ("discord.client", "", "ExponentialBackoff"),
    ("discord.shard", "", "ExponentialBackoff"),
    ("discord.state", "ConnectionState", "_delay_ready"),
    ("discord.utils", "", "_get_as_snowflake"),
]
PINNED_INSTANCE_ATTRIBUTES = [
    ("discord.client", "Client", "ws"),
    ("discord.client", "Client", "_connection"),
    ("discord.shard", "AutoShardedClient", "_AutoShardedClient__shards"),
    ("discord.shard", "Shard", "ws"),
    ("discord.gateway", "DiscordWebSocket", "_keep_alive"),
    ("discord.gateway", "KeepAliveHandler", "_last_recv"),
    ("discord.gateway", "KeepAliveHandler", "interval"),
    ("discord.state", "ConnectionState", "_ready_task"),
    ("discord.state", "AutoShardedConnectionState", "_ready_tasks"),
    ("discord.backoff", "ExponentialBackoff", "_exp"),
]
PINNED_LOG_TEXTS = [
    ("discord.client", "PyNaCl is not installed, voice will NOT be supported"),
    ("discord.client", "davey is not installed, voice will NOT be supported"),
    ("discord.client", "Attempting a reconnect in "),
    ("discord.gateway", "Can't keep up"),
    ("discord.shard", "Attempting a reconnect for shard ID "),
    ("discord.shard", "Failed to connect for shard_id"),
]


def test_the_import_check_covers_every_name_pinned_here() -> None:
    assert set(PINNED_ATTRIBUTES) <= set(discord_compat.PRIVATE_ATTRIBUTES)
    assert set(PINNED_INSTANCE_ATTRIBUTES) <= set(discord_compat.PRIVATE_INSTANCE_ATTRIBUTES)
    assert set(PINNED_LOG_TEXTS) <= set(discord_compat.PRIVATE_LOG_TEXTS)


def test_a_missing_class_attribute_is_named_with_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(discord.http.Route, "BASE")
    monkeypatch.delattr(discord.client, "ExponentialBackoff")
    with pytest.raises(discord_compat.DiscordInternalsChanged) as caught:
        discord_compat.check_discord_internals()
    message = str(caught.value)
    assert "discord.http.Route.BASE" in message and "discord.client.ExponentialBackoff" in message
    assert f"discord.py {discord.__version__}" in message
    assert caught.value.missing == ["discord.http.Route.BASE", "discord.client.ExponentialBackoff"]
    assert isinstance(caught.value, ImportError)


def test_a_renamed_instance_attribute_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py's own constructor, as if it had renamed `_last_recv` to `_last_received`.
    original = KeepAliveHandler.__init__
    code = original.__code__
    code = code.replace(co_names=tuple("_last_received" if n == "_last_recv" else n for n in code.co_names))
    renamed = types.FunctionType(
        code, original.__globals__, original.__name__, original.__defaults__, original.__closure__
    )
    renamed.__kwdefaults__ = original.__kwdefaults__
    monkeypatch.setattr(KeepAliveHandler, "__init__", renamed)
    assert hasattr(KeepAliveHandler(ws=new_websocket()), "_last_received")
    assert discord_compat.missing_discord_internals() == ["discord.gateway.KeepAliveHandler()._last_recv"]


def test_a_missing_class_is_named_not_an_attribute_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(discord.state, "AutoShardedConnectionState")
    assert discord_compat.missing_discord_internals() == ["discord.state.AutoShardedConnectionState()._ready_tasks"]


def test_a_changed_log_line_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        discord_compat, "PRIVATE_LOG_TEXTS", (*discord_compat.PRIVATE_LOG_TEXTS, ("discord.gateway", "No such line"))
    )
    assert discord_compat.missing_discord_internals() == ["the log line 'No such line'... of discord.gateway"]


def test_a_missing_name_fails_the_import_itself() -> None:
    probe = "import discord.http; del discord.http.Route.BASE; import bot.discord_compat"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("bot.discord_compat.DiscordInternalsChanged: "), result.stderr
    assert f"discord.py {discord.__version__}" in last_line and "discord.http.Route.BASE" in last_line


# ----- each name, used as discord_compat uses it (discord.py 2.7.1) -----


def test_route_base_is_the_class_wide_rest_base() -> None:
    # Other tests point discord.py at the fake (process-wide): the value may be theirs, the name is what counts.
    assert "BASE" in vars(discord.http.Route) and isinstance(discord.http.Route.BASE, str)
    assert discord.http.Route("GET", "/gateway").url == discord.http.Route.BASE + "/gateway"


def test_default_gateway_is_a_class_wide_url() -> None:
    assert isinstance(DiscordWebSocket.DEFAULT_GATEWAY, yarl.URL)
    assert "DEFAULT_GATEWAY" in vars(DiscordWebSocket)


@pytest.mark.parametrize(
    ("module", "user"),
    [(discord.client, discord.Client.connect), (discord.shard, discord.shard.Shard.__init__)],
    ids=["Client.connect", "Shard"],
)
def test_the_reconnect_backoff_is_looked_up_as_a_module_global(module: types.ModuleType, user: Any) -> None:
    """install_reconnect_backoff replaces `<module>.ExponentialBackoff`: only a global lookup sees that."""
    assert issubclass(module.ExponentialBackoff, ExponentialBackoff)
    loads = {i.argval for i in dis.get_instructions(user) if i.opname == "LOAD_GLOBAL"}
    assert "ExponentialBackoff" in loads


def test_backoff_exponent_counts_retries_from_zero() -> None:
    backoff = ExponentialBackoff()
    assert backoff._exp == 0
    backoff.delay()
    assert backoff._exp == 1  # _CappedBackoff draws its wait for retry `_exp - 1`
    backoff.delay()
    assert backoff._exp == 2


def test_capped_backoff_reset_starts_over() -> None:
    backoff = discord_compat._CappedBackoff()
    backoff.delay()
    backoff.delay()
    backoff.reset()
    backoff.delay()
    assert backoff._exp == 1


def test_client_keeps_its_socket_and_state_where_discord_compat_reads_them() -> None:
    client = new_client()
    assert client.ws is None
    assert isinstance(client._connection, ConnectionState)
    assert client._connection._ready_task is None
    assert discord_compat.gateway_open(client) is False
    assert discord_compat.gateway_silence(client) is None


def test_gateway_silence_reads_the_keep_alive_handler() -> None:
    """The zombie-connection watchdog: off if `_keep_alive`, `_last_recv` or `interval` moved."""
    client = new_client()
    ws = new_websocket()
    assert ws._keep_alive is None  # until HELLO
    client.ws = ws
    assert discord_compat.gateway_open(client) is True
    assert discord_compat.gateway_silence(client) is None
    ws._keep_alive = KeepAliveHandler(ws=ws, interval=41.25)
    ws._keep_alive._last_recv = time.perf_counter() - 5
    silence = discord_compat.gateway_silence(client)
    assert silence is not None
    seconds, interval = silence
    assert 5 <= seconds < 60 and interval == 41.25
    ws._keep_alive.tick()  # what every received payload does
    silence = discord_compat.gateway_silence(client)
    assert silence is not None and silence[0] < 5


def test_sharded_client_keeps_its_shards_where_discord_compat_reads_them() -> None:
    client = discord.AutoShardedClient(intents=discord.Intents(guilds=True), shard_count=2, shard_ids=[0, 1])
    assert client._AutoShardedClient__shards == {}
    assert isinstance(client._connection, AutoShardedConnectionState)
    assert client._connection._ready_tasks == {}
    assert discord_compat.gateway_open(client) is False
    assert discord_compat.gateway_silence(client, 0) is None
    client._reconnect = True  # type: ignore[attr-defined]  # discord.py 2.7.1: set by connect(), read by Shard()
    shard = discord.shard.Shard(new_websocket(), client, lambda item: None)
    client._AutoShardedClient__shards[0] = shard
    assert discord_compat.gateway_open(client, 0) is True
    assert discord_compat.gateway_open(client, 1) is False
    assert discord_compat.gateway_open(client) is True


async def test_cancel_ready_wait_cancels_the_guild_ready_tasks() -> None:
    async def forever() -> None:
        await asyncio.Event().wait()

    client = discord.AutoShardedClient(intents=discord.Intents(guilds=True), shard_count=1, shard_ids=[0])
    state = client._connection
    state._ready_task = asyncio.create_task(forever())
    state._ready_tasks = {0: asyncio.create_task(forever())}
    tasks = [state._ready_task, state._ready_tasks[0]]
    discord_compat.cancel_ready_wait(client)
    await asyncio.gather(*tasks, return_exceptions=True)
    assert all(task.cancelled() for task in tasks)


def test_the_guild_ready_waits_are_coroutines_under_these_names() -> None:
    """tests/integration/test_shutdown.py finds the stray wait by these code objects."""
    assert asyncio.iscoroutinefunction(ConnectionState._delay_ready)
    assert asyncio.iscoroutinefunction(AutoShardedConnectionState._delay_ready)
    assert asyncio.iscoroutinefunction(AutoShardedConnectionState._delay_shard_ready)
    assert "_ready_task" in {i.argval for i in dis.get_instructions(ConnectionState.parse_ready)}


def test_get_as_snowflake_reads_an_optional_id() -> None:
    """bot/catch_up.py reads a channel's last_message_id with it."""
    assert discord.utils._get_as_snowflake({"last_message_id": "123"}, "last_message_id") == 123
    assert discord.utils._get_as_snowflake({"last_message_id": None}, "last_message_id") is None
    assert discord.utils._get_as_snowflake({}, "last_message_id") is None


def test_reidentify_waits_five_seconds() -> None:
    assert discord_compat.LIBRARY_REIDENTIFY_DELAY in discord.Client.before_identify_hook.__code__.co_consts


# ----- the log lines and the exception text discord_compat matches -----


@pytest.mark.parametrize("name", ["discord.client", "discord.gateway", "discord.shard"])
def test_the_rewritten_lines_come_from_these_loggers(name: str) -> None:
    module = sys.modules[name]
    assert module._log is logging.getLogger(name)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("owner", "start"),
    [
        (discord.shard.Shard, "Attempting a reconnect for shard ID "),
        (discord.shard.AutoShardedClient, "Failed to connect for shard_id"),
        (discord.Client, "Attempting a reconnect in "),
        (discord.Client, "PyNaCl is not installed, voice will NOT be supported"),
        (discord.Client, "davey is not installed, voice will NOT be supported"),
    ],
)
def test_the_rewritten_lines_are_still_logged(owner: type, start: str) -> None:
    assert any(text.startswith(start) for text in strings_of(owner))


def raw_records(caplog: pytest.LogCaptureFixture, name: str) -> Any:
    """Records of `name` as discord.py makes them, before discord_compat's filter drops or rewrites them."""

    class Capture:
        def __enter__(self) -> list[logging.LogRecord]:
            self.logger = logging.getLogger(name)
            self.had_filter = discord_compat._noise_filter in self.logger.filters
            self.logger.removeFilter(discord_compat._noise_filter)
            caplog.set_level(logging.DEBUG, logger=name)
            caplog.clear()
            return caplog.records

        def __exit__(self, *exc: object) -> None:
            if self.had_filter:
                self.logger.addFilter(discord_compat._noise_filter)

    return Capture()


def test_cant_keep_up_is_logged_with_the_latency_second(caplog: pytest.LogCaptureFixture) -> None:
    ws = new_websocket()
    keep_alive = KeepAliveHandler(ws=ws, interval=41.25, shard_id=None)
    keep_alive._last_send = time.perf_counter() - 15  # type: ignore[attr-defined]
    with raw_records(caplog, "discord.gateway") as records:
        keep_alive.ack()
    [record] = [r for r in records if r.name == "discord.gateway"]
    assert record.getMessage().startswith("Can't keep up")
    discord_compat.explain_heartbeat_delays(lambda since: None)
    try:
        assert discord_compat._noise_filter.filter(record)
    finally:
        discord_compat.explain_heartbeat_delays(None)
    assert record.getMessage().startswith("Discord acknowledged a heartbeat 15.")


def test_the_voice_warnings_are_dropped(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.VoiceClient, "warn_nacl", True)
    monkeypatch.setattr(discord.VoiceClient, "warn_dave", True)
    with raw_records(caplog, "discord.client") as records:
        new_client()
    voice = [r for r in records if "voice will NOT be supported" in r.getMessage()]
    assert len(voice) == 2
    assert not any(discord_compat._noise_filter.filter(r) for r in voice)


class _NoWait(ExponentialBackoff):  # type: ignore[type-arg]
    def delay(self) -> float:  # type: ignore[override]
        super().delay()
        return 0.0


async def test_a_failed_first_connect_logs_the_reconnect_line_then_hits_the_sequence_quirk(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Client.connect: "Attempting a reconnect in" (rewritten to one line), then `self.ws.sequence` on None."""

    async def refused(cls: Any, client: Any, **params: Any) -> DiscordWebSocket:
        raise ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed")

    monkeypatch.setattr(DiscordWebSocket, "from_client", classmethod(refused))
    monkeypatch.setattr(discord.client, "ExponentialBackoff", _NoWait)
    client = new_client()
    with raw_records(caplog, "discord.client") as records, pytest.raises(AttributeError) as caught:
        await asyncio.wait_for(client.connect(reconnect=True), 10)
    assert discord_compat.is_first_connect_quirk(caught.value)
    [record] = [r for r in records if r.getMessage().startswith("Attempting a reconnect in ")]
    assert record.exc_info is not None and isinstance(record.exc_info[1], ConnectionRefusedError)
    assert discord_compat._noise_filter.filter(record)
    assert record.exc_info is None and record.levelname == "WARNING"
    assert record.getMessage().endswith("(after ConnectionRefusedError)")
    await client.close()


# ----- qasync (0.28), as desktop/compat.py uses it -----


def test_qasync_binds_to_pyside6_through_desktop_compat() -> None:
    import qasync  # type: ignore[import-untyped]

    from desktop import compat  # noqa: F401 - imports qasync after PySide6

    assert qasync.QtModuleName == "PySide6"  # module global, not documented


@pytest.mark.parametrize("qt_api", ["pyside6", "pyside"])
def test_qasync_maps_the_qt_api_values_desktop_compat_leaves_alone_to_pyside6(qt_api: str) -> None:
    probe = "import desktop.compat, qasync; print(qasync.QtModuleName)"
    env = {**os.environ, "QT_API": qt_api}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "PySide6", result.stderr


def test_qasync_loop_methods_desktop_compat_overrides_are_qasyncs_own() -> None:
    """compat.QEventLoop replaces `run_until_complete` and `stop` and builds on qasync's `run_forever`
    (runs Qt's exec()) and `is_running`."""
    import qasync

    from desktop import compat

    assert issubclass(compat.QEventLoop, qasync.QEventLoop)
    for name in ("run_forever", "run_until_complete", "stop", "is_running"):
        assert getattr(qasync.QEventLoop, name).__module__ == "qasync", name
    stop_calls = {i.argval for i in dis.get_instructions(qasync.QEventLoop.stop)}
    assert "exit" in stop_calls  # stop() ends Qt's exec(), so run_forever returns


def test_qasync_never_uses_the_attribute_desktop_compat_adds() -> None:
    import qasync
    import qasync._common
    import qasync._unix

    assert not hasattr(qasync.QEventLoop, "_stop_requested")
    for module in (qasync, qasync._unix, qasync._common):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for code in codes_of(value):
                    assert "_stop_requested" not in code.co_names, (module.__name__, value.__name__)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX: loop signal handlers")
def test_qasync_loop_has_asyncios_unix_signal_handlers() -> None:
    import qasync

    assert qasync.QEventLoop.add_signal_handler is not asyncio.AbstractEventLoop.add_signal_handler
    assert qasync.QEventLoop.remove_signal_handler is not asyncio.AbstractEventLoop.remove_signal_handler


def test_qasync_logs_under_the_logger_desktop_compat_quiets() -> None:
    import qasync

    assert qasync.logger.name == "qasync"
    assert qasync.QEventLoop._logger.name.split(".")[0] == "qasync"
