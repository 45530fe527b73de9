"""Logging for both shells: stderr and/or a rotating file, with secrets redacted."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from .redact import default_filter, install_on_handler

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: 10 files of 1 MB: enough history to debug an outage, bounded on disk.
LOG_FILE_BYTES = 1_000_000
LOG_FILE_COUNT = 10


def setup_logging(log_file: Path | None, *, stderr: bool = True, level: int = logging.INFO) -> None:
    """Configure the root logger once; calling again replaces Familiar's handlers."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_familiar", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    if stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    file_problem: str | None = None
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    # backslashreplace: a lone surrogate (an undecodable file name) must not lose the line.
                    log_file,
                    maxBytes=LOG_FILE_BYTES,
                    backupCount=LOG_FILE_COUNT - 1,
                    encoding="utf-8",
                    errors="backslashreplace",
                )
            )
        except OSError as error:
            # The app still runs and says why; the folder check at start names the fix.
            file_problem = f"Cannot write the log file {log_file} ({error.strerror or error}); logging to stderr only"
            if not stderr:
                handlers.append(logging.StreamHandler(sys.stderr))
    formatter = logging.Formatter(LOG_FORMAT)
    for handler in handlers:
        handler._familiar = True  # type: ignore[attr-defined]
        handler.setFormatter(formatter)
        # On the handler, not the logger: logger filters miss records from child loggers.
        install_on_handler(handler, default_filter())
        root.addHandler(handler)
    root.setLevel(level)
    # discord.py is chatty at INFO about every gateway step; keep its warnings.
    logging.getLogger("discord").setLevel(max(level, logging.WARNING))
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("httpx2").setLevel(max(level, logging.WARNING))
    if file_problem:
        logging.getLogger(__name__).warning("%s", file_problem)
