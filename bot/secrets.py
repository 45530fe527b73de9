"""The Discord token and the model API key, kept out of settings.json.

Secrets live in the OS keyring (Keychain, Windows Credential Locker, Secret
Service). A bare Linux server has no keyring, so there they fall back to
`secrets.json` with mode 0600 and one warning says so. Values are never
logged; every value this module sees is registered with `bot.redact` so a
stray log line cannot leak it either.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordDeleteError

from . import redact
from .atomic import atomic_write_json
from .folders import Folders
from .strict_json import JsonProblem, has_lone_surrogate, parse_json_bytes

log = logging.getLogger(__name__)

SERVICE_NAME = "Familiar"
FIELDS = ("discord_token", "openai_api_key")  # also the keyring usernames
FILE_MODE = 0o600
# How long choosing/probing a keyring backend may take. Secret Service over a
# missing bus fails in milliseconds; this only guards against a wedged daemon.
PROBE_TIMEOUT_SECONDS = 5.0

# Secrets files already warned about, so the process logs the fallback once
# even if several stores are created (settings window, supervisor...).
_warned_files: set[Path] = set()
_warned_lock = threading.Lock()


class SecretStoreError(Exception):
    """A secret could not be read or written (the message never holds a value)."""


@dataclass(frozen=True)
class Secrets:
    discord_token: str | None = None
    openai_api_key: str | None = None

    def __repr__(self) -> str:
        # A Secrets object in a log line or traceback must not leak its values.
        def shown(value: str | None) -> str:
            return "None" if value is None else "'***'"

        return f"Secrets(discord_token={shown(self.discord_token)}, openai_api_key={shown(self.openai_api_key)})"

    def values(self) -> tuple[str, ...]:
        """The secrets that are set, e.g. for `redact.set_secrets`."""
        return tuple(v for v in (self.discord_token, self.openai_api_key) if v)


class SecretStore:
    """Reads and writes `Secrets` in the OS keyring, or the 0600 file fallback.

    The backend is chosen lazily on first use (never at import): probing a
    keyring can touch D-Bus, and tests inject their own backend.
    """

    def __init__(self, folders: Folders, keyring_backend: KeyringBackend | None = None) -> None:
        self._folders = folders
        self._injected = keyring_backend
        self._lock = threading.Lock()
        self._resolved = False
        self._backend: KeyringBackend | None = None  # None = file fallback

    # -- public API -------------------------------------------------------

    @property
    def backend_name(self) -> str:
        """Human-readable storage location, for the settings window and logs."""
        backend = self._resolve()
        if backend is None:
            return f"file {self._folders.secrets_file}"
        return f"keyring ({_backend_label(backend)})"

    @property
    def uses_keyring(self) -> bool:
        return self._resolve() is not None

    def load(self) -> Secrets:
        backend = self._resolve()
        if backend is not None:
            try:
                secrets = self._load_keyring(backend)
            except Exception as exc:  # noqa: BLE001 - any backend failure means "no keyring"
                self._fall_back(f"the keyring failed to read ({type(exc).__name__}: {exc})")
            else:
                _register(secrets)
                return secrets
        secrets = self._load_file()
        _register(secrets)
        return secrets

    def save(self, secrets: Secrets) -> None:
        """Store both values; None removes that secret.

        A value that cannot be stored (a lone surrogate) is a SecretStoreError
        before anything is touched: left to the keyring it would fail there and
        wrongly switch this store to the file fallback.
        """
        _check_values({name: getattr(secrets, name) for name in FIELDS}, "Cannot save the secrets")
        _register(secrets)
        backend = self._resolve()
        if backend is not None:
            try:
                self._save_keyring(backend, secrets)
                return
            except Exception as exc:  # noqa: BLE001
                self._fall_back(f"the keyring failed to write ({type(exc).__name__}: {exc})")
        self._save_file(secrets)

    # -- backend choice ---------------------------------------------------

    def _resolve(self) -> KeyringBackend | None:
        with self._lock:
            if not self._resolved:
                backend, reason = _probe(self._injected)
                self._resolved = True
                self._backend = backend
                if backend is None:
                    self._warn_fallback(reason)
                else:
                    log.info("Secrets are stored in the keyring (%s)", _backend_label(backend))
            return self._backend

    def _fall_back(self, reason: str) -> None:
        with self._lock:
            self._backend = None
            self._resolved = True
        self._warn_fallback(reason)

    def _warn_fallback(self, reason: str) -> None:
        path = self._folders.secrets_file
        with _warned_lock:
            if path in _warned_files:
                return
            _warned_files.add(path)
        log.warning(
            "No usable system keyring (%s): secrets are stored in the file %s, readable only by your user (mode 0600).",
            reason,
            path,
        )

    # -- keyring ----------------------------------------------------------

    def _load_keyring(self, backend: KeyringBackend) -> Secrets:
        values = {name: backend.get_password(SERVICE_NAME, name) for name in FIELDS}
        # A previous run may have used the file fallback (no keyring back
        # then); move those values into the keyring so the user isn't
        # suddenly "not configured", and drop the plain-text copy.
        path = self._folders.secrets_file
        if path.exists():
            try:
                from_file = self._read_file(path)
            except SecretStoreError as exc:
                log.warning("Left %s alone: %s", path, exc)
                return Secrets(**values)
            for name in FIELDS:
                if values[name] is None and from_file.get(name):
                    backend.set_password(SERVICE_NAME, name, from_file[name])
                    values[name] = from_file[name]
            path.unlink()
            log.info("Moved secrets from %s into the keyring", path)
        return Secrets(**values)

    def _save_keyring(self, backend: KeyringBackend, secrets: Secrets) -> None:
        for name in FIELDS:
            value = getattr(secrets, name)
            if value:
                backend.set_password(SERVICE_NAME, name, value)
            else:
                with contextlib.suppress(PasswordDeleteError):  # already absent
                    backend.delete_password(SERVICE_NAME, name)

    # -- file fallback ----------------------------------------------------

    def _load_file(self) -> Secrets:
        path = self._folders.secrets_file
        if not path.exists():
            return Secrets()
        values = self._read_file(path)
        return Secrets(**{name: values.get(name) for name in FIELDS})

    def _read_file(self, path: Path) -> dict[str, str]:
        """The secrets in `path`. Any damage is a SecretStoreError, and the file
        is never moved aside or overwritten: it may be the only copy of the token."""
        _tighten_mode(path)
        try:
            raw: Any = parse_json_bytes(path.read_bytes())
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SecretStoreError(f"{path}: cannot read the secrets file ({reason})") from None
        except JsonProblem as exc:
            # The reason is a fixed phrase with a position, never the text (the secret).
            raise SecretStoreError(f"{path}: the secrets file {exc.reason}; fix or delete it") from None
        if not isinstance(raw, dict):
            raise SecretStoreError(f"{path}: the secrets file is not a JSON object; fix or delete it")
        values = {name: raw[name] for name in FIELDS if isinstance(raw.get(name), str) and raw[name]}
        _check_values(values, f"{path}: the secrets file has an unusable value")
        return values

    def _save_file(self, secrets: Secrets) -> None:
        data = {name: getattr(secrets, name) for name in FIELDS if getattr(secrets, name)}
        atomic_write_json(self._folders.secrets_file, data, mode=FILE_MODE)


def _check_values(values: dict[str, str | None], context: str) -> None:
    """SecretStoreError naming the field (never the value) that UTF-8 cannot hold."""
    for name, value in values.items():
        if value is not None and has_lone_surrogate(value):
            raise SecretStoreError(
                f"{context}: '{name}' holds a lone surrogate (an unpaired \\ud800-\\udfff escape), "
                "which cannot be a real token or key"
            )


def _register(secrets: Secrets) -> None:
    for value in secrets.values():
        redact.register_secret(value)


def _probe(injected: KeyringBackend | None) -> tuple[KeyringBackend | None, str]:
    """Pick a working backend, or (None, why not). Bounded in time.

    `keyring.get_keyring()` and a backend's `priority` may talk to D-Bus, so
    they run in a daemon thread; a wedged daemon then costs at most
    PROBE_TIMEOUT_SECONDS instead of hanging startup.
    """
    result: list[tuple[KeyringBackend | None, str]] = []

    def work() -> None:
        try:
            backend = injected if injected is not None else keyring.get_keyring()
            result.append((backend, "") if _viable(backend) else (None, _why_not(backend)))
        except Exception as exc:  # noqa: BLE001 - e.g. RuntimeError from SecretService.priority
            result.append((None, f"{type(exc).__name__}: {exc}"))

    thread = threading.Thread(target=work, name="keyring-probe", daemon=True)
    thread.start()
    thread.join(PROBE_TIMEOUT_SECONDS)
    if not result:
        return None, f"the keyring did not answer within {PROBE_TIMEOUT_SECONDS:g}s"
    return result[0]


def _viable(backend: KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    # SecretService's priority raises RuntimeError when there is no bus or
    # daemon; fail/null report <= 0.
    return float(backend.priority) > 0


def _why_not(backend: KeyringBackend) -> str:
    if isinstance(backend, chainer.ChainerBackend | fail.Keyring):
        return "no keyring backend is available"
    return f"the {_backend_label(backend)} backend is not usable"


def _backend_label(backend: KeyringBackend) -> str:
    try:
        return str(backend.name)
    except Exception:  # noqa: BLE001 - name is a classproperty some backends compute
        return type(backend).__qualname__


def _tighten_mode(path: Path) -> None:
    """A secrets file copied around may have lost its 0600; put it back."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, FILE_MODE)
            log.warning("%s was readable by other users (mode %o); set it to 0600", path, mode)
    except OSError:
        pass
