"""The bot's lifecycle: one state machine, the one API the shells use.

The supervisor owns the discord.py client for its whole life. discord.py
reconnects and RESUMEs by itself once connected; the supervisor observes that
(`on_disconnect` → reconnecting, `on_ready`/`on_resumed` → connected) and adds
what discord.py lacks: retrying the first connection forever with capped,
jittered backoff; telling fatal errors (bad token, intents) from transient
ones and never retrying the fatal ones; a watchdog for silent connections; a
catch-up after sessions that could not resume; and an orderly shutdown.

Shells (tray app, headless runner) subscribe to `Snapshot`s and call
`reconnect_now()`, `pause()`, `resume()`, `apply_settings()` and `shutdown()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import discord

from . import discord_compat, redact
from .atomic import remove_stale_temp_files
from .backoff import Backoff, HeldFor
from .bot_view import BotView
from .catch_up import CatchUpIncomplete, catch_up
from .characters import CardError, CharacterNotFound, CharacterStore
from .client import Brain, FamiliarClient
from .commands import CommandHooks, SyncRecord
from .discord_compat import ShardId
from .folders import FolderError, Folders
from .llm import ModelClient
from .lorebooks import LorebookStore
from .memory import MemoryStore, MemoryStoreError
from .presets import PresetStore
from .secrets import Secrets, SecretStore, SecretStoreError
from .settings import (
    NEW_MODEL,
    RECONNECT,
    EffectiveConfig,
    Settings,
    SettingsError,
    changes_take,
    effective_config,
    load_settings,
    save_settings,
)
from .sharding import ShardedFamiliarClient
from .stall_monitor import StallMonitor
from .unreachable import cant_reach, unreachable_reason

log = logging.getLogger(__name__)

#: In the data folder: the hash of the slash commands last synced with Discord, per scope.
COMMAND_SYNC_FILE = "commands-synced.json"
#: The watchdog's longest sleep while no connection reports a heartbeat (idle CPU: at most once a second).
WATCHDOG_IDLE_WAKE = 1.0
#: Its shortest sleep (tests run heartbeats of a few tenths of a second).
WATCHDOG_MIN_WAKE = 0.05
#: discord.py's message cache (its `max_messages`; the library's default is 1,000, about 3.4 MB
#: once full). Familiar never reads it: a reply's `referenced_message` comes in its own event,
#: context comes from memory (SQLite), swipes fetch the message. A small one is kept only for
#: discord.py's edit/delete events of the newest messages.
MESSAGE_CACHE = 100
#: How far past the silence limit it looks, as a share of the heartbeat interval (one wake, not two).
WATCHDOG_MARGIN = 0.1


class State(enum.StrEnum):
    NOT_CONFIGURED = "not_configured"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    PAUSED = "paused"
    ERROR = "error"
    STOPPING = "stopping"
    STOPPED = "stopped"


class ErrorKind(enum.StrEnum):
    AUTH = "auth"
    INTENTS = "intents"
    CONFIG = "config"


# User-facing sentences for fatal errors, written once, here.
AUTH_MESSAGE = "Discord rejected the bot token. Paste a new one in Settings → Connection."
INTENTS_MESSAGE = (
    "The Message Content intent is off. Fix: Developer Portal → your app → Bot → "
    "enable Message Content Intent, then reconnect."
)
CONFIG_MESSAGES = {
    4010: "Discord refused the shard setting (close code 4010); check FAMILIAR_SHARD_COUNT and FAMILIAR_SHARD_IDS.",
    4011: (
        "This bot is in too many servers to run without sharding (close code 4011); "
        "set FAMILIAR_SHARD_COUNT=auto (README: Running a big bot)."
    ),
    4012: "Discord refused the gateway API version (close code 4012); check the Discord API base.",
    4013: "Discord refused the gateway intents (close code 4013).",
}
NOT_CONFIGURED_MESSAGE = "No Discord bot token yet: open Settings to add one."


@dataclass(frozen=True)
class Snapshot:
    """Everything a shell shows; immutable, replaced on every change."""

    state: State
    since: float  # wall-clock time of the transition
    attempt: int = 0
    next_retry_at: float | None = None  # wall-clock time of the next try, while waiting
    last_error: str | None = None
    error_kind: ErrorKind | None = None
    bot_user: str | None = None
    server_count: int = 0
    #: The model answered that it cannot take images (until the model settings change).
    model_text_only: bool = False
    #: Channels ("#general (Tavern)") where the bot lacks Manage Webhooks, so characters speak
    #: there as the bot account; found as characters try to speak, for the Behaviour page.
    webhooks_missing: tuple[str, ...] = ()
    #: Counts changes the bot made to the saved settings (slash commands), so a window can reload.
    settings_revision: int = 0
    #: Daily token limits reached today, one sentence each (tray status line, Behaviour page).
    limits_hit: tuple[str, ...] = ()
    #: The bot has its servers' list (discord.py's ready): the settings window can list channels.
    #: "Connected" comes earlier, at READY, when the bot already answers.
    servers_known: bool = False
    #: Gateway shards this process runs (0: not sharded, one plain connection; also while an
    #: "auto" count is not known yet) and how many of them are connected now.
    shards_total: int = 0
    shards_connected: int = 0


Observer = Callable[[Snapshot], None]


class _Fatal(Exception):
    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Supervisor:
    """Runs the bot, keeps it online, and tells observers the truth about its state."""

    def __init__(
        self,
        folders: Folders,
        *,
        env: Mapping[str, str] | None = None,
        client_options: Mapping[str, Any] | None = None,
        backoff: Backoff | None = None,
        held_threshold: float = 60.0,
        watchdog_factor: float = 2.0,
        catch_up_window: float = 15 * 60,
        catch_up_limit: int = 20,
        stall_threshold: float = 0.25,
        send_retry_delay: float = 1.0,
        model_retry_delay: float | None = None,
        catch_up_retry_delay: float = 2.0,
    ) -> None:
        self.folders = folders
        self._env = dict(os.environ if env is None else env)
        self._client_options = dict(client_options or {})
        self._backoff = backoff or Backoff(1.0, 60.0)
        self._held = HeldFor(held_threshold)
        self._watchdog_factor = watchdog_factor
        self._catch_up_window = catch_up_window
        self._catch_up_limit = catch_up_limit
        self._send_retry_delay = send_retry_delay
        self._model_retry_delay = model_retry_delay
        self._stall_monitor = StallMonitor(stall_threshold, probe=True)  # no heartbeat: idle means idle

        self._snapshot = Snapshot(State.STOPPED, time.time())
        self._observers: list[Observer] = []
        self._wake = asyncio.Event()
        self._paused = False
        self._fatal: _Fatal | None = None
        self._needs_prepare = True  # folders, settings and memory not (successfully) loaded yet
        self._stopping = False
        self._drop_requested = False  # we closed the client on purpose (reconnect, pause, settings)
        self._run_task: asyncio.Task[None] | None = None
        self._side_tasks: set[asyncio.Task[Any]] = set()
        self._shutdown_task: asyncio.Task[None] | None = None
        # Catch-up is owed after every new session and after any message that could
        # not be handled; it stays owed until a run over every channel succeeds. Per
        # connection: a shard's new session reads that shard's servers only (None: the
        # plain client's one connection, every channel).
        self._catch_up_tasks: dict[ShardId, asyncio.Task[None]] = {}
        self._owed: dict[ShardId, int] = {None: 0}  # connection -> generation; nothing checked before the first session
        self._owed_generation = 0
        self._caught_up = asyncio.Event()  # set while no catch-up is owed
        #: Connections of the current client that are up (READY or RESUMED, not dropped since).
        self._shards_up: set[ShardId] = set()
        #: How often the watchdog woke up (idle CPU: about once per heartbeat interval); for tests.
        self.watchdog_wakes = 0
        self._catch_up_retry_delay = catch_up_retry_delay
        #: The wait before a catch-up for messages that failed: grows while failures repeat.
        self._failure_backoff = Backoff(catch_up_retry_delay, 300.0)
        self._connect_task: asyncio.Task[None] | None = None
        self._reconnect_watch: discord_compat.ReconnectWatch | None = None
        self._connected_since: float | None = None  # wall-clock time of the session's READY
        self._settings_lock = asyncio.Lock()
        self._sync_record = SyncRecord(folders.data / COMMAND_SYNC_FILE)

        self.settings: Settings | None = None
        self.config: EffectiveConfig | None = None
        self.brain: Brain | None = None
        self.client: FamiliarClient | None = None
        self._memory: MemoryStore | None = None
        self._model: ModelClient | None = None
        self._secret_store: SecretStore | None = None
        #: What the desktop reads of the bot (copies and frozen values; see bot.bot_view).
        self.view = BotView(self)

    # ----- observing -----

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call `observer` on every change (and once now); returns the unsubscribe function."""
        self._observers.append(observer)
        observer(self._snapshot)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def _set(self, state: State, **changes: Any) -> None:
        previous = self._snapshot
        fields: dict[str, Any] = {"attempt": 0, "next_retry_at": None, "last_error": None, "error_kind": None}
        fields.update(
            bot_user=previous.bot_user,
            server_count=previous.server_count,
            model_text_only=previous.model_text_only,
            webhooks_missing=previous.webhooks_missing,
            settings_revision=previous.settings_revision,
            limits_hit=previous.limits_hit,
            servers_known=previous.servers_known and state is State.CONNECTED,
            shards_total=previous.shards_total,
            shards_connected=previous.shards_connected,
        )
        fields.update(changes)
        snapshot = Snapshot(state=state, since=time.time(), **fields)
        if dataclasses.replace(snapshot, since=previous.since) == previous:
            return  # nothing changed: no log line, no notification
        self._snapshot = snapshot
        self._log_transition(previous, snapshot)
        for observer in list(self._observers):
            try:
                observer(snapshot)
            except Exception:
                log.exception("A state observer failed")

    @staticmethod
    def _log_transition(previous: Snapshot, new: Snapshot) -> None:
        """One line per change of state; retries within `reconnecting` get one line each too."""
        detail = _describe(new)
        if new.state is previous.state:
            # Same state, new details (a retry scheduled, the server count): only worth a line when
            # it tells the user something new (not when only what the desktop shows changed).
            told = new.next_retry_at is not None or (new.state is State.CONNECTED and detail != _describe(previous))
            log.log(logging.INFO if told else logging.DEBUG, "Still %s%s", new.state.value, detail)
            return
        level = logging.ERROR if new.state is State.ERROR else logging.INFO
        log.log(level, "State %s → %s%s", previous.state.value, new.state.value, detail)

    # ----- lifecycle -----

    async def start(self) -> None:
        """Open the stores and start connecting in the background.

        Never raises for a problem the user must fix (an unreadable folder, a
        locked database, a bad settings file or environment variable): the
        supervisor is then in `error` (kind `config`) with the sentence, before
        this returns, so a shell can act on `snapshot` at once.
        """
        if self._run_task is not None:
            return
        self._stall_monitor.start()
        discord_compat.install_reconnect_backoff(self._backoff)
        discord_compat.quiet_discord_noise()
        discord_compat.explain_heartbeat_delays(self._stall_monitor.longest_since)
        self._fatal = await self._prepare()
        self._set_resting_state()
        self._run_task = asyncio.get_running_loop().create_task(self._run(), name="familiar-supervisor")

    async def _prepare(self) -> _Fatal | None:
        """Folders, settings, secrets and memory; the first problem the user must fix, if any.

        Run at start and again by `reconnect_now()` after such a problem, so a
        file fixed by hand (or a database another program let go of) is picked up.
        """
        self._needs_prepare = True
        try:
            await asyncio.to_thread(self._ensure_folders)
        except FolderError as error:
            self._fallback_config()
            return _Fatal(ErrorKind.CONFIG, str(error))
        self._secret_store = SecretStore(self.folders)
        problem: _Fatal | None = None
        try:
            # Read off the event loop (which is also the tray's): the keyring may wait on D-Bus
            # or an unlock prompt. Taken into use on the loop, settings and config together.
            self._use_config(*await asyncio.to_thread(self._read_config))
        except (SettingsError, SecretStoreError) as error:
            problem = _Fatal(ErrorKind.CONFIG, str(error))
            self._fallback_config()
        if self._memory is None:
            try:
                self._memory = await MemoryStore.open(self.folders.memory_db)
            except MemoryStoreError as error:
                return _Fatal(ErrorKind.CONFIG, str(error))
        assert self.settings is not None and self.config is not None
        # Also off the loop: the openai SDK's imports (a quarter of a second, unless already done)
        # and its HTTP client's SSL context (the CA bundle read and parsed: 30-60 ms).
        model = self._use_model(await asyncio.to_thread(self._build_model, self.config, self.settings))
        if self.brain is not None:  # loaded again (reconnect after a start-up problem)
            self.brain.settings = self.settings
            previous_model, self.brain.model = self.brain.model, model
            if previous_model is not None and previous_model is not model:
                self._spawn(previous_model.aclose(), "familiar-close-old-model")
        else:
            self.brain = Brain(
                settings=self.settings,
                characters=CharacterStore(self.folders.characters),
                presets=PresetStore(self.folders.presets),
                memory=self._memory,
                model=model,
                lorebooks=LorebookStore(self.folders.lorebooks),
            )
        if problem is None and self.config.env_errors:
            problem = _Fatal(ErrorKind.CONFIG, str(self.config.env_errors[0]))
        if problem is None:
            problem = await self._resolve_env_character()
        self._needs_prepare = problem is not None
        return problem

    async def _resolve_env_character(self) -> _Fatal | None:
        """FAMILIAR_CHARACTER: a card file or a saved character, as the default character."""
        assert self.brain is not None and self.config is not None
        reference = self.config.character_reference
        if reference is None:
            self.brain.default_card = None
            return None
        try:
            card = await asyncio.to_thread(self.brain.characters.resolve, reference)
        except (CharacterNotFound, CardError) as error:
            return _Fatal(ErrorKind.CONFIG, f"The environment variable FAMILIAR_CHARACTER is '{reference}': {error}")
        self.brain.default_card = card
        log.info("Default character from FAMILIAR_CHARACTER: %s (%s)", card.character.name, card.character.id)
        return None

    def _ensure_folders(self) -> None:
        self.folders.ensure()
        # Leftovers of saves interrupted by a crash or kill -9 (atomic writes' temp files).
        for folder in (
            self.folders.config,
            self.folders.data,
            self.folders.characters,
            self.folders.presets,
            self.folders.lorebooks,
        ):
            remove_stale_temp_files(folder)

    def _fallback_config(self) -> None:
        """Something to show while in error: saved settings if readable, else defaults; env where usable."""
        self.settings = self.settings or Settings()
        self.config = effective_config(self.settings, Secrets(None, None), self._env, strict=False)

    def _set_resting_state(self) -> None:
        """The state to show before the first connection attempt (and what headless exits on)."""
        if self._fatal is not None:
            self._set(State.ERROR, last_error=self._fatal.message, error_kind=self._fatal.kind)
        elif self.config is not None and not self.config.is_configured:
            self._set(State.NOT_CONFIGURED, last_error=NOT_CONFIGURED_MESSAGE)

    def _read_config(self) -> tuple[Settings, Secrets | SecretStoreError]:
        """Settings and secrets as saved: blocking (files, the keyring), so it runs in a worker thread.
        A secrets error is returned, not raised, so the settings read are still taken into use."""
        settings = load_settings(self.folders)
        try:
            return settings, self._load_secrets()
        except SecretStoreError as error:
            return settings, error

    def _use_config(self, settings: Settings, secrets: Secrets | SecretStoreError) -> None:
        """On the loop: what `_read_config` read becomes the settings and the effective config."""
        self.settings = settings
        if isinstance(secrets, SecretStoreError):
            raise secrets
        self.config = effective_config(settings, secrets, self._env, strict=False)
        _register_secrets(self.config)

    def _load_secrets(self) -> Secrets:
        """Saved secrets, unless the environment overrides both: then the keyring
        (about 7 MB of D-Bus libraries, and a possible unlock prompt) is never woken."""
        assert self._secret_store is not None
        if self._env.get("FAMILIAR_DISCORD_TOKEN", "").strip() and self._env.get("FAMILIAR_OPENAI_API_KEY", "").strip():
            return Secrets(None, None)
        return self._secret_store.load()

    def _build_model(self, config: EffectiveConfig, settings: Settings) -> ModelClient:
        """A model client for this config; touches nothing else, so it may run in a thread."""
        options: dict[str, Any] = {}
        if self._model_retry_delay is not None:
            options["backoff_base"] = self._model_retry_delay
        return ModelClient(
            config.openai_base_url,
            config.openai_api_key,
            config.model,
            timeout=settings.request_timeout,
            on_text_only=self._on_model_text_only,
            **options,
        )

    def _use_model(self, model: ModelClient) -> ModelClient:
        """On the loop: `model` is the one replies use from now on."""
        self._model = model
        if self._snapshot.model_text_only:  # a new model: nothing is known about it yet
            self._set(self._snapshot.state, **self._current_fields(model_text_only=False))
        return model

    def _on_model_text_only(self) -> None:
        self._set(self._snapshot.state, **self._current_fields(model_text_only=True))

    def _current_fields(self, **changes: Any) -> dict[str, Any]:
        """The snapshot's fields as they are, with `changes`: for news that does not change the state."""
        current = self._snapshot
        fields = {
            "attempt": current.attempt,
            "next_retry_at": current.next_retry_at,
            "last_error": current.last_error,
            "error_kind": current.error_kind,
        }
        fields.update(changes)
        return fields

    def reconnect_now(self) -> None:
        """Skip a pending backoff wait, clear a fatal error, or drop and re-establish a live connection."""
        if self._stopping:
            return
        log.info("Reconnect requested")
        self._fatal = None
        self._paused = False
        self._backoff.reset()
        self._drop_connection()
        self._wake.set()

    def pause(self) -> None:
        """Disconnect and stay down until `resume()`."""
        if self._stopping or self._paused:
            return
        log.info("Pause requested")
        self._paused = True
        self._drop_connection()
        self._wake.set()

    def resume(self) -> None:
        if self._stopping or not self._paused:
            return
        log.info("Resume requested")
        self._paused = False
        self._backoff.reset()
        self._wake.set()

    async def apply_settings(self, settings: Settings | None = None, secrets: Secrets | None = None) -> None:
        """Take new settings (already saved); reconnect only when the connection depends on what changed."""
        if self._stopping:
            return
        if self.brain is None or self._needs_prepare:
            # Start-up never got this far (or failed on a file): load everything again from disk.
            log.info("Settings changed; loading them again")
            self._fatal = await self._prepare()
            self._drop_connection()
            self._wake.set()
            return
        old = self.config
        try:
            # Files and the keyring are read in a worker thread, as at start: a Save in the settings
            # window must not freeze the window (the loop is also Qt's) while a keyring unlocks.
            if settings is None and secrets is None:
                self._use_config(*await asyncio.to_thread(self._read_config))
            else:
                assert self._secret_store is not None
                self.settings = settings or self.settings
                saved: Secrets = secrets if secrets is not None else await asyncio.to_thread(self._load_secrets)
                self.config = effective_config(self.settings or Settings(), saved, self._env, strict=False)
                _register_secrets(self.config)
        except (SettingsError, SecretStoreError) as error:
            self._fatal = _Fatal(ErrorKind.CONFIG, str(error))
            self._needs_prepare = True
            self._drop_connection()
            self._wake.set()
            return
        new = self.config
        assert new is not None and self.settings is not None
        self.brain.settings = self.settings
        takes = changes_take(old, new)  # what each field's metadata says a change of it needs
        if NEW_MODEL in takes:
            built = await asyncio.to_thread(self._build_model, new, self.settings)  # the SSL context: off the loop
            if self._stopping:  # shut down meanwhile: the old model was closed, this one never served
                await built.aclose()
                return
            previous_model = self._model
            self.brain.model = self._use_model(built)
            if previous_model is not None:
                self._spawn(previous_model.aclose(), "familiar-close-old-model")
        if RECONNECT in takes:
            # Same path as reconnect_now, except that a paused bot stays paused.
            log.info("Connection settings changed; reconnecting")
            self._fatal = None
            self._backoff.reset()
            self._drop_connection()
            self._wake.set()

    async def update_settings(self, change: Callable[[Settings], Settings]) -> Settings:
        """Change the saved settings from the bot's side (slash commands): read, change, save, apply.

        One change at a time; what is on disk is the base, so a save from the settings window
        in between is not undone. Raises `SettingsError` for a file that cannot be read.
        """
        async with self._settings_lock:
            current = await asyncio.to_thread(load_settings, self.folders)
            changed = change(current)
            await asyncio.to_thread(save_settings, self.folders, changed)
        await self.apply_settings(changed)
        self._set(self._snapshot.state, **self._current_fields(settings_revision=self._snapshot.settings_revision + 1))
        return changed

    def resync_commands(self) -> None:
        """Sync the slash commands with Discord again now (the settings window's button), whatever was synced."""
        client = self.client
        self._sync_record.forget()
        if client is not None and client.commands is not None and self._snapshot.state is State.CONNECTED:
            self._spawn(client.commands.sync_if_changed(force=True), "familiar-command-sync")

    async def shutdown(self, timeout: float = 5.0) -> None:
        """Stop everything in order; idempotent and bounded by `timeout`."""
        if self._shutdown_task is None:
            self._shutdown_task = asyncio.get_running_loop().create_task(
                self._shutdown(timeout), name="familiar-shutdown"
            )
        await asyncio.shield(self._shutdown_task)

    async def _shutdown(self, timeout: float) -> None:
        self._stopping = True
        self._set(State.STOPPING)
        deadline = time.monotonic() + timeout
        client = self.client
        if client is not None:
            client.stop_accepting()
            await client.cancel_generations()
        self._drop_connection()
        self._wake.set()
        if self._run_task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._run_task), max(0.1, deadline - time.monotonic() - 1.0))
            except TimeoutError:
                log.warning("The connection did not close in time; cancelling it")
                self._run_task.cancel()
                await asyncio.gather(self._run_task, return_exceptions=True)
        for task in list(self._side_tasks):
            task.cancel()
        await asyncio.gather(*self._side_tasks, return_exceptions=True)
        if self._model is not None:
            await self._model.aclose()
        if self._memory is not None:
            await self._memory.close()
        await self._stall_monitor.stop()
        self._set(State.STOPPED)

    # ----- the connection loop -----

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            if self._paused:
                self._set(State.PAUSED)
                await self._wake.wait()
                continue
            if self._fatal is None and self._needs_prepare:
                self._fatal = await self._prepare()
            if self._fatal is not None:
                self._set(State.ERROR, last_error=self._fatal.message, error_kind=self._fatal.kind)
                await self._wake.wait()
                continue
            assert self.config is not None
            if not self.config.is_configured:
                self._set(State.NOT_CONFIGURED, last_error=NOT_CONFIGURED_MESSAGE)
                await self._wake.wait()
                continue
            error = await self._connect_once(self.config)
            if self._stopping:
                break
            if self._drop_requested:
                self._drop_requested = False
                continue  # a deliberate drop: go round at once (pause, reconnect, new settings)
            if isinstance(error, _Fatal):
                self._fatal = error
                continue
            await self._wait_before_retry(error)

    async def _wait_before_retry(self, error: BaseException | None) -> None:
        delay = self._backoff.next_delay(local=discord_compat.never_reached_discord(error))
        reason = describe_connection_error(error, self._api_base())
        self._set(
            State.RECONNECTING,
            attempt=self._backoff.attempt,
            next_retry_at=time.time() + delay,
            last_error=reason,
        )
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    async def _connect_once(self, config: EffectiveConfig) -> BaseException | _Fatal | None:
        """One life of a discord.py client: returns why it ended (None: closed on purpose)."""
        assert self.brain is not None and config.discord_token
        attempt = self._backoff.attempt
        client = self._make_client(config)
        shards = [shard for shard in discord_compat.expected_shards(client) if shard is not None]
        self._set(
            State.CONNECTING if attempt == 0 else State.RECONNECTING,
            attempt=attempt,
            shards_total=len(shards),
            shards_connected=0,
        )
        if isinstance(client, ShardedFamiliarClient):  # every shard starts a new session: each owes its catch-up
            self._owed.pop(None, None)
            for shard in shards:
                self._set_owed(shard)
        elif any(key is not None for key in self._owed):  # was sharded before: owe the plain connection's
            self._owed.clear()
            self._set_owed(None)
        self.client = client
        watchdog: asyncio.Task[None] | None = None
        self._reconnect_watch = discord_compat.ReconnectWatch(self._on_internal_retry)
        token = discord_compat.reconnect_watch.set(self._reconnect_watch)
        try:
            await discord_compat.point_discord_at(config.discord_api_base)
            if self._drop_requested or self._stopping:
                # Closed while that ran: login would open an HTTP session on the closed
                # client, which a second close() (a no-op) would never close.
                return None
            await client.login(config.discord_token)
            watchdog = asyncio.get_running_loop().create_task(self._watchdog(client), name="familiar-watchdog")
            # Its own task, so a deliberate close can end it even while discord.py
            # sleeps in its reconnect backoff (it only checks is_closed() afterwards).
            self._connect_task = asyncio.get_running_loop().create_task(
                client.connect(reconnect=True), name="familiar-gateway"
            )
            await self._connect_task
            return None
        except BaseException as error:
            if isinstance(error, asyncio.CancelledError):
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise  # we are being cancelled, not just the gateway task
            if self._drop_requested or self._stopping:
                # Closing during discord.py's identify wait raises odd errors; we asked for it.
                log.debug("Client ended while closing on purpose: %r", error)
                return None
            if isinstance(error, asyncio.CancelledError):
                raise
            return classify_connection_error(error)
        finally:
            discord_compat.reconnect_watch.reset(token)
            self._reconnect_watch = None
            connect_task, self._connect_task = self._connect_task, None
            catch_ups, self._catch_up_tasks = list(self._catch_up_tasks.values()), {}
            for helper in (watchdog, *catch_ups, connect_task):
                if helper is not None and not helper.done():
                    helper.cancel()
                    await asyncio.gather(helper, return_exceptions=True)
            self._shards_up.clear()
            await client.cancel_generations()
            discord_compat.cancel_ready_wait(client)
            await client.close()
            if self._held.stop():
                self._backoff.reset()
            self.client = None

    def _make_client(self, config: EffectiveConfig) -> FamiliarClient:
        """The plain client (one connection), or discord.py's AutoShardedClient when sharding is set."""
        assert self.brain is not None
        options: dict[str, Any] = dict(
            on_event=self._on_client_event,
            on_owed=self._owe_catch_up,
            send_retry_delay=self._send_retry_delay,
            command_hooks=CommandHooks(
                change_settings=self.update_settings,
                sync_record=self._sync_record,
                connected_since=lambda: self._connected_since,
            ),
            **{"max_messages": MESSAGE_CACHE, **self._client_options},
        )
        if config.shard_count is None:
            return FamiliarClient(self.brain, **options)
        if config.shard_count != "auto":  # "auto": discord.py asks Discord (GET /gateway/bot) at connect
            options["shard_count"] = config.shard_count
        if config.shard_ids:
            options["shard_ids"] = list(config.shard_ids)
        log.info(
            "Sharded: %s of %s shards",
            ",".join(map(str, config.shard_ids)) if config.shard_ids else "all",
            "Discord's recommended number of" if config.shard_count == "auto" else config.shard_count,
        )
        return ShardedFamiliarClient(self.brain, on_shard_event=self._on_shard_event, **options)

    def _drop_connection(self) -> None:
        client = self.client
        if client is None:
            return
        self._drop_requested = True
        client.stop_accepting()
        discord_compat.cancel_ready_wait(client)
        self._spawn(self._close_client(client), "familiar-close-client")

    async def _close_client(self, client: FamiliarClient, grace: float = 0.5) -> None:
        """Close on purpose; if discord.py's connect() does not end soon after (it may be
        sleeping in its reconnect backoff or waiting on a handshake), end it ourselves."""
        socket_was_open = discord_compat.gateway_open(client)
        await client.close()
        connect_task = self._connect_task
        if connect_task is None or connect_task.done() or self.client is not client:
            return
        if socket_was_open:  # a live gateway ends by itself once the close handshake is done
            await asyncio.wait({connect_task}, timeout=grace)
        if not connect_task.done():
            log.debug("discord.py was between connections; ending its reconnect wait")
            connect_task.cancel()

    def _spawn(self, coroutine: Any, name: str) -> None:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    # ----- what discord.py tells us -----

    def _on_client_event(self, event: str) -> None:
        client = self.client
        if client is None or self._stopping or self._drop_requested:
            return
        if isinstance(client, ShardedFamiliarClient) and event == "ready":
            # Every shard's first READY is in: once per client (shards report through _on_shard_event).
            self._connected_since = time.time()
            self._set(self._snapshot.state, **self._current_fields(servers_known=True))
            if client.commands is not None:
                self._spawn(client.commands.sync_if_changed(), "familiar-command-sync")
            return
        if event == "connect":
            # READY: a new session. Nothing said while we were away will be replayed. The bot
            # answers from READY on, so it is connected now, not after discord.py's wait for
            # the guild list ("ready", up to seconds later), which starts the catch-up.
            self._set_owed(None)
            if discord_compat.gateway_open(client):
                self._connected(client, servers_known=False)
        elif event in ("ready", "resumed"):
            if not discord_compat.gateway_open(client):
                # discord.py's late 'ready' after the socket already dropped: not connected.
                log.debug("Ignoring '%s': the gateway socket is already closed", event)
                return
            self._connected(client, servers_known=True)  # a new snapshot: the servers can be listed now
            self._start_catch_up(client, None)
            if event == "ready":
                self._connected_since = time.time()
                if client.commands is not None:
                    self._spawn(client.commands.sync_if_changed(), "familiar-command-sync")
        elif event == "guilds" and self._snapshot.state is State.CONNECTED:
            self._set(State.CONNECTED, server_count=len(client.guilds))
        elif event == "limits":
            self._set(self._snapshot.state, **self._current_fields(limits_hit=client.limit_lines()))
        elif event == "personas":
            missing = tuple(sorted(client.personas.missing_permission.values()))
            self._set(self._snapshot.state, **self._current_fields(webhooks_missing=missing))
        elif event == "disconnect":
            self._stop_catch_up(None)
            if self._snapshot.state is State.CONNECTED:
                if self._held.stop():
                    self._backoff.reset()
                self._set(State.RECONNECTING, attempt=1, last_error="lost the connection to Discord")

    def _connected(self, client: FamiliarClient, *, servers_known: bool) -> None:
        self._held.start()
        if self._reconnect_watch is not None:
            self._reconnect_watch.reset()  # the next outage starts from a short delay again
        user = client.user
        self._set(
            State.CONNECTED,
            bot_user=user.display_name if user else None,
            server_count=len(client.guilds),
            servers_known=servers_known,
        )

    def _on_shard_event(self, event: str, shard_id: int) -> None:
        """One shard's session: READY ("connect"), its servers in ("ready"), RESUMED, or a drop.

        The bot is connected when every shard of this process is; a shard's new session
        or resume starts that shard's catch-up (its servers' channels only; DMs on shard 0).
        """
        client = self.client
        if client is None or self._stopping or self._drop_requested:
            return
        if event == "connect":
            self._set_owed(shard_id)
            if discord_compat.gateway_open(client, shard_id):
                self._shard_up(client, shard_id)
        elif event in ("ready", "resumed"):
            if not discord_compat.gateway_open(client, shard_id):
                log.debug("Ignoring shard %d's '%s': its socket is already closed", shard_id, event)
                return
            self._shard_up(client, shard_id)
            self._start_catch_up(client, shard_id)
        elif event == "disconnect":
            self._stop_catch_up(shard_id)
            if shard_id not in self._shards_up:
                return
            self._shards_up.discard(shard_id)
            if self._snapshot.state is State.CONNECTED and self._held.stop():
                self._backoff.reset()
            log.info("Shard %d lost its connection to Discord", shard_id)
            self._show_shards(client, last_error=f"shard {shard_id} lost the connection to Discord")

    def _shard_up(self, client: FamiliarClient, shard_id: int) -> None:
        self._shards_up.add(shard_id)
        if self._reconnect_watch is not None:
            self._reconnect_watch.reset()  # shards share one policy: a success starts it over
        self._show_shards(client)

    def _show_shards(self, client: FamiliarClient, last_error: str | None = None) -> None:
        """Connected when every shard of this process is; otherwise (re)connecting, with the count."""
        expected = discord_compat.expected_shards(client)
        up = len(self._shards_up.intersection(expected))
        user = client.user
        fields: dict[str, Any] = dict(
            shards_total=len(expected),
            shards_connected=up,
            bot_user=user.display_name if user else self._snapshot.bot_user,
            server_count=len(client.guilds),
        )
        if expected and up == len(expected):
            self._held.start()
            self._set(State.CONNECTED, **fields)
        elif self._snapshot.state is State.CONNECTING:
            self._set(State.CONNECTING, **self._current_fields(**fields))  # the first time: shards come up one by one
        elif self._snapshot.state is State.RECONNECTING:
            self._set(State.RECONNECTING, **self._current_fields(**fields))
        else:
            self._set(State.RECONNECTING, attempt=1, last_error=last_error or "a shard is reconnecting", **fields)

    def _on_internal_retry(self, delay: float, attempt: int, error: BaseException | None) -> None:
        """discord.py's own reconnect loop is about to sleep: show it."""
        if self._stopping or self._drop_requested:
            return
        self._set(
            State.RECONNECTING,
            attempt=attempt,
            next_retry_at=time.time() + delay,
            last_error=describe_connection_error(error, self._api_base()),
        )

    def _api_base(self) -> str | None:
        return self.config.discord_api_base if self.config is not None else None

    # ----- catch-up: owed until it succeeds -----

    def _owe_catch_up(self) -> None:
        """A message could not be handled: it stays owed, and a catch-up finds it again.

        Already connected, no READY/RESUMED will come to retry it, so a catch-up is
        scheduled (on every connection of this process that is up: which shard the message
        came on is not known here); the wait doubles while failures repeat (a broken disk
        must not turn into a history read every two seconds) and resets once a run finds
        nothing left to answer.
        """
        client = self.client
        connections = discord_compat.expected_shards(client) if client is not None else [None]
        for connection in connections:
            self._set_owed(connection)
        if client is None:
            return  # the next READY/RESUMED runs it
        delay: float | None = None
        for connection in connections:
            if not self._is_up(client, connection):
                continue  # its READY/RESUMED runs it
            task = self._catch_up_tasks.get(connection)
            if task is None or task.done():
                if delay is None:
                    delay = self._failure_backoff.next_delay()
                self._start_catch_up(client, connection, delay=delay)

    def _is_up(self, client: FamiliarClient, connection: ShardId) -> bool:
        if connection is None:
            return self._snapshot.state is State.CONNECTED
        return connection in self._shards_up

    def _set_owed(self, connection: ShardId) -> None:
        self._owed_generation += 1
        self._owed[connection] = self._owed_generation
        self._caught_up.clear()

    async def wait_caught_up(self) -> None:
        """Until no catch-up is owed (what was missed or failed has been dealt with); for tests and tools."""
        await self._caught_up.wait()

    def _start_catch_up(self, client: FamiliarClient, connection: ShardId, delay: float = 0.0) -> None:
        if connection not in self._owed or self._stopping:
            return
        self._stop_catch_up(connection)  # a run in progress or waiting to retry starts over now
        name = "familiar-catch-up" if connection is None else f"familiar-catch-up-shard-{connection}"
        self._catch_up_tasks[connection] = asyncio.get_running_loop().create_task(
            self._run_catch_up(client, connection, delay), name=name
        )

    def _stop_catch_up(self, connection: ShardId) -> None:
        task = self._catch_up_tasks.pop(connection, None)
        if task is not None and not task.done():
            task.cancel()
            # Awaited at shutdown with the other side tasks, so none outlives the loop.
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)

    async def _run_catch_up(self, client: FamiliarClient, connection: ShardId, delay: float) -> None:
        """Run the catch-up until a full run succeeds; retried while connected, with backoff.

        Idempotent: messages already answered (memory, or the bot's replies in the
        channel) are skipped, so running it again never answers twice. A shard's run
        reads its own servers' channels, and DM channels only on shard 0.
        """
        retries = Backoff(max(delay, self._catch_up_retry_delay), 60.0)
        shards = None if connection is None else frozenset({connection})
        where = "" if connection is None else f" on shard {connection}"
        if delay:
            await asyncio.sleep(delay)
        while connection in self._owed and not (self._stopping or client.is_closed()):
            generation = self._owed[connection]
            try:
                queued = await catch_up(
                    client, window=self._catch_up_window, per_channel=self._catch_up_limit, shards=shards
                )
            except CatchUpIncomplete as error:
                if not discord_compat.gateway_open(client, connection):
                    log.info("Catch-up%s interrupted (%s); it runs again once reconnected", where, error)
                    return
                retry = retries.next_delay()
                log.warning("Catch-up%s incomplete (%s); retrying in %.1f s", where, error, retry)
            except Exception:
                retry = retries.next_delay()
                log.exception("Catch-up%s failed; retrying in %.1f s", where, retry)
            else:
                if queued == 0:
                    self._failure_backoff.reset()  # nothing was left unanswered
                if self._owed.get(connection) == generation:
                    del self._owed[connection]
                    if not self._owed:
                        self._caught_up.set()
                    continue
                retry = retries.next_delay()
                log.debug("More became owed during the catch-up%s; running it again in %.1f s", where, retry)
            await asyncio.sleep(retry)

    async def _watchdog(self, client: FamiliarClient) -> None:
        """Force a reconnect when a 'connected' gateway (or one shard's) goes silent (a zombie connection).

        Cheap when nothing happens: it sleeps until the first moment a connection could
        have been quiet too long (heartbeat ACKs push that back), at least a second when
        none is up, so an idle bot wakes about once per heartbeat interval.
        """
        while True:
            self.watchdog_wakes += 1
            wake_in: float | None = None
            connections = discord_compat.expected_shards(client)
            for connection in connections:
                silence = discord_compat.gateway_silence(client, connection)
                if silence is None:
                    wake_in = min(wake_in or WATCHDOG_IDLE_WAKE, WATCHDOG_IDLE_WAKE)  # look again for its socket
                    continue
                quiet, interval = silence
                limit = self._watchdog_factor * interval
                if quiet > limit:
                    if self._is_up(client, connection):
                        await self._wake_zombie(client, connection, quiet, interval)
                    continue  # already being reconnected: its new socket is watched next
                deadline = max(limit - quiet, 0.0) + WATCHDOG_MARGIN * interval
                wake_in = deadline if wake_in is None else min(wake_in, deadline)
            await asyncio.sleep(max(WATCHDOG_MIN_WAKE, WATCHDOG_IDLE_WAKE if wake_in is None else wake_in))

    async def _wake_zombie(self, client: FamiliarClient, connection: ShardId, quiet: float, interval: float) -> None:
        where = "" if connection is None else f" on shard {connection}"
        log.warning(
            "No gateway event or heartbeat ACK%s for %.1f s (interval %.1f s); forcing a reconnect",
            where,
            quiet,
            interval,
        )
        if connection is None:
            self._set(State.RECONNECTING, attempt=1, last_error="the connection went silent")
        else:
            self._shards_up.discard(connection)
            self._show_shards(client, last_error=f"shard {connection}'s connection went silent")
        await discord_compat.force_resume(client, connection)


def _register_secrets(config: EffectiveConfig | None) -> None:
    """Every token or key in use, including env overrides, is kept out of the logs."""
    if config is not None:
        for value in config.secret_values:
            redact.register_secret(value)


def classify_connection_error(error: BaseException) -> BaseException | _Fatal:
    """Fatal errors (the user's settings are wrong) become `_Fatal`; everything else is retried."""
    kind = discord_compat.error_kind(error)
    if kind == "auth":
        return _Fatal(ErrorKind.AUTH, AUTH_MESSAGE)
    if kind == "intents":
        return _Fatal(ErrorKind.INTENTS, INTENTS_MESSAGE)
    if kind == "config":
        code = getattr(error, "code", None)
        return _Fatal(ErrorKind.CONFIG, CONFIG_MESSAGES.get(code or 0, f"Discord refused the connection ({code})."))
    if isinstance(error, discord.HTTPException) and 400 <= error.status < 500 and error.status != 429:
        return _Fatal(
            ErrorKind.CONFIG,
            f"Discord answered {error.status} at login; check the Discord API base in Settings.",
        )
    return error


def describe_connection_error(error: BaseException | None, api_base: str | None = None) -> str:
    """A short sentence for the tooltip and the log (never a traceback).

    A connection that reached no server names where it tried to go (`api_base`, the
    Discord API base in use), in the token test's words (`bot.unreachable`).
    """
    if error is None:
        return "connection lost"
    if isinstance(error, discord_compat.DiscordEndpointError):
        cause = error.__cause__
        return describe_connection_error(cause, error.api_base) if cause is not None else error.reason
    reason = unreachable_reason(error) if isinstance(error, (aiohttp.ClientConnectorError, OSError)) else None
    if reason is not None:
        return cant_reach(_where(error, api_base), reason)
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        return "timed out"
    if isinstance(error, discord.DiscordServerError):
        return f"Discord server error {error.status}"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}"
    if isinstance(error, discord.ConnectionClosed):
        return f"gateway closed ({error.code})"
    if discord_compat.is_first_connect_quirk(error):
        return "could not reach the Discord gateway"
    if isinstance(error, OSError):
        return f"network error: {error.strerror or error}"
    return f"{type(error).__name__}: {error}"


def _where(error: BaseException, api_base: str | None) -> str:
    """The API base, if that is where the failed connection went; else the host and port it went to
    (discord.py's gateway, which the API base only names)."""
    host = getattr(error, "host", None)
    if host is None or (api_base is not None and urlsplit(api_base).hostname == host):
        return api_base or "its address"
    port = getattr(error, "port", None)
    return f"{host}:{port}" if port else str(host)


def _describe(snapshot: Snapshot) -> str:
    """What a state's log line says after its name: the error kind, who and where, the error."""
    detail = ""
    if snapshot.state is State.RECONNECTING and snapshot.next_retry_at is not None:
        next_try = max(0.0, snapshot.next_retry_at - time.time())
        detail = f" (attempt {snapshot.attempt}, next try in {next_try:.1f} s)"
    elif snapshot.state is State.CONNECTED:
        servers = snapshot.server_count
        detail = f" as {snapshot.bot_user} in {servers} server{'' if servers == 1 else 's'}"
    if snapshot.shards_total and snapshot.state in (State.CONNECTED, State.CONNECTING, State.RECONNECTING):
        detail += f" ({snapshot.shards_connected}/{snapshot.shards_total} shards connected)"
    if snapshot.last_error:
        detail += f": {snapshot.last_error}"
    kind = f"/{snapshot.error_kind.value}" if snapshot.error_kind else ""
    return kind + detail
