"""Checks the settings window runs before anything is saved: does this token log in,
is the Message Content intent on, does this model answer; plus the invite link and
the live list of servers and channels.

Pure asyncio, no Qt. The token check speaks raw REST + one gateway handshake with
aiohttp instead of starting a discord.py client: discord.py's API base is
process-wide (see `discord_compat.point_discord_at`), so testing a token against
another base with it would move the running bot too. Here nothing shared is touched.

Every error is a `CheckError` whose `str()` is the sentence to show.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
import discord

from . import __version__
from .client import intents as bot_intents
from .llm import ModelClient
from .settings import DEFAULT_DISCORD_API_BASE
from .unreachable import cant_reach, unreachable_reason

log = logging.getLogger(__name__)

# Permissions the bot needs in a channel (https://discord.com/developers/docs/topics/permissions).
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
READ_MESSAGE_HISTORY = 1 << 16
SEND_MESSAGES_IN_THREADS = 1 << 38
MANAGE_WEBHOOKS = 1 << 29  # characters speak under their own name and avatar (webhook personas)
USE_APPLICATION_COMMANDS = 1 << 31  # the slash commands
#: 277562330112: View Channels, Send Messages, Send Messages in Threads, Read Message History,
#: Manage Webhooks, Use Application Commands.
INVITE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | SEND_MESSAGES_IN_THREADS
    | READ_MESSAGE_HISTORY
    | MANAGE_WEBHOOKS
    | USE_APPLICATION_COMMANDS
)
INVITE_BASE = "https://discord.com/oauth2/authorize"

# Application flags: the Message Content intent is allowed with either one
# (https://discord.com/developers/docs/resources/application#application-object-application-flags).
APP_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18
APP_FLAG_GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19

CDN_BASE = "https://cdn.discordapp.com"
#: The prompt of the model test: short, so the answer is quick and cheap.
MODEL_PING = "Say hello in five words or fewer."
MODEL_PING_MAX_TOKENS = 32

_CLOSE_BAD_TOKEN = 4004
_CLOSE_DISALLOWED_INTENTS = 4014
_CLOSE_INVALID_INTENTS = 4013


# ----- errors: one sentence each, written here -----


class CheckError(Exception):
    """A check failed; `str()` is the sentence for the user."""

    message = "The check failed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class MissingInput(CheckError):
    message = "Fill in the field first."


class BadToken(CheckError):
    message = (
        "Discord rejected this bot token. Copy it again from the Developer Portal "
        "(your app → Bot → Reset Token) and paste it here."
    )


class IntentsOff(CheckError):
    message = (
        "The token works, but the Message Content intent is off. In the Developer Portal open "
        "your app → Bot, turn on Message Content Intent, and press Save Changes."
    )


class DiscordUnreachable(CheckError):
    def __init__(self, api_base: str, reason: str) -> None:
        super().__init__(f"{cant_reach(api_base, reason)}.")  # worded as the bot's status line words it


class DiscordRefused(CheckError):
    pass


# ----- results -----


@dataclass(frozen=True)
class BotIdentity:
    name: str
    id: int
    application_id: int
    avatar_url: str | None = None
    avatar: bytes | None = None  # the image, when it could be fetched
    server_count: int | None = None  # from READY; None when the gateway was not asked

    @property
    def invite_url(self) -> str:
        return invite_url(self.application_id)


@dataclass(frozen=True)
class ModelCheck:
    reply: str
    latency: float  # seconds, request to full answer


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    name: str


@dataclass(frozen=True)
class ServerInfo:
    id: int
    name: str
    channels: tuple[ChannelInfo, ...]


# ----- invite link -----


def invite_url(application_id: int, permissions: int = INVITE_PERMISSIONS) -> str:
    """The OAuth2 link that adds the bot to a server with just the permissions it needs."""
    query = urlencode({"client_id": application_id, "scope": "bot applications.commands", "permissions": permissions})
    return f"{INVITE_BASE}?{query}"


# ----- Discord token -----


async def check_discord_token(
    token: str,
    api_base: str = DEFAULT_DISCORD_API_BASE,
    *,
    timeout: float = 15.0,
    identify: bool = True,
) -> BotIdentity:
    """Log in with `token`: who the bot is, or the exact reason it cannot connect.

    `identify=False` skips the gateway handshake (use it when a live connection with
    this very token already proves the intents: a second IDENTIFY is a second session).
    """
    token = token.strip().removeprefix("Bot ").strip()
    if not token:
        raise MissingInput("Paste the bot token first.")
    api_base = api_base.strip().rstrip("/")
    headers = {"Authorization": f"Bot {token}", "User-Agent": f"DiscordBot (familiar, {__version__})"}
    try:
        async with asyncio.timeout(timeout):
            async with aiohttp.ClientSession(headers=headers) as session:
                user = await _get_json(session, api_base, "/users/@me")
                application = await _application(session, api_base)
                if application is not None and not _message_content_allowed(application):
                    raise IntentsOff()
                server_count = await _identify(session, api_base, token) if identify else None
                avatar_url = _avatar_url(user, api_base)
                avatar = await _fetch_avatar(session, avatar_url) if avatar_url else None
    except TimeoutError:
        raise DiscordUnreachable(api_base, f"no answer within {timeout:g} s") from None
    except aiohttp.ClientError as error:
        raise DiscordUnreachable(api_base, _describe_network_error(error)) from error
    bot_id = int(user["id"])
    app_id = int(application["id"]) if application and application.get("id") else bot_id
    name = str(user.get("global_name") or user.get("username") or bot_id)
    log.info("Token check: logged in as %s (%s)", name, bot_id)
    return BotIdentity(name, bot_id, app_id, avatar_url, avatar, server_count)


async def _get_json(session: aiohttp.ClientSession, api_base: str, path: str) -> dict[str, Any]:
    async with session.get(api_base + path) as response:
        if response.status == 401:
            raise BadToken()
        if response.status != 200:
            raise DiscordRefused(f"Discord answered HTTP {response.status} to {path}; check the Discord API base.")
        try:
            data = await response.json(content_type=None)
        except ValueError:
            data = None
    if not isinstance(data, dict) or "id" not in data:
        raise DiscordRefused(f"{api_base} did not answer like Discord; check the Discord API base.")
    return data


async def _application(session: aiohttp.ClientSession, api_base: str) -> dict[str, Any] | None:
    """The bot's application (for its id and flags); None if Discord would not say."""
    try:
        return await _get_json(session, api_base, "/oauth2/applications/@me")
    except DiscordRefused as error:
        log.info("Token check: no application details (%s)", error)
        return None


def _message_content_allowed(application: dict[str, Any]) -> bool:
    flags = application.get("flags")
    if not isinstance(flags, int):
        return True  # unknown: let the gateway decide
    return bool(flags & (APP_FLAG_GATEWAY_MESSAGE_CONTENT | APP_FLAG_GATEWAY_MESSAGE_CONTENT_LIMITED))


async def _identify(session: aiohttp.ClientSession, api_base: str, token: str) -> int:
    """One gateway handshake with the bot's own intents; returns the server count from READY."""
    async with session.get(api_base + "/gateway") as response:
        data = await response.json(content_type=None) if response.status == 200 else None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise DiscordRefused(f"{api_base} did not give a gateway address; check the Discord API base.")
    base = data["url"]
    if urlsplit(base).path in ("", "/"):
        base = base.rstrip("/") + "/"  # Discord's "wss://gateway.discord.gg" wants a path
    url = f"{base}?{urlencode({'v': 10, 'encoding': 'json'})}"
    identify = {
        "op": 2,
        "d": {
            "token": token,
            "intents": bot_intents().value,
            "properties": {"os": "familiar", "browser": "familiar", "device": "familiar"},
        },
    }
    async with session.ws_connect(url, max_msg_size=0) as ws:
        sent = False
        async for message in ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            op = frame.get("op")
            if op == 10 and not sent:  # HELLO
                await ws.send_json(identify)
                sent = True
            elif op == 1:  # the gateway asks for a heartbeat now
                await ws.send_json({"op": 1, "d": None})
            elif op == 9:
                raise DiscordRefused("Discord asked to wait before logging in again; try again in a few seconds.")
            elif op == 0 and frame.get("t") == "READY":
                guilds = (frame.get("d") or {}).get("guilds") or []
                with contextlib.suppress(Exception):
                    await ws.close(code=1000)  # a throwaway session: end it now
                return len(guilds)
        code = ws.close_code
    raise _close_error(code)


def _close_error(code: int | None) -> CheckError:
    if code == _CLOSE_BAD_TOKEN:
        return BadToken()
    if code == _CLOSE_DISALLOWED_INTENTS:
        return IntentsOff()
    if code == _CLOSE_INVALID_INTENTS:
        return DiscordRefused("Discord refused the gateway intents (close code 4013).")
    return DiscordRefused(f"The Discord gateway closed the connection before logging in (code {code}).")


def _avatar_url(user: dict[str, Any], api_base: str) -> str | None:
    """The bot's avatar on Discord's CDN; None for other API bases (their CDN is unknown)."""
    if (urlsplit(api_base).hostname or "").removeprefix("www.") not in ("discord.com", "discordapp.com"):
        return None
    user_id = int(user["id"])
    if user.get("avatar"):
        return f"{CDN_BASE}/avatars/{user_id}/{user['avatar']}.png?size=128"
    return f"{CDN_BASE}/embed/avatars/{(user_id >> 22) % 6}.png"


async def _fetch_avatar(session: aiohttp.ClientSession, url: str) -> bytes | None:
    """Best effort: a missing picture is not worth failing the check for."""
    try:
        async with session.get(url, headers={"Authorization": ""}) as response:
            if response.status == 200:
                return await response.read()
    except aiohttp.ClientError as error:
        log.debug("Could not fetch the bot's avatar: %s", error)
    return None


def _describe_network_error(error: aiohttp.ClientError) -> str:
    reason = unreachable_reason(error)
    if reason is not None:
        return reason
    if isinstance(error, aiohttp.WSServerHandshakeError):
        return f"the gateway refused the connection (HTTP {error.status})"
    return f"{type(error).__name__}: {error}"


# ----- model -----


async def list_models(base_url: str, api_key: str | None, *, timeout: float = 20.0) -> list[str]:
    """The model names the server offers (GET /v1/models); raises `ModelError`."""
    async with ModelClient(base_url, api_key, "", timeout=timeout, max_retries=0) as client:
        return await client.list_models()


async def check_model(base_url: str, api_key: str | None, model: str, *, timeout: float = 60.0) -> ModelCheck:
    """Send one short request; the reply and how long it took. Raises `ModelError` or `MissingInput`."""
    if not model.strip():
        raise MissingInput("Type a model name or pick one from the list first.")
    async with ModelClient(base_url, api_key, model.strip(), timeout=timeout, max_retries=0) as client:
        started = time.perf_counter()
        reply = await client.complete([{"role": "user", "content": MODEL_PING}], {"max_tokens": MODEL_PING_MAX_TOKENS})
        return ModelCheck(reply.strip(), time.perf_counter() - started)


# ----- live servers -----


def live_servers(client: discord.Client | None) -> list[ServerInfo]:
    """The servers and text channels a connected client can see (empty when offline)."""
    if client is None or client.is_closed() or not client.is_ready():
        return []
    servers = [ServerInfo(guild.id, guild.name, _channels(guild.text_channels)) for guild in client.guilds]
    return sorted(servers, key=lambda s: s.name.casefold())


def _channels(channels: Iterable[discord.TextChannel]) -> tuple[ChannelInfo, ...]:
    return tuple(ChannelInfo(c.id, c.name) for c in sorted(channels, key=lambda c: (c.position, c.id)))
