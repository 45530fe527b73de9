"""Speaking as a character in a server channel: one webhook per (channel, character).

Why webhooks: a reply posted through a channel webhook shows the character's name
and picture instead of the bot's. Discord takes a per-message avatar only as a
URL and a local card has none, so each character gets its own webhook, created
with the card's picture as the webhook's avatar and named after the character.

What this module promises the sending code (`client.py`, `delivery.py`):
- `Personas.outlet_for(channel, character, avatar_png)` gives a `WebhookOutlet`,
  or None where webhooks cannot be used: DMs, channel types without webhooks,
  no Manage Webhooks (logged once per channel and listed in `missing_permission`
  for the Behaviour page), a channel full of other people's webhooks, or Discord
  failing right now. None means "post as the bot account, as before". Whether
  the user turned the feature off is the caller's business.
- The channel's webhooks are fetched once (GET) and cached; after the first use
  in a channel an outlet costs no REST call. Lookups for one channel run one at a
  time (two replies racing for a new channel make one GET and one webhook).
- Webhooks Familiar made are recognised by their creator (the bot's user, which
  is how discord.py 2.7.1 shows a webhook's owner) and matched to characters
  through a small `WebhookBook` (webhook id -> character id, name, avatar
  digest) that the lead backs with SQLite; without an entry, one of our
  webhooks with the character's exact name is adopted (its avatar refreshed
  once, since its picture is unknown). Renamed cards and new pictures refresh
  the webhook (PATCH).
- Discord allows 15 webhooks per channel. At the limit (or on a 30007 answer)
  the least recently used webhook Familiar owns is deleted; someone else's
  never is. A webhook a moderator deleted (404 on use) is forgotten and made
  again once.
- `WebhookOutlet.post` / `.edit` follow `delivery.send_with_retry`'s outcome
  rules (SENT / REFUSED / FAILED, transient errors retried with backoff).
  Webhook execution has no nonce, so a post that may have reached Discord is
  looked for in the channel's last messages before it is tried again.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import io
import logging
import re
import time
import types
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
import discord

from .backoff import Backoff
from .characters import Character, placeholder_avatar
from .delivery import (
    SAFE_MENTIONS,
    SEND_ATTEMPTS,
    TRANSIENT_ERRORS,
    Outcome,
    SendResult,
    describe,
    with_view,
)
from .folders import StorageError
from .images import ImageError, encode_image
from .memory import MemoryStore

log = logging.getLogger(__name__)

__all__ = [
    "MAX_WEBHOOKS_PER_CHANNEL",
    "MemoryBook",
    "Personas",
    "WebhookBook",
    "WebhookOutlet",
    "WebhookRecord",
    "avatar_digest",
    "avatar_image",
    "webhook_name",
]

#: Discord's limit of webhooks per channel, everyone's together.
MAX_WEBHOOKS_PER_CHANNEL = 15
#: Discord's JSON error codes this module acts on.
UNKNOWN_WEBHOOK = 10015
MAX_WEBHOOKS_REACHED = 30007
#: Webhook names: 1-80 characters, and Discord refuses any containing these (any case).
MAX_NAME_LENGTH = 80
_FORBIDDEN_IN_NAMES = re.compile("discord|clyde", re.IGNORECASE)
#: Avatars are uploaded at this size: Discord shows them at 40-128 px, and a small
#: upload keeps webhook creation quick and far under the request size limit.
AVATAR_SIDE = 256
AVATAR_BYTES = 512_000
#: Where a post that may have reached Discord is looked for before it is retried.
LOOKBACK_MESSAGES = 10
#: A copy posted this long before our first try still counts (our clock against Discord's).
CLOCK_SKEW = timedelta(seconds=5)
#: discord.py 2.7.1: the webhook adapter (discord/webhook/async_.py) retries any 5xx by itself,
#: sleeping 1 s, 3 s, ... in between, and webhook execution has no nonce: a 5xx Discord sent
#: after posting makes a second copy that the caller never hears of. A post that took this
#: long may have gone through such a retry, so the channel is checked for copies afterwards.
SLOW_POST = 1.0
#: After Discord itself refused (403) to show a channel's webhooks, ask again only this much later.
FORBIDDEN_RETRY = 300.0


@dataclass(frozen=True)
class WebhookRecord:
    """Which character a webhook of ours speaks for, and what name and picture it was given."""

    webhook_id: int
    channel_id: int
    character_id: str
    name: str
    avatar_digest: str


class WebhookBook(Protocol):
    """Where Familiar remembers its webhooks across restarts (the lead backs it with SQLite).

    It is a cache of what Discord already holds: a lost entry costs at most one avatar
    refresh or one extra webhook. Failures should raise `StorageError`; they are logged
    and otherwise ignored.
    """

    async def load(self, channel_id: int) -> list[WebhookRecord]: ...

    async def save(self, record: WebhookRecord) -> None: ...

    async def forget(self, webhook_id: int) -> None: ...


class MemoryBook:
    """A `WebhookBook` that lives as long as the process (tests, or no database)."""

    def __init__(self) -> None:
        self._records: dict[int, WebhookRecord] = {}

    async def load(self, channel_id: int) -> list[WebhookRecord]:
        return [r for r in self._records.values() if r.channel_id == channel_id]

    async def save(self, record: WebhookRecord) -> None:
        self._records[record.webhook_id] = record

    async def forget(self, webhook_id: int) -> None:
        self._records.pop(webhook_id, None)


class StoredBook:
    """A `WebhookBook` kept in the conversation memory's database (survives restarts)."""

    def __init__(self, memory: MemoryStore) -> None:
        self._memory = memory

    async def load(self, channel_id: int) -> list[WebhookRecord]:
        return [WebhookRecord(*row) for row in await self._memory.webhook_records(channel_id)]

    async def save(self, record: WebhookRecord) -> None:
        await self._memory.save_webhook(
            record.webhook_id, record.channel_id, record.character_id, record.name, record.avatar_digest
        )

    async def forget(self, webhook_id: int) -> None:
        await self._memory.forget_webhook(webhook_id)


def webhook_name(name: str) -> str:
    """A character's name as Discord accepts it for a webhook.

    Whitespace trimmed and collapsed, invisible characters dropped, at most 80
    characters; "discord" and "clyde" (refused in any case) get a Cyrillic "с" for
    their "c", which reads the same.
    """
    visible = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    text = " ".join(visible.split())
    text = _FORBIDDEN_IN_NAMES.sub(_defanged, text)
    return text[:MAX_NAME_LENGTH].strip() or "Character"


def _defanged(match: re.Match[str]) -> str:
    word = match[0]
    at = word.lower().index("c")
    return word[:at] + ("\u0421" if word[at] == "C" else "\u0441") + word[at + 1 :]


def avatar_digest(avatar_png: bytes | None, name: str) -> str:
    """What a webhook's avatar was made from: the card's picture, or the placeholder for this name."""
    if avatar_png:
        return "png:" + hashlib.blake2b(avatar_png, digest_size=10).hexdigest()
    return "placeholder:" + hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def avatar_image(avatar_png: bytes | None, name: str) -> bytes:
    """The webhook's avatar: the card's picture made small, or a placeholder disc.

    Blocking (Pillow): run it in a thread. A picture that cannot be decoded gets the placeholder.
    """
    if avatar_png:
        try:
            return encode_image(avatar_png, max_side=AVATAR_SIDE, max_bytes=AVATAR_BYTES)[1]
        except ImageError as error:
            log.warning("The picture of %s cannot be a webhook avatar (%s); a placeholder stands in", name, error)
    out = io.BytesIO()
    placeholder_avatar(name, AVATAR_SIDE).save(out, "PNG")
    return out.getvalue()


class CopiesUnknown(Exception):
    """Whether an earlier try of a post landed cannot be told now (the history read failed)."""


@dataclass(eq=False)
class _Hook:
    """One webhook of ours in a channel, and what we know of it."""

    webhook: discord.Webhook
    character_id: str | None  # None: ours, but for no known character (evicted first)
    name: str  # its name on Discord
    avatar_digest: str  # "" when unknown: refreshed on first use
    last_used: float = 0.0

    def touch(self) -> None:
        self.last_used = time.monotonic()


@dataclass(eq=False)
class _Channel:
    """The webhooks of one channel, as fetched once and kept up to date by our own changes."""

    hooks: dict[int, _Hook]  # ours, by webhook id
    others: int  # webhooks in the channel that are not ours

    def for_character(self, character_id: str) -> _Hook | None:
        for hook in self.hooks.values():
            if hook.character_id == character_id:
                return hook
        return None

    def count(self) -> int:
        return len(self.hooks) + self.others


WebhookParent = discord.TextChannel | discord.ForumChannel | discord.VoiceChannel | discord.StageChannel
_WEBHOOK_PARENTS = (discord.TextChannel, discord.ForumChannel, discord.VoiceChannel, discord.StageChannel)


class Personas:
    """The webhooks Familiar speaks through; lives as long as the bot's `discord.Client`."""

    def __init__(
        self,
        client: discord.Client,
        *,
        book: WebhookBook | None = None,
        retry_delay: float = 1.0,
        on_change: Callable[[], None] | None = None,
        max_webhooks: int = MAX_WEBHOOKS_PER_CHANNEL,
    ) -> None:
        self._client = client
        self._book: WebhookBook = book if book is not None else MemoryBook()
        self.retry_delay = retry_delay
        self._on_change = on_change
        self._max_webhooks = max_webhooks
        self._channels: dict[int, _Channel] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._characters: dict[int, str] = {}  # webhook id -> character id, ours only
        self._books_read: set[int] = set()  # channels whose records are in _characters
        self._missing: dict[int, str] = {}
        self._forbidden_at: dict[int, float] = {}  # channel id -> when Discord last answered 403
        self._refused_by_discord: set[int] = set()  # listed as missing until a lookup succeeds again
        self._full_logged: set[int] = set()
        self._digests: dict[str, tuple[bytes | None, str, str]] = {}  # character id -> (png, name, digest)
        self._posted: collections.deque[int] = collections.deque(maxlen=512)  # ids our posts returned
        self.missing_permission: Mapping[int, str] = types.MappingProxyType(self._missing)
        """Channels (id -> "#name (server)") where the bot lacks Manage Webhooks, for the Behaviour page."""

    # ----------------------------------------------------------------- getting an outlet

    def may_speak_in(self, channel: discord.abc.Messageable) -> bool:
        """Whether characters can speak through webhooks in `channel` (else `outlet_for` gives None)."""
        target = _webhook_target(channel)
        return target is not None and self._may_manage(target[0])

    async def outlet_for(
        self, channel: discord.abc.Messageable, character: Character, avatar_png: bytes | None
    ) -> WebhookOutlet | None:
        """Where `character` speaks in `channel`, or None: post as the bot account there."""
        target = _webhook_target(channel)
        if target is None:
            return None
        parent, thread = target
        if not self._may_manage(parent):
            return None
        name = webhook_name(character.name)
        digest = self._digest(character.id, avatar_png, name)
        state = self._channels.get(parent.id)
        hook = state.for_character(character.id) if state is not None else None
        if hook is not None and hook.name == name and hook.avatar_digest == digest:
            hook.touch()
            return WebhookOutlet(self, parent, thread, hook)
        async with self._locks.setdefault(parent.id, asyncio.Lock()):
            hook = await self._prepare(parent, character.id, avatar_png, name, digest)
        return WebhookOutlet(self, parent, thread, hook) if hook is not None else None

    async def edit_posted(self, message: discord.Message, text: str) -> SendResult:
        """Make a message one of our webhooks posted (found again in history) show `text`."""
        target = _webhook_target(message.channel)
        if target is None or message.webhook_id is None:
            return SendResult(Outcome.REFUSED, error="not a webhook message")
        parent, thread = target
        if not self._may_manage(parent):
            return SendResult(Outcome.REFUSED, error="no Manage Webhooks permission")
        try:
            async with self._locks.setdefault(parent.id, asyncio.Lock()):
                state = self._channels.get(parent.id) or await self._load(parent)
        except discord.Forbidden:
            self._refused(parent)
            return SendResult(Outcome.REFUSED, error="no Manage Webhooks permission")
        except TRANSIENT_ERRORS as error:
            return SendResult(Outcome.FAILED, error=describe(error))
        hook = state.hooks.get(message.webhook_id)
        if hook is None:
            return SendResult(Outcome.REFUSED, error="its webhook is gone")
        return await WebhookOutlet(self, parent, thread, hook).edit(message.id, text)

    def forget_channel(self, channel_id: int) -> None:
        """Fetch this channel's webhooks again on next use (say, after it was deleted or moved)."""
        self._channels.pop(channel_id, None)

    # ----------------------------------------------------------------- telling our messages apart

    def is_ours(self, message: discord.Message) -> bool:
        """Whether a message came from one of Familiar's webhooks (any character, any run).

        Not for slash-command answers: those come from the interaction webhook, whose id is
        the application's, and carry the bot as author.
        """
        if message.webhook_id is None or message.webhook_id == self._client.application_id:
            return False
        return message.webhook_id in self._characters or (
            message.application_id is not None and message.application_id == self._client.application_id
        )

    async def character_of(self, message: discord.Message) -> str | None:
        """The id of the character whose webhook posted `message`, if it is one of ours we know.

        Known at once for webhooks used since start; otherwise read from the book (once
        per channel). None for other messages, and for our webhooks the book does not know.
        """
        webhook_id = message.webhook_id
        if webhook_id is None:
            return None
        known = self._characters.get(webhook_id)
        if known is not None or not self.is_ours(message):
            return known
        channel = message.channel
        parent_id = channel.parent_id if isinstance(channel, discord.Thread) else channel.id
        if parent_id not in self._books_read:
            self._books_read.add(parent_id)
            for record in await self._book_load(parent_id):
                self._characters.setdefault(record.webhook_id, record.character_id)
        return self._characters.get(webhook_id)

    # ----------------------------------------------------------------- permissions

    def _may_manage(self, parent: WebhookParent) -> bool:
        """Manage Webhooks as discord.py's cache sees it, and not refused by Discord lately."""
        me = parent.guild.me
        if me is None or not parent.permissions_for(me).manage_webhooks:
            self._note_missing(parent)
            return False
        refused = self._forbidden_at.get(parent.id)
        if refused is not None:
            if time.monotonic() - refused < FORBIDDEN_RETRY:
                return False
            del self._forbidden_at[parent.id]  # ask Discord again; still listed until that works
        if parent.id in self._missing and parent.id not in self._refused_by_discord:
            self._allowed(parent)
        return True

    def _allowed(self, parent: WebhookParent) -> None:
        self._refused_by_discord.discard(parent.id)
        if self._missing.pop(parent.id, None) is not None:
            log.info("Familiar may speak as characters in %s again", _label(parent))
            self._changed()

    def _note_missing(self, parent: WebhookParent) -> None:
        if parent.id in self._missing:
            return
        self._missing[parent.id] = _label(parent)
        log.warning(
            "Familiar lacks the Manage Webhooks permission in %s, so characters speak there as the bot account",
            _label(parent),
        )
        self._changed()

    def _refused(self, parent: WebhookParent) -> None:
        """Discord said 403 although the cache said yes: trust Discord for a while."""
        self._forbidden_at[parent.id] = time.monotonic()
        self._refused_by_discord.add(parent.id)
        self._channels.pop(parent.id, None)
        self._note_missing(parent)

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

    # ----------------------------------------------------------------- the slow path (one channel at a time)

    async def _prepare(
        self, parent: WebhookParent, character_id: str, avatar_png: bytes | None, name: str, digest: str
    ) -> _Hook | None:
        """The character's webhook in `parent`, made or brought up to date; None if that fails.

        Called with the channel's lock held. `name` is the webhook name, `digest` the avatar's.
        """
        try:
            state = self._channels.get(parent.id) or await self._load(parent)
            if parent.id in self._refused_by_discord:
                self._allowed(parent)  # Discord showed the webhooks again
            hook = state.for_character(character_id) or self._adopt(parent, state, character_id, name)
            if hook is None:
                return await self._create(parent, state, character_id, avatar_png, name, digest)
            if hook.name != name or hook.avatar_digest != digest:
                return await self._refresh(parent, state, hook, avatar_png, name, digest)
            hook.touch()
            return hook
        except discord.Forbidden:
            self._refused(parent)
            return None
        except TRANSIENT_ERRORS as error:
            log.warning(
                "Could not set up the webhook of %s in %s (%s); this reply is posted as the bot",
                name,
                _label(parent),
                describe(error),
            )
            return None

    async def _load(self, parent: WebhookParent) -> _Channel:
        """One GET of the channel's webhooks, matched with the book."""
        webhooks = await parent.webhooks()
        records = {r.webhook_id: r for r in await self._book_load(parent.id)}
        self._books_read.add(parent.id)
        previous = self._channels.get(parent.id)
        used = {i: h.last_used for i, h in previous.hooks.items()} if previous is not None else {}
        me = self._client.user
        state = _Channel(hooks={}, others=0)
        claimed: set[str] = set()
        for webhook in sorted(webhooks, key=lambda w: w.id, reverse=True):  # newest first claims a character
            ours = me is not None and webhook.user is not None and webhook.user.id == me.id and webhook.token
            if not ours:
                state.others += 1
                continue
            record = records.pop(webhook.id, None)
            character_id = record.character_id if record is not None and record.character_id not in claimed else None
            if character_id is not None:
                claimed.add(character_id)
                self._characters[webhook.id] = character_id
            digest = record.avatar_digest if character_id is not None and record is not None else ""
            state.hooks[webhook.id] = _Hook(
                webhook, character_id, webhook.name or "", digest, used.get(webhook.id, 0.0)
            )
        for stale in records:  # deleted on Discord meanwhile
            await self._book_forget(stale)
        self._channels[parent.id] = state
        log.debug("Webhooks of %s: %d of ours, %d of others", _label(parent), len(state.hooks), state.others)
        return state

    def _adopt(self, parent: WebhookParent, state: _Channel, character_id: str, name: str) -> _Hook | None:
        """One of our webhooks the book does not know, named like the character: take it."""
        for hook in state.hooks.values():
            if hook.character_id is None and hook.name == name:
                hook.character_id = character_id
                hook.avatar_digest = ""  # its picture is unknown: refresh it once
                self._characters[hook.webhook.id] = character_id
                log.debug("Adopted webhook %s in %s for %s", hook.webhook.id, _label(parent), character_id)
                return hook
        return None

    async def _create(
        self,
        parent: WebhookParent,
        state: _Channel,
        character_id: str,
        avatar_png: bytes | None,
        name: str,
        digest: str,
    ) -> _Hook | None:
        image = await asyncio.to_thread(avatar_image, avatar_png, name)
        for attempt in (1, 2):
            if state.count() >= self._max_webhooks and not await self._evict(parent, state):
                return None
            try:
                webhook = await parent.create_webhook(name=name, avatar=image, reason=f"Familiar: {name} speaks here")
            except discord.HTTPException as error:
                if error.code == MAX_WEBHOOKS_REACHED and attempt == 1:  # someone added one meanwhile
                    state = await self._load(parent)
                    continue
                if isinstance(error, discord.Forbidden) or error.status >= 500 or error.status == 429:
                    raise
                log.error("Discord refused a webhook named %r in %s: %s", name, _label(parent), describe(error))
                return None
            hook = _Hook(webhook, character_id, name, digest)
            hook.touch()
            state.hooks[webhook.id] = hook
            self._characters[webhook.id] = character_id
            self._full_logged.discard(parent.id)
            await self._book_save(parent, hook)
            log.info("Created a webhook for %s in %s", name, _label(parent))
            return hook
        return None

    async def _refresh(
        self,
        parent: WebhookParent,
        state: _Channel,
        hook: _Hook,
        avatar_png: bytes | None,
        name: str,
        digest: str,
    ) -> _Hook | None:
        assert hook.character_id is not None
        changes: dict[str, Any] = {}
        if hook.name != name:
            changes["name"] = name
        if hook.avatar_digest != digest:
            changes["avatar"] = await asyncio.to_thread(avatar_image, avatar_png, name)
        try:
            await hook.webhook.edit(reason=f"Familiar: {name}'s card changed", **changes)
        except discord.NotFound:
            self._drop(state, hook)
            await self._book_forget(hook.webhook.id)
            return await self._create(parent, state, hook.character_id, avatar_png, name, digest)
        hook.name, hook.avatar_digest = name, digest
        hook.touch()
        await self._book_save(parent, hook)
        log.info("Updated the webhook of %s in %s (%s)", name, _label(parent), " and ".join(changes))
        return hook

    async def _evict(self, parent: WebhookParent, state: _Channel) -> bool:
        """Delete our least recently used webhook (never someone else's); False if we have none."""
        if not state.hooks:
            if parent.id not in self._full_logged:
                self._full_logged.add(parent.id)
                log.warning(
                    "%s already has %d webhooks, none of them Familiar's; characters speak there as the bot",
                    _label(parent),
                    state.others,
                )
            return False
        victim = min(state.hooks.values(), key=lambda h: (h.character_id is not None, h.last_used, h.webhook.id))
        with contextlib.suppress(discord.NotFound):  # already gone
            await victim.webhook.delete(reason="Familiar: making room for another character")
        self._drop(state, victim)
        await self._book_forget(victim.webhook.id)
        log.info("Deleted the least recently used webhook (%s) in %s to make room", victim.name, _label(parent))
        return True

    def _drop(self, state: _Channel, hook: _Hook) -> None:
        state.hooks.pop(hook.webhook.id, None)
        self._characters.pop(hook.webhook.id, None)

    async def _replace(self, parent: WebhookParent, hook: _Hook) -> _Hook | None:
        """`hook`'s webhook is gone (deleted by a moderator): make the character a new one."""
        character_id = hook.character_id
        async with self._locks.setdefault(parent.id, asyncio.Lock()):
            state = self._channels.get(parent.id)
            if state is not None and state.hooks.get(hook.webhook.id) is hook:
                self._drop(state, hook)
                await self._book_forget(hook.webhook.id)
            if character_id is None:
                return None
            if state is not None:
                current = state.for_character(character_id)
                if current is not None:  # another reply already made a new one
                    return current
            log.info("The webhook of %s in %s was deleted; making a new one", hook.name, _label(parent))
            avatar_png = self._last_png(character_id)
            name = hook.name or "Character"
            return await self._prepare(
                parent, character_id, avatar_png, name, self._digest(character_id, avatar_png, name)
            )

    def _forget_hook(self, parent: WebhookParent, hook: _Hook) -> None:
        """The webhook is gone; the next outlet_for makes a new one."""
        state = self._channels.get(parent.id)
        if state is not None and state.hooks.get(hook.webhook.id) is hook:
            self._drop(state, hook)

    # ----------------------------------------------------------------- small helpers

    def _digest(self, character_id: str, avatar_png: bytes | None, name: str) -> str:
        """`avatar_digest`, remembered for the same bytes object so a reply does not hash a picture."""
        memo = self._digests.get(character_id)
        if memo is not None and memo[0] is avatar_png and memo[1] == name:
            return memo[2]
        digest = avatar_digest(avatar_png, name)
        self._digests[character_id] = (avatar_png, name, digest)
        return digest

    def _last_png(self, character_id: str) -> bytes | None:
        memo = self._digests.get(character_id)
        return memo[0] if memo is not None else None

    def _remember_post(self, message_id: int) -> None:
        self._posted.append(message_id)

    def _known_post(self, message_id: int) -> bool:
        return message_id in self._posted

    async def _book_load(self, channel_id: int) -> list[WebhookRecord]:
        try:
            return await self._book.load(channel_id)
        except StorageError as error:
            log.warning("Could not read which webhooks belong to which character: %s", error)
            return []

    async def _book_save(self, parent: WebhookParent, hook: _Hook) -> None:
        assert hook.character_id is not None
        record = WebhookRecord(hook.webhook.id, parent.id, hook.character_id, hook.name, hook.avatar_digest)
        try:
            await self._book.save(record)
        except StorageError as error:
            log.warning("Could not remember webhook %s: %s", hook.webhook.id, error)

    async def _book_forget(self, webhook_id: int) -> None:
        try:
            await self._book.forget(webhook_id)
        except StorageError as error:
            log.warning("Could not forget webhook %s: %s", webhook_id, error)


class WebhookOutlet:
    """One character's voice in one channel or thread: post and edit messages as it."""

    def __init__(self, personas: Personas, parent: WebhookParent, thread: discord.Thread | None, hook: _Hook) -> None:
        self._personas = personas
        self._parent = parent
        self._thread = thread
        self._hook = hook

    @property
    def webhook(self) -> discord.Webhook:
        return self._hook.webhook

    @property
    def character_id(self) -> str | None:
        return self._hook.character_id

    @property
    def channel_id(self) -> int:
        """Where the messages land: the thread, or the channel."""
        return self._thread.id if self._thread is not None else self._parent.id

    @property
    def _where(self) -> str:
        return _label(self._thread if self._thread is not None else self._parent)

    def _thread_kw(self) -> dict[str, Any]:
        return {"thread": self._thread} if self._thread is not None else {}

    async def post(
        self,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        """Post one piece as the character (with `view`'s buttons); retried like `send_with_retry`, never
        posted twice.

        A try that may have reached Discord (a dropped connection, a 5xx) is looked for in
        the channel's last messages before the next try. `SendResult.message` is the posted
        message (a `discord.WebhookMessage`, or the `discord.Message` found in history).
        """
        floor = discord.utils.time_snowflake(discord.utils.utcnow() - CLOCK_SKEW)
        backoff = Backoff.uncapped(self._personas.retry_delay)
        maybe_posted = False
        replaced = False
        attempt = 0
        while True:
            attempt += 1
            if maybe_posted:
                try:
                    found = await self._posted_copy(text, floor)
                except CopiesUnknown as error:
                    # Posting blind could show the reply twice: wait and look again; after the last
                    # try the reply waits in memory, and the catch-up finds (and finishes) a copy.
                    if attempt >= SEND_ATTEMPTS:
                        log.error(
                            "Gave up posting as %s in %s: could not tell whether an earlier try landed (%s)",
                            self._hook.name,
                            self._where,
                            error,
                        )
                        return SendResult(Outcome.FAILED, error=str(error))
                    await asyncio.sleep(backoff.next_delay())
                    continue
                if found is not None:
                    log.info(
                        "A reply in %s had reached Discord before its answer got lost; not posting it again",
                        self._where,
                    )
                    if view is not None:  # the landed try may have carried them; an edit makes sure
                        await self._decorate_found(found.id, view)
                    return self._sent(found)
            started = time.monotonic()
            try:
                message = await self._hook.webhook.send(
                    text, wait=True, allowed_mentions=allowed_mentions, **self._thread_kw(), **with_view(view)
                )
            except discord.NotFound as error:
                if error.code == UNKNOWN_WEBHOOK and not replaced:
                    replaced = True
                    if await self._replace():
                        attempt -= 1
                        continue
                log.error("Cannot post as %s in %s: %s", self._hook.name, self._where, describe(error))
                return SendResult(Outcome.REFUSED, error=str(error))
            except discord.HTTPException as error:
                if 400 <= error.status < 500 and error.status != 429:
                    log.error("Discord refused a reply as %s in %s: %s", self._hook.name, self._where, describe(error))
                    return SendResult(Outcome.REFUSED, error=str(error))
                failure: BaseException = error
                maybe_posted = maybe_posted or error.status >= 500
            except aiohttp.ClientConnectorError as error:  # never connected: nothing was posted
                failure = error
            except TRANSIENT_ERRORS as error:  # the request may have been processed
                failure = error
                maybe_posted = True
            else:
                if time.monotonic() - started >= SLOW_POST:
                    return self._sent(await self._without_copies(message, text, floor))
                return self._sent(message)
            if attempt >= SEND_ATTEMPTS:
                log.error(
                    "Gave up posting as %s in %s after %d tries: %s",
                    self._hook.name,
                    self._where,
                    attempt,
                    describe(failure),
                )
                return SendResult(Outcome.FAILED, error=describe(failure))
            log.warning("Posting as %s in %s failed (%s); retrying", self._hook.name, self._where, describe(failure))
            await asyncio.sleep(backoff.next_delay())

    async def edit(
        self,
        message_id: int,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        """Replace the text of a message this character's webhook posted (streaming, corrections).

        Edits are idempotent, so every transient error is retried; discord.py waits out 429s.
        REFUSED when the message or the webhook is gone (a new webhook cannot edit the old one's).
        """
        backoff = Backoff.uncapped(self._personas.retry_delay)
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                message = await self._hook.webhook.edit_message(
                    message_id, content=text, allowed_mentions=allowed_mentions, **self._thread_kw(), **with_view(view)
                )
                self._hook.touch()
                return SendResult(Outcome.SENT, message)
            except discord.HTTPException as error:
                if isinstance(error, discord.NotFound) and error.code == UNKNOWN_WEBHOOK:
                    self._personas._forget_hook(self._parent, self._hook)
                if isinstance(error, (discord.NotFound, discord.Forbidden)) or (
                    400 <= error.status < 500 and error.status != 429
                ):
                    log.error("Cannot edit %s's message in %s: %s", self._hook.name, self._where, describe(error))
                    return SendResult(Outcome.REFUSED, error=str(error))
                failure: BaseException = error
            except TRANSIENT_ERRORS as error:
                failure = error
            if attempt == SEND_ATTEMPTS:
                log.error("Gave up editing a message in %s after %d tries: %s", self._where, attempt, describe(failure))
                return SendResult(Outcome.FAILED, error=describe(failure))
            log.warning("Editing a message in %s failed (%s); retrying", self._where, describe(failure))
            await asyncio.sleep(backoff.next_delay())
        raise AssertionError("unreachable")

    # ----------------------------------------------------------------- helpers

    async def decorate(self, message_id: int, view: discord.ui.View) -> None:
        """Put buttons under a message of this character's (an application's webhook may carry them)."""
        await self._hook.webhook.edit_message(message_id, view=view, **self._thread_kw())

    async def _decorate_found(self, message_id: int, view: discord.ui.View) -> None:
        try:
            await self.decorate(message_id, view)
        except TRANSIENT_ERRORS as error:  # buttons are a convenience: the reply stands without them
            log.warning(
                "Could not put the buttons under message %s in %s: %s", message_id, self._where, describe(error)
            )

    async def delete(self, message_id: int) -> None:
        await self._hook.webhook.delete_message(message_id, **self._thread_kw())

    def _sent(self, message: discord.Message) -> SendResult:
        self._personas._remember_post(message.id)
        self._hook.touch()
        return SendResult(Outcome.SENT, message)

    async def _replace(self) -> bool:
        hook = await self._personas._replace(self._parent, self._hook)
        if hook is None:
            return False
        self._hook = hook
        return True

    async def _copies(self, text: str, floor: int) -> list[discord.Message]:
        """This webhook's messages with `text`, newer than `floor`, that no post of ours returned.

        Raises `CopiesUnknown` when the channel's history cannot be read right now.
        """
        where: discord.abc.Messageable
        if self._thread is not None:
            where = self._thread
        else:
            assert not isinstance(self._parent, discord.ForumChannel)  # forum posts are threads
            where = self._parent
        try:
            recent = [m async for m in where.history(limit=LOOKBACK_MESSAGES)]
        except TRANSIENT_ERRORS as error:
            log.debug("Could not read the last messages of %s: %s", self._where, describe(error))
            raise CopiesUnknown(f"the last messages of {self._where} could not be read: {describe(error)}") from error
        wanted = text.strip()
        return sorted(
            (
                m
                for m in recent
                if m.webhook_id == self._hook.webhook.id
                and m.id > floor
                and m.content.strip() == wanted
                and not self._personas._known_post(m.id)
            ),
            key=lambda m: m.id,
        )

    async def _posted_copy(self, text: str, floor: int) -> discord.Message | None:
        copies = await self._copies(text, floor)
        return copies[0] if copies else None

    async def _without_copies(self, message: discord.Message, text: str, floor: int) -> discord.Message:
        """After a slow post: if discord.py re-sent it after a 5xx, delete the later copies."""
        try:
            copies = await self._copies(text, floor)
        except CopiesUnknown:
            return message  # the copies, if any, stay: deleting needs knowing which
        if not copies or len(copies) < 2:
            return message
        keep, extra = copies[0], copies[1:]
        for copy in extra:
            try:
                await self._hook.webhook.delete_message(copy.id, **self._thread_kw())
            except TRANSIENT_ERRORS as error:
                log.warning("Could not delete a duplicate reply in %s: %s", self._where, describe(error))
        log.warning(
            "A reply in %s was posted %d times after a Discord server error; kept the first", self._where, len(copies)
        )
        return message if keep.id == message.id else keep


def _webhook_target(channel: object) -> tuple[WebhookParent, discord.Thread | None] | None:
    """The channel whose webhooks serve `channel` (a thread's parent), or None where there are none."""
    if isinstance(channel, discord.Thread):
        parent = channel.parent
        return (parent, channel) if isinstance(parent, _WEBHOOK_PARENTS) else None
    if isinstance(channel, _WEBHOOK_PARENTS) and not isinstance(channel, discord.ForumChannel):
        return channel, None
    return None  # DMs, group DMs, a forum itself (its posts are threads), partial channels


def _label(channel: discord.abc.GuildChannel | discord.Thread) -> str:
    """ "#general (Tavern)": how logs and the Behaviour page name a channel."""
    return f"#{channel.name} ({channel.guild.name})"
