"""Every discord.py quirk Familiar depends on, in one place.

Why a module: the rest of the bot should read like plain discord.py. Whatever
relies on discord.py internals or undocumented behaviour lives here, each with
a "discord.py 2.7.1:" comment saying what and why, so an upgrade means
re-checking one file.

Facts the rest of the code may rely on (checked on discord.py 2.7.1):
- ``Client.start()`` = ``login()`` + ``connect()``. ``login()`` raises ``LoginFailure``
  on 401 from ``GET /users/@me`` and then also calls ``GET /oauth2/applications/@me``.
- With ``reconnect=True``, ``connect()`` retries network errors forever with its own
  backoff; it only returns/raises on ``close()``, on close code 4014
  (``PrivilegedIntentsRequired``) and on the unrecoverable codes 4004 and 4010-4013
  (``ConnectionClosed``). Progress is visible through the events ``connect`` (READY
  received), ``ready`` (guilds cached), ``resumed`` and ``disconnect``.
- A ``Client`` is not meant to be started again after ``close()``: make a new one.
"""

from __future__ import annotations

import asyncio
import contextvars
import dis
import errno
import importlib
import logging
import socket
import sys
import time
import types
from collections.abc import Callable, Iterator
from typing import Any, Literal, cast

import aiohttp
import discord
import discord.backoff
import discord.client
import discord.gateway
import discord.http
import discord.shard
import discord.state
import discord.utils
import yarl

from .backoff import Backoff

log = logging.getLogger(__name__)


# ----- the discord.py internals Familiar relies on, checked at import -----

#: The discord.py release every "discord.py 2.7.1:" comment below was checked on.
CHECKED_DISCORD_VERSION = "2.7.1"

#: Class and module attributes read or replaced here, as (module, class or "", attribute).
PRIVATE_ATTRIBUTES: tuple[tuple[str, str, str], ...] = (
    ("discord.http", "Route", "BASE"),  # point_discord_at
    ("discord.gateway", "DiscordWebSocket", "DEFAULT_GATEWAY"),  # point_discord_at
    ("discord.gateway", "DiscordWebSocket", "open"),  # gateway_open, gateway_silence, force_resume
    ("discord.backoff", "ExponentialBackoff", "delay"),  # _CappedBackoff
    ("discord.client", "", "ExponentialBackoff"),  # install_reconnect_backoff (Client.connect's backoff)
    ("discord.shard", "", "ExponentialBackoff"),  # install_reconnect_backoff (each Shard's backoff)
    ("discord.state", "ConnectionState", "_delay_ready"),  # the task cancel_ready_wait cancels
    ("discord.utils", "", "_get_as_snowflake"),  # bot/catch_up.py
)

#: Instance attributes read here, as (module, class, attribute): the class's constructor (or a
#: base class's) must assign them. Read from the bytecode, which a frozen (PyInstaller) app keeps.
PRIVATE_INSTANCE_ATTRIBUTES: tuple[tuple[str, str, str], ...] = (
    ("discord.client", "Client", "ws"),  # _socket
    ("discord.client", "Client", "_connection"),  # cancel_ready_wait
    ("discord.shard", "AutoShardedClient", "_AutoShardedClient__shards"),  # _socket
    ("discord.shard", "Shard", "ws"),  # _socket
    ("discord.gateway", "DiscordWebSocket", "_keep_alive"),  # gateway_silence
    ("discord.gateway", "KeepAliveHandler", "_last_recv"),  # gateway_silence
    ("discord.gateway", "KeepAliveHandler", "interval"),  # gateway_silence
    ("discord.state", "ConnectionState", "_ready_task"),  # cancel_ready_wait
    ("discord.state", "AutoShardedConnectionState", "_ready_tasks"),  # cancel_ready_wait
    ("discord.backoff", "ExponentialBackoff", "_exp"),  # _CappedBackoff
)

#: Log lines _DiscordNoiseFilter rewrites, as (module that logs it, how the text starts).
PRIVATE_LOG_TEXTS: tuple[tuple[str, str], ...] = (
    ("discord.client", "PyNaCl is not installed, voice will NOT be supported"),
    ("discord.client", "davey is not installed, voice will NOT be supported"),
    ("discord.client", "Attempting a reconnect in "),
    ("discord.gateway", "Can't keep up"),
    ("discord.shard", "Attempting a reconnect for shard ID "),
    ("discord.shard", "Failed to connect for shard_id"),
)


class DiscordInternalsChanged(ImportError):
    """The installed discord.py lacks an internal name Familiar relies on: an upgrade to re-check.

    Raised when this module is imported, rather than letting the reconnect watchdog, the
    ready-wait cancel or the log rewriting quietly stop working on the first connection.
    """

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        self.version = discord.__version__
        super().__init__(
            f"Familiar cannot run with discord.py {self.version}: it relies on discord.py internals "
            f"that this version does not have: {', '.join(missing)} (checked on discord.py "
            f"{CHECKED_DISCORD_VERSION}; bot/discord_compat.py says what each is for)"
        )


def _resolve(module: str, qualname: str) -> Any:
    """The module, or the class named `qualname` in it; None if it is not there."""
    try:
        owner: Any = importlib.import_module(module)
    except ImportError:
        return None
    for part in filter(None, qualname.split(".")):
        owner = getattr(owner, part, None)
    return owner


def _assigned_in_init(cls: type) -> set[str]:
    """Attributes `self.x = ...` assigned by the constructors of `cls` and its bases."""
    names: set[str] = set()
    for klass in cls.__mro__:
        code = getattr(klass.__dict__.get("__init__"), "__code__", None)
        if code is not None:
            names.update(i.argval for i in dis.get_instructions(code) if i.opname == "STORE_ATTR")
    return names


def _code_objects(module: types.ModuleType) -> Iterator[types.CodeType]:
    """Every code object of the functions, methods and properties defined in `module`, nested ones too."""
    pending: list[Any] = list(vars(module).values())
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, type):
            if item.__module__ == module.__name__:
                pending.extend(vars(item).values())
        elif isinstance(item, (staticmethod, classmethod)):
            pending.append(item.__func__)
        elif isinstance(item, property):
            pending.extend(f for f in (item.fget, item.fset, item.fdel) if f is not None)
        elif isinstance(item, types.FunctionType) and item.__module__ == module.__name__:
            pending.append(item.__code__)
        elif isinstance(item, types.CodeType):
            yield item
            pending.extend(c for c in item.co_consts if isinstance(c, types.CodeType))


def _string_constants(module: types.ModuleType) -> set[str]:
    return {c for code in _code_objects(module) for c in code.co_consts if isinstance(c, str)}


def missing_discord_internals() -> list[str]:
    """The internal names of `PRIVATE_*` that the installed discord.py does not have."""
    missing: list[str] = []
    for module, qualname, name in PRIVATE_ATTRIBUTES:
        owner = _resolve(module, qualname)
        if owner is None or not hasattr(owner, name):
            missing.append(".".join(filter(None, (module, qualname, name))))
    for module, qualname, name in PRIVATE_INSTANCE_ATTRIBUTES:
        cls = _resolve(module, qualname)
        if not isinstance(cls, type) or name not in _assigned_in_init(cls):
            missing.append(f"{module}.{qualname}().{name}")
    texts: dict[str, set[str]] = {}
    for module, start in PRIVATE_LOG_TEXTS:
        if module not in texts:
            owner = _resolve(module, "")
            texts[module] = _string_constants(owner) if owner is not None else set()
        if not any(text.startswith(start) for text in texts[module]):
            missing.append(f"the log line {start!r}... of {module}")
    return missing


def check_discord_internals() -> None:
    """Raise `DiscordInternalsChanged` naming every internal name the installed discord.py lacks."""
    missing = missing_discord_internals()
    if missing:
        raise DiscordInternalsChanged(missing)


check_discord_internals()

# Only now: a missing one has been reported above, with the version, rather than as a bare AttributeError.
DiscordWebSocket = discord.gateway.DiscordWebSocket
Route = discord.http.Route

DEFAULT_API_BASE = "https://discord.com/api/v10"

# discord.py 2.7.1: both endpoints are class attributes, captured here so that
# pointing back at the real Discord restores exactly what the library shipped with.
_LIBRARY_ROUTE_BASE: str = Route.BASE
_LIBRARY_DEFAULT_GATEWAY: yarl.URL = DiscordWebSocket.DEFAULT_GATEWAY

# discord.py 2.7.1: Client.before_identify_hook sleeps this long before every
# IDENTIFY except the first one (Discord allows one IDENTIFY per 5 s per bot).
LIBRARY_REIDENTIFY_DELAY = 5.0

ErrorKind = Literal["auth", "intents", "config"]


class DiscordEndpointError(RuntimeError):
    """The configured Discord API base did not tell us its gateway URL."""

    def __init__(self, api_base: str, reason: str) -> None:
        super().__init__(f"Could not reach Discord at {api_base}: {reason}")
        self.api_base = api_base
        self.reason = reason


async def point_discord_at(api_base: str, *, timeout: float = 10) -> None:
    """Send discord.py's REST calls and gateway connections to ``api_base``.

    Process-wide (discord.py keeps both as class attributes), so call it before
    creating a client. For ``DEFAULT_API_BASE`` it restores the library's own
    defaults without any network call.
    """
    api_base = api_base.rstrip("/")
    if api_base == DEFAULT_API_BASE:
        Route.BASE = _LIBRARY_ROUTE_BASE
        DiscordWebSocket.DEFAULT_GATEWAY = _LIBRARY_DEFAULT_GATEWAY
        return

    url = f"{api_base}/gateway"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(url) as response,
        ):
            if response.status != 200:
                raise DiscordEndpointError(api_base, f"GET {url} answered HTTP {response.status}")
            # content_type=None: we only need the JSON, whatever header the server sends.
            data: Any = await response.json(content_type=None)
    except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
        raise DiscordEndpointError(api_base, f"GET {url} failed: {exc!r}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise DiscordEndpointError(api_base, f"GET {url} gave no gateway url")

    # discord.py 2.7.1: every REST URL is Route.BASE + path, computed when a Route is built.
    Route.BASE = api_base
    # discord.py 2.7.1: the FIRST gateway connection (and every one after INVALID_SESSION
    # false) goes to DiscordWebSocket.DEFAULT_GATEWAY, a yarl.URL; GET /gateway/bot is not
    # used for it. Later RESUMEs go to READY's resume_gateway_url.
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(data["url"])
    log.info("discord.py pointed at %s (gateway %s)", api_base, data["url"])


def client_timing_options(*, heartbeat_timeout: float = 60.0, guild_ready_timeout: float = 2.0) -> dict[str, float]:
    """Keyword arguments for ``discord.Client`` that control how fast it notices things.

    discord.py 2.7.1: ``heartbeat_timeout`` is how long the client waits for ANY
    gateway frame before it drops the connection and resumes (a zombie connection);
    it must exceed the gateway's heartbeat interval or healthy idle connections get
    dropped. ``guild_ready_timeout`` is how long after the last GUILD_CREATE the
    ``ready`` event waits, so it delays every ``on_ready``.
    """
    return {"heartbeat_timeout": heartbeat_timeout, "guild_ready_timeout": guild_ready_timeout}


def fast_client_options(*, heartbeat_timeout: float = 60.0, guild_ready_timeout: float = 0.05) -> dict[str, float]:
    """``client_timing_options`` for tests against a local fake: ``on_ready`` without the 2 s wait.

    ``heartbeat_timeout`` stays at the library default so an idle client never drops a
    healthy connection; zombie-connection tests lower it AND the fake's heartbeat interval.
    """
    return client_timing_options(heartbeat_timeout=heartbeat_timeout, guild_ready_timeout=guild_ready_timeout)


class ReidentifyDelayMixin:
    """Makes discord.py's pause before a re-IDENTIFY configurable.

    discord.py 2.7.1: after INVALID_SESSION (op 9, false) or any reconnect that
    cannot RESUME, ``Client.before_identify_hook`` sleeps 5 s before IDENTIFY.
    Keep that against the real Discord (IDENTIFY is rate limited); tests set
    ``reidentify_delay = 0``. Put the mixin before ``discord.Client`` in the bases.
    """

    reidentify_delay: float = LIBRARY_REIDENTIFY_DELAY

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial and self.reidentify_delay > 0:
            await asyncio.sleep(self.reidentify_delay)


def error_kind(exc: BaseException) -> ErrorKind | None:
    """Which user-fixable error an exception out of ``Client.start()`` means, if any.

    ``None`` means "not the user's settings": a network or Discord problem worth retrying.
    """
    # discord.py 2.7.1: a bad token shows up as LoginFailure from login() (REST 401), or,
    # if the token is revoked later, as ConnectionClosed(4004) from the gateway.
    if isinstance(exc, discord.LoginFailure):
        return "auth"
    # discord.py 2.7.1: close code 4014 is turned into PrivilegedIntentsRequired by connect().
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return "intents"
    if isinstance(exc, discord.ConnectionClosed):
        if exc.code == 4004:
            return "auth"
        if exc.code == 4014:
            return "intents"
        # 4010 invalid shard, 4011 sharding required, 4012 invalid API version,
        # 4013 invalid intents: discord.py gives up on these; only a config change helps.
        if exc.code in (4010, 4011, 4012, 4013):
            return "config"
    return None


__all__ = [
    "DEFAULT_API_BASE",
    "LIBRARY_REIDENTIFY_DELAY",
    "DiscordEndpointError",
    "ErrorKind",
    "ReidentifyDelayMixin",
    "client_timing_options",
    "error_kind",
    "fast_client_options",
    "point_discord_at",
]


# ----- reconnection internals the supervisor observes (discord.py 2.7.1) -----


class ReconnectWatch:
    """What the supervisor knows of one `Client.connect()` call's own reconnect loop.

    discord.py 2.7.1: `connect()` makes ONE ExponentialBackoff and keeps it across
    every reconnect of that call; its exponent only resets after 2^11 s without a
    retry, so after a few short outages every later reconnect waits near the cap.
    The backoff registers itself here so the supervisor can reset it whenever a
    connection succeeds (READY or RESUMED).
    """

    def __init__(self, on_retry: Callable[[float, int, BaseException | None], None]) -> None:
        self.on_retry = on_retry
        #: One per connection: the plain client's, or each shard's (an AutoShardedClient's
        #: shards keep their own backoff in discord.py 2.7.1).
        self.backoffs: list[_CappedBackoff] = []

    def reset(self) -> None:
        for backoff in self.backoffs:
            backoff.reset()


#: Set by the supervisor around `Client.connect` (tasks copy it when created).
reconnect_watch: contextvars.ContextVar[ReconnectWatch | None] = contextvars.ContextVar(
    "familiar_reconnect_watch", default=None
)


class _CappedBackoff(discord.backoff.ExponentialBackoff):  # type: ignore[type-arg]
    """discord.py 2.7.1: `Client.connect` builds an ExponentialBackoff whose delay
    grows to 1024 s during an outage. Its waits are drawn from the supervisor's own
    `Backoff` policy instead (one policy for every reconnect: full jitter, capped),
    each wait is told to the supervisor, so the tray can say "reconnecting in 8 s",
    and the supervisor resets it after a successful connection."""

    policy: Backoff = Backoff(1.0, 60.0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        watch = reconnect_watch.get()
        if watch is not None:
            watch.backoffs.append(self)

    def reset(self) -> None:
        self._exp = 0

    def delay(self) -> float:  # type: ignore[override]
        super().delay()  # advances discord.py's exponent (1 on the first retry) and its reset timer
        # Called from inside connect()'s except block: the error is the current exception.
        error = sys.exc_info()[1]
        delay = self.policy.draw(self._exp - 1, local=never_reached_discord(error))
        watch = reconnect_watch.get()
        if watch is not None:
            watch.on_retry(delay, self._exp, error)
        return delay


def install_reconnect_backoff(policy: Backoff) -> None:
    """Make discord.py's internal reconnect loop wait as `policy` says, observed and resettable."""
    _CappedBackoff.policy = policy
    discord.client.ExponentialBackoff = _CappedBackoff  # type: ignore[attr-defined,misc]
    # discord.py 2.7.1: each Shard of an AutoShardedClient makes its own ExponentialBackoff
    # (discord/shard.py), used for every reconnect of that shard.
    discord.shard.ExponentialBackoff = _CappedBackoff  # type: ignore[attr-defined,misc]


#: A shard of this process, or None for a plain (unsharded) client's one connection.
ShardId = int | None


def expected_shards(client: discord.Client) -> list[ShardId]:
    """The connections this client should have: [None] unsharded, else its shard ids
    (empty while an "auto" count is not known yet: discord.py asks Discord at connect)."""
    if not isinstance(client, discord.AutoShardedClient):
        return [None]
    if client.shard_ids is not None:
        return list(client.shard_ids)
    return list(range(client.shard_count)) if client.shard_count else []


def _socket(client: discord.Client, shard_id: ShardId) -> Any:
    """The gateway socket of one connection, or None.

    discord.py 2.7.1: a plain Client keeps it in ``client.ws``; an AutoShardedClient
    leaves ``ws`` None and keeps one private ``Shard`` (with its own ``ws``) per shard
    id in ``_AutoShardedClient__shards``, filled as each shard is launched.
    """
    if not isinstance(client, discord.AutoShardedClient):
        return client.ws
    if shard_id is None:
        return None
    # No default: the attribute is set by AutoShardedClient.__init__ (checked at import), so a
    # missing one raises AttributeError here. The cast: mypy does not know this name-mangled attribute.
    shards: dict[int, Any] = cast(Any, client)._AutoShardedClient__shards
    parent = shards.get(shard_id)  # None until that shard is launched
    return parent.ws if parent is not None else None


def gateway_open(client: discord.Client, shard_id: ShardId = None) -> bool:
    """Whether the client has a live gateway socket right now (that shard's, if one is named;
    any shard's for a sharded client otherwise).

    discord.py 2.7.1 dispatches ``ready`` from a task that waits for the guild
    list (``guild_ready_timeout``) and does so even if the socket died meanwhile;
    this is how the supervisor tells a real connection from that late event.
    """
    if shard_id is None and isinstance(client, discord.AutoShardedClient):
        return any(gateway_open(client, shard) for shard in expected_shards(client))
    ws = _socket(client, shard_id)
    return ws is not None and bool(ws.open)


def gateway_silence(client: discord.Client, shard_id: ShardId = None) -> tuple[float, float] | None:
    """(seconds since the gateway last sent anything, heartbeat interval), or None if not connected.

    discord.py 2.7.1 keeps these on the private KeepAliveHandler; every received
    payload (events and heartbeat ACKs) refreshes `_last_recv`.
    """
    ws = _socket(client, shard_id)
    if ws is None or not ws.open:
        return None
    keep_alive = ws._keep_alive  # None until the gateway's HELLO
    if keep_alive is None or not keep_alive.interval:
        return None
    return time.perf_counter() - keep_alive._last_recv, float(keep_alive.interval)


async def force_resume(client: discord.Client, shard_id: ShardId = None) -> None:
    """Drop a live gateway (one shard's) so discord.py reconnects and RESUMEs.

    discord.py 2.7.1: closing with 4000 (not 1000) is what makes `poll_event`
    raise ReconnectWebSocket(resume=True) rather than end the client (or the shard).
    """
    ws = _socket(client, shard_id)
    if ws is not None and ws.open:
        await ws.close(code=4000)


#: errno values of a network that is not there (the request never left this machine or its LAN).
_UNREACHABLE_ERRNOS = frozenset({errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN})


def never_reached_discord(error: BaseException | None) -> bool:
    """Whether a connection failure happened before Discord heard anything: refused, DNS, no route.

    Those are retried on a short cap (they cost Discord nothing; a laptop back on the
    network wants its bot back within seconds). Server answers (5xx, 429), timeouts and
    dropped connections keep the long cap.
    """
    seen = 0
    while error is not None and seen < 8:  # what it was raised from, or while handling (bounded)
        if isinstance(error, (aiohttp.ClientConnectorError, ConnectionRefusedError, socket.gaierror)):
            return True
        if isinstance(error, OSError) and error.errno in _UNREACHABLE_ERRNOS:
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def is_first_connect_quirk(error: BaseException) -> bool:
    """discord.py 2.7.1: when the very first gateway connect fails, `Client.connect`
    reads `self.ws.sequence` while `ws` is still None and raises this AttributeError."""
    return isinstance(error, AttributeError) and "sequence" in str(error)


#: Where the "Can't keep up" explanation looks for event-loop stalls: the longest
#: (seconds, where) reported since a time.monotonic() instant; set by the supervisor.
StallSource = Callable[[float], "tuple[float, str] | None"]
_stall_source: StallSource | None = None


def explain_heartbeat_delays(source: StallSource | None) -> None:
    """Let the "Can't keep up" line say whether this process's event loop was to blame."""
    global _stall_source
    _stall_source = source


def _explain_behind(record: logging.LogRecord) -> str:
    """discord.py 2.7.1 (gateway.KeepAliveHandler.ack) logs "Can't keep up, shard ID %s websocket
    is %.1fs behind." when a heartbeat's acknowledgement is processed more than 10 s after the
    heartbeat was sent. That is either this process (the event loop blocked, so frames were read
    late) or the other side (Discord or the network slow to answer); say which."""
    args = record.args if isinstance(record.args, tuple) else ()
    latency = float(args[1]) if len(args) > 1 and isinstance(args[1], int | float) else 0.0
    stall = _stall_source(time.monotonic() - latency - 1.0) if _stall_source is not None else None
    if stall is not None:
        seconds, where = stall
        return (
            f"Discord's heartbeat acknowledgement was read {latency:.1f} s after the heartbeat: the event loop "
            f"was blocked for up to {seconds * 1000:.0f} ms (in {where}) meanwhile"
        )
    return (
        f"Discord acknowledged a heartbeat {latency:.1f} s late; this process's event loop was not blocked "
        f"meanwhile, so the delay was on the network or Discord's side"
    )


class _DiscordNoiseFilter(logging.Filter):
    """discord.py 2.7.1 log lines that mislead a Familiar user.

    - "PyNaCl/davey is not installed, voice will NOT be supported": Familiar never uses voice.
    - "Attempting a reconnect in N s" is logged with a full traceback at ERROR for every
      dropped connection; the supervisor already logs the reason in one line, so keep it
      as a one-line warning.
    - "Can't keep up, shard ID None websocket is N s behind" does not say whose fault it
      is; it is replaced by a sentence that does (see `_explain_behind`).
    - Sharded (discord/shard.py): "Attempting a reconnect for shard ID N in N s" and "Failed
      to connect for shard_id: N. Retrying..." come with a traceback too; one line each.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "voice will NOT be supported" in message:
            return False
        if message.startswith("Can't keep up"):
            record.msg = _explain_behind(record)
            record.args = ()
            return True
        if message.startswith(("Attempting a reconnect", "Failed to connect for shard_id")):
            error = record.exc_info[1] if record.exc_info else None
            record.msg = f"{message} (after {type(error).__name__ if error else 'a drop'})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_noise_filter = _DiscordNoiseFilter()


def quiet_discord_noise() -> None:
    """Install the filter on the discord.py loggers it rewrites (idempotent)."""
    for name in ("discord.client", "discord.gateway", "discord.shard"):
        logger = logging.getLogger(name)
        if _noise_filter not in logger.filters:
            logger.addFilter(_noise_filter)


def cancel_ready_wait(client: discord.Client) -> None:
    """discord.py 2.7.1: `Client.close()` leaves `ConnectionState._ready_task` (the
    guild-ready wait after READY) running; when it ends it dispatches 'ready' on the
    closed client and logs "Task exception was never retrieved". Cancel it whenever
    we close a client. A sharded client has one more such wait per shard (`_ready_tasks`)."""
    state = client._connection
    task = state._ready_task
    if task is not None:
        task.cancel()
    if isinstance(state, discord.state.AutoShardedConnectionState):
        for shard_task in list(state._ready_tasks.values()):
            shard_task.cancel()
