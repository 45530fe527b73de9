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

import aiohttp
import discord

from . import discord_compat, redact
from .atomic import remove_stale_temp_files
from .backoff import Backoff, HeldFor
from .catch_up import CatchUpIncomplete, catch_up
from .characters import CardError, CharacterNotFound, CharacterStore
from .client import Brain, FamiliarClient
from .folders import FolderError, Folders
from .llm import ModelClient
from .lorebooks import LorebookStore
from .commands import CommandHooks, SyncRecord
from .memory import MemoryStore, MemoryStoreError
from .presets import PresetStore
from .secrets import Secrets, SecretStore, SecretStoreError
from .settings import (
    EffectiveConfig,
    Settings,
    SettingsError,
    effective_config,
    load_settings,
    save_settings,
)
from .stall_monitor import StallMonitor

log = logging.getLogger(__name__)

#: In the data folder: the hash of the slash commands last synced with Discord, per scope.
COMMAND_SYNC_FILE = "commands-synced.json"


class State(str, enum.Enum):
    NOT_CONFIGURED = "not_configured"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    PAUSED = "paused"
    ERROR = "error"
    STOPPING = "stopping"
    STOPPED = "stopped"


class ErrorKind(str, enum.Enum):
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
    4010: "Discord refused the shard setting (close code 4010).",
    4011: "This bot is in too many servers to run without sharding (close code 4011).",
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
        self._stall_monitor = StallMonitor(stall_threshold)

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
        self._catch_up_task: asyncio.Task[None] | None = None
        # Catch-up is owed after every new session and after any message that could
        # not be handled; it stays owed until a run over every channel succeeds.
        self._catch_up_owed = True  # nothing has been checked before the first session
        self._owed_generation = 0
        self._caught_up = asyncio.Event()  # set while no catch-up is owed
        self._catch_up_retry_delay = catch_up_retry_delay
        self._failure_retry = catch_up_retry_delay
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
        detail = ""
        if new.state is State.RECONNECTING and new.next_retry_at is not None:
            detail = f" (attempt {new.attempt}, next try in {max(0.0, new.next_retry_at - time.time()):.1f} s)"
        elif new.state is State.CONNECTED:
            detail = f" as {new.bot_user} in {new.server_count} servers"
        if new.last_error:
            detail += f": {new.last_error}"
        kind = f"/{new.error_kind.value}" if new.error_kind else ""
        if new.state is previous.state:
            # Same state, new details (a retry scheduled, the server count): only
            # worth a line when it tells the user something new.
            level = logging.INFO if new.next_retry_at is not None or new.state is State.CONNECTED else logging.DEBUG
            log.log(level, "Still %s%s%s", new.state.value, kind, detail)
            return
        level = logging.ERROR if new.state is State.ERROR else logging.INFO
        log.log(level, "State %s → %s%s%s", previous.state.value, new.state.value, kind, detail)

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
            self._load_config()
        except (SettingsError, SecretStoreError) as error:
            problem = _Fatal(ErrorKind.CONFIG, str(error))
            self._fallback_config()
        if self._memory is None:
            try:
                self._memory = await MemoryStore.open(self.folders.memory_db)
            except MemoryStoreError as error:
                return _Fatal(ErrorKind.CONFIG, str(error))
        assert self.settings is not None and self.config is not None
        if self.brain is not None:  # loaded again (reconnect after a start-up problem)
            self.brain.settings = self.settings
            previous_model, self.brain.model = self._model, self._make_model()
            if previous_model is not None:
                self._spawn(previous_model.aclose(), "familiar-close-old-model")
        else:
            self.brain = Brain(
                settings=self.settings,
                characters=CharacterStore(self.folders.characters),
                presets=PresetStore(self.folders.presets),
                memory=self._memory,
                model=self._make_model(),
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
        for folder in (self.folders.config, self.folders.data, self.folders.characters, self.folders.presets,
                       self.folders.lorebooks):
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

    def _load_config(self) -> None:
        assert self._secret_store is not None
        self.settings = load_settings(self.folders)
        secrets = self._load_secrets()
        self.config = effective_config(self.settings, secrets, self._env, strict=False)
        _register_secrets(self.config)

    def _load_secrets(self) -> Secrets:
        """Saved secrets, unless the environment overrides both: then the keyring
        (about 7 MB of D-Bus libraries, and a possible unlock prompt) is never woken."""
        assert self._secret_store is not None
        if self._env.get("FAMILIAR_DISCORD_TOKEN", "").strip() and self._env.get("FAMILIAR_OPENAI_API_KEY", "").strip():
            return Secrets(None, None)
        return self._secret_store.load()

    def _make_model(self) -> ModelClient:
        assert self.config is not None and self.settings is not None
        options: dict[str, Any] = {}
        if self._model_retry_delay is not None:
            options["backoff_base"] = self._model_retry_delay
        self._model = ModelClient(
            self.config.openai_base_url,
            self.config.openai_api_key,
            self.config.model,
            timeout=self.settings.request_timeout,
            on_text_only=self._on_model_text_only,
            **options,
        )
        if self._snapshot.model_text_only:  # a new model: nothing is known about it yet
            self._set(self._snapshot.state, **self._current_fields(model_text_only=False))
        return self._model

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
            if settings is None and secrets is None:
                self._load_config()
            else:
                assert self._secret_store is not None
                self.settings = settings or self.settings
                secrets = secrets or self._load_secrets()
                self.config = effective_config(self.settings or Settings(), secrets, self._env, strict=False)
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
        if old is None or (old.openai_base_url, old.openai_api_key, old.model, old.settings.request_timeout) != (
            new.openai_base_url, new.openai_api_key, new.model, self.settings.request_timeout
        ):
            previous_model = self._model
            self.brain.model = self._make_model()
            if previous_model is not None:
                self._spawn(previous_model.aclose(), "familiar-close-old-model")
        if old is None or (old.discord_token, old.discord_api_base) != (new.discord_token, new.discord_api_base):
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
            except asyncio.TimeoutError:
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
        delay = self._backoff.next_delay()
        reason = describe_connection_error(error)
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
        self._set(State.CONNECTING if attempt == 0 else State.RECONNECTING, attempt=attempt)
        client = FamiliarClient(
            self.brain,
            on_event=self._on_client_event,
            on_owed=self._owe_catch_up,
            send_retry_delay=self._send_retry_delay,
            command_hooks=CommandHooks(
                change_settings=self.update_settings,
                sync_record=self._sync_record,
                connected_since=lambda: self._connected_since,
            ),
            **self._client_options,
        )
        self.client = client
        watchdog: asyncio.Task[None] | None = None
        self._reconnect_watch = discord_compat.ReconnectWatch(self._on_internal_retry)
        token = discord_compat.reconnect_watch.set(self._reconnect_watch)
        try:
            await discord_compat.point_discord_at(config.discord_api_base)
            await client.login(config.discord_token)
            watchdog = asyncio.get_running_loop().create_task(self._watchdog(client), name="familiar-watchdog")
            # Its own task, so a deliberate close can end it even while discord.py
            # sleeps in its reconnect backoff (it only checks is_closed() afterwards).
            self._connect_task = asyncio.get_running_loop().create_task(
                client.connect(reconnect=True), name="familiar-gateway"
            )
            await self._connect_task
            return None
        except BaseException as error:  # noqa: BLE001 - classified below; cancellation re-raised
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
            for helper in (watchdog, self._catch_up_task, connect_task):
                if helper is not None and not helper.done():
                    helper.cancel()
                    await asyncio.gather(helper, return_exceptions=True)
            self._catch_up_task = None
            await client.cancel_generations()
            discord_compat.cancel_ready_wait(client)
            await client.close()
            if self._held.stop():
                self._backoff.reset()
            self.client = None

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
        if event == "connect":
            # READY: a new session. Nothing said while we were away will be replayed.
            self._set_owed()
        elif event in ("ready", "resumed"):
            if not discord_compat.gateway_open(client):
                # discord.py's late 'ready' after the socket already dropped: not connected.
                log.debug("Ignoring '%s': the gateway socket is already closed", event)
                return
            self._held.start()
            if self._reconnect_watch is not None:
                self._reconnect_watch.reset()  # the next outage starts from a short delay again
            user = client.user
            self._set(
                State.CONNECTED,
                bot_user=user.display_name if user else None,
                server_count=len(client.guilds),
            )
            self._start_catch_up(client)
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
            self._stop_catch_up()
            if self._snapshot.state is State.CONNECTED:
                if self._held.stop():
                    self._backoff.reset()
                self._set(State.RECONNECTING, attempt=1, last_error="lost the connection to Discord")

    def _on_internal_retry(self, delay: float, attempt: int, error: BaseException | None) -> None:
        """discord.py's own reconnect loop is about to sleep: show it."""
        if self._stopping or self._drop_requested:
            return
        self._set(
            State.RECONNECTING,
            attempt=attempt,
            next_retry_at=time.time() + delay,
            last_error=describe_connection_error(error),
        )

    # ----- catch-up: owed until it succeeds -----

    def _owe_catch_up(self) -> None:
        """A message could not be handled: it stays owed, and a catch-up finds it again.

        Already connected, no READY/RESUMED will come to retry it, so a catch-up is
        scheduled; the wait doubles while failures repeat (a broken disk must not
        turn into a history read every two seconds) and resets once a run finds
        nothing left to answer.
        """
        self._set_owed()
        client = self.client
        if client is None or self._snapshot.state is not State.CONNECTED:
            return  # the next READY/RESUMED runs it
        if self._catch_up_task is None or self._catch_up_task.done():
            delay, self._failure_retry = self._failure_retry, min(self._failure_retry * 2, 300.0)
            self._start_catch_up(client, delay=delay)

    def _set_owed(self) -> None:
        self._catch_up_owed = True
        self._owed_generation += 1
        self._caught_up.clear()

    async def wait_caught_up(self) -> None:
        """Until no catch-up is owed (what was missed or failed has been dealt with); for tests and tools."""
        await self._caught_up.wait()

    def _start_catch_up(self, client: FamiliarClient, delay: float = 0.0) -> None:
        if not self._catch_up_owed or self._stopping:
            return
        self._stop_catch_up()  # a run in progress or waiting to retry starts over now
        self._catch_up_task = asyncio.get_running_loop().create_task(
            self._run_catch_up(client, delay), name="familiar-catch-up"
        )

    def _stop_catch_up(self) -> None:
        task, self._catch_up_task = self._catch_up_task, None
        if task is not None and not task.done():
            task.cancel()
            # Awaited at shutdown with the other side tasks, so none outlives the loop.
            self._side_tasks.add(task)
            task.add_done_callback(self._side_tasks.discard)

    async def _run_catch_up(self, client: FamiliarClient, delay: float) -> None:
        """Run the catch-up until a full run succeeds; retried while connected, with backoff.

        Idempotent: messages already answered (memory, or the bot's replies in the
        channel) are skipped, so running it again never answers twice.
        """
        retry = max(delay, self._catch_up_retry_delay)
        if delay:
            await asyncio.sleep(delay)
        while self._catch_up_owed and not (self._stopping or client.is_closed()):
            generation = self._owed_generation
            try:
                queued = await catch_up(client, window=self._catch_up_window, per_channel=self._catch_up_limit)
            except CatchUpIncomplete as error:
                if not discord_compat.gateway_open(client):
                    log.info("Catch-up interrupted (%s); it runs again once reconnected", error)
                    return
                log.warning("Catch-up incomplete (%s); retrying in %.0f s", error, retry)
            except Exception:
                log.exception("Catch-up failed; retrying in %.0f s", retry)
            else:
                if queued == 0:
                    self._failure_retry = self._catch_up_retry_delay  # nothing was left unanswered
                if generation == self._owed_generation:
                    self._catch_up_owed = False
                    self._caught_up.set()
                    continue
                log.debug("More became owed during the catch-up; running it again in %.0f s", retry)
            await asyncio.sleep(retry)
            retry = min(retry * 2, 60.0)

    async def _watchdog(self, client: FamiliarClient) -> None:
        """Force a reconnect when a 'connected' gateway goes silent (a zombie connection)."""
        while True:
            silence = discord_compat.gateway_silence(client)
            interval = silence[1] if silence else 5.0
            await asyncio.sleep(max(0.05, interval / 4))
            silence = discord_compat.gateway_silence(client)
            if silence is None or self._snapshot.state is not State.CONNECTED:
                continue
            quiet, interval = silence
            if quiet > self._watchdog_factor * interval:
                log.warning(
                    "No gateway event or heartbeat ACK for %.1f s (interval %.1f s); forcing a reconnect",
                    quiet, interval,
                )
                self._set(State.RECONNECTING, attempt=1, last_error="the connection went silent")
                await discord_compat.force_resume(client)


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


def describe_connection_error(error: BaseException | None) -> str:
    """A short sentence for the tooltip and the log (never a traceback)."""
    if error is None:
        return "connection lost"
    if isinstance(error, discord_compat.DiscordEndpointError):
        cause = error.__cause__
        return describe_connection_error(cause) if cause is not None else error.reason
    if isinstance(error, aiohttp.ClientConnectorError) or isinstance(error, ConnectionRefusedError):
        return "network unreachable"
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
