"""Why a server could not be reached, in the one wording every report of it uses.

The token test (`checks.DiscordUnreachable`) and the bot's status line
(`supervisor.describe_connection_error`) meet the same failures; both say
"Can't reach Discord at <the API base>: <why>", so a refused connection to a
custom API base names the address that refused it, wherever it is read.
"""

from __future__ import annotations

import errno
import socket

import aiohttp

_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN})


def unreachable_reason(error: BaseException | None) -> str | None:
    """Why a connection failed before any server answered, or None if the failure was something else.

    Looks through what the error was raised from (bounded), as wrappers (discord.py's,
    ours) keep the socket's error as their cause.
    """
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, (aiohttp.ClientConnectorDNSError, socket.gaierror)):
            return "the name does not resolve"
        if isinstance(error, ConnectionRefusedError) or (
            isinstance(error, OSError) and error.errno == errno.ECONNREFUSED
        ):
            return "the connection was refused"
        if isinstance(error, OSError) and error.errno in _NO_ROUTE:
            return "there is no network route to it"
        if isinstance(error, aiohttp.ClientConnectorError):
            cause = error.os_error
            return (cause.strerror or str(cause)).rstrip(".").lower() if cause is not None else str(error)
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def cant_reach(where: str, reason: str) -> str:
    """The sentence (without its full stop, so callers can go on): "Can't reach Discord at X: why"."""
    return f"Can't reach Discord at {where}: {reason}"
