"""One wording for a server that could not be reached: the token test and the status line (issue 14)."""

from __future__ import annotations

import errno
import socket

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey

from bot import discord_compat
from bot.checks import DiscordUnreachable
from bot.supervisor import describe_connection_error
from bot.unreachable import cant_reach, unreachable_reason

BASE = "http://127.0.0.1:9/api/v10"


def connector_error(os_error: OSError, host: str = "127.0.0.1", port: int = 9) -> aiohttp.ClientConnectorError:
    key = ConnectionKey(host, port, False, True, None, None, None)
    return aiohttp.ClientConnectorError(key, os_error)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            connector_error(ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed")),
            "the connection was refused",
        ),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "the connection was refused"),
        (socket.gaierror(-2, "Name or service not known"), "the name does not resolve"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "there is no network route to it"),
        (connector_error(OSError(errno.ETIMEDOUT, "Connection timed out")), "connection timed out"),
    ],
)
def test_reasons(error: BaseException, reason: str) -> None:
    assert unreachable_reason(error) == reason


def test_a_cause_is_looked_through_and_other_errors_are_not_reasons() -> None:
    wrapper = RuntimeError("wrapped")
    wrapper.__cause__ = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    assert unreachable_reason(wrapper) == "the connection was refused"
    assert unreachable_reason(ValueError("no")) is None
    assert unreachable_reason(None) is None


def test_the_status_line_and_the_token_test_say_the_same_and_name_the_api_base() -> None:
    refused = connector_error(ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"))
    # The first step of a connection: asking the API base for its gateway (discord_compat wraps the cause).
    endpoint = discord_compat.DiscordEndpointError(BASE, f"GET {BASE}/gateway failed: {refused!r}")
    endpoint.__cause__ = refused
    status = describe_connection_error(endpoint)
    assert status == f"Can't reach Discord at {BASE}: the connection was refused"
    # discord.py's own REST call failing later: the API base in use is passed in.
    assert describe_connection_error(refused, BASE) == status
    # The token test's sentence is the same one.
    assert str(DiscordUnreachable(BASE, unreachable_reason(refused) or "")) == status + "."
    assert cant_reach(BASE, "x") == f"Can't reach Discord at {BASE}: x"


def test_a_connection_elsewhere_than_the_api_base_names_its_host() -> None:
    """discord.py's gateway lives at another address than the API base: name that one."""
    refused = connector_error(ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "gateway.example", 443)
    assert describe_connection_error(refused, "https://discord.com/api/v10") == (
        "Can't reach Discord at gateway.example:443: the connection was refused"
    )
