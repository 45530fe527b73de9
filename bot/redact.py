"""Keep the Discord token and the API key out of every log output.

Why handler filters: a filter on a logger only sees records logged on that
exact logger, not ones propagated from children (`discord.gateway`,
`openai._base_client`...). A filter on each *handler* sees everything that
handler writes, so that is where `RedactingFilter` goes.

How it is wired:

- `bot.logging_setup.setup_logging` (both shells) puts the process-wide
  `default_filter()` on every handler it creates, with `install_on_handler`;
  so does the Logs page's in-memory handler (`desktop/settings/log_buffer.py`).
  A handler added anywhere else needs the same call.
- `bot.secrets.SecretStore` registers every value it loads or saves, the
  supervisor registers the effective config's token and key (env overrides
  included) whenever it loads the config, and the settings window registers a
  token or key as soon as it is typed. Secrets are only ever added while the
  app runs; `set_secrets` replaces the whole set.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 6  # shorter strings would redact ordinary words


class RedactingFilter(logging.Filter):
    """Replaces registered secrets with `[redacted]` in a record, in place.

    The record is rewritten (message pre-formatted, traceback pre-rendered),
    so every later handler and formatter sees only the redacted text.
    """

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None
        self.set_secrets(secrets)

    @property
    def secrets(self) -> frozenset[str]:
        return self._secrets

    def register_secret(self, value: str | None) -> None:
        """Add one secret (e.g. a token just pasted into the settings window)."""
        if _worth_redacting(value):
            with self._lock:
                self._update(self._secrets | {value.strip()})  # type: ignore[union-attr]

    def set_secrets(self, values: Iterable[str | None]) -> None:
        """Replace the whole set (e.g. after the settings changed)."""
        with self._lock:
            self._update(frozenset(v.strip() for v in values if _worth_redacting(v)))  # type: ignore[union-attr]

    def redact(self, text: str) -> str:
        pattern = self._pattern
        return text if pattern is None else pattern.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - bad format args; logging's handleError would print raw args
            message = f"{record.msg!s} (unformattable arguments: {record.args!r})"
        # Freeze the formatted message: args may hold the secret, and a handler
        # must not format them again.
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = _FORMATTER.formatException(record.exc_info)
            # Formatters fall back to exc_text when exc_info is gone, so the
            # raw exception (whose str may hold the token) is never rendered.
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True

    def _update(self, secrets: frozenset[str]) -> None:
        self._secrets = secrets
        # Longest first, so a secret that contains another is replaced whole.
        ordered = sorted(secrets, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _worth_redacting(value: str | None) -> bool:
    return isinstance(value, str) and len(value.strip()) >= MIN_SECRET_LENGTH


_FORMATTER = logging.Formatter()
_default_filter = RedactingFilter()


def default_filter() -> RedactingFilter:
    """The process-wide filter that the module-level functions update."""
    return _default_filter


def register_secret(value: str | None) -> None:
    _default_filter.register_secret(value)


def set_secrets(values: Iterable[str | None]) -> None:
    _default_filter.set_secrets(values)


def redact(text: str) -> str:
    return _default_filter.redact(text)


def install_on_handler(handler: logging.Handler, filter_: RedactingFilter | None = None) -> None:
    """Attach the filter to one handler; idempotent."""
    filter_ = filter_ or _default_filter
    if filter_ not in handler.filters:
        handler.addFilter(filter_)
