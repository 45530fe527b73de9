"""A fake of Discord's REST API and JSON gateway, on 127.0.0.1, for the real discord.py client.

Why: the bot's hardest promises (stay online, tell the truth about its state,
shut down cleanly) can only be tested against a server that behaves like
Discord at the socket level: sessions, sequence numbers, RESUME replay, close
codes, 429s. Mocking discord.py objects would test our assumptions instead.

Usage (see tests/test_fake_discord.py for complete examples)::

    fake = FakeDiscord(heartbeat_interval_ms=500)
    await fake.start()
    guild = fake.add_guild("Tavern", ["general", "random"])   # before the client connects
    alice = fake.add_user("alice")
    await bot.discord_compat.point_discord_at(fake.api_base)
    client = discord.Client(intents=..., **bot.discord_compat.fast_client_options())
    task = asyncio.create_task(client.start(fake.token))
    await fake.wait_connected()        # READY sent; the client's on_ready follows guild_ready_timeout later
    await fake.user_says(guild.channels[0].id, alice, "hi", mentions_bot=True)
    [reply] = await fake.wait_for_sent(1)
    ...
    await client.close(); await task
    await fake.close()                 # close the client first, or it reconnects

Public API
----------
Construction and lifecycle:
    FakeDiscord(*, token="fake-token", bot_id=None, bot_name="Aria", heartbeat_interval_ms=41250,
                allowed_privileged_intents=ALL_PRIVILEGED_INTENTS)
    await start() / await close()          bind 127.0.0.1 on a free port (kept for restarts) / tear down, idempotent
    port, api_base, gateway_url            "http://127.0.0.1:PORT/api/v10", "ws://127.0.0.1:PORT/gateway"
    resume_gateway_url                     "ws://127.0.0.1:PORT/resume-gateway" (READY's; both paths serve the gateway)
    token, bot (User), application_id, app_owner (User: the application's owner, in ``users``)

World (ids are snowflakes, assigned in increasing order):
    add_guild(name, channel_names=("general",), *, everyone_permissions=DEFAULT_PERMISSIONS,
              bot_permissions=0, owner=None, shard=None) -> Guild
        Guilds added before IDENTIFY arrive as GUILD_CREATE after READY; for a guild added
        while connected, also ``await announce_guild(guild)``. The bot has a managed role of its
        own (``Guild.bot_role_id``) granting ``bot_permissions`` on top of @everyone's, so
        ``bot_permissions=MANAGE_WEBHOOKS`` is a guild where Familiar may use webhooks.
    add_user(name, bot=False) -> User      every user is a member of every guild
    await add_thread(parent, name, *, archived=False, locked=False, author=None,
                     auto_archive_duration=1440) -> Channel
        A public thread (type 11) under a guild text channel, in ``guild.threads`` and
        ``channels``; ``author`` (default: the guild owner, not a known user) is its owner_id
        and first member. Active threads are in GUILD_CREATE's ``threads``; created on a
        session, THREAD_CREATE (``newly_created``) is dispatched too (needs GUILDS).
    await set_thread_archived(thread, archived=True, *, locked=None)   THREAD_UPDATE, like a
        moderator or the auto-archive timer; archived threads leave GUILD_CREATE and the active list
    Guild.thread(name) -> Channel, Channel.is_thread, Channel.thread_members (user id -> joined)
    bot_permissions_in(channel) -> int     the bot's permissions there, computed as Discord does
                                           (@everyone | bot role, then overwrites; a thread has its parent's)
    await set_bot_permissions(guild, permissions)   what the bot's role grants (GUILD_ROLE_UPDATE)
    await set_overwrite(channel, *, allow=0, deny=0, everyone=False, target=None)
        A channel overwrite for the bot (member overwrite), for @everyone, or for ``target`` (a Role
        or a User); allow=deny=0 removes it. CHANNEL_UPDATE is dispatched, so discord.py's
        ``permissions_for`` agrees.
        Permission bits: MANAGE_GUILD, MANAGE_WEBHOOKS, MANAGE_MESSAGES, ADMINISTRATOR, ALL_PERMISSIONS.
    add_role(guild, name, permissions=0, *, color=0, mentionable=False) -> Role
        A role (snowflake id) in GUILD_CREATE's ``roles``; made on a live session, GUILD_ROLE_CREATE
        is dispatched too, before any later event. ``Guild.roles``, ``Guild.role(name)``.
    await give_role(guild, user, role) / await take_role(guild, user, role)
        Member payloads (GUILD_CREATE members, MESSAGE_CREATE ``member``, interactions, resolved
        members) carry the user's role ids; GUILD_MEMBER_UPDATE is dispatched (Discord sends it only
        with the GUILD_MEMBERS intent). ``Guild.member_roles``: user id -> role ids.
        GET /guilds/{id}/members/{user} (``Guild.fetch_member``): every known user is a member.
    await set_role_permissions(role, permissions)   GUILD_ROLE_UPDATE
    permissions_in(channel, user) -> int   anyone's permissions there, as Discord computes them: the
                                           owner (``add_guild(owner=)``) and ADMINISTRATOR have all;
                                           else @everyone | roles, then overwrites (@everyone, roles, member)
    guild_permissions(guild, user) -> int, role_ids(guild, user) -> list[int]
    dm_channel(user) -> Channel            the one DM channel between the bot and ``user``
    channels, guilds, users                dicts by id; Channel.messages is its history, oldest first
    await user_says(channel, author, content, *, mentions_bot=False, mention_users=(),
                    reply_to=None, ping_reply=True, dispatch=True, attachments=()) -> dict
        Stores the message and dispatches MESSAGE_CREATE (guild_id, member, mentions with
        member, message_reference/referenced_message for replies). ``mentions_bot`` prefixes
        "<@bot_id> " unless the content already mentions the bot; any "<@id>" of a known user
        in the content also counts as a mention. ``channel`` may be a thread. ``dispatch=False``
        only writes history ("said while the bot was away"); ``author=fake.bot`` writes the bot's
        own earlier messages (not added to ``sent``). Returns the gateway payload.
        ``attachments``: (filename, bytes) or (filename, bytes, content_type) each; see Files.
    await user_says_dm(author, content, *, dispatch=True, attachments=()) -> dict
    await dispatch(event, data)            send any raw dispatch event on the session of its shard

Sharding (Discord's gateway shards; discord.py's AutoShardedClient, or several processes):
    IDENTIFY's ``shard: [id, count]`` (absent: [0, 1]) makes one session per shard id, each on its
    own socket with its own sequence numbers and RESUME (``session_ids``: shard -> session id).
    READY carries ``shard`` and lists only that shard's guilds, and only those get GUILD_CREATE:
    ``(guild_id >> 22) % count == id`` (``FakeDiscord.shard_of(guild, count)``). Every later event
    goes to the session of its guild's shard (found from guild_id, a GUILD_CREATE's id, or the
    channel); DMs and guildless events only to shard 0. An invalid shard (id >= count, count < 1)
    is closed with 4010. An IDENTIFY with another count forgets the sessions of the old count.
    recommended_shards = 1                 GET /gateway/bot's ``shards`` (FAMILIAR_SHARD_COUNT=auto)
    shard_connected(shard), await wait_shard_connected(shard, timeout=10),
    await wait_shards_connected(shards, timeout=10)
    resumed_shards: list[int]              the shard of every RESUMED sent, in order
    ``abort_gateway``, ``close_gateway``, ``send_reconnect`` and ``send_invalid_session`` take
    ``shard=``: that shard's socket (default: shard 0's, the unsharded client's).
    ``connected`` means every shard that has a session is attached to a live socket.

Files (message attachments, served over HTTP so ``discord.Attachment.read()`` works for real):
    Each attachment is stored in ``files`` (id -> StoredFile) and appears in the message as
    Discord shows it: id, filename, size, content_type, url and proxy_url, and width/height for
    images Pillow can read. ``content_type=None`` guesses from the name like Discord (text types
    get "; charset=utf-8"); give one to make the name lie. ``url`` is
    "http://127.0.0.1:PORT/attachments/CHANNEL/ID/NAME?ex=..&is=..&hm=.." (the CDN),
    ``proxy_url`` the same under /media (``read(use_cached=True)``); GET answers the bytes with
    the content type. The bot's own uploads are stored and served the same way.
    downloads: list[int]                   attachment ids of every GET of a known file, in order
                                           (failed and hung ones too)
    fail_attachment(attachment, status, times=None)
        ``attachment``: an id, a filename or an attachment payload. ``status``: an HTTP status
        (404 and 403 are what discord.py names NotFound/Forbidden), ``DROP_CONNECTION``,
        ``RESET_CONNECTION``, or ``HANG_DOWNLOAD``: no answer until ``release_hung_downloads()``
        or ``close()`` (then 503), for download timeouts. ``times=None``: until
        ``clear_attachment_failures()``. An unknown id answers 404 like an expired CDN link.

Webhooks (POST/GET /channels/{id}/webhooks, GET /guilds/{id}/webhooks, GET/PATCH/DELETE
/webhooks/{id}[/{token}], POST /webhooks/{id}/{token}?wait=&thread_id=, GET/PATCH/DELETE
/webhooks/{id}/{token}/messages/{id}?thread_id=):
    webhooks: dict[int, Webhook]           every webhook ever made, by id: guild_id, channel_id, name,
                                           token, avatar (hash) and avatar_data (decoded bytes),
                                           application_id (the bot's for ones it made, None for a
                                           user's), creator, modified (PATCH count), deleted
    webhooks_in(channel) -> list[Webhook]  a channel's live webhooks, oldest first
    webhook_sends: list[SentMessage]       every executed message (``webhook_id`` set; ``channel_id``
                                           is the thread for ``thread_id``); not in ``sent``
    webhook_edits: list[EditedMessage]     edits through the token routes (``webhook_id`` set)
    await add_webhook(channel, name, *, application_id=None, creator=None, avatar=None) -> Webhook
        Someone else's webhook (a user's; another app's with ``application_id``), or one the bot
        made in an earlier run (``application_id=fake.application_id, creator=fake.bot``). Not
        held to the 15 limit, like a webhook made before Discord's check.
    await delete_webhook(webhook | id)     a moderator deletes it: later uses answer 404 (10015)
    max_webhooks_per_channel = 15          a create beyond it: 400 (30007)
    Rules, as Discord's: create/list/PATCH/DELETE with the bot's token need MANAGE_WEBHOOKS in the
    channel (403, 50013; GET of its own webhook does not); names (and ``username`` overrides) are
    1-80 characters once trimmed and never contain "clyde" or "discord" in any case (400, 50035);
    ``avatar`` is image data (a data URI Pillow can read, else 400); threads and DMs have no
    webhooks (400, 50024/50003). A listed webhook shows its ``token`` only to the app that made
    it, or for a user's. Token routes need no Authorization; a wrong token is 401 (50027).
    Execute takes content, username, avatar_url, embeds, allowed_mentions, files; ``wait=false``
    answers 204. ``thread_id`` must be a thread of the webhook's channel (else 400; unknown: 404
    10003); the thread is unarchived unless locked (400, 50083); a webhook does not join it.
    A webhook message is stored in history and dispatched (MESSAGE_CREATE/UPDATE) with
    ``webhook_id``, ``application_id`` (for app-made webhooks) and an author
    ``{id: webhook id, username: name or override, avatar: hash, bot: true, discriminator: "0000"}``,
    no ``member``. Create, PATCH and DELETE dispatch WEBHOOKS_UPDATE (needs GUILD_WEBHOOKS).

Application commands (PUT/GET /applications/{app}/commands and /applications/{app}/guilds/{guild}/commands,
POST/GET/PATCH/DELETE of single commands under them):
    commands: dict["global" | guild id, list[dict]]   what is registered, as Discord answers GET: ids
                                           and ``version`` are snowflakes; default_member_permissions
                                           as a string; global ones have dm_permission, contexts,
                                           integration_types; guild ones guild_id
    registered_commands(scope="global") -> list[dict]   ``scope``: "global", a Guild or a guild id
    await set_command_permission(guild, command | None, target, allowed=True)
        A server admin's override (Server Settings > Integrations) for a user, a role, a channel or
        the guild (@everyone), of one command or (None) the whole app: ``slash`` then offers (or
        hides) the command whatever its default_member_permissions. Owners and ADMINISTRATOR
        always see every command. Kept in ``command_permissions``; dispatches
        APPLICATION_COMMAND_PERMISSIONS_UPDATE.
    command_syncs: list[CommandSync]       every bulk overwrite (PUT): scope ("global" or the guild id),
                                           commands (the registered objects Discord answered; for a
                                           refused sync, the JSON sent), status (200, or 400 if
                                           refused), request (the JSON sent)
    A PUT replaces the scope's commands; a command of the same name and type keeps its id, and its
    version changes only if it changed. POST creates (201) or overwrites by name (200). Validation as
    Discord's, 400 (50035) with the field's path under ``errors`` (discord.py: "In 0.options.1.name:
    ..."): chat-input and option names 1-32 characters of ``[-_\\p{L}\\p{N}]`` (STRING_TYPE_REGEX) and
    lowercase (APPLICATION_COMMAND_INVALID_NAME); descriptions 1-100; at most 25 options and 25
    choices; unique names per level (APPLICATION_COMMANDS_DUPLICATE_NAME,
    APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS); required options first; groups hold only
    subcommands; at most 100 commands. Another application id: 403 (50001); unknown command: 404
    (10063). No daily create limit.

Interactions (INTERACTION_CREATE; answered on POST /interactions/{id}/{token}/callback and the
application's webhook, /webhooks/{application_id}/{token}[/messages/@original|{id}]):
    await slash(where, user, "character set", options=None, *, locale="en-US") -> dict
        ``user`` runs a registered chat-input command in ``where`` (a guild Channel or thread, a
        channel id, or "dm": the DM with ``user``): the guild's commands first, then global ones;
        a command Discord would not offer there (unregistered, guild_only/contexts in DMs,
        default_member_permissions the user lacks) raises LookupError; unknown or missing required
        options, values outside choices/ranges/channel_types raise ValueError. ``options``: name ->
        value: str, int, float, bool, User (USER/MENTIONABLE), Role, Channel, or an AttachmentSpec
        (ATTACHMENT). ``data`` nests SUB_COMMAND_GROUP/SUB_COMMAND options and has ``resolved``
        users, members (with permissions), roles, channels (with permissions) and attachments; a
        guild command's ``data.guild_id`` is set. In guilds the payload has ``member`` (roles,
        ``permissions`` as a string computed with the channel's overwrites, ``user``), guild_id,
        guild, guild_locale, context 0; in DMs ``user`` and context 1. Always id, token,
        application_id, type, version 1, channel and channel_id, app_permissions, locale,
        entitlements [], authorizing_integration_owners, attachment_size_limit. Returns the
        payload (its ``id`` is the interaction's).
    await autocomplete(where, user, "character set", options, *, focused="name", locale=, timeout=10)
        -> list[dict]                      type 4: the focused (autocomplete) option's value is the typed
                                           string; waits for the type-8 callback, returns its choices
    await press(message, custom_id, user, *, locale="en-US") -> dict
        type 3 on a stored message (id or payload; its current state) of the bot, of an app-made
        webhook or an interaction response (ephemeral ones too) carrying a button with that
        custom_id: ``data`` {custom_id, component_type: 2}, ``message`` the stored message. A
        missing/disabled button or someone else's message raises.
    buttons(message) -> list[dict]         custom_id, label, emoji, disabled, style, url of each button
    interactions: dict[int, InteractionRecord]   every interaction by id; ``record_of(payload | id)``
        InteractionRecord: payload, channel_id, user_id, responses (accepted callbacks as (type, data)),
        original (the response's message dict, the same object as in history, so edits show; for
        components after type 6/7 the pressed message), followups, ephemeral, responded_at and
        created_at (time.monotonic()), timed_out, original_deleted, edits (("@original" | id, JSON)),
        rejected ((what, Discord code) of refused calls), loading, choices, acknowledged, id, token, type
    await wait_for_response(interaction, timeout=10) -> InteractionRecord
        the first callback; TimeoutError once the interaction timed out unacknowledged
    reply_text(interaction) -> str         the original response's visible content ("" while none:
                                           not answered, still loading, deleted)
    await wait_for_reply(interaction, timeout=10) -> str   until reply_text is not empty
    interaction_timeout = 3.0              Discord's deadline for the first callback: after it the
                                           record is ``timed_out`` ("The application did not respond")
                                           and a callback gets 404 (10062); tests of slow handlers lower it
    interaction_token_lifetime = 900.0     followups/edits after it: 401 (50027)
    Callbacks need no Authorization; an unknown id or wrong token: 404 (10062 "Unknown interaction");
    a second callback: 400 (40060 "Interaction has already been acknowledged."), even when both were
    sent at once; a type the interaction does not take (commands 4/5/9, components 4/5/6/7/9,
    autocomplete 8, modal submits 4/5/6/7): 400 (50035). With ``?with_response=true`` (discord.py
    2.7.1 always sends it) the answer is Discord's InteractionCallback {interaction: {id, type,
    response_message_id, response_message_loading, response_message_ephemeral}, resource: {type,
    message}}, else 204. Type 4 posts a message (empty: 400 50006); 5 posts a loading message (flags
    128, content ""); 6 changes nothing; 7 edits the pressed message; 8 takes <= 25 choices; 9 a
    modal (custom_id, title 1-45, 1-5 components; there is no modal submit helper). Interaction
    messages have the bot as author, ``webhook_id`` and ``application_id`` = the application,
    ``interaction_metadata`` (and the deprecated ``interaction`` for commands), type 20 for
    commands, 0 for components. Not ephemeral: stored in history and dispatched (MESSAGE_CREATE,
    MESSAGE_UPDATE on edits, MESSAGE_DELETE); ephemeral (flags 64): only in the record (``press``
    and ``buttons`` still find them). They are not in ``sent``; deletions are in ``deleted``.
    Followups (POST /webhooks/{application_id}/{token}, ``wait`` honoured) need an acknowledged
    interaction (else 404 10015 Unknown Webhook); the first one after a type-5 deferral fills the
    loading message instead of posting (keeping the deferral's ephemerality, whatever its own
    flags say), as Discord does; later ones are new messages in ``followups``. @original and
    /messages/{id} (the original or a followup) answer GET/PATCH/DELETE; unknown or deleted: 404
    (10008). Interaction webhooks always take components.

Components: the bot's messages (POST /channels/{id}/messages, PATCH) store ``components`` (and the
flags SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2) as sent. Webhook execute and
message edits store ``components`` as sent for the bot's own webhooks; for anyone else's only with
``?with_components=true`` and non-interactive ones (interactive ones, with a custom_id or selects:
400, 50035), otherwise the field is ignored, as Discord does.

What the bot did:
    sent: list[SentMessage]                every message the bot posted that the fake stored (also in
                                           history): channels, threads, DMs; a failed POST is not in
                                           it unless the fault was ``processed=True``
    replies_to(message) -> list[SentMessage]   the bot's messages whose message_reference points at
                                           ``message`` (an id or a payload), in order
    answers_to(message) -> list[SentMessage]   the bot's AND its webhooks' messages answering it:
                                           by message_reference, or by a jump link
                                           ``https://discord.com/channels/<guild|@me>/<channel>/<message>``
                                           in their current content (edits count); oldest first;
                                           deleted messages are left out
    edits: list[EditedMessage], deleted: list[tuple[channel_id, message_id]],
    reactions: list[tuple[channel_id, message_id, emoji]], typing: list[int] (channel ids),
    presences: list[dict] (op 3 payloads)
    calls: list[RestCall]                  (method, path without /api/v10 and query, json or None)
    unknown_calls: list[RestCall]          routes the fake does not serve (answered 404)
    identify_count, identify_payloads, ready_count, resume_count (RESUMEs received),
    resumed_count (RESUMED sent), replayed_events (names re-sent on RESUME),
    heartbeat_count, heartbeat_acks, gateway_connects, client_close_codes (close codes the CLIENT sent),
    server_close_codes (codes the fake closed with)
    connected (property), session_id (property)

Waiting (asyncio.Condition, never sleep-polling; raise TimeoutError with the state on timeout):
    await wait_for_sent(count=1, *, channel_id=None, timeout=10) -> list[SentMessage]
    await wait_for_replies(message, count=1, *, timeout=10) -> list[SentMessage]
    await wait_for_answers(message, count=1, *, timeout=10) -> list[SentMessage]   (``answers_to``)
    await wait_for_webhook_sends(count=1, *, channel_id=None, timeout=10) -> list[SentMessage]
    await wait_for_identify(n=1, timeout=10), await wait_for_resume(n=1, timeout=10)
    await wait_connected(timeout=10), await wait_disconnected(timeout=10)
    await wait_for(predicate, timeout=10, what="...")   any condition on the fake's state

Fault injection:
    await abort_gateway()                  drop TCP without a close frame (client sees 1006)
    await close_gateway(code, reason="")   close with any code (4000, 4004, 4014, 4010-4013, ...)
    await send_reconnect()                 op 7
    await send_invalid_session(resumable)  op 9; ``False`` also forgets the session
    reject_identify_with(code | None)      close every later IDENTIFY with ``code`` (None clears)
    allowed_privileged_intents             IDENTIFY asking for more is closed with 4014, as Discord does
    stop_heartbeat_acks() / resume_heartbeat_acks()   zombie connection
    heartbeat_ack_delay = seconds          answer heartbeats that much later (a slow Discord); other
                                           frames keep flowing
    await stop_listening() / await start_listening()  close the listener and every connection,
                                           later listen again on the same port; events are buffered
    fail_rest(method, path_regex, status, times=1, retry_after=None, is_global=False, processed=False)
        ``re.search`` on the path without /api/v10; 429 comes with Discord's JSON body, a Via
        header and X-RateLimit headers (discord.py only honours such 429s); ``retry_after``
        defaults to 0.1 s; ``times=None`` fails until clear_rest_failures().
        ``status=DROP_CONNECTION`` (0) closes the connection without an answer (the client
        reads EOF), ``RESET_CONNECTION`` (-1) resets it (RST). ``processed=True``: the fake
        does the work first (stores and echoes the message) and then fails the answer, like
        a network blip or a 5xx after Discord already posted it; retries make duplicates.
    drop_after_ready = n                   the next n NEW sessions (IDENTIFY, not RESUME) lose their
                                           socket right after READY + GUILD_CREATEs (client: 1006)
    after_ready: async () -> None | None   one shot: run as its own task right after READY and the
                                           GUILD_CREATEs of the next new session (after
                                           drop_after_ready), then cleared; it may abort_gateway(),
                                           stop_listening(), ... Exceptions land in hook_errors.
    sessions_invalid_on_resume = True      the NEXT RESUME gets op 9 false (one shot)
    reject_gateway_connections = True      REST stays up, gateway handshakes get HTTP 503
                                           (counted in rejected_gateway_connects)
    edit_rate_limit = (edits, seconds)     off (None) by default. At most that many message edits
                                           per channel per sliding window, the bot's and its
                                           webhooks' together (one bucket per channel, as on
                                           Discord), then 429 with Discord's body and headers
                                           (counted in rate_limited_edits); edit answers carry
                                           X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket.
                                           discord.py waits when Remaining is 0 and retries 429s,
                                           so callers see slow edits, not errors.

Behaviour worth knowing:
- Events dispatched while no connection is attached to the current session are buffered and
  replayed on RESUME with their original sequence numbers, then RESUMED (``d: {}``). Before
  the first IDENTIFY there is no session: messages are stored in history but not dispatched.
  After ``client.close()`` the old session still exists, so ``user_says`` buffers its event
  there; a NEW client IDENTIFYs and never sees it, which is also "history only". Say
  ``dispatch=False`` when that is what the test means.
- discord.py 2.7.1 fires ``on_ready`` ``guild_ready_timeout`` after the last GUILD_CREATE
  whether or not the socket is still up: a drop in that window (``drop_after_ready``,
  ``after_ready``) gives ``on_ready`` while offline. After a 1006 it reconnects at once and
  RESUMEs; while the listener is down it retries with ``ExponentialBackoff`` (random 0-2 s,
  0-4 s, 0-8 s...), so a test that restarts listening may wait several seconds for RESUMED.
- Threads: GUILD_CREATE's ``threads`` lack ``guild_id`` (like its channels; discord.py does not
  need it) and carry the bot's ``member`` once it joined; REST thread objects (GET
  /channels/{id}, GET /guilds/{id}/threads/active, GET /channels/{id}/threads/archived/public)
  have it, and ``members`` lists the bot's thread member objects. Posting in a thread joins
  the author (``member_count``) and counts ``message_count``/``total_message_sent``; thread
  messages carry ``position``. Posting in an archived thread unarchives it first
  (THREAD_UPDATE, which discord.py turns into ``thread_join``), unless it is locked: then
  the bot's POST gets 400 (50083); ``user_says`` unarchives even a locked one, as a
  moderator would. No THREAD_MEMBER(S)_UPDATE events and no type-18 "thread created" system
  message in the parent are sent.
- DM channels are fetchable by id (GET /channels/{id}: type 1, ``recipients``,
  ``last_message_id``) by a client that never saw them; discord.py 2.7.1's ``DMChannel``
  keeps no ``last_message_id`` (read it with ``client.http.get_channel``).
- Like Discord, without the MESSAGE_CONTENT intent a guild message that neither mentions the
  bot nor comes from it arrives with empty content and no attachments; guild/DM messages need
  GUILD_MESSAGES / DIRECT_MESSAGES. The bot's own sent messages are echoed as MESSAGE_CREATE
  (``echo_sent_messages``), as Discord does.
- GUILD_CREATE lists every user as a member only if the client asked for GUILD_MEMBERS
  (otherwise just the bot, as Discord does); REQUEST_GUILD_MEMBERS (op 8) is answered with
  one GUILD_MEMBERS_CHUNK.
- ``fail_rest`` with 500/502/504/524: discord.py retries by itself after 1 s, 3 s, 5 s, 7 s, 9 s
  and only then raises ``DiscordServerError`` (5 tries, about 25 s for a persistent failure);
  other 4xx/5xx become ``discord.HTTPException`` subclasses at once (503 ->
  ``DiscordServerError``, the fast choice for tests; ``channel.typing()`` raises it on entry).
- A dropped REST connection is not wrapped by discord.py 2.7.1: ``DROP_CONNECTION`` raises
  ``aiohttp.ServerDisconnectedError`` (a ``ClientError``, not an ``OSError``);
  ``RESET_CONNECTION`` raises ``aiohttp.ClientOSError`` (an ``OSError``) with errno
  ECONNRESET (104 on Linux). discord.py retries a reset only for errno 54/10054 (macOS and
  Windows numbers), so on Linux neither is retried; the next request opens a new connection.
- Close codes: 4004 and 4010-4013 end ``Client.start()`` with ``ConnectionClosed``, 4014 with
  ``PrivilegedIntentsRequired``; anything else (and 1006 from ``abort_gateway``) makes
  discord.py RESUME. discord.py's own ``Client.close()`` shows up as 4000 in
  ``client_close_codes``, INVALID_SESSION false as 1000.
- Gateway frames are uncompressed JSON text even when the client asks for
  ``compress=zlib-stream``: discord.py only decompresses binary frames, so text frames work.
- Sending a message validates like Discord: empty message -> 400 (50006), content over
  2000 characters -> 400 (50035), reply to an unknown message -> 400 (50035).
- ``enforce_nonce`` (discord.py sends it with every message): a second send with the same
  nonce in the same channel within ``nonce_window`` seconds (300) returns the first message
  and posts nothing (counted in ``deduplicated_sends``), as Discord does.
- Webhook execution has no nonce in Discord's API: a retry after a lost answer posts again.
  discord.py 2.7.1's webhook adapter (discord/webhook/async_.py) retries every 5xx by itself
  after 1 s, 3 s, ... (5 tries), so ``fail_rest(..., 503, processed=True)`` on an execute makes
  two messages while the caller sees success; ``DROP_CONNECTION`` raises at once.
- discord.py 2.7.1's ``discord.Webhook`` keeps no ``application_id``; its ``user`` (the creator,
  the bot for webhooks it made) tells Familiar's webhooks apart. ``Message.application_id`` is set
  on messages of app-made webhooks.
- Interactions with discord.py 2.7.1: every callback asks ``?with_response=1`` and parses the
  InteractionCallback body (a 204 would break it); ``Interaction`` needs ``attachment_size_limit``
  in the payload (KeyError otherwise). ``InteractionResponse.is_done()`` turns true only after the
  callback's answer, so two concurrent responses (``asyncio.gather``, an ``on_interaction`` listener
  next to the tree) both reach Discord and the second raises ``HTTPException`` 40060, while a
  sequential second one raises ``InteractionResponded`` without a request. ``defer()`` then
  ``followup.send(..., ephemeral=True)`` is NOT ephemeral: the first followup fills the thinking
  message and keeps the deferral's visibility. A tree command's failed check reaches
  ``CommandTree.on_error`` (default: logged, no answer, so the user sees "The application did not
  respond"); ``app_commands.checks.has_role`` reads ``Member.roles``, which needs the role in the
  guild cache (GUILD_CREATE or GUILD_ROLE_CREATE), and ``has_permissions`` reads the payload's
  ``member.permissions``.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import io
import json
import logging
import mimetypes
import re
import socket
import struct
import time
import uuid
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple
from urllib.parse import quote

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

DISCORD_EPOCH_MS = 1420070400000
API_PREFIX = "/api/v10"

# Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents).
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_WEBHOOKS = 1 << 5
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
ALL_PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# What @everyone may do by default: enough to read, answer, react and embed.
DEFAULT_PERMISSIONS = (
    (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 38)  # send messages in threads
)

# Permission bits the fake checks (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
MANAGE_MESSAGES = 1 << 13
MANAGE_WEBHOOKS = 1 << 29
ALL_PERMISSIONS = (1 << 53) - 1

MAX_CONTENT_LENGTH = 2000
#: Discord's limit of webhooks per channel (a 16th POST /channels/{id}/webhooks gets 400, 30007).
MAX_WEBHOOKS_PER_CHANNEL = 15
#: Webhook names: 1-80 characters, and never these substrings (case-insensitive).
MAX_WEBHOOK_NAME = 80
FORBIDDEN_WEBHOOK_NAME_PARTS = ("clyde", "discord")

#: ``fail_rest`` statuses that are not HTTP answers: close the connection without answering
#: (the client reads EOF), or reset it (RST, the client reads ECONNRESET).
DROP_CONNECTION = 0
RESET_CONNECTION = -1
#: ``fail_attachment`` status: the download gets no answer until ``release_hung_downloads()``.
HANG_DOWNLOAD = -2

#: (filename, data) or (filename, data, content_type or None): an attachment to ``user_says``.
AttachmentSpec = tuple[str, bytes] | tuple[str, bytes, str | None]

# Message flags (https://discord.com/developers/docs/resources/message#message-object-message-flags).
SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
LOADING = 1 << 7  # a deferred interaction response: "Aria is thinking..."
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_COMPONENTS_V2 = 1 << 15
#: The flags a sender may set on a message (the rest are Discord's to set).
_SENDABLE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2

# Interactions (https://discord.com/developers/docs/interactions/receiving-and-responding).
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5
#: Callback types each interaction type accepts (4 message, 5 deferred message, 6 deferred
#: update, 7 update message, 8 autocomplete result, 9 modal); others get 400 (50035).
_CALLBACKS_FOR = {
    APPLICATION_COMMAND: frozenset({4, 5, 9}),
    MESSAGE_COMPONENT: frozenset({4, 5, 6, 7, 9}),
    APPLICATION_COMMAND_AUTOCOMPLETE: frozenset({8}),
    MODAL_SUBMIT: frozenset({4, 5, 6, 7}),
}
#: Seconds Discord waits for the first callback before the user sees "The application did not respond".
INTERACTION_TIMEOUT = 3.0
#: Seconds an interaction token stays valid for followups and edits (15 minutes).
INTERACTION_TOKEN_LIFETIME = 900.0
#: ``attachment_size_limit`` of interactions: 10 MiB, an unboosted guild's upload limit.
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

# Application commands (https://discord.com/developers/docs/interactions/application-commands).
CHAT_INPUT = 1
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
MAX_COMMAND_OPTIONS = 25
MAX_COMMANDS = 100


#: A message link as Discord renders it (guild id, or @me in DMs); the group is the message id.
_JUMP_LINK = re.compile(r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/(?:\d+|@me)/\d+/(\d+)")


def _iso(snowflake: int) -> str:
    """Discord timestamps are ISO 8601; derive them from the id so both agree."""
    ms = (snowflake >> 22) + DISCORD_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat()


def _error(status: int, message: str, code: int = 0, errors: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py 2.7.1 parses a body as JSON only if Content-Type is exactly
    # "application/json"; web.json_response appends "; charset=utf-8", so build it by hand.
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def _rate_limit_headers(limit: int, remaining: int, reset_after: float, bucket: str) -> dict[str, str]:
    """Discord's X-RateLimit headers; discord.py waits ``Reset-After`` once ``Remaining`` is 0."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def _rate_limited(
    retry_after: float, *, is_global: bool = False, limit: int = 5, bucket: str = "fake-bucket"
) -> web.Response:
    """A 429 as Discord sends it: JSON body with retry_after, a Via header, X-RateLimit headers."""
    headers = {
        # discord.py 2.7.1 treats a 429 without Via (or without a JSON body) as a
        # Cloudflare ban and raises instead of waiting retry_after.
        "Via": "1.1 google",
        "Retry-After": str(max(1, round(retry_after))),
        **_rate_limit_headers(limit, 0, retry_after, bucket),
        "X-RateLimit-Scope": "global" if is_global else "user",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    return _json(body, status=429, headers=headers)


def _form_error(field_name: str, code: str, message: str) -> web.Response:
    """Discord's 400 for one invalid field (code 50035, the reason under ``errors``)."""
    return _error(400, "Invalid Form Body", 50035, {field_name: {"_errors": [{"code": code, "message": message}]}})


#: One validation problem: the path to the field (Discord's ``errors`` nesting), code, message.
_Problem = tuple[list[str | int], str, str]


_DUPLICATE_COMMAND = "Application command names must be unique"


def _problem_response(problem: _Problem) -> web.Response:
    """Discord's 400 (50035) with the reason nested under the field's path, e.g. ``0.options.1.name``
    (discord.py flattens that into "In 0.options.1.name: ...")."""
    path, code, message = problem
    errors: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path):
        errors = {str(part): errors}
    return _error(400, "Invalid Form Body", 50035, errors)


def _name_problem(path: list[str | int], name: Any, *, chat_input: bool) -> _Problem | None:
    """Names are 1-32 characters; chat input ones (and option names) match Discord's
    ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and are lowercase where a lowercase exists."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        return [*path, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
    if chat_input and not all(c in "-_" or c.isalnum() for c in name):
        return [*path, "name"], "STRING_TYPE_REGEX", "String value did not match validation regex."
    if chat_input and name != name.lower():
        return [*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"
    return None


def _description_problem(path: list[str | int], description: Any) -> _Problem | None:
    if not isinstance(description, str) or not 1 <= len(description) <= 100:
        return [*path, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
    return None


def _options_problem(options: Any, path: list[str | int], parent_type: int) -> _Problem | None:
    """Discord's rules for a command's (or a subcommand's) options; ``parent_type`` is 0 for the command."""
    if options is None:
        return None
    if not isinstance(options, list):
        return path, "MODEL_TYPE_CONVERT", "Only iterables may be used in a ListType"
    if len(options) > MAX_COMMAND_OPTIONS:
        return path, "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_COMMAND_OPTIONS} or fewer in length."
    names: set[str] = set()
    optional_seen = False
    nested = [isinstance(o, dict) and o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options]
    if any(nested) and not all(nested):
        return (
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            ("Sub-command and sub-command group option types are mutually exclusive to all other types"),
        )
    for index, option in enumerate(options):
        at = [*path, index]
        if not isinstance(option, dict):
            return at, "MODEL_TYPE_CONVERT", "Expected an object"
        kind = option.get("type")
        if kind not in range(1, 12):
            return [*at, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."
        problem = _name_problem(at, option.get("name"), chat_input=True) or _description_problem(
            at, option.get("description")
        )
        if problem is not None:
            return problem
        if option["name"] in names:
            return [*at, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"
        names.add(option["name"])
        if kind == SUB_COMMAND_GROUP and parent_type != 0:
            message = "Sub-command groups only nest in a command"
            return [*at, "type"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", message
        if kind == SUB_COMMAND and parent_type == SUB_COMMAND:
            return [*at, "type"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands do not nest"
        if parent_type == SUB_COMMAND_GROUP and kind != SUB_COMMAND:
            return [*at, "type"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "A sub-command group holds sub-commands"
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            problem = _options_problem(option.get("options"), [*at, "options"], kind)
            if problem is not None:
                return problem
            continue
        if option.get("required"):
            if optional_seen:
                return (
                    [*at, "required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    ("Required options must be placed before non-required options"),
                )
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if len(choices) > MAX_COMMAND_OPTIONS:
            return [*at, "choices"], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_COMMAND_OPTIONS} or fewer in length."
        if choices and option.get("autocomplete"):
            return (
                [*at, "autocomplete"],
                "APPLICATION_COMMAND_OPTIONS_AUTOCOMPLETE_CHOICES",
                ("Autocomplete cannot be set for options with choices"),
            )
        for number, choice in enumerate(choices):
            name = choice.get("name") if isinstance(choice, dict) else None
            if not isinstance(name, str) or not 1 <= len(name) <= 100:
                return [*at, "choices", number, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
    return None


def _command_problem(command: Any, path: list[str | int]) -> _Problem | None:
    """One application command as Discord validates it (names, descriptions, options)."""
    if not isinstance(command, dict):
        return path, "MODEL_TYPE_CONVERT", "Expected an object"
    kind = command.get("type", CHAT_INPUT)
    if kind not in (1, 2, 3, 4):
        return [*path, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}."
    problem = _name_problem(path, command.get("name"), chat_input=kind == CHAT_INPUT)
    if problem is not None:
        return problem
    if kind == CHAT_INPUT:
        return _description_problem(path, command.get("description")) or _options_problem(
            command.get("options"), [*path, "options"], 0
        )
    if command.get("description"):  # user and message commands have none
        return [*path, "description"], "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Must be empty."
    return None


def _apply_edit(message: dict[str, Any], body: dict[str, Any], *, with_components: bool = True) -> None:
    """What a PATCH changes: content, embeds, components (unless Discord ignores them), the
    suppress-embeds flag, kept attachments; and the edited timestamp."""
    if "content" in body:
        message["content"] = body["content"] or ""
    if "embeds" in body:
        message["embeds"] = body["embeds"] or []
    if "components" in body and with_components:
        message["components"] = body["components"] or []
    if body.get("flags") is not None:
        kept = message.get("flags", 0) & ~SUPPRESS_EMBEDS
        message["flags"] = kept | (int(body["flags"]) & SUPPRESS_EMBEDS)
    if body.get("attachments") is not None:
        keep = {str(a.get("id")) for a in body["attachments"] if isinstance(a, dict)}
        message["attachments"] = [a for a in message.get("attachments", []) if a["id"] in keep]
    message["edited_timestamp"] = datetime.now(UTC).isoformat()


def _walk_components(components: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """Every component, nested ones too (action rows, sections' accessories, containers, labels)."""
    for component in components:
        if not isinstance(component, dict):
            continue
        yield component
        yield from _walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from _walk_components([component[key]])


def _is_interactive(component: dict[str, Any]) -> bool:
    """Buttons with a custom_id, selects, text inputs: what only an application may send."""
    return bool(component.get("custom_id")) or component.get("type") in (3, 5, 6, 7, 8)


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


def _webhook_name_error(field_name: str, name: Any) -> web.Response | None:
    """Discord's webhook name rules (also for ``username`` overrides): 1-80 characters once
    trimmed, and never "clyde" or "discord" in any case."""
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= MAX_WEBHOOK_NAME:
        return _form_error(field_name, "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {MAX_WEBHOOK_NAME} in length.")
    lowered = name.casefold()
    for part in FORBIDDEN_WEBHOOK_NAME_PARTS:
        if part in lowered:
            return _form_error(field_name, "USERNAME_INVALID_CONTAINS", f'Username cannot contain "{part}"')
    return None


_DATA_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,(.+)", re.DOTALL)


def _image_data(field_name: str, value: Any) -> tuple[bytes | None, web.Response | None]:
    """Decode Discord's image data (a data URI); (bytes or None for null, or the 400 to answer)."""
    if value is None:
        return None, None
    match = _DATA_URI.fullmatch(value) if isinstance(value, str) else None
    data = None
    if match is not None:
        try:
            data = base64.b64decode(match[1], validate=True)
        except (binascii.Error, ValueError):
            data = None
    if not data or _image_size(data) is None:
        return None, _form_error(field_name, "IMAGE_INVALID", "Invalid image data")
    return data, None


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height, as Discord reports them for images (None if Pillow cannot tell)."""
    from PIL import Image  # only tests with image attachments need it

    try:
        with warnings.catch_warnings():  # a test's decompression bomb is not the fake's concern
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP", "GIF"]) as image:
                return image.size
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return None  # not an image after all (or a bomb): Discord leaves the fields out


@dataclass(eq=False)
class User:
    id: int
    name: str
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": None if self.bot else self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass(eq=False)
class Channel:
    """A guild text channel, a DM channel (``recipient``) or a public thread (``parent_id``)."""

    id: int
    name: str | None
    guild_id: int | None = None
    recipient: User | None = None  # DM channels only
    position: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    # Public threads only (type 11):
    parent_id: int | None = None
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440  # minutes
    archive_timestamp: datetime | None = None  # last change of ``archived``; creation time at first
    thread_members: dict[int, str] = field(default_factory=dict)  # user id -> join timestamp
    total_message_sent: int = 0  # every message ever posted, deleted ones included
    # Guild text channels only: permission overwrites, target id -> (type 0 role / 1 member, allow, deny).
    overwrites: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def is_dm(self) -> bool:
        return self.guild_id is None

    @property
    def is_thread(self) -> bool:
        return self.parent_id is not None

    def payload(self) -> dict[str, Any]:
        """The channel object as GET /channels/{id} answers it (guild_id included)."""
        last = self.messages[-1]["id"] if self.messages else None
        if self.is_dm:
            assert self.recipient is not None
            return {"id": str(self.id), "type": 1, "last_message_id": last, "recipients": [self.recipient.payload()]}
        if self.is_thread:
            assert self.archive_timestamp is not None and self.owner_id is not None
            return {
                "id": str(self.id),
                "type": 11,  # PUBLIC_THREAD
                "guild_id": str(self.guild_id),
                "parent_id": str(self.parent_id),
                "owner_id": str(self.owner_id),
                "name": self.name,
                "last_message_id": last,
                "rate_limit_per_user": 0,
                "flags": 0,
                # Discord: not counting the starter message or deleted ones; member_count stops at 50.
                "message_count": len(self.messages),
                "member_count": min(50, len(self.thread_members)),
                "total_message_sent": self.total_message_sent,
                "thread_metadata": {
                    "archived": self.archived,
                    "auto_archive_duration": self.auto_archive_duration,
                    "archive_timestamp": self.archive_timestamp.isoformat(),
                    "locked": self.locked,
                    "create_timestamp": _iso(self.id),
                },
            }
        return {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [
                {"id": str(target), "type": kind, "allow": str(allow), "deny": str(deny)}
                for target, (kind, allow, deny) in self.overwrites.items()
            ],
            "nsfw": False,
            "topic": None,
            "last_message_id": last,
            "rate_limit_per_user": 0,
            "parent_id": None,
        }

    def member_payload(self, user_id: int) -> dict[str, Any]:
        """A thread member object (what Discord calls the bot's ``member`` of a thread)."""
        return {"id": str(self.id), "user_id": str(user_id), "join_timestamp": self.thread_members[user_id], "flags": 0}

    def find(self, message_id: int) -> dict[str, Any] | None:
        for message in reversed(self.messages):  # newest first: what is replied to is usually recent
            if int(message["id"]) == message_id:
                return message
        return None


@dataclass(eq=False)
class Role:
    """A guild role made with ``add_role`` (not @everyone, whose id is the guild's, nor the bot's own)."""

    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 1
    color: int = 0
    hoist: bool = False
    mentionable: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": self.hoist,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": self.mentionable,
            "flags": 0,
        }


@dataclass(eq=False)
class Guild:
    id: int
    name: str
    owner_id: int
    channels: list[Channel]
    everyone_permissions: int = DEFAULT_PERMISSIONS
    threads: list[Channel] = field(default_factory=list)  # archived ones too
    # The bot's own role (like the managed role Discord gives an invited bot) and what it grants.
    bot_role_id: int = 0
    bot_permissions: int = 0
    roles: list[Role] = field(default_factory=list)  # ``add_role``'s, oldest first
    member_roles: dict[int, list[int]] = field(default_factory=dict)  # user id -> role ids given with give_role
    locale: str = "en-US"  # preferred_locale, the interactions' guild_locale

    def role(self, name: str) -> Role:
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(name)

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)

    def thread(self, name: str) -> Channel:
        for thread in self.threads:
            if thread.name == name:
                return thread
        raise KeyError(name)


@dataclass(frozen=True)
class SentMessage:
    """One message the bot posted (POST /channels/{id}/messages) or one of its webhooks posted
    (POST /webhooks/{id}/{token}, then ``webhook_id`` is set), as Discord received it."""

    channel_id: int
    message_id: int
    content: str | None
    allowed_mentions: dict[str, Any] | None
    message_reference: dict[str, Any] | None
    json: dict[str, Any]  # the request's JSON (payload_json for multipart)
    message: dict[str, Any]  # the message object the fake answered with
    attachments: tuple[str, ...] = ()  # file names of a multipart upload
    webhook_id: int | None = None  # the webhook that executed, for ``webhook_sends``


@dataclass(frozen=True)
class EditedMessage:
    channel_id: int
    message_id: int
    content: str | None
    json: dict[str, Any]
    webhook_id: int | None = None  # set for ``webhook_edits``


@dataclass(eq=False)
class Webhook:
    """An incoming webhook (type 1) of a guild text channel, as Discord keeps it."""

    id: int
    guild_id: int
    channel_id: int
    name: str
    token: str
    application_id: int | None  # the bot's application id when the bot created it; None: a user's
    creator: User | None
    avatar: str | None = None  # Discord's avatar hash (here: md5 of the image bytes)
    avatar_data: bytes | None = None  # the decoded image of the last create/PATCH that set one
    modified: int = 0  # successful PATCHes (name, avatar or channel)
    deleted: bool = False

    def payload(self, *, token: bool, user: bool = True) -> dict[str, Any]:
        """The webhook object; ``token`` only for whom Discord shows it, no ``user`` via the token routes."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": 1,
            "guild_id": str(self.guild_id),
            "channel_id": str(self.channel_id),
            "name": self.name,
            "avatar": self.avatar,
            "application_id": str(self.application_id) if self.application_id is not None else None,
        }
        if token:
            data["token"] = self.token
        if user and self.creator is not None:
            data["user"] = self.creator.payload()
        return data

    def author_payload(self, username: str | None = None, avatar: str | None = None) -> dict[str, Any]:
        """A webhook message's author: the webhook's id, its (or the overriding) name, a bot."""
        return {
            "id": str(self.id),
            "username": username or self.name,
            "global_name": None,
            "discriminator": "0000",
            "avatar": avatar if avatar is not None else self.avatar,
            "bot": True,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass(frozen=True)
class CommandSync:
    """One bulk overwrite (PUT) of the application's commands."""

    scope: str | int  # "global", or the guild id
    commands: list[dict[str, Any]]  # what Discord answered (the registered commands); a refused sync's JSON
    status: int = 200  # 400 when Discord refused it (validation)
    request: list[dict[str, Any]] = field(default_factory=list)  # the JSON the bot sent


@dataclass(eq=False)
class InteractionRecord:
    """One interaction the fake dispatched and everything the bot did with it.

    ``original`` is the message dict the interaction's response lives in (the same object as
    in channel history, so later edits show): the bot's type-4 message, the loading message of
    a type-5 deferral, or for components after type 6/7 the message the button was on.
    ``followups`` are further messages; ephemeral ones (flags 64) never reach history.
    """

    payload: dict[str, Any]
    channel_id: int
    user_id: int
    created_at: float  # time.monotonic() when it was dispatched
    responses: list[tuple[int, dict[str, Any] | None]] = field(default_factory=list)  # accepted callbacks
    followups: list[dict[str, Any]] = field(default_factory=list)
    original: dict[str, Any] | None = None
    ephemeral: bool = False
    responded_at: float | None = None  # time.monotonic() of the first callback
    timed_out: bool = False  # not acknowledged within ``interaction_timeout``: "The application did not respond"
    original_deleted: bool = False
    edits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # ("@original" or message id, PATCH JSON)
    rejected: list[tuple[str, int]] = field(default_factory=list)  # (what, Discord error code) refused calls
    timeout: float = INTERACTION_TIMEOUT  # ``interaction_timeout`` when it was dispatched

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    @property
    def type(self) -> int:
        return int(self.payload["type"])

    @property
    def acknowledged(self) -> bool:
        return bool(self.responses)

    @property
    def loading(self) -> bool:
        """Deferred (type 5) and not yet filled by an edit of @original or a followup."""
        return self.original is not None and bool(self.original.get("flags", 0) & LOADING)

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """The autocomplete result (type 8), if that was the answer."""
        for kind, data in self.responses:
            if kind == 8:
                return list((data or {}).get("choices") or [])
        return None


class RestCall(NamedTuple):
    method: str
    path: str  # without the /api/v10 prefix and without the query string
    json: Any


@dataclass(eq=False)
class StoredFile:
    """An attachment's bytes, as the CDN holds them."""

    id: int
    channel_id: int
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class _FileFault:
    match: int | str  # attachment id, or filename
    status: int
    remaining: int | None


@dataclass
class _RestFault:
    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int | None
    retry_after: float
    is_global: bool
    processed: bool


@dataclass(eq=False)
class _Conn:
    ws: web.WebSocketResponse
    request: web.Request
    session: _Session | None = None
    server_closing: bool = False


@dataclass(eq=False)
class _Session:
    id: str
    intents: int
    shard: tuple[int, int] = (0, 1)  # [shard id, shard count] from IDENTIFY (unsharded: [0, 1])
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)  # every dispatched frame, for RESUME
    conn: _Conn | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class FakeDiscord:
    """Discord's REST API and gateway for one bot; see the module docstring."""

    def __init__(
        self,
        *,
        token: str = "fake-token",
        bot_id: int | None = None,
        bot_name: str = "Aria",
        heartbeat_interval_ms: int = 41250,
        allowed_privileged_intents: int = ALL_PRIVILEGED_INTENTS,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.allowed_privileged_intents = allowed_privileged_intents
        self.echo_sent_messages = True
        self.sessions_invalid_on_resume = False
        self.heartbeat_ack_delay = 0.0
        self.heartbeat_acks = 0
        #: `enforce_nonce` sends with a nonce seen within this many seconds return the earlier message.
        self.nonce_window = 300.0
        self.deduplicated_sends = 0
        self._nonces: dict[tuple[int, int, str], tuple[float, dict[str, Any]]] = {}
        self.reject_gateway_connections = False
        self.rejected_gateway_connects = 0
        self.after_ready: Callable[[], Awaitable[None]] | None = None
        self.drop_after_ready = 0
        self.hook_errors: list[Exception] = []
        self._hook_tasks: set[asyncio.Task[None]] = set()
        self._transports: set[asyncio.Transport] = set()
        self._last_snowflake = 0
        self.bot = User(bot_id or self._snowflake(), bot_name, bot=True)
        self.application_id = self.bot.id  # Discord: a bot's user id is its application id
        self.guilds: dict[int, Guild] = {}
        self.users: dict[int, User] = {self.bot.id: self.bot}
        #: The application's owner (the Developer Portal account), a user like any other (it can DM the bot).
        self.app_owner = User(self._snowflake(), "owner")
        self.users[self.app_owner.id] = self.app_owner
        self.channels: dict[int, Channel] = {}
        self._dm_by_user: dict[int, Channel] = {}

        self.sent: list[SentMessage] = []
        self._replies: dict[int, list[SentMessage]] = {}  # replied-to id -> replies, so waits stay cheap
        self.edits: list[EditedMessage] = []
        self.webhooks: dict[int, Webhook] = {}  # every webhook ever made, deleted ones too (``deleted``)
        self.webhook_sends: list[SentMessage] = []
        self.webhook_edits: list[EditedMessage] = []
        self.max_webhooks_per_channel = MAX_WEBHOOKS_PER_CHANNEL
        #: (edits, seconds): at most that many message edits per channel per window, then 429.
        self.edit_rate_limit: tuple[int, float] | None = None
        self.rate_limited_edits = 0  # 429s the simulation answered
        self._edit_times: dict[int, list[float]] = {}  # channel id -> monotonic times of recent edits
        self.deleted: list[tuple[int, int]] = []
        #: Registered application commands by scope ("global" or a guild id), Discord's objects, in order.
        self.commands: dict[str | int, list[dict[str, Any]]] = {}
        self.command_syncs: list[CommandSync] = []
        #: Server admins' overrides (Server Settings > Integrations): (guild id, command id or the
        #: application id for the whole app) -> target id -> (type 1 role / 2 user / 3 channel, allowed).
        self.command_permissions: dict[tuple[int, int], dict[int, tuple[int, bool]]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self._interaction_tokens: dict[str, InteractionRecord] = {}
        self._ephemeral: dict[int, dict[str, Any]] = {}  # message id -> ephemeral message (never in history)
        #: Discord's 3 s for the first callback; a test of slow handlers may lower it.
        self.interaction_timeout = INTERACTION_TIMEOUT
        self.interaction_token_lifetime = INTERACTION_TOKEN_LIFETIME
        self._pending_dispatches: list[tuple[str, dict[str, Any]]] = []  # from sync helpers (add_role)
        self.reactions: list[tuple[int, int, str]] = []
        self.typing: list[int] = []
        self.presences: list[dict[str, Any]] = []
        self.calls: list[RestCall] = []
        self.unknown_calls: list[RestCall] = []
        self.identify_count = 0
        self.identify_payloads: list[dict[str, Any]] = []
        self.ready_count = 0
        self.resume_count = 0
        self.resumed_count = 0
        self.heartbeat_count = 0
        self.replayed_events: list[str] = []  # event names re-sent on RESUME, in order
        self.gateway_connects = 0
        self.client_close_codes: list[int] = []
        self.server_close_codes: list[int] = []

        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._conns: set[_Conn] = set()
        #: Live sessions by shard id (an unsharded client's is shard 0's).
        self._sessions: dict[int, _Session] = {}
        #: What GET /gateway/bot recommends (``shards``), for FAMILIAR_SHARD_COUNT=auto.
        self.recommended_shards = 1
        #: Shard id of every RESUMED sent, in order.
        self.resumed_shards: list[int] = []
        self._acks = True
        self._reject_identify_code: int | None = None
        self._rest_faults: list[_RestFault] = []
        self.files: dict[int, StoredFile] = {}
        self.downloads: list[int] = []
        self._file_faults: list[_FileFault] = []
        self._download_gate = asyncio.Event()
        self._changed = asyncio.Condition()
        self._closed = False

    # ----------------------------------------------------------------- lifecycle

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self._require_port()}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._require_port()}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        # A different path than gateway_url, as on Discord, so a test can tell which one was used.
        return f"ws://127.0.0.1:{self._require_port()}/resume-gateway"

    def _require_port(self) -> int:
        if self.port is None:
            raise RuntimeError("FakeDiscord.start() has not been awaited")
        return self.port

    async def start(self) -> None:
        await self._listen(0)
        log.info("FakeDiscord listening on %s", self.api_base)

    async def close(self) -> None:
        """Close every websocket (1001 going away) and the server; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.release_hung_downloads()
        for task in list(self._hook_tasks):
            task.cancel()
        await asyncio.gather(*self._hook_tasks, return_exceptions=True)
        await asyncio.gather(*(self._close_conn(c, 1001, abort_after=1.0) for c in list(self._conns)))
        await self._unlisten()

    async def _listen(self, port: int) -> None:
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume-gateway", self._gateway)
        app.router.add_get("/attachments/{channel}/{id}/{name}", self._serve_file)
        app.router.add_get("/media/attachments/{channel}/{id}/{name}", self._serve_file)
        app.router.add_route("*", "/{tail:.*}", self._not_api)
        # Short shutdown timeout: gateway handlers are already closed when we clean up.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        self._track_connections(runner)
        site = web.TCPSite(runner, "127.0.0.1", port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def _unlisten(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        # Python 3.11: a connection accepted just before asyncio's Server.close() gets its
        # transport made on a later loop pass; by then Server._attach() asserts and the
        # accepted socket is dropped unclosed (a ResourceWarning). So stop accepting first,
        # let accepts already made become transports (tracked by `_track_connections`),
        # then close. aiohttp 3.x keeps the asyncio server in TCPSite._server.
        loop = asyncio.get_running_loop()
        for site in runner.sites:
            server = getattr(site, "_server", None)
            for sock in getattr(server, "sockets", None) or ():
                loop.remove_reader(sock.fileno())
        for _ in range(3):
            await asyncio.sleep(0)
        await runner.cleanup()
        for transport in list(self._transports):
            if not transport.is_closing():
                transport.abort()
        self._transports.clear()

    def _track_connections(self, runner: web.AppRunner) -> None:
        """aiohttp 3.x: a connection that joins while the runner shuts down (a client retrying
        every few ms) is forgotten without being closed. Track every one, so `_unlisten` can
        abort the leftovers, like a closed port would."""
        server = runner.server
        assert server is not None
        connection_made = server.connection_made

        def track(handler: Any, transport: asyncio.Transport) -> None:
            self._transports = {t for t in self._transports if not t.is_closing()}
            self._transports.add(transport)
            connection_made(handler, transport)

        server.connection_made = track  # type: ignore[method-assign]

    async def stop_listening(self) -> None:
        """Like a network outage: no listener, every connection dropped; events are buffered."""
        for conn in list(self._conns):
            self._abort_conn(conn)
        await self._unlisten()
        await self._notify()

    async def start_listening(self) -> None:
        """Listen again on the same port, so the client's resume_gateway_url stays valid."""
        if self._runner is None:
            await self._listen(self._require_port())

    # ----------------------------------------------------------------- world

    def _snowflake(self) -> int:
        # Time-based like Discord's, strictly increasing so before/after paging works.
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_snowflake = max(now, self._last_snowflake + 1)
        return self._last_snowflake

    def add_user(self, name: str, bot: bool = False) -> User:
        user = User(self._snowflake(), name, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        channel_names: Iterable[str] = ("general",),
        *,
        everyone_permissions: int = DEFAULT_PERMISSIONS,
        bot_permissions: int = 0,
        owner: User | None = None,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild; ``bot_permissions`` is what the bot's own role adds to @everyone's
        (``MANAGE_WEBHOOKS`` for webhook tests; by default the bot has only @everyone's).
        ``owner`` (default: someone who is not a known user) has every permission.
        ``shard=(id, count)``: an id that lands on that shard (its timestamp moved a few ms on)."""
        guild_id = self._snowflake()
        if shard is not None:
            shard_id, count = shard
            stamp = (guild_id >> 22) + 1
            stamp += (shard_id - stamp) % count
            guild_id = self._last_snowflake = stamp << 22
        channels = [
            Channel(self._snowflake(), channel_name, guild_id=guild_id, position=i)
            for i, channel_name in enumerate(channel_names)
        ]
        guild = Guild(
            guild_id,
            name,
            owner_id=owner.id if owner is not None else self._snowflake(),
            channels=channels,
            everyone_permissions=everyone_permissions,
            bot_role_id=self._snowflake(),
            bot_permissions=bot_permissions,
        )
        self.guilds[guild.id] = guild
        for channel in channels:
            self.channels[channel.id] = channel
        return guild

    async def announce_guild(self, guild: Guild) -> None:
        """GUILD_CREATE for a guild added while the bot is connected (the bot 'joins' it)."""
        for session in self._sessions_for("GUILD_CREATE", {"id": str(guild.id)}):
            await self._dispatch_to(session, "GUILD_CREATE", self._guild_create(guild, session.intents))

    async def add_thread(
        self,
        parent: Channel,
        name: str,
        *,
        archived: bool = False,
        locked: bool = False,
        author: User | None = None,
        auto_archive_duration: int = 1440,
    ) -> Channel:
        """A public thread under ``parent`` (a guild text channel), started by ``author``.

        Without ``author`` the guild's owner (not a known user) started it. The owner is
        its first member. On a live session an active thread is announced with
        THREAD_CREATE (``newly_created``); otherwise it arrives in GUILD_CREATE's ``threads``.
        """
        if parent.guild_id is None or parent.is_thread:
            raise ValueError("threads live under a guild text channel")
        guild = self.guilds[parent.guild_id]
        thread_id = self._snowflake()
        owner_id = author.id if author is not None else guild.owner_id
        thread = Channel(
            thread_id,
            name,
            guild_id=guild.id,
            parent_id=parent.id,
            owner_id=owner_id,
            archived=archived,
            locked=locked,
            auto_archive_duration=auto_archive_duration,
            archive_timestamp=datetime.fromisoformat(_iso(thread_id)),
            thread_members={owner_id: _iso(thread_id)},
        )
        guild.threads.append(thread)
        self.channels[thread.id] = thread
        if not archived:
            await self.dispatch("THREAD_CREATE", dict(self._thread_gateway(thread), newly_created=True))
        return thread

    async def set_thread_archived(self, thread: Channel, archived: bool = True, *, locked: bool | None = None) -> None:
        """Archive (or unarchive) a thread, as a moderator or the auto-archive timer would: THREAD_UPDATE."""
        if not thread.is_thread:
            raise ValueError(f"channel {thread.id} is not a thread")
        thread.archived = archived
        if locked is not None:
            thread.locked = locked
        thread.archive_timestamp = datetime.now(UTC)
        await self.dispatch("THREAD_UPDATE", self._thread_gateway(thread))

    def _thread_gateway(self, thread: Channel) -> dict[str, Any]:
        """A thread as the gateway sends it: with the bot's ``member`` if it joined."""
        data = thread.payload()
        if self.bot.id in thread.thread_members:
            data["member"] = thread.member_payload(self.bot.id)
        return data

    # ----------------------------------------------------------------- permissions and roles

    def bot_permissions_in(self, channel: int | Channel) -> int:
        """The bot's permissions in a channel, computed as Discord does: @everyone's and the
        bot role's, then the channel's overwrites (@everyone, the bot's role, the bot).
        A thread has its parent's; the owner and ADMINISTRATOR have everything."""
        return self.permissions_in(channel, self.bot)

    def permissions_in(self, channel: int | Channel, user: User) -> int:
        """Anyone's permissions in a channel, as Discord computes them: the guild owner and
        ADMINISTRATOR have everything; otherwise @everyone's | their roles', then the channel's
        overwrites: @everyone's, their roles' (all denies, then all allows), their own. A thread
        has its parent's; in DMs, ``DEFAULT_PERMISSIONS``."""
        chan = self._resolve_channel(channel)
        if chan.is_dm:
            return DEFAULT_PERMISSIONS
        if chan.is_thread:
            assert chan.parent_id is not None
            chan = self.channels[chan.parent_id]
        guild = self.guilds[chan.guild_id or 0]
        permissions = self.guild_permissions(guild, user)
        if permissions == ALL_PERMISSIONS:
            return ALL_PERMISSIONS
        everyone = chan.overwrites.get(guild.id)
        if everyone is not None:
            permissions = (permissions & ~everyone[2]) | everyone[1]
        allow = deny = 0
        for role_id in self.role_ids(guild, user):
            overwrite = chan.overwrites.get(role_id)
            if overwrite is not None:
                allow, deny = allow | overwrite[1], deny | overwrite[2]
        permissions = (permissions & ~deny) | allow
        own = chan.overwrites.get(user.id)
        if own is not None and own[0] == 1:
            permissions = (permissions & ~own[2]) | own[1]
        return permissions

    def guild_permissions(self, guild: Guild, user: User) -> int:
        """Guild-wide permissions (no overwrites): everything for the owner or ADMINISTRATOR."""
        if user.id == guild.owner_id:
            return ALL_PERMISSIONS
        permissions = guild.everyone_permissions
        by_id = {role.id: role.permissions for role in guild.roles}
        by_id[guild.bot_role_id] = guild.bot_permissions
        for role_id in self.role_ids(guild, user):
            permissions |= by_id.get(role_id, 0)
        return ALL_PERMISSIONS if permissions & ADMINISTRATOR else permissions

    def role_ids(self, guild: Guild, user: User) -> list[int]:
        """The user's roles in the guild (not @everyone): the bot's own role for the bot, plus ``give_role``'s."""
        given = guild.member_roles.get(user.id, [])
        return [guild.bot_role_id, *given] if user is self.bot else list(given)

    def add_role(
        self, guild: Guild, name: str, permissions: int = 0, *, color: int = 0, mentionable: bool = False
    ) -> Role:
        """A new role (nobody has it yet). Before the bot connects it arrives in GUILD_CREATE's
        ``roles``; on a live session GUILD_ROLE_CREATE is dispatched too (before any later event)."""
        role = Role(self._snowflake(), guild.id, name, permissions, len(guild.roles) + 2, color, False, mentionable)
        guild.roles.append(role)
        self._dispatch_soon("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
        return role

    async def set_role_permissions(self, role: Role, permissions: int) -> None:
        """Change what a role grants (GUILD_ROLE_UPDATE)."""
        role.permissions = permissions
        await self.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(role.guild_id), "role": role.payload()})

    async def give_role(self, guild: Guild, user: User, role: Role) -> None:
        """``user`` gets ``role``: later member payloads carry it (GUILD_MEMBER_UPDATE, which
        Discord sends only to clients with the GUILD_MEMBERS intent)."""
        roles = guild.member_roles.setdefault(user.id, [])
        if role.id not in roles:
            roles.append(role.id)
        await self._member_update(guild, user)

    async def take_role(self, guild: Guild, user: User, role: Role) -> None:
        """``user`` loses ``role`` (GUILD_MEMBER_UPDATE)."""
        roles = guild.member_roles.get(user.id, [])
        if role.id in roles:
            roles.remove(role.id)
        await self._member_update(guild, user)

    async def _member_update(self, guild: Guild, user: User) -> None:
        data = dict(self._member(user, with_user=True, guild=guild), guild_id=str(guild.id))
        data["communication_disabled_until"] = None
        await self.dispatch("GUILD_MEMBER_UPDATE", data)

    async def set_bot_permissions(self, guild: Guild, permissions: int) -> None:
        """Change what the bot's role grants (GUILD_ROLE_UPDATE, so discord.py's cache follows)."""
        guild.bot_permissions = permissions
        await self.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(guild.id), "role": self._bot_role(guild)})

    async def set_overwrite(
        self,
        channel: Channel,
        *,
        allow: int = 0,
        deny: int = 0,
        everyone: bool = False,
        target: User | Role | None = None,
    ) -> None:
        """A channel permission overwrite for the bot, for @everyone (``everyone=True``) or for
        ``target`` (a role or a user); allow=deny=0 removes it. Dispatches CHANNEL_UPDATE, as
        Discord does."""
        if channel.is_dm or channel.is_thread:
            raise ValueError("overwrites live on guild text channels")
        assert channel.guild_id is not None
        if everyone:
            key, kind = channel.guild_id, 0
        elif isinstance(target, Role):
            key, kind = target.id, 0
        else:
            key, kind = (target or self.bot).id, 1
        if allow or deny:
            channel.overwrites[key] = (kind, allow, deny)
        else:
            channel.overwrites.pop(key, None)
        await self.dispatch("CHANNEL_UPDATE", channel.payload())

    def _bot_role(self, guild: Guild) -> dict[str, Any]:
        return {
            "id": str(guild.bot_role_id),
            "name": self.bot.name,
            "color": 0,
            "hoist": False,
            "icon": None,
            "position": 1,
            "permissions": str(guild.bot_permissions),
            "managed": True,
            "mentionable": False,
            "flags": 0,
            "tags": {"bot_id": str(self.bot.id)},
        }

    def dm_channel(self, user: User) -> Channel:
        channel = self._dm_by_user.get(user.id)
        if channel is None:
            channel = Channel(self._snowflake(), None, recipient=user)
            self._dm_by_user[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def _member(self, user: User, *, with_user: bool, guild: Guild | None = None) -> dict[str, Any]:
        member: dict[str, Any] = {
            "roles": [str(r) for r in self.role_ids(guild, user)] if guild is not None else [],
            "nick": None,
            "avatar": None,
            "joined_at": _iso(user.id),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_user:
            member["user"] = user.payload()
        return member

    def _guild_create(self, guild: Guild, intents: int) -> dict[str, Any]:
        # Like Discord: without GUILD_MEMBERS the member list holds only the bot itself.
        users = self.users.values() if intents & INTENT_GUILD_MEMBERS else [self.bot]
        members = [self._member(u, with_user=True, guild=guild) for u in users]
        channels = [c.payload() for c in guild.channels]
        # Only active threads; like channels, without guild_id (discord.py takes the guild it parses).
        threads = [self._thread_gateway(t) for t in guild.threads if not t.archived]
        for channel in channels + threads:
            channel.pop("guild_id")  # absent in GUILD_CREATE, as on Discord
        everyone = {
            "id": str(guild.id),  # @everyone's role id is the guild id
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "icon": None,
            "position": 0,
            "permissions": str(guild.everyone_permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "owner_id": str(guild.owner_id),
            "roles": [everyone, self._bot_role(guild), *(role.payload() for role in guild.roles)],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": len(self.users),
            "large": False,
            "unavailable": False,
            "joined_at": _iso(guild.id),
            "channels": channels,
            "threads": threads,
            "members": members,
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "preferred_locale": guild.locale,
            "application_id": None,
            "premium_progress_bar_enabled": False,
        }

    # ----------------------------------------------------------------- messages

    def _make_message(
        self,
        channel: Channel,
        author: User,
        content: str,
        *,
        mentions: list[User],
        reference: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """The REST form of a message, as stored in history."""
        message_id = self._snowflake()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": _iso(message_id),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [u.payload() for u in mentions],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if reference is not None:
            referenced = dict(reference)
            referenced.pop("referenced_message", None)  # Discord nests one level only
            message["type"] = 19  # REPLY
            message["message_reference"] = {
                "type": 0,
                "message_id": referenced["id"],
                "channel_id": str(channel.id),
                "guild_id": str(channel.guild_id) if channel.guild_id else None,
            }
            if channel.guild_id is None:
                del message["message_reference"]["guild_id"]
            message["referenced_message"] = referenced
        return message

    def _gateway_message(self, channel: Channel, message: dict[str, Any]) -> dict[str, Any]:
        """MESSAGE_CREATE's form: the REST form plus guild_id, member and members of mentions."""
        data: dict[str, Any] = json.loads(json.dumps(message))  # deep copy: history must not change under us
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
            guild = self.guilds.get(channel.guild_id)
            author = self.users.get(int(message["author"]["id"]))
            if author is not None and "webhook_id" not in message:
                data["member"] = self._member(author, with_user=False, guild=guild)
            for mention in data["mentions"]:
                mention["member"] = self._member(self.users[int(mention["id"])], with_user=False, guild=guild)
        return data

    def _mentioned_in(self, content: str) -> list[User]:
        ids = {int(m) for m in re.findall(r"<@!?(\d+)>", content)}
        return [self.users[i] for i in ids if i in self.users]

    def _resolve_channel(self, channel: int | Channel) -> Channel:
        channel_id = channel.id if isinstance(channel, Channel) else int(channel)
        try:
            return self.channels[channel_id]
        except KeyError:
            raise KeyError(f"FakeDiscord has no channel {channel_id}") from None

    async def user_says(
        self,
        channel: int | Channel,
        author: User,
        content: str,
        *,
        mentions_bot: bool = False,
        mention_users: Iterable[User] = (),
        reply_to: int | str | dict[str, Any] | None = None,
        ping_reply: bool = True,
        dispatch: bool = True,
        attachments: Iterable[AttachmentSpec] = (),
    ) -> dict[str, Any]:
        """A user posts in a channel; returns the MESSAGE_CREATE payload.

        ``dispatch=False`` writes history only: the message was "sent while the bot was
        away" and only a history fetch can find it. ``author`` may be ``fake.bot``, for
        the bot's own earlier answers (those do not count in ``sent``).
        """
        chan = self._resolve_channel(channel)
        if mentions_bot and not re.search(rf"<@!?{self.bot.id}>", content):
            content = f"{self.bot.mention} {content}"
        mentions: list[User] = []
        if mentions_bot:
            mentions.append(self.bot)
        mentions.extend(mention_users)
        reference = None
        if reply_to is not None:
            ref_id = int(reply_to["id"]) if isinstance(reply_to, dict) else int(reply_to)
            reference = chan.find(ref_id)
            if reference is None:
                raise KeyError(f"no message {ref_id} in channel {chan.id}")
            target = self.users.get(int(reference["author"]["id"]))  # None for a webhook's message
            if ping_reply and target is not None:  # a reply pings its target by default on Discord
                mentions.append(target)
        mentions.extend(self._mentioned_in(content))
        unique = list({u.id: u for u in mentions}.values())
        message = self._make_message(chan, author, content, mentions=unique, reference=reference)
        message["attachments"] = [self._add_file(chan, *spec) for spec in attachments]
        await self._store(chan, message, author, dispatch=dispatch)
        data = self._gateway_message(chan, message)
        if dispatch:
            await self.dispatch("MESSAGE_CREATE", data)
        return data

    async def user_says_dm(
        self, author: User, content: str, *, dispatch: bool = True, attachments: Iterable[AttachmentSpec] = ()
    ) -> dict[str, Any]:
        """A user writes to the bot in their DM channel; returns the MESSAGE_CREATE payload."""
        return await self.user_says(
            self.dm_channel(author), author, content, dispatch=dispatch, attachments=attachments
        )

    async def _store(
        self, channel: Channel, message: dict[str, Any], author: User | None, *, dispatch: bool = True
    ) -> None:
        """Append to history; in a thread also count, join the author (not a webhook, ``None``)
        and unarchive (THREAD_UPDATE)."""
        if channel.is_thread:
            message["position"] = channel.total_message_sent
            channel.total_message_sent += 1
            if author is not None:
                channel.thread_members.setdefault(author.id, message["timestamp"])
            if channel.archived:  # posting in an archived, unlocked thread unarchives it
                channel.archived = False
                channel.archive_timestamp = datetime.now(UTC)
                if dispatch:
                    await self.dispatch("THREAD_UPDATE", self._thread_gateway(channel))
        channel.messages.append(message)

    # ----------------------------------------------------------------- waiting

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10, what: str = "condition") -> None:
        """Wait until ``predicate()`` holds; it is re-checked whenever the fake's state changes."""
        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    await self._changed.wait_for(predicate)
        except TimeoutError:
            raise TimeoutError(
                f"FakeDiscord: timed out after {timeout}s waiting for {what} "
                f"(identify={self.identify_count} ready={self.ready_count} resume={self.resume_count} "
                f"connected={self.connected} sent={len(self.sent)} calls={self.calls[-5:]})"
            ) from None

    async def wait_for_sent(
        self, count: int = 1, *, channel_id: int | None = None, timeout: float = 10
    ) -> list[SentMessage]:
        """Wait for at least ``count`` sent messages (in ``channel_id`` if given); returns them all."""

        def matching() -> list[SentMessage]:
            return [s for s in self.sent if channel_id is None or s.channel_id == channel_id]

        await self.wait_for(lambda: len(matching()) >= count, timeout, f"{count} sent message(s)")
        return matching()

    def replies_to(self, message: int | str | dict[str, Any]) -> list[SentMessage]:
        """The bot's messages (from ``sent``) that reply to ``message`` (an id or a payload)."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        return list(self._replies.get(message_id, ()))

    async def wait_for_replies(
        self, message: int | str | dict[str, Any], count: int = 1, *, timeout: float = 10
    ) -> list[SentMessage]:
        """Wait for at least ``count`` replies to ``message``; returns them all (check for extras yourself)."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        what = f"{count} replies to {message_id}"
        await self.wait_for(lambda: len(self.replies_to(message_id)) >= count, timeout, what)
        return self.replies_to(message_id)

    def answers_to(self, message: int | str | dict[str, Any]) -> list[SentMessage]:
        """The bot's and its webhooks' messages that answer ``message``, oldest first (deleted ones left out).

        A webhook cannot reply (no message_reference), so an answer is either a reply
        (message_reference) or a message whose current content holds a jump link to it,
        ``https://discord.com/channels/<guild or @me>/<channel>/<message>``.
        """
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)

        def answers(sent: SentMessage) -> bool:
            reference = sent.message_reference
            if reference is not None and int(reference["message_id"]) == message_id:
                return True
            return any(int(m) == message_id for m in _JUMP_LINK.findall(sent.message.get("content") or ""))

        gone = {message_id for _, message_id in self.deleted}
        shown = (sent for sent in self.sent + self.webhook_sends if sent.message_id not in gone)
        return sorted(filter(answers, shown), key=lambda s: s.message_id)

    async def wait_for_answers(
        self, message: int | str | dict[str, Any], count: int = 1, *, timeout: float = 10
    ) -> list[SentMessage]:
        """Wait for at least ``count`` ``answers_to(message)``; returns them all."""
        what = f"{count} answers to {message['id'] if isinstance(message, dict) else message}"
        await self.wait_for(lambda: len(self.answers_to(message)) >= count, timeout, what)
        return self.answers_to(message)

    async def wait_for_webhook_sends(
        self, count: int = 1, *, channel_id: int | None = None, timeout: float = 10
    ) -> list[SentMessage]:
        """Wait for at least ``count`` webhook messages (landing in ``channel_id`` if given); returns them all."""

        def matching() -> list[SentMessage]:
            return [s for s in self.webhook_sends if channel_id is None or s.channel_id == channel_id]

        await self.wait_for(lambda: len(matching()) >= count, timeout, f"{count} webhook message(s)")
        return matching()

    def webhooks_in(self, channel: int | Channel) -> list[Webhook]:
        """The channel's live webhooks, oldest first (whoever made them)."""
        channel_id = channel.id if isinstance(channel, Channel) else int(channel)
        return [w for w in self.webhooks.values() if w.channel_id == channel_id and not w.deleted]

    async def wait_for_identify(self, n: int = 1, timeout: float = 10) -> None:
        await self.wait_for(lambda: self.identify_count >= n, timeout, f"{n} IDENTIFY")

    async def wait_for_resume(self, n: int = 1, timeout: float = 10) -> None:
        """Wait for ``n`` successful RESUMEs (RESUMED sent)."""
        await self.wait_for(lambda: self.resumed_count >= n, timeout, f"{n} RESUMED")

    async def wait_connected(self, timeout: float = 10) -> None:
        """Wait until a connection carries a live session (after READY or RESUMED)."""
        await self.wait_for(lambda: self.connected, timeout, "a connected session")

    async def wait_commands_synced(self, timeout: float = 30) -> None:
        """Until the bot has put its slash commands: it does once discord.py has the server list
        (about 2 s after READY, with the catch-up), the end of a fresh home's start-up work."""
        await self.wait_for(
            lambda: any(c.method == "PUT" and c.path.endswith("/commands") for c in self.calls), timeout, "the sync"
        )

    async def wait_disconnected(self, timeout: float = 10) -> None:
        await self.wait_for(lambda: not self._conns, timeout, "no gateway connection")

    @property
    def connected(self) -> bool:
        """A live session on every shard that has one (unsharded: the one session)."""
        return bool(self._sessions) and all(self.shard_connected(shard) for shard in self._sessions)

    def shard_connected(self, shard: int) -> bool:
        session = self._sessions.get(shard)
        return session is not None and session.conn is not None and not session.conn.ws.closed

    async def wait_shard_connected(self, shard: int, timeout: float = 10) -> None:
        await self.wait_for(lambda: self.shard_connected(shard), timeout, f"shard {shard} connected")

    async def wait_shards_connected(self, shards: Iterable[int], timeout: float = 10) -> None:
        wanted = list(shards)
        await self.wait_for(lambda: all(self.shard_connected(s) for s in wanted), timeout, f"shards {wanted} connected")

    @property
    def session_id(self) -> str | None:
        return self._session.id if self._session else None

    @property
    def session_ids(self) -> dict[int, str]:
        """Shard id -> its session's id."""
        return {shard: session.id for shard, session in self._sessions.items()}

    @property
    def _session(self) -> _Session | None:
        """Shard 0's session: an unsharded client's only one."""
        return self._sessions.get(0)

    @staticmethod
    def shard_of(guild: Guild | int, shard_count: int) -> int:
        """Which shard carries a guild's events: Discord's (guild_id >> 22) % shard_count."""
        guild_id = guild if isinstance(guild, int) else guild.id
        return (guild_id >> 22) % shard_count

    def _guild_of_event(self, event: str, data: dict[str, Any]) -> int | None:
        """The guild an event belongs to (None: a DM, or no guild at all)."""
        if data.get("guild_id"):
            return int(data["guild_id"])
        if event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE") and data.get("id"):
            return int(data["id"])
        channel = self.channels.get(int(data.get("channel_id") or 0))
        if channel is None and event.startswith(("CHANNEL_", "THREAD_")) and data.get("id"):
            channel = self.channels.get(int(data["id"]))
        return channel.guild_id if channel is not None else None

    def _sessions_for(self, event: str, data: dict[str, Any]) -> list[_Session]:
        """The sessions that get an event: its guild's shard; DMs (and guildless events) shard 0."""
        guild_id = self._guild_of_event(event, data)
        sessions = []
        for session in self._sessions.values():
            shard_id, count = session.shard
            if (guild_id is None and shard_id == 0) or (
                guild_id is not None and self.shard_of(guild_id, count) == shard_id
            ):
                sessions.append(session)
        return sessions

    # ----------------------------------------------------------------- fault injection

    def _live_conn(self, shard: int | None = None) -> _Conn:
        """The connection of ``shard``'s session; without one, shard 0's (or the newest socket)."""
        conns = [c for c in self._conns if not c.ws.closed]
        if shard is not None:
            session = self._sessions.get(shard)
            if session is None or session.conn is None or session.conn.ws.closed:
                raise RuntimeError(f"FakeDiscord: no gateway connection for shard {shard}")
            return session.conn
        if not conns:
            raise RuntimeError("FakeDiscord: no gateway connection")
        if self._session is not None and self._session.conn in conns:
            return self._session.conn
        return conns[-1]

    def _abort_conn(self, conn: _Conn) -> None:
        conn.server_closing = True
        transport = conn.request.transport
        if transport is not None:
            transport.abort()

    async def _close_conn(self, conn: _Conn, code: int, reason: str = "", abort_after: float = 5.0) -> None:
        conn.server_closing = True
        self.server_close_codes.append(code)
        try:
            # The client answers our close frame; if it does not, drop the socket.
            await asyncio.wait_for(conn.ws.close(code=code, message=reason.encode()), abort_after)
        except (TimeoutError, ConnectionError, RuntimeError):
            self._abort_conn(conn)

    async def abort_gateway(self, *, shard: int | None = None) -> None:
        """Drop the TCP connection (``shard``'s, if given) without a close frame; the client sees 1006.

        Returns without yielding to the event loop, so an event dispatched right after
        it cannot reach the client live: it is buffered and must come back on RESUME.
        """
        conn = self._live_conn(shard)
        self._abort_conn(conn)
        if conn.session is not None and conn.session.conn is conn:
            conn.session.conn = None

    async def close_gateway(self, code: int, reason: str = "", *, shard: int | None = None) -> None:
        await self._close_conn(self._live_conn(shard), code, reason)

    async def send_reconnect(self, *, shard: int | None = None) -> None:
        await self._send(self._live_conn(shard), {"op": 7, "d": None, "s": None, "t": None})

    async def send_invalid_session(self, resumable: bool, *, shard: int | None = None) -> None:
        conn = self._live_conn(shard)
        if not resumable and conn.session is not None:
            self._forget(conn.session)  # a non-resumable session is gone for good
        await self._send(conn, {"op": 9, "d": resumable, "s": None, "t": None})

    def reject_identify_with(self, code: int | None) -> None:
        self._reject_identify_code = code

    async def _late_ack(self, conn: _Conn, delay: float) -> None:
        await asyncio.sleep(delay)  # a slow Discord is what this simulates
        if not conn.ws.closed:
            await self._ack(conn)

    async def _ack(self, conn: _Conn) -> None:
        await self._send(conn, {"op": 11, "d": None, "s": None, "t": None})
        self.heartbeat_acks += 1
        await self._notify()

    def stop_heartbeat_acks(self) -> None:
        self._acks = False

    def resume_heartbeat_acks(self) -> None:
        self._acks = True

    def fail_rest(
        self,
        method: str,
        path_regex: str,
        status: int,
        times: int | None = 1,
        retry_after: float | None = None,
        is_global: bool = False,
        processed: bool = False,
    ) -> None:
        self._rest_faults.append(
            _RestFault(method.upper(), re.compile(path_regex), status, times, retry_after or 0.1, is_global, processed)
        )

    def clear_rest_failures(self) -> None:
        self._rest_faults.clear()

    # ----------------------------------------------------------------- gateway

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a dispatch (op 0) on the session of the event's shard (DMs: shard 0), or buffer it
        for RESUME; with no such session it is not dispatched."""
        await self._flush_pending()
        sessions = self._sessions_for(event, data)
        if not sessions:
            log.debug("FakeDiscord: no session for it, %s not dispatched", event)
        for session in sessions:
            await self._dispatch_to(session, event, data)

    async def _dispatch_to(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        async with session.lock:
            visible = self._visible(session, event, data)
            if visible is not None:
                await self._emit(session, event, visible)

    def _dispatch_soon(self, event: str, data: dict[str, Any]) -> None:
        """For synchronous helpers: dispatch on the live session soon, and before any later dispatch."""
        if not self._sessions:
            return  # the next IDENTIFY's GUILD_CREATE carries the state anyway
        self._pending_dispatches.append((event, data))
        self._spawn_hook(self._flush_pending())

    async def _flush_pending(self) -> None:
        # Popped and sent in order; a session's lock is FIFO, so two flushes keep the order.
        while self._pending_dispatches:
            event, data = self._pending_dispatches.pop(0)
            for session in self._sessions_for(event, data):
                await self._dispatch_to(session, event, data)

    def _forget(self, session: _Session) -> None:
        """A session that can no longer be resumed (INVALID_SESSION false)."""
        shard = session.shard[0]
        if self._sessions.get(shard) is session:
            del self._sessions[shard]

    def _visible(self, session: _Session, event: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """Apply intents the way Discord does, so a client with the wrong intents notices."""
        if event.startswith(("THREAD_", "CHANNEL_", "GUILD_ROLE_")):
            return data if session.intents & INTENT_GUILDS else None
        if event in ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"):
            return data if session.intents & INTENT_GUILD_MEMBERS else None
        if event == "WEBHOOKS_UPDATE":
            return data if session.intents & INTENT_GUILD_WEBHOOKS else None
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            return data
        is_dm = "guild_id" not in data
        needed = INTENT_DIRECT_MESSAGES if is_dm else INTENT_GUILD_MESSAGES
        if not session.intents & needed:
            return None
        mentions_bot = any(int(m["id"]) == self.bot.id for m in data.get("mentions", []))
        from_bot = int(data["author"]["id"]) == self.bot.id
        if not is_dm and not mentions_bot and not from_bot and not session.intents & INTENT_MESSAGE_CONTENT:
            data = dict(data, content="", embeds=[], attachments=[], components=[])
        return data

    async def _emit(self, session: _Session, event: str, data: dict[str, Any]) -> None:
        """Number, buffer and (if attached) send one dispatch; caller holds session.lock."""
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.events.append(frame)
        if session.conn is not None:
            await self._send(session.conn, frame)

    async def _send(self, conn: _Conn, frame: dict[str, Any]) -> None:
        try:
            await conn.ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError) as exc:
            # The socket died under us; the frame stays buffered for a RESUME.
            log.debug("FakeDiscord: send failed (%s); detaching connection", exc)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.reject_gateway_connections:
            # REST up, gateway down: the websocket handshake fails with a plain 503.
            self.rejected_gateway_connects += 1
            await self._notify()
            return web.Response(status=503, text="gateway unavailable")
        ws = web.WebSocketResponse(timeout=2.0, compress=False, max_msg_size=0)
        await ws.prepare(request)
        conn = _Conn(ws=ws, request=request)
        self._conns.add(conn)
        self.gateway_connects += 1
        log.debug("FakeDiscord: gateway connection on %s?%s", request.path, request.query_string)
        try:
            await self._send(
                conn, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None}
            )
            while True:
                msg = await ws.receive()
                if msg.type == WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    # ETF or compressed payloads from the client are not supported.
                    await self._close_conn(conn, 4002, "Error while decoding payload.")
                else:
                    # The code in the client's close frame; ws.close_code would be our echo.
                    if msg.type == WSMsgType.CLOSE and not conn.server_closing:
                        self.client_close_codes.append(int(msg.data))
                    break
        except ConnectionError:
            pass
        finally:
            log.debug("FakeDiscord: gateway connection ended (close code %s)", ws.close_code)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
            self._conns.discard(conn)
            await self._notify()
        return ws

    async def _on_frame(self, conn: _Conn, frame: dict[str, Any]) -> None:
        op, d = frame.get("op"), frame.get("d")
        if op == 1:
            self.heartbeat_count += 1
            await self._notify()
            if self._acks and self.heartbeat_ack_delay:
                self._spawn_hook(self._late_ack(conn, self.heartbeat_ack_delay))
            elif self._acks:
                await self._ack(conn)
        elif op == 2:
            await self._identify(conn, d or {})
        elif op == 6:
            await self._resume(conn, d or {})
        elif op == 3:
            self.presences.append(d or {})
        elif op == 8:
            await self._request_members(conn, d or {})
        elif op == 4:
            pass  # voice state: nothing to do for a text bot
        else:
            await self._close_conn(conn, 4001, "Unknown opcode.")

    async def _identify(self, conn: _Conn, d: dict[str, Any]) -> None:
        self.identify_count += 1
        self.identify_payloads.append(d)
        await self._notify()
        if conn.session is not None:
            await self._close_conn(conn, 4005, "Already authenticated.")
            return
        if d.get("token") != self.token:
            await self._close_conn(conn, 4004, "Authentication failed.")
            return
        if self._reject_identify_code is not None:
            await self._close_conn(conn, self._reject_identify_code, "Rejected by the test.")
            return
        intents = int(d.get("intents", 0))
        if intents & ALL_PRIVILEGED_INTENTS & ~self.allowed_privileged_intents:
            await self._close_conn(conn, 4014, "Disallowed intent(s).")
            return
        shard = d.get("shard") or [0, 1]
        valid_shard = (
            isinstance(shard, list)
            and len(shard) == 2
            and all(isinstance(n, int) for n in shard)
            and shard[1] >= 1
            and 0 <= shard[0] < shard[1]
        )
        if not valid_shard:
            await self._close_conn(conn, 4010, "Invalid shard.")
            return
        shard_id, shard_count = shard
        session = _Session(id=uuid.uuid4().hex, intents=intents, shard=(shard_id, shard_count))
        for other in list(self._sessions.values()):
            if other.shard[1] != shard_count:
                self._forget(other)  # a new shard count: the old layout's sessions are gone
        self._sessions[shard_id] = session
        guilds = [g for g in self.guilds.values() if self.shard_of(g, shard_count) == shard_id]
        async with session.lock:
            session.conn = conn
            conn.session = session
            ready = {
                "v": 10,
                "user": dict(self.bot.payload(), verified=True, mfa_enabled=False, email=None),
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_gateway_url,
                "shard": [shard_id, shard_count],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
            }
            await self._emit(session, "READY", ready)
            for guild in guilds:
                await self._emit(session, "GUILD_CREATE", self._guild_create(guild, intents))
        self.ready_count += 1
        if self.drop_after_ready > 0:
            # Everything above is already in the kernel; the client reads it, then EOF (1006).
            self.drop_after_ready -= 1
            log.info("FakeDiscord: dropping the connection right after READY (drop_after_ready)")
            self._abort_conn(conn)
            if session.conn is conn:
                session.conn = None
        hook, self.after_ready = self.after_ready, None
        if hook is not None:
            # Its own task: the hook may stop_listening(), which waits for this very handler.
            self._spawn_hook(self._run_hook(hook))
        await self._notify()

    def _spawn_hook(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """A task the fake owns (close() cancels and awaits it)."""
        task = asyncio.create_task(coroutine)
        self._hook_tasks.add(task)
        task.add_done_callback(self._hook_tasks.discard)

    async def _run_hook(self, hook: Callable[[], Awaitable[None]]) -> None:
        try:
            await hook()
        except Exception as exc:  # a test's hook failing must not vanish into the event loop
            log.exception("FakeDiscord: after_ready hook failed")
            self.hook_errors.append(exc)
        finally:
            await self._notify()

    async def _resume(self, conn: _Conn, d: dict[str, Any]) -> None:
        self.resume_count += 1
        await self._notify()
        if d.get("token") != self.token:
            await self._close_conn(conn, 4004, "Authentication failed.")
            return
        session = next((s for s in self._sessions.values() if s.id == d.get("session_id")), None)
        if self.sessions_invalid_on_resume or session is None:
            self.sessions_invalid_on_resume = False
            if session is not None:
                self._forget(session)
            await self._send(conn, {"op": 9, "d": False, "s": None, "t": None})
            return
        seq = d.get("seq") or 0
        if seq > session.seq:
            await self._close_conn(conn, 4007, "Invalid seq.")
            return
        async with session.lock:
            old = session.conn
            if old is not None and old is not conn:
                old.session = None  # a resumed session moves to the new connection
            session.conn = conn
            conn.session = session
            # Replay what the client missed, with the original sequence numbers.
            for frame in session.events:
                if frame["s"] > seq:
                    self.replayed_events.append(frame["t"])
                    await self._send(conn, frame)
            await self._emit(session, "RESUMED", {})  # discord.py 2.7.1 needs d to be a dict
        self.resumed_count += 1
        self.resumed_shards.append(session.shard[0])
        await self._notify()

    async def _request_members(self, conn: _Conn, d: dict[str, Any]) -> None:
        session = conn.session
        guild = self.guilds.get(int(d.get("guild_id", 0)))
        if session is None or guild is None:
            return
        chunk = {
            "guild_id": str(guild.id),
            "members": [self._member(u, with_user=True, guild=guild) for u in self.users.values()],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if d.get("nonce"):
            chunk["nonce"] = d["nonce"]
        async with session.lock:
            await self._emit(session, "GUILD_MEMBERS_CHUNK", chunk)

    # ----------------------------------------------------------------- REST

    async def _not_api(self, request: web.Request) -> web.Response:
        log.warning("FakeDiscord: unhandled %s %s", request.method, request.path_qs)
        self.unknown_calls.append(RestCall(request.method, request.path, None))
        return _error(404, "404: Not Found")

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        form: dict[str, Any] = {}
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                return _error(400, "400: Bad Request", 50109)
        elif request.content_type.startswith("multipart/"):
            form = dict(await request.post())
            body = json.loads(str(form.get("payload_json", "{}")))
        call = RestCall(request.method, path, body)
        self.calls.append(call)
        try:
            response = await self._route(request, call, form)
        finally:
            await self._notify()
        return response

    def _fault_for(self, call: RestCall) -> _RestFault | None:
        for fault in self._rest_faults:
            if fault.method != call.method or not fault.pattern.search(call.path):
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._rest_faults.remove(fault)
            return fault
        return None

    def _fault_response(self, request: web.Request, call: RestCall, fault: _RestFault) -> web.Response:
        log.info("FakeDiscord: failing %s %s with %s", call.method, call.path, fault.status)
        if fault.status in (DROP_CONNECTION, RESET_CONNECTION):
            transport = request.transport
            if transport is not None:
                if fault.status == RESET_CONNECTION:
                    sock = transport.get_extra_info("socket")
                    if sock is not None:  # linger 0: close() sends RST instead of FIN
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                transport.abort()
            return web.Response(status=204)  # never written: aiohttp skips a closed transport
        if fault.status != 429:
            return _error(fault.status, f"{fault.status}: injected failure")
        return _rate_limited(fault.retry_after, is_global=fault.is_global)

    async def _route(self, request: web.Request, call: RestCall, form: dict[str, Any]) -> web.Response:
        method, path, _ = call
        if path == "/gateway" and method == "GET":  # the only route Discord serves without a token
            return _json({"url": self.gateway_url})
        # The webhook or interaction token in the path is the credential there (discord.py sends no Authorization).
        with_token = re.fullmatch(r"/webhooks/\d+/[^/]+(/.*)?|/interactions/\d+/[^/]+/callback", path) is not None
        if not with_token and request.headers.get("Authorization") != f"Bot {self.token}":
            return _error(401, "401: Unauthorized")
        fault = self._fault_for(call)
        if fault is not None and not fault.processed:
            return self._fault_response(request, call, fault)
        response = await self._serve(request, call, form)
        if fault is not None:  # Discord did the work, then the answer got lost
            return self._fault_response(request, call, fault)
        return response

    async def _serve(self, request: web.Request, call: RestCall, form: dict[str, Any]) -> web.Response:
        method, path, body = call
        if method == "GET" and path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
            return _json({"url": self.gateway_url, "shards": self.recommended_shards, "session_start_limit": limit})
        if method == "GET" and path == "/users/@me":
            return _json(dict(self.bot.payload(), verified=True, mfa_enabled=False, email=None))
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(self._application())
        if method == "POST" and path == "/users/@me/channels":
            user = self.users.get(int((body or {}).get("recipient_id", 0)))
            if user is None:
                return _error(400, "Invalid Recipient(s)", 50033)
            return _json(self.dm_channel(user).payload())
        if m := re.fullmatch(r"/users/(\d+)", path):
            user = self.users.get(int(m[1]))
            return _json(user.payload()) if user else _error(404, "Unknown User", 10013)

        if method == "GET" and (m := re.fullmatch(r"/guilds/(\d+)/members/(\d+)", path)):
            # Guild.fetch_member: every known user is a member of every guild (as in GUILD_CREATE).
            guild, user = self.guilds.get(int(m[1])), self.users.get(int(m[2]))
            if guild is None:
                return _error(404, "Unknown Guild", 10004)
            if user is None:
                return _error(404, "Unknown Member", 10007)
            return _json(self._member(user, with_user=True, guild=guild))

        if method == "GET" and (m := re.fullmatch(r"/guilds/(\d+)/threads/active", path)):
            guild = self.guilds.get(int(m[1]))
            if guild is None:
                return _error(404, "Unknown Guild", 10004)
            return _json(self._thread_list([t for t in guild.threads if not t.archived]))

        if method == "GET" and (m := re.fullmatch(r"/guilds/(\d+)/webhooks", path)):
            guild = self.guilds.get(int(m[1]))
            if guild is None:
                return _error(404, "Unknown Guild", 10004)
            if not self._guild_permissions(guild) & MANAGE_WEBHOOKS:
                return _error(403, "Missing Permissions", 50013)
            hooks = [w for w in self.webhooks.values() if w.guild_id == guild.id and not w.deleted]
            return _json([w.payload(token=self._shows_token(w)) for w in hooks])

        if method == "POST" and (m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)):
            return await self._interaction_callback(request, int(m[1]), m[2], body, form)

        if m := re.fullmatch(r"/applications/(\d+)(?:/guilds/(\d+))?/commands(?:/(\d+))?", path):
            guild_id, command_id = (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)
            return await self._commands_route(method, int(m[1]), guild_id, command_id, body)

        m = re.fullmatch(r"/webhooks/(\d+)/([^/]+)(?:/messages/(\d+|@original))?", path)
        if m is not None and int(m[1]) == self.application_id:  # an interaction's webhook
            record = self._interaction_tokens.get(m[2])
            if record is None:
                return _error(401, "Invalid Webhook Token", 50027)
            return await self._interaction_webhook(request, method, record, m[3], body or {}, form)

        if m := re.fullmatch(r"/webhooks/(\d+)(?:/([^/]+))?(?:/messages/(\d+))?", path):
            webhook_id, token, message_id = int(m[1]), m[2], int(m[3]) if m[3] else None
            return await self._webhook_route(request, method, webhook_id, token, message_id, body or {}, form)

        if m := re.fullmatch(r"/channels/(\d+)(/.*)?", path):
            channel = self.channels.get(int(m[1]))
            if channel is None:
                return _error(404, "Unknown Channel", 10003)
            return await self._channel_route(request, channel, method, m[2] or "", body, form)

        log.warning("FakeDiscord: unhandled %s %s", method, request.path_qs)
        self.unknown_calls.append(call)
        return _error(404, "404: Not Found")

    def _application(self) -> dict[str, Any]:
        owner = self.app_owner
        return {
            "id": str(self.application_id),
            "name": self.bot.name,
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 1 << 19,  # GATEWAY_MESSAGE_CONTENT_LIMITED
            "interactions_endpoint_url": None,
            "bot": self.bot.payload(),
        }

    async def _channel_route(
        self, request: web.Request, channel: Channel, method: str, rest: str, body: Any, form: dict[str, Any]
    ) -> web.Response:
        if rest == "" and method == "GET":
            return _json(channel.payload())
        if rest == "/typing" and method == "POST":
            self.typing.append(channel.id)
            return web.Response(status=204)
        if rest == "/messages" and method == "GET":
            return self._history(channel, request.query)
        if rest == "/threads/archived/public" and method == "GET":
            return self._archived_threads(channel, request.query)
        if rest == "/messages" and method == "POST":
            return await self._send_message(channel, body or {}, form)
        if rest == "/webhooks" and method in ("GET", "POST"):
            return await self._channel_webhooks(channel, method, body or {})
        if m := re.fullmatch(r"/messages/(\d+)(/reactions/([^/]+)/@me)?", rest):
            message = channel.find(int(m[1]))
            if message is None:
                return _error(404, "Unknown Message", 10008)
            if m[2] and method == "PUT":
                self.reactions.append((channel.id, int(m[1]), m[3]))
                return web.Response(status=204)
            if not m[2] and method == "GET":
                return _json(message)
            if not m[2] and method == "PATCH":
                return await self._edit_message(channel, message, body or {})
            if not m[2] and method == "DELETE":
                channel.messages.remove(message)
                self.deleted.append((channel.id, int(m[1])))
                await self.dispatch("MESSAGE_DELETE", {"id": m[1], "channel_id": str(channel.id)})
                return web.Response(status=204)
        log.warning("FakeDiscord: unhandled %s %s", method, request.path_qs)
        self.unknown_calls.append(RestCall(method, f"/channels/{channel.id}{rest}", body))
        return _error(404, "404: Not Found")

    def _thread_list(self, threads: list[Channel]) -> dict[str, Any]:
        """Discord's thread list: the threads, and the bot's own thread member objects."""
        members = [t.member_payload(self.bot.id) for t in threads if self.bot.id in t.thread_members]
        return {"threads": [t.payload() for t in threads], "members": members}

    def _archived_threads(self, channel: Channel, query: Any) -> web.Response:
        """Archived public threads of a channel, newest archive_timestamp first, paged by ``before``."""
        if channel.guild_id is None or channel.is_thread:
            return _error(400, "Cannot execute action on this channel type", 50024)
        limit = max(2, min(100, int(query.get("limit", 50))))
        archived = [t for t in self.guilds[channel.guild_id].threads if t.parent_id == channel.id and t.archived]
        if "before" in query:
            before = datetime.fromisoformat(query["before"])
            archived = [t for t in archived if t.archive_timestamp is not None and t.archive_timestamp < before]
        archived.sort(key=lambda t: t.archive_timestamp or datetime.min.replace(tzinfo=UTC), reverse=True)
        return _json(dict(self._thread_list(archived[:limit]), has_more=len(archived) > limit))

    def _history(self, channel: Channel, query: Any) -> web.Response:
        limit = max(1, min(100, int(query.get("limit", 50))))
        messages = channel.messages
        if "before" in query:
            before = int(query["before"])
            page = [m for m in messages if int(m["id"]) < before][-limit:]
        elif "after" in query:
            after = int(query["after"])
            page = [m for m in messages if int(m["id"]) > after][:limit]
        elif "around" in query:
            around = int(query["around"])
            older = [m for m in messages if int(m["id"]) < around][-(limit // 2) :] if limit > 1 else []
            newer = [m for m in messages if int(m["id"]) >= around][: limit - len(older)]
            page = older + newer
        else:
            page = messages[-limit:]
        return _json(list(reversed(page)))  # Discord answers newest first, whatever the paging

    async def _send_message(self, channel: Channel, body: dict[str, Any], form: dict[str, Any]) -> web.Response:
        uploads = [v for k, v in form.items() if k.startswith("files[") and isinstance(v, web.FileField)]
        files = tuple(u.filename for u in uploads)
        content = body.get("content")
        if not content and not files and not any(body.get(k) for k in ("embeds", "sticker_ids", "components", "poll")):
            return _error(400, "Cannot send an empty message", 50006)
        if content is not None and len(content) > MAX_CONTENT_LENGTH:
            errors = {
                "content": {
                    "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length."}]
                }
            }
            return _error(400, "Invalid Form Body", 50035, errors)
        reference = None
        ref = body.get("message_reference")
        if ref:
            reference = channel.find(int(ref["message_id"]))
            if reference is None and ref.get("fail_if_not_exists", True):
                errors = {
                    "message_reference": {
                        "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                    }
                }
                return _error(400, "Invalid Form Body", 50035, errors)
        if channel.is_thread and channel.archived and channel.locked:  # only MANAGE_THREADS may unarchive it
            return _error(400, "Operation cannot be performed on an archived thread", 50083)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            # Like Discord: the same author's message with this nonce in the last few
            # minutes is returned as it is, and nothing new is posted.
            earlier = self._nonces.get((channel.id, self.bot.id, str(nonce)))
            if earlier is not None and time.monotonic() - earlier[0] < self.nonce_window:
                self.deduplicated_sends += 1
                await self._notify()
                return _json(earlier[1])
        mentions = self._allowed_mentions(content or "", body.get("allowed_mentions"), reference)
        message = self._make_message(channel, self.bot, content or "", mentions=mentions, reference=reference)
        if nonce is not None:
            message["nonce"] = str(nonce)
            if body.get("enforce_nonce"):
                self._nonces[(channel.id, self.bot.id, str(nonce))] = (time.monotonic(), message)
        message["embeds"] = body.get("embeds") or []
        message["components"] = body.get("components") or []  # as sent: ``press`` finds buttons there
        message["flags"] = int(body.get("flags") or 0) & _SENDABLE_FLAGS
        message["attachments"] = [self._attachment(channel, u) for u in uploads]
        await self._store(channel, message, self.bot)
        sent = SentMessage(
            channel_id=channel.id,
            message_id=int(message["id"]),
            content=content,
            allowed_mentions=body.get("allowed_mentions"),
            message_reference=ref,
            json=body,
            message=message,
            attachments=files,
        )
        self.sent.append(sent)
        if ref:
            self._replies.setdefault(int(ref["message_id"]), []).append(sent)
        log.debug("FakeDiscord: bot sent %r to %s", content, channel.id)
        if self.echo_sent_messages:
            await self.dispatch("MESSAGE_CREATE", self._gateway_message(channel, message))
        return _json(message)

    def _attachment(self, channel: Channel, upload: web.FileField) -> dict[str, Any]:
        return self._add_file(channel, upload.filename, upload.file.read(), upload.content_type)

    # ----------------------------------------------------------------- files

    def _add_file(
        self, channel: Channel, filename: str, data: bytes, content_type: str | None = None
    ) -> dict[str, Any]:
        """Store an attachment's bytes; returns its attachment object as Discord shows it."""
        if content_type is None:
            guessed = mimetypes.guess_type(filename)[0]
            if guessed is not None and guessed.startswith("text/"):
                guessed += "; charset=utf-8"  # what Discord does for text files
            content_type = guessed
        stored = StoredFile(self._snowflake(), channel.id, filename, bytes(data), content_type)
        self.files[stored.id] = stored
        base = f"http://127.0.0.1:{self._require_port()}"
        path = f"/attachments/{channel.id}/{stored.id}/{quote(filename)}"
        now = int(time.time())
        # Discord signs CDN links and lets them expire (ex); the fake only imitates the shape.
        query = f"?ex={now + 86400:x}&is={now:x}&hm={uuid.uuid5(uuid.NAMESPACE_URL, path).hex}&"
        payload: dict[str, Any] = {
            "id": str(stored.id),
            "filename": filename,
            "size": len(stored.data),
            "url": base + path + query,
            "proxy_url": base + "/media" + path + query,
        }
        if content_type is not None:
            payload["content_type"] = content_type
        size = _image_size(stored.data) if (content_type or "").startswith("image/") else None
        if size is not None:
            payload["width"], payload["height"] = size
        return payload

    def fail_attachment(self, attachment: int | str | dict[str, Any], status: int, times: int | None = None) -> None:
        """Make downloads of one attachment (id, filename or payload) fail; see the module docstring."""
        match: int | str
        if isinstance(attachment, dict):
            match = int(attachment["id"])
        elif isinstance(attachment, str) and not attachment.isdigit():
            match = attachment
        else:
            match = int(attachment)
        self._file_faults.append(_FileFault(match, status, times))

    def clear_attachment_failures(self) -> None:
        self._file_faults.clear()

    def release_hung_downloads(self) -> None:
        """Let every ``HANG_DOWNLOAD`` download waiting now end (with 503)."""
        self._download_gate.set()
        self._download_gate = asyncio.Event()

    def _file_fault(self, stored: StoredFile) -> _FileFault | None:
        for fault in self._file_faults:
            if fault.match not in (stored.id, stored.filename):
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._file_faults.remove(fault)
            return fault
        return None

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        """The CDN: GET an attachment's bytes (no token needed, as on Discord)."""
        stored = self.files.get(int(request.match_info["id"])) if request.match_info["id"].isdigit() else None
        if stored is None or request.match_info["channel"] != str(stored.channel_id):
            return web.Response(status=404, text="This content is no longer available.")
        self.downloads.append(stored.id)
        await self._notify()
        fault = self._file_fault(stored)
        if fault is None:
            headers = {"Content-Type": stored.content_type or "application/octet-stream"}
            return web.Response(body=stored.data, headers=headers)
        log.info("FakeDiscord: failing the download of %s with %s", stored.filename, fault.status)
        if fault.status == HANG_DOWNLOAD:
            await self._download_gate.wait()
            return web.Response(status=503, text="released")
        if fault.status in (DROP_CONNECTION, RESET_CONNECTION):
            call = RestCall("GET", request.path, None)
            return self._fault_response(
                request, call, _RestFault("GET", re.compile(""), fault.status, 1, 0.1, False, False)
            )
        return web.Response(status=fault.status, text=f"{fault.status}: injected failure")

    def _allowed_mentions(
        self, content: str, allowed: dict[str, Any] | None, reference: dict[str, Any] | None
    ) -> list[User]:
        """Who the message pings: mentions in the content that allowed_mentions lets through."""
        users = self._mentioned_in(content)
        if allowed is not None:
            parse = allowed.get("parse", [])
            listed = {int(u) for u in allowed.get("users", [])}
            users = [u for u in users if "users" in parse or u.id in listed]
        if reference is not None and (allowed is None or allowed.get("replied_user", True)):
            target = self.users.get(int(reference["author"]["id"]))
            if target is not None and target not in users:
                users.append(target)
        return users

    async def _edit_message(
        self,
        channel: Channel,
        message: dict[str, Any],
        body: dict[str, Any],
        *,
        webhook: Webhook | None = None,
        with_components: bool = True,
    ) -> web.Response:
        """PATCH of the bot's message (or, with ``webhook``, of that webhook's message)."""
        if webhook is None and int(message["author"]["id"]) != self.bot.id:
            return _error(403, "Cannot edit a message authored by another user", 50005)
        if with_components and webhook is not None:
            problem = self._webhook_components_problem(webhook, body)
            if problem is not None:
                return problem
        limited, headers = self._edit_rate(channel)
        if limited is not None:
            return limited
        if body.get("content") and len(body["content"]) > MAX_CONTENT_LENGTH:
            return _error(400, "Invalid Form Body", 50035)
        _apply_edit(message, body, with_components=with_components)
        webhook_id = webhook.id if webhook is not None else None
        edit = EditedMessage(channel.id, int(message["id"]), body.get("content"), body, webhook_id=webhook_id)
        (self.edits if webhook is None else self.webhook_edits).append(edit)
        if self.echo_sent_messages:
            await self.dispatch("MESSAGE_UPDATE", self._gateway_message(channel, message))
        return _json(message, headers=headers)

    def _edit_rate(self, channel: Channel) -> tuple[web.Response | None, dict[str, str]]:
        """The ``edit_rate_limit`` simulation: (a 429 to answer, or None and the headers for the answer).

        Like Discord, edits share one bucket per channel, whoever's messages they are.
        """
        if self.edit_rate_limit is None:
            return None, {}
        limit, window = self.edit_rate_limit
        now = time.monotonic()
        recent = [t for t in self._edit_times.get(channel.id, []) if now - t < window]
        self._edit_times[channel.id] = recent
        bucket = f"fake-edits-{channel.id}"
        if len(recent) >= limit:
            self.rate_limited_edits += 1
            log.info("FakeDiscord: edit in %s rate limited (%d per %.1f s)", channel.id, limit, window)
            return _rate_limited(max(0.001, recent[0] + window - now), limit=limit, bucket=bucket), {}
        recent.append(now)
        return None, _rate_limit_headers(limit, limit - len(recent), recent[0] + window - now, bucket)

    # ----------------------------------------------------------------- application commands

    def registered_commands(self, scope: str | int | Guild = "global") -> list[dict[str, Any]]:
        """The commands registered for ``scope`` ("global", a guild or its id), as Discord answers GET."""
        key = scope.id if isinstance(scope, Guild) else scope
        return list(self.commands.get(key, []))

    async def _commands_route(
        self, method: str, application_id: int, guild_id: int | None, command_id: int | None, body: Any
    ) -> web.Response:
        """/applications/{id}/commands[/{id}] and /applications/{id}/guilds/{id}/commands[/{id}]."""
        if application_id != self.application_id:
            return _error(403, "Missing Access", 50001)
        scope: str | int = "global"
        if guild_id is not None:
            if guild_id not in self.guilds:
                return _error(404, "Unknown Guild", 10004)
            scope = guild_id
        commands = self.commands.setdefault(scope, [])
        if command_id is None:
            if method == "GET":
                return _json(commands)
            if method == "PUT":
                return self._bulk_overwrite(scope, body)
            if method == "POST":
                return self._upsert_command(scope, body)
            return _error(405, "405: Method Not Allowed")
        command = next((c for c in commands if int(c["id"]) == command_id), None)
        if command is None:
            return _error(404, "Unknown application command", 10063)
        if method == "GET":
            return _json(command)
        if method == "PATCH":
            return self._patch_command(scope, command, body if isinstance(body, dict) else {})
        if method == "DELETE":
            commands.remove(command)
            return web.Response(status=204)
        return _error(405, "405: Method Not Allowed")

    def _bulk_overwrite(self, scope: str | int, body: Any) -> web.Response:
        """PUT: the list becomes the scope's commands; a command keeps its id when one of the same
        name and type existed (its version changes only if it changed); the others are deleted."""
        problem: _Problem | None = None
        if not isinstance(body, list):
            problem = [], "MODEL_TYPE_CONVERT", "Only iterables may be used in a ListType"
        elif len(body) > MAX_COMMANDS:
            problem = [], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_COMMANDS} or fewer in length."
        else:
            seen: set[tuple[int, str]] = set()
            for index, command in enumerate(body):
                problem = _command_problem(command, [index])
                if problem is not None:
                    break
                key = (command.get("type", CHAT_INPUT), command["name"])
                if key in seen:
                    problem = [index, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", _DUPLICATE_COMMAND
                    break
                seen.add(key)
        request = body if isinstance(body, list) else []
        if problem is not None:
            log.info("FakeDiscord: refused command sync for %s: %s", scope, problem)
            self.command_syncs.append(CommandSync(scope, request, 400, request))
            return _problem_response(problem)
        old = {(c["type"], c["name"]): c for c in self.commands.get(scope, [])}
        self.commands[scope] = [
            self._command_object(scope, c, old.get((c.get("type", CHAT_INPUT), c["name"]))) for c in request
        ]
        self.command_syncs.append(CommandSync(scope, list(self.commands[scope]), 200, request))
        log.debug("FakeDiscord: %d command(s) registered for %s", len(request), scope)
        return _json(self.commands[scope])

    def _upsert_command(self, scope: str | int, body: Any) -> web.Response:
        """POST: create, or overwrite the command of the same name and type (200 instead of 201)."""
        problem = _command_problem(body, [])
        if problem is not None:
            return _problem_response(problem)
        commands = self.commands[scope]
        kind = body.get("type", CHAT_INPUT)
        existing = next((c for c in commands if (c["type"], c["name"]) == (kind, body["name"])), None)
        if existing is None and sum(c["type"] == kind for c in commands) >= MAX_COMMANDS:
            return _error(400, f"Maximum number of application commands reached ({MAX_COMMANDS})", 30032)
        command = self._command_object(scope, body, existing)
        if existing is None:
            commands.append(command)
            return _json(command, status=201)
        commands[commands.index(existing)] = command
        return _json(command)

    def _patch_command(self, scope: str | int, command: dict[str, Any], body: dict[str, Any]) -> web.Response:
        merged = dict(command, **body)
        problem = _command_problem(merged, [])
        if problem is not None:
            return _problem_response(problem)
        commands = self.commands[scope]
        if any(c is not command and (c["type"], c["name"]) == (merged["type"], merged["name"]) for c in commands):
            return _problem_response((["name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", _DUPLICATE_COMMAND))
        updated = self._command_object(scope, merged, command)
        commands[commands.index(command)] = updated
        return _json(updated)

    def _command_object(
        self, scope: str | int, body: dict[str, Any], existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A registered command as Discord stores and answers it (``version`` changes on every change)."""
        permissions = body.get("default_member_permissions")
        command: dict[str, Any] = {
            "id": existing["id"] if existing is not None else str(self._snowflake()),
            "application_id": str(self.application_id),
            "version": existing["version"] if existing is not None else "",
            "default_member_permissions": None if permissions is None else str(int(permissions)),
            "type": body.get("type", CHAT_INPUT),
            "name": body["name"],
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description") or "",
            "description_localizations": body.get("description_localizations"),
            "nsfw": bool(body.get("nsfw", False)),
        }
        if body.get("options"):
            command["options"] = body["options"]
        if scope == "global":
            command["dm_permission"] = body.get("dm_permission") is not False
            command["contexts"] = body.get("contexts")
            command["integration_types"] = body.get("integration_types") or [0]
        else:
            command["guild_id"] = str(scope)

        def content(c: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in c.items() if k not in ("id", "version")}

        if existing is None or content(existing) != content(command):
            command["version"] = str(self._snowflake())
        return command

    # ----------------------------------------------------------------- interactions

    async def slash(
        self,
        where: Channel | int | str,
        user: User,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """``user`` runs ``/command`` ("character set": the command, then its group and subcommand)
        in ``where`` (a guild channel, a thread, or "dm"); dispatches INTERACTION_CREATE (type 2)
        and returns its payload. Raises (as Discord's client would not offer it) for a command
        that is not registered where ``user`` is, unknown or missing required options."""
        channel = self._interaction_channel(where, user)
        registered, path = self._find_command(channel, user, command)
        data = self._command_data(registered, path, options or {}, channel, user, focused=None)
        return await self._dispatch_interaction(APPLICATION_COMMAND, channel, user, data, locale=locale)

    async def autocomplete(
        self,
        where: Channel | int | str,
        user: User,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        focused: str,
        locale: str = "en-US",
        timeout: float = 10,
    ) -> list[dict[str, Any]]:
        """``user`` types in option ``focused`` (an autocomplete option; its value is sent as the
        typed string): dispatches an autocomplete interaction (type 4), waits for the bot's
        type-8 callback and returns its choices ({"name", "value"} dicts)."""
        channel = self._interaction_channel(where, user)
        registered, path = self._find_command(channel, user, command)
        data = self._command_data(registered, path, options or {}, channel, user, focused=focused)
        payload = await self._dispatch_interaction(APPLICATION_COMMAND_AUTOCOMPLETE, channel, user, data, locale=locale)
        record = await self.wait_for_response(payload, timeout=timeout)
        return record.choices or []

    async def press(
        self, message: int | str | dict[str, Any], custom_id: str, user: User, *, locale: str = "en-US"
    ) -> dict[str, Any]:
        """``user`` presses the button ``custom_id`` on ``message`` (an id or a payload; its current
        stored state is used), a message of the bot, of one of its webhooks or an interaction
        response, ephemeral ones included. Dispatches a MESSAGE_COMPONENT interaction (type 3)
        and returns its payload. Raises for a missing or disabled button, or someone else's message."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        found = self._find_message(message_id)
        if found is None:
            raise LookupError(f"FakeDiscord: no message {message_id}")
        channel, stored = found
        if not self._is_app_message(stored):
            raise ValueError(f"FakeDiscord: message {message_id} is not the bot's nor one of its webhooks'")
        components = _walk_components(stored.get("components") or [])
        button = next((c for c in components if c.get("type") == 2 and c.get("custom_id") == custom_id), None)
        if button is None:
            buttons = self.buttons(message_id)
            raise LookupError(f"FakeDiscord: no button {custom_id!r} on message {message_id}: {buttons}")
        if button.get("disabled"):
            raise ValueError(f"FakeDiscord: button {custom_id!r} on message {message_id} is disabled")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if "id" in button:
            data["id"] = button["id"]
        return await self._dispatch_interaction(MESSAGE_COMPONENT, channel, user, data, locale=locale, message=stored)

    def buttons(self, message: int | str | dict[str, Any]) -> list[dict[str, Any]]:
        """The buttons of a stored message (history or ephemeral), in order: custom_id (None for
        links), label, emoji, disabled, style, url."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        found = self._find_message(message_id)
        if found is None:
            raise LookupError(f"FakeDiscord: no message {message_id}")
        return [
            {
                "custom_id": c.get("custom_id"),
                "label": c.get("label"),
                "emoji": c.get("emoji"),
                "disabled": bool(c.get("disabled", False)),
                "style": c.get("style"),
                "url": c.get("url"),
            }
            for c in _walk_components(found[1].get("components") or [])
            if c.get("type") == 2
        ]

    def record_of(self, interaction: int | str | dict[str, Any] | InteractionRecord) -> InteractionRecord:
        """The record of an interaction: its payload, its id, or the record itself."""
        if isinstance(interaction, InteractionRecord):
            return interaction
        interaction_id = int(interaction["id"]) if isinstance(interaction, dict) else int(interaction)
        try:
            return self.interactions[interaction_id]
        except KeyError:
            raise KeyError(f"FakeDiscord: no interaction {interaction_id}") from None

    async def wait_for_response(
        self, interaction: int | str | dict[str, Any] | InteractionRecord, timeout: float = 10
    ) -> InteractionRecord:
        """Wait for the first (accepted) callback; raises TimeoutError once the interaction timed
        out unacknowledged (what the user sees as "The application did not respond")."""
        record = self.record_of(interaction)
        what = f"a response to interaction {record.id}"
        await self.wait_for(lambda: record.acknowledged or record.timed_out, timeout, what)
        if not record.acknowledged:
            raise TimeoutError(
                f"FakeDiscord: interaction {record.id} was not acknowledged within {record.timeout}s "
                f"(the application did not respond); refused calls: {record.rejected}"
            )
        return record

    def reply_text(self, interaction: int | str | dict[str, Any] | InteractionRecord) -> str:
        """The content the user sees in the original response: after a type-4 message, a deferral
        filled by an edit of @original or by the first followup, or the component message after
        type 6/7. "" while nothing is shown (no response yet, still loading, deleted)."""
        record = self.record_of(interaction)
        original = record.original
        if original is None or record.original_deleted or original.get("flags", 0) & LOADING:
            return ""
        return str(original.get("content") or "")

    async def wait_for_reply(
        self, interaction: int | str | dict[str, Any] | InteractionRecord, timeout: float = 10
    ) -> str:
        """Wait until ``reply_text`` is not empty; returns it (TimeoutError if the interaction timed out)."""
        record = self.record_of(interaction)
        what = f"a visible reply to interaction {record.id}"

        def shown_or_failed() -> bool:
            return bool(self.reply_text(record)) or (record.timed_out and not record.acknowledged)

        await self.wait_for(shown_or_failed, timeout, what)
        if not self.reply_text(record):
            raise TimeoutError(f"FakeDiscord: interaction {record.id} timed out unacknowledged")
        return self.reply_text(record)

    def _interaction_channel(self, where: Channel | int | str, user: User) -> Channel:
        if where == "dm":
            return self.dm_channel(user)
        if isinstance(where, str):
            raise TypeError(f"FakeDiscord: where is a channel, a thread or 'dm', not {where!r}")
        return self._resolve_channel(where)

    def _find_command(self, channel: Channel, user: User, name: str) -> tuple[dict[str, Any], list[str]]:
        """The registered chat-input command Discord offers ``user`` in ``channel`` (the guild's
        first, then global), and the rest of the path (group, subcommand)."""
        parts = name.strip().lstrip("/").split()
        if not parts:
            raise ValueError("FakeDiscord: empty command name")
        scopes: list[str | int] = ["global"] if channel.guild_id is None else [channel.guild_id, "global"]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                named = (command["type"], command["name"]) == (CHAT_INPUT, parts[0])
                if named and self._offered(command, channel, user):
                    return command, parts[1:]
        registered = {str(s): [c["name"] for c in self.commands.get(s, [])] for s in scopes}
        raise LookupError(
            f"FakeDiscord: Discord offers {user.name} no /{parts[0]} in channel {channel.id}; registered: {registered}"
        )

    def _offered(self, command: dict[str, Any], channel: Channel, user: User) -> bool:
        """Whether Discord's client shows the command there: contexts, dm_permission, default_member_permissions."""
        contexts = command.get("contexts")
        if channel.is_dm:
            return command.get("dm_permission") is not False and (contexts is None or 1 in contexts)
        if contexts is not None and "guild_id" not in command and 0 not in contexts:
            return False
        permissions = self.permissions_in(channel, user)
        if permissions == ALL_PERMISSIONS:
            return True
        override = self._command_override(command, channel, user)
        if override is not None:
            return override
        required = command.get("default_member_permissions")
        if required is None:
            return True
        return int(required) != 0 and permissions & int(required) == int(required)

    def _command_override(self, command: dict[str, Any], channel: Channel, user: User) -> bool | None:
        """An admin's override for this user here, if any: the command's, else the whole app's; a denied
        channel wins, then the user's own, then any of their roles (allowed if one allows), then @everyone."""
        guild = self.guilds[channel.guild_id or 0]
        channel_id = channel.parent_id if channel.is_thread else channel.id
        for key in (int(command["id"]), self.application_id):
            overrides = self.command_permissions.get((guild.id, key))
            if not overrides:
                continue
            in_channel = overrides.get(channel_id or 0)
            if in_channel is not None and in_channel[0] == 3 and not in_channel[1]:
                return False
            own = overrides.get(user.id)
            if own is not None and own[0] == 2:
                return own[1]
            by_roles = [overrides[r][1] for r in self.role_ids(guild, user) if r in overrides]
            if by_roles:
                return any(by_roles)
            everyone = overrides.get(guild.id)
            if everyone is not None:
                return everyone[1]
        return None

    async def set_command_permission(
        self, guild: Guild, command: str | None, target: User | Role | Channel | Guild, allowed: bool = True
    ) -> None:
        """A server admin's override in Server Settings > Integrations: may ``target`` (a user, a role,
        a channel, or the guild for @everyone) use ``command`` (a registered name, the guild's or
        global; None: every command of the app)? Overrides beat default_member_permissions for
        ``slash``/``autocomplete``; APPLICATION_COMMAND_PERMISSIONS_UPDATE is dispatched."""
        if command is None:
            key = self.application_id
        else:
            scopes: list[str | int] = [guild.id, "global"]
            found = [c for scope in scopes for c in self.commands.get(scope, []) if c["name"] == command]
            if not found:
                raise LookupError(f"FakeDiscord: no registered command {command!r} for {guild.name}")
            key = int(found[0]["id"])
        kind = 1 if isinstance(target, (Role, Guild)) else 2 if isinstance(target, User) else 3
        overrides = self.command_permissions.setdefault((guild.id, key), {})
        overrides[target.id] = (kind, allowed)
        data = {
            "id": str(key),
            "application_id": str(self.application_id),
            "guild_id": str(guild.id),
            "permissions": [
                {"id": str(target_id), "type": kind_, "permission": allowed_}
                for target_id, (kind_, allowed_) in overrides.items()
            ],
        }
        await self.dispatch("APPLICATION_COMMAND_PERMISSIONS_UPDATE", data)

    def _command_data(
        self,
        command: dict[str, Any],
        path: list[str],
        values: dict[str, Any],
        channel: Channel,
        user: User,
        *,
        focused: str | None,
    ) -> dict[str, Any]:
        """The interaction's ``data``: the command, nested SUB_COMMAND_GROUP/SUB_COMMAND options,
        typed values and ``resolved`` users, members, roles, channels and attachments."""
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": command["type"]}
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        definitions: list[dict[str, Any]] = command.get("options") or []
        top: list[dict[str, Any]] = []
        current = top
        for part in path:
            nesting = (o for o in definitions if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP))
            option = next((o for o in nesting if o["name"] == part), None)
            if option is None:
                raise LookupError(f"FakeDiscord: /{command['name']} has no subcommand or group {part!r}")
            wrapper: dict[str, Any] = {"type": option["type"], "name": part, "options": []}
            current.append(wrapper)
            current = wrapper["options"]
            definitions = option.get("options") or []
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in definitions):
            names = [o["name"] for o in definitions]
            raise ValueError(f"FakeDiscord: /{' '.join([command['name'], *path])} needs one of {names}")
        resolved: dict[str, dict[str, Any]] = {}
        current.extend(self._option_values(definitions, values, channel, user, resolved, focused))
        if top:
            data["options"] = top
        if resolved:
            data["resolved"] = resolved
        return data

    def _option_values(
        self,
        definitions: list[dict[str, Any]],
        values: dict[str, Any],
        channel: Channel,
        user: User,
        resolved: dict[str, dict[str, Any]],
        focused: str | None,
    ) -> list[dict[str, Any]]:
        known = {d["name"]: d for d in definitions}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"FakeDiscord: unknown option(s) {unknown}; the command has {sorted(known)}")
        if focused is not None and focused not in values:
            raise ValueError(f"FakeDiscord: the focused option {focused!r} needs a value (what the user typed)")
        options: list[dict[str, Any]] = []
        for definition in definitions:
            name = definition["name"]
            if name not in values:
                if definition.get("required") and focused is None:
                    raise ValueError(f"FakeDiscord: option {name!r} is required")
                continue
            if name == focused:
                if not definition.get("autocomplete"):
                    raise ValueError(f"FakeDiscord: option {name!r} has no autocomplete")
                options.append({"type": definition["type"], "name": name, "value": str(values[name]), "focused": True})
                continue
            value = self._option_value(definition, values[name], channel, user, resolved)
            options.append({"type": definition["type"], "name": name, "value": value})
        return options

    def _option_value(
        self, definition: dict[str, Any], raw: Any, channel: Channel, user: User, resolved: dict[str, dict[str, Any]]
    ) -> Any:
        """One typed option value, as Discord sends it (snowflakes as strings, with ``resolved`` data)."""
        kind, name = definition["type"], definition["name"]
        guild = self.guilds.get(channel.guild_id) if channel.guild_id is not None else None
        value: Any
        if kind == 3:
            value = str(raw)
            if not definition.get("min_length", 0) <= len(value) <= definition.get("max_length", 6000):
                raise ValueError(f"FakeDiscord: option {name!r}: length outside the allowed range")
        elif kind in (4, 10):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or (kind == 4 and not isinstance(raw, int)):
                raise TypeError(f"FakeDiscord: option {name!r} takes {'an integer' if kind == 4 else 'a number'}")
            value = raw if kind == 4 else float(raw)
            if not definition.get("min_value", value) <= value <= definition.get("max_value", value):
                raise ValueError(f"FakeDiscord: option {name!r}: {value} outside the allowed range")
        elif kind == 5:
            value = bool(raw)
        elif (kind in (6, 9) and isinstance(raw, User)) or kind == 6:
            target = raw if isinstance(raw, User) else self.users[int(raw)]
            resolved.setdefault("users", {})[str(target.id)] = target.payload()
            if guild is not None:
                member = self._member(target, with_user=False, guild=guild)
                member["permissions"] = str(self.permissions_in(channel, target))
                resolved.setdefault("members", {})[str(target.id)] = member
            return str(target.id)
        elif kind in (8, 9):
            if guild is None:
                raise ValueError(f"FakeDiscord: option {name!r}: no roles outside a guild")
            role = raw if isinstance(raw, Role) else next((r for r in guild.roles if r.id == int(raw)), None)
            if role is None or role.guild_id != guild.id:
                raise ValueError(f"FakeDiscord: option {name!r}: not a role of {guild.name}")
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            return str(role.id)
        elif kind == 7:
            target_channel = self._resolve_channel(raw)
            channel_type = 1 if target_channel.is_dm else 11 if target_channel.is_thread else 0
            allowed = definition.get("channel_types")
            if allowed and channel_type not in allowed:
                raise ValueError(f"FakeDiscord: option {name!r} takes channel types {allowed}, not {channel_type}")
            data = dict(target_channel.payload(), permissions=str(self.permissions_in(target_channel, user)))
            resolved.setdefault("channels", {})[str(target_channel.id)] = data
            return str(target_channel.id)
        elif kind == 11:
            attachment = self._add_file(channel, *raw)
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return attachment["id"]
        else:
            raise ValueError(f"FakeDiscord: option {name!r} has type {kind}, which takes no value")
        choices = definition.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise ValueError(f"FakeDiscord: option {name!r}: {value!r} is not one of its choices")
        return value

    async def _dispatch_interaction(
        self,
        kind: int,
        channel: Channel,
        user: User,
        data: dict[str, Any],
        *,
        locale: str,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Build, record and dispatch an INTERACTION_CREATE; the 3 s clock starts now."""
        interaction_id = self._snowflake()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            # Like Discord's: URL-safe base64 of "interaction:<id>:<secret>".
            "token": base64.urlsafe_b64encode(f"interaction:{interaction_id}:{uuid.uuid4().hex}".encode())
            .decode()
            .rstrip("="),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(channel.id),
            "app_permissions": str(self.bot_permissions_in(channel)),
        }
        if channel.guild_id is None:
            payload["channel"] = dict(channel.payload(), flags=0)
            payload["user"] = user.payload()
            payload["context"] = 1  # BOT_DM
            payload["authorizing_integration_owners"] = {"0": "0"}  # guild install, used in the bot's DM
        else:
            guild = self.guilds[channel.guild_id]
            permissions = str(self.permissions_in(channel, user))
            member = self._member(user, with_user=True, guild=guild)
            member["permissions"] = permissions
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                channel=dict(channel.payload(), permissions=permissions),
                member=member,
                context=0,  # GUILD
                authorizing_integration_owners={"0": str(guild.id)},
            )
        if message is not None:
            payload["message"] = json.loads(json.dumps(message))
        record = InteractionRecord(payload, channel.id, user.id, time.monotonic(), timeout=self.interaction_timeout)
        self.interactions[interaction_id] = record
        self._interaction_tokens[record.token] = record
        self._spawn_hook(self._interaction_deadline(record))
        log.debug("FakeDiscord: interaction %s (type %s) from %s in %s", interaction_id, kind, user.name, channel.id)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def _interaction_deadline(self, record: InteractionRecord) -> None:
        await asyncio.sleep(max(0.0, record.created_at + record.timeout - time.monotonic()))
        if not record.acknowledged and not record.timed_out:
            record.timed_out = True
            log.info("FakeDiscord: interaction %s not acknowledged within %.1f s", record.id, record.timeout)
            await self._notify()

    def _find_message(self, message_id: int) -> tuple[Channel, dict[str, Any]] | None:
        """A message anywhere: ephemeral ones, then every channel's history."""
        ephemeral = self._ephemeral.get(message_id)
        if ephemeral is not None:
            return self.channels[int(ephemeral["channel_id"])], ephemeral
        for channel in self.channels.values():
            message = channel.find(message_id)
            if message is not None:
                return channel, message
        return None

    def _is_app_message(self, message: dict[str, Any]) -> bool:
        """The bot's own, an interaction response (webhook_id = the application), or an app-made webhook's."""
        if int(message["author"]["id"]) == self.bot.id:
            return True
        webhook_id = message.get("webhook_id")
        if webhook_id is None:
            return False
        webhook = self.webhooks.get(int(webhook_id))
        if int(webhook_id) == self.application_id:
            return True
        return webhook is not None and webhook.application_id == self.application_id

    def _interaction_user(self, record: InteractionRecord) -> dict[str, Any]:
        payload = record.payload
        return dict(payload["member"]["user"] if "member" in payload else payload["user"])

    def _interaction_metadata(self, record: InteractionRecord, *, followup: bool) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "id": str(record.id),
            "type": record.type,
            "user": self._interaction_user(record),
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        if followup and record.original is not None:
            metadata["original_response_message_id"] = record.original["id"]
        if record.type == MESSAGE_COMPONENT:
            metadata["interacted_message_id"] = record.payload["message"]["id"]
        return metadata

    @staticmethod
    def _command_path(data: dict[str, Any]) -> str:
        """ "character set": the command's name and its group and subcommand names."""
        names = [data["name"]]
        options = data.get("options") or []
        while options and options[0].get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
            names.append(options[0]["name"])
            options = options[0].get("options") or []
        return " ".join(names)

    async def _post_interaction_message(
        self,
        record: InteractionRecord,
        data: dict[str, Any],
        uploads: list[web.FileField],
        *,
        loading: bool = False,
        followup: bool = False,
    ) -> dict[str, Any]:
        """An interaction's message: the bot as author, ``webhook_id`` = the application id, like
        Discord. Ephemeral (flags 64): kept aside, never in history nor dispatched."""
        channel = self.channels[record.channel_id]
        content = data.get("content") or ""
        mentions = self._allowed_mentions(content, data.get("allowed_mentions"), None)
        message = self._make_message(channel, self.bot, content, mentions=mentions, reference=None)
        message["type"] = 20 if record.type == APPLICATION_COMMAND else 0  # CHAT_INPUT_COMMAND / DEFAULT
        message["webhook_id"] = str(self.application_id)
        message["application_id"] = str(self.application_id)
        message["embeds"] = data.get("embeds") or []
        message["components"] = data.get("components") or []
        message["attachments"] = [self._attachment(channel, u) for u in uploads]
        message["flags"] = (int(data.get("flags") or 0) & (_SENDABLE_FLAGS | EPHEMERAL)) | (LOADING if loading else 0)
        message["interaction_metadata"] = self._interaction_metadata(record, followup=followup)
        if record.type == APPLICATION_COMMAND:  # the deprecated form, still sent by Discord
            message["interaction"] = {
                "id": str(record.id),
                "type": record.type,
                "name": self._command_path(record.payload["data"]),
                "user": self._interaction_user(record),
            }
        if message["flags"] & EPHEMERAL:
            self._ephemeral[int(message["id"])] = message
        else:
            await self._store(channel, message, None)
            if self.echo_sent_messages:
                await self.dispatch("MESSAGE_CREATE", self._gateway_message(channel, message))
        return message

    async def _announce_edit(self, message: dict[str, Any]) -> None:
        if message.get("flags", 0) & EPHEMERAL or not self.echo_sent_messages:
            return
        channel = self.channels[int(message["channel_id"])]
        await self.dispatch("MESSAGE_UPDATE", self._gateway_message(channel, message))

    async def _delete_interaction_message(self, message: dict[str, Any]) -> None:
        channel = self.channels[int(message["channel_id"])]
        message_id = int(message["id"])
        self.deleted.append((channel.id, message_id))
        if self._ephemeral.pop(message_id, None) is not None:
            return
        if message in channel.messages:
            channel.messages.remove(message)
        deletion = {"id": str(message_id), "channel_id": str(channel.id)}
        if channel.guild_id is not None:
            deletion["guild_id"] = str(channel.guild_id)
        await self.dispatch("MESSAGE_DELETE", deletion)

    @staticmethod
    def _message_problem(data: dict[str, Any], uploads: list[web.FileField]) -> web.Response | None:
        content = data.get("content")
        if not content and not uploads and not any(data.get(k) for k in ("embeds", "components", "poll")):
            return _error(400, "Cannot send an empty message", 50006)
        if content and len(content) > MAX_CONTENT_LENGTH:
            return _form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        return None

    @staticmethod
    def _callback_problem(kind: int, data: dict[str, Any]) -> _Problem | None:
        """Autocomplete results (≤ 25 choices named 1-100) and modals (custom_id, title 1-45, 1-5 components)."""
        if kind == 8:
            choices = data.get("choices")
            if not isinstance(choices, list):
                return ["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required"
            if len(choices) > MAX_COMMAND_OPTIONS:
                return ["data", "choices"], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_COMMAND_OPTIONS} or fewer in length."
            for index, choice in enumerate(choices):
                name = choice.get("name") if isinstance(choice, dict) else None
                if not isinstance(name, str) or not 1 <= len(name) <= 100:
                    message = "Must be between 1 and 100 in length."
                    return ["data", "choices", index, "name"], "BASE_TYPE_BAD_LENGTH", message
                if "value" not in choice:
                    return ["data", "choices", index, "value"], "BASE_TYPE_REQUIRED", "This field is required"
        if kind == 9:
            for key, limit in (("custom_id", 100), ("title", 45)):
                value = data.get(key)
                if not isinstance(value, str) or not 1 <= len(value) <= limit:
                    return ["data", key], "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {limit} in length."
            components = data.get("components")
            if not isinstance(components, list) or not 1 <= len(components) <= 5:
                return ["data", "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
        return None

    async def _interaction_callback(
        self, request: web.Request, interaction_id: int, token: str, body: Any, form: dict[str, Any]
    ) -> web.Response:
        """POST /interactions/{id}/{token}/callback[?with_response=true]: the one initial response."""
        record = self.interactions.get(interaction_id)
        if record is None or record.token != token:
            return _error(404, "Unknown interaction", 10062)
        body = body if isinstance(body, dict) else {}
        kind = body.get("type")
        what = f"callback {kind}"
        if record.acknowledged:
            record.rejected.append((what, 40060))
            log.info("FakeDiscord: interaction %s acknowledged twice", record.id)
            return _error(400, "Interaction has already been acknowledged.", 40060)
        if record.timed_out or time.monotonic() > record.created_at + record.timeout:
            record.timed_out = True
            record.rejected.append((what, 10062))
            return _error(404, "Unknown interaction", 10062)
        allowed = _CALLBACKS_FOR.get(record.type, frozenset())
        if kind not in allowed:
            return _problem_response((["type"], "BASE_TYPE_CHOICES", f"Value must be one of {sorted(allowed)}."))
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        assert isinstance(data, dict)
        uploads = [v for k, v in form.items() if k.startswith("files[") and isinstance(v, web.FileField)]
        problem = self._message_problem(data, uploads) if kind == 4 else None
        if problem is not None:
            return problem
        if kind == 7 and data.get("content") and len(data["content"]) > MAX_CONTENT_LENGTH:
            return _form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        invalid = self._callback_problem(kind, data)
        if invalid is not None:
            return _problem_response(invalid)
        target: dict[str, Any] | None = None
        if kind in (6, 7):
            found = self._find_message(int(record.payload["message"]["id"]))
            if found is None:
                return _error(404, "Unknown Message", 10008)
            target = found[1]
        # Acknowledged from here on, before anything awaits: a concurrent second callback gets 40060.
        record.responses.append((kind, data))
        record.responded_at = time.monotonic()
        log.debug("FakeDiscord: interaction %s answered with type %s", record.id, kind)
        message: dict[str, Any] | None = None
        if kind in (4, 5):
            posted = data if kind == 4 else {"flags": data.get("flags", 0)}
            message = await self._post_interaction_message(record, posted, uploads, loading=kind == 5)
            record.original = message
        elif target is not None:
            record.original = target
            if kind == 7:
                _apply_edit(target, data)
                target["attachments"] = target.get("attachments", []) + [
                    self._attachment(self.channels[int(target["channel_id"])], u) for u in uploads
                ]
                await self._announce_edit(target)
                message = target
        if record.original is not None:
            record.ephemeral = bool(record.original.get("flags", 0) & EPHEMERAL)
        await self._notify()
        if not _truthy(request.query.get("with_response")):
            return web.Response(status=204)
        interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
        if record.original is not None:
            interaction.update(
                response_message_id=record.original["id"],
                response_message_loading=kind == 5,
                response_message_ephemeral=record.ephemeral,
            )
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            resource["message"] = message
        return _json({"interaction": interaction, "resource": resource})

    async def _interaction_webhook(
        self,
        request: web.Request,
        method: str,
        record: InteractionRecord,
        target: str | None,
        body: dict[str, Any],
        form: dict[str, Any],
    ) -> web.Response:
        """Followups (POST /webhooks/{application_id}/{token}) and GET/PATCH/DELETE of
        /messages/@original and /messages/{id}: valid from the first callback on, for 15 minutes."""
        what = f"{method} {target or 'followup'}"
        if not record.acknowledged:
            record.rejected.append((what, 10015))
            return _error(404, "Unknown Webhook", 10015)
        if time.monotonic() > record.created_at + self.interaction_token_lifetime:
            record.rejected.append((what, 50027))
            return _error(401, "Invalid Webhook Token", 50027)
        uploads = [v for k, v in form.items() if k.startswith("files[") and isinstance(v, web.FileField)]
        if target is None:
            if method != "POST":
                return _error(405, "405: Method Not Allowed")
            return await self._followup(request, record, body, uploads)
        candidates = [m for m in (record.original, *record.followups) if m is not None]
        message = record.original if target == "@original" else next((m for m in candidates if m["id"] == target), None)
        gone = {message_id for _, message_id in self.deleted}
        if message is None or int(message["id"]) in gone:
            return _error(404, "Unknown Message", 10008)
        if method == "GET":
            return _json(message)
        if method == "PATCH":
            if body.get("content") and len(body["content"]) > MAX_CONTENT_LENGTH:
                return _form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
            _apply_edit(message, body)
            channel = self.channels[int(message["channel_id"])]
            message["attachments"] = message.get("attachments", []) + [self._attachment(channel, u) for u in uploads]
            message["flags"] = message.get("flags", 0) & ~LOADING
            record.edits.append((target, body))
            await self._announce_edit(message)
            return _json(message)
        if method == "DELETE":
            await self._delete_interaction_message(message)
            if message is record.original:
                record.original_deleted = True
            return web.Response(status=204)
        return _error(405, "405: Method Not Allowed")

    async def _followup(
        self, request: web.Request, record: InteractionRecord, body: dict[str, Any], uploads: list[web.FileField]
    ) -> web.Response:
        """A followup message; the first one after a type-5 deferral fills the loading message
        instead (keeping the deferral's ephemerality), as Discord does."""
        problem = self._message_problem(body, uploads)
        if problem is not None:
            return problem
        if record.loading:
            message = record.original
            assert message is not None
            _apply_edit(message, {k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            channel = self.channels[int(message["channel_id"])]
            message["attachments"] = message.get("attachments", []) + [self._attachment(channel, u) for u in uploads]
            message["flags"] = message.get("flags", 0) & ~LOADING
            await self._announce_edit(message)
        else:
            message = await self._post_interaction_message(record, body, uploads, followup=True)
            record.followups.append(message)
        if _truthy(request.query.get("wait")):
            return _json(message)
        return web.Response(status=204)

    # ----------------------------------------------------------------- webhooks

    async def add_webhook(
        self,
        channel: Channel,
        name: str,
        *,
        application_id: int | None = None,
        creator: User | None = None,
        avatar: bytes | None = None,
    ) -> Webhook:
        """A webhook made outside the bot: by a user in Server Settings (``application_id=None``),
        by another app, or by this bot in an earlier run (``application_id=fake.application_id``,
        ``creator=fake.bot``). Not checked against the 15 limit; dispatches WEBHOOKS_UPDATE."""
        webhook = self._new_webhook(channel, name, application_id, creator, avatar)
        await self._webhooks_update(webhook.guild_id, webhook.channel_id)
        return webhook

    async def delete_webhook(self, webhook: Webhook | int) -> None:
        """A moderator deletes a webhook: using it afterwards answers 404 (10015 Unknown Webhook)."""
        hook = webhook if isinstance(webhook, Webhook) else self.webhooks[int(webhook)]
        hook.deleted = True
        await self._webhooks_update(hook.guild_id, hook.channel_id)

    def _new_webhook(
        self, channel: Channel, name: str, application_id: int | None, creator: User | None, avatar: bytes | None
    ) -> Webhook:
        if channel.guild_id is None or channel.is_thread:
            raise ValueError("webhooks live on guild text channels")
        webhook = Webhook(
            id=self._snowflake(),
            guild_id=channel.guild_id,
            channel_id=channel.id,
            name=name,
            token=uuid.uuid4().hex + uuid.uuid4().hex,
            application_id=application_id,
            creator=creator,
        )
        self._set_avatar(webhook, avatar)
        self.webhooks[webhook.id] = webhook
        return webhook

    @staticmethod
    def _set_avatar(webhook: Webhook, avatar: bytes | None) -> None:
        webhook.avatar_data = avatar
        webhook.avatar = hashlib.md5(avatar).hexdigest() if avatar is not None else None

    def _shows_token(self, webhook: Webhook) -> bool:
        """Discord shows an app-owned webhook's token only to that app; a user's to anyone who may manage it."""
        return webhook.application_id is None or webhook.application_id == self.application_id

    def _guild_permissions(self, guild: Guild) -> int:
        return self.guild_permissions(guild, self.bot)

    async def _webhooks_update(self, guild_id: int, channel_id: int) -> None:
        await self.dispatch("WEBHOOKS_UPDATE", {"guild_id": str(guild_id), "channel_id": str(channel_id)})

    async def _channel_webhooks(self, channel: Channel, method: str, body: dict[str, Any]) -> web.Response:
        """GET (list) and POST (create) /channels/{id}/webhooks; both need MANAGE_WEBHOOKS there."""
        if channel.is_dm:
            return _error(400, "Cannot execute action on a DM channel", 50003)
        if channel.is_thread:
            return _error(400, "Cannot execute action on this channel type", 50024)
        if not self.bot_permissions_in(channel) & MANAGE_WEBHOOKS:
            return _error(403, "Missing Permissions", 50013)
        if method == "GET":
            return _json([w.payload(token=self._shows_token(w)) for w in self.webhooks_in(channel)])
        problem = _webhook_name_error("name", body.get("name"))
        if problem is not None:
            return problem
        avatar, problem = _image_data("avatar", body.get("avatar"))
        if problem is not None:
            return problem
        if len(self.webhooks_in(channel)) >= self.max_webhooks_per_channel:
            return _error(400, f"Maximum number of webhooks reached ({self.max_webhooks_per_channel})", 30007)
        webhook = self._new_webhook(channel, body["name"].strip(), self.application_id, self.bot, avatar)
        log.debug("FakeDiscord: webhook %s %r created in %s", webhook.id, webhook.name, channel.id)
        await self._webhooks_update(webhook.guild_id, channel.id)
        return _json(webhook.payload(token=True))

    async def _webhook_route(
        self,
        request: web.Request,
        method: str,
        webhook_id: int,
        token: str | None,
        message_id: int | None,
        body: dict[str, Any],
        form: dict[str, Any],
    ) -> web.Response:
        webhook = self.webhooks.get(webhook_id)
        if webhook is None or webhook.deleted:
            return _error(404, "Unknown Webhook", 10015)
        if token is not None and token != webhook.token:
            return _error(401, "Invalid Webhook Token", 50027)
        if token is None:  # the bot's token: needs MANAGE_WEBHOOKS, except GET of its own
            may_manage = bool(self.bot_permissions_in(webhook.channel_id) & MANAGE_WEBHOOKS)
            if method == "GET" and (may_manage or webhook.application_id == self.application_id):
                return _json(webhook.payload(token=self._shows_token(webhook)))
            if method in ("GET", "PATCH", "DELETE") and not may_manage:
                return _error(403, "Missing Permissions", 50013)
            if method == "PATCH":
                return await self._modify_webhook(webhook, body, authenticated=True)
            if method == "DELETE":
                return await self._remove_webhook(webhook)
        elif message_id is None:
            if method == "POST":
                return await self._execute_webhook(request, webhook, body, form)
            if method == "GET":
                return _json(webhook.payload(token=True, user=False))
            if method == "PATCH":
                return await self._modify_webhook(webhook, body, authenticated=False)
            if method == "DELETE":
                return await self._remove_webhook(webhook)
        else:
            target, problem = self._webhook_target(webhook, request.query)
            if problem is not None:
                return problem
            assert target is not None
            message = target.find(message_id)
            if message is None or message.get("webhook_id") != str(webhook.id):
                return _error(404, "Unknown Message", 10008)
            if method == "GET":
                return _json(message)
            if method == "PATCH":
                respected = self._respects_components(webhook, request.query)
                return await self._edit_message(target, message, body, webhook=webhook, with_components=respected)
            if method == "DELETE":
                target.messages.remove(message)
                self.deleted.append((target.id, message_id))
                deletion = {"id": str(message_id), "channel_id": str(target.id), "guild_id": str(webhook.guild_id)}
                await self.dispatch("MESSAGE_DELETE", deletion)
                return web.Response(status=204)
        log.warning("FakeDiscord: unhandled %s %s", method, request.path_qs)
        self.unknown_calls.append(RestCall(method, request.path.removeprefix(API_PREFIX), body))
        return _error(405, "405: Method Not Allowed")

    def _respects_components(self, webhook: Webhook, query: Any) -> bool:
        """Discord takes ``components`` from this bot's own webhooks always, from others' only with
        ``?with_components=true`` (and then only non-interactive ones); otherwise it ignores the field."""
        return webhook.application_id == self.application_id or _truthy(query.get("with_components"))

    def _webhook_components_problem(self, webhook: Webhook, body: dict[str, Any]) -> web.Response | None:
        """Only an application-owned webhook (this bot's) may send interactive components."""
        if webhook.application_id == self.application_id:
            return None
        if any(_is_interactive(c) for c in _walk_components(body.get("components") or [])):
            message = "Interactive components need an application-owned webhook"
            return _form_error("components", "COMPONENT_INTERACTIVE_NOT_ALLOWED", message)
        return None

    async def _modify_webhook(self, webhook: Webhook, body: dict[str, Any], *, authenticated: bool) -> web.Response:
        """PATCH name/avatar (and, with the bot's token, channel_id: a move within the guild)."""
        if "name" in body:
            problem = _webhook_name_error("name", body["name"])
            if problem is not None:
                return problem
        avatar, problem = _image_data("avatar", body.get("avatar"))
        if problem is not None:
            return problem
        destination = None
        if authenticated and body.get("channel_id") is not None:
            destination = self.channels.get(int(body["channel_id"]))
            if destination is None or destination.guild_id != webhook.guild_id or destination.is_thread:
                return _form_error("channel_id", "CHANNEL_INVALID", "Unknown channel")
            if not self.bot_permissions_in(destination) & MANAGE_WEBHOOKS:
                return _error(403, "Missing Permissions", 50013)
        old_channel = webhook.channel_id
        if "name" in body:
            webhook.name = body["name"].strip()
        if "avatar" in body:
            self._set_avatar(webhook, avatar)
        if destination is not None:
            webhook.channel_id = destination.id
        webhook.modified += 1
        await self._webhooks_update(webhook.guild_id, old_channel)
        if webhook.channel_id != old_channel:
            await self._webhooks_update(webhook.guild_id, webhook.channel_id)
        return _json(webhook.payload(token=self._shows_token(webhook), user=authenticated))

    async def _remove_webhook(self, webhook: Webhook) -> web.Response:
        webhook.deleted = True
        await self._webhooks_update(webhook.guild_id, webhook.channel_id)
        return web.Response(status=204)

    def _webhook_target(self, webhook: Webhook, query: Any) -> tuple[Channel | None, web.Response | None]:
        """Where a webhook's message goes or is: its channel, or ``?thread_id=`` (a thread of it)."""
        channel = self.channels[webhook.channel_id]
        raw = query.get("thread_id")
        if raw is None:
            return channel, None
        thread = self.channels.get(int(raw)) if str(raw).isdigit() else None
        if thread is None:
            return None, _error(404, "Unknown Channel", 10003)
        if thread.parent_id != webhook.channel_id:
            return None, _form_error("thread_id", "THREAD_INVALID", "Not a thread of the webhook's channel")
        return thread, None

    async def _execute_webhook(
        self, request: web.Request, webhook: Webhook, body: dict[str, Any], form: dict[str, Any]
    ) -> web.Response:
        """POST /webhooks/{id}/{token}[?wait=true][&thread_id=]: a message under the webhook's name.

        Execute has no nonce (Discord's API takes none), so a retry after a lost answer posts again.
        """
        target, problem = self._webhook_target(webhook, request.query)
        if problem is not None:
            return problem
        assert target is not None
        uploads = [v for k, v in form.items() if k.startswith("files[") and isinstance(v, web.FileField)]
        files = tuple(u.filename for u in uploads)
        content = body.get("content")
        with_components = self._respects_components(webhook, request.query)
        components = body.get("components") if with_components else None
        if not content and not body.get("embeds") and not files and not components and not body.get("poll"):
            return _error(400, "Cannot send an empty message", 50006)
        if content is not None and len(content) > MAX_CONTENT_LENGTH:
            return _form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        username = body.get("username")
        if username is not None:
            problem = _webhook_name_error("username", username)
            if problem is not None:
                return problem
        if with_components:
            problem = self._webhook_components_problem(webhook, body)
            if problem is not None:
                return problem
        if target.is_thread and target.archived and target.locked:
            return _error(400, "Operation cannot be performed on an archived thread", 50083)
        mentions = self._allowed_mentions(content or "", body.get("allowed_mentions"), None)
        message = self._make_message(target, self.bot, content or "", mentions=mentions, reference=None)
        if with_components:
            message["components"] = body.get("components") or []
        message["flags"] = int(body.get("flags") or 0) & _SENDABLE_FLAGS
        avatar_url = body.get("avatar_url")
        avatar = hashlib.md5(avatar_url.encode()).hexdigest() if isinstance(avatar_url, str) else None
        message["author"] = webhook.author_payload(username, avatar)
        message["webhook_id"] = str(webhook.id)
        if webhook.application_id is not None:
            message["application_id"] = str(webhook.application_id)
        message["embeds"] = body.get("embeds") or []
        message["attachments"] = [self._attachment(target, u) for u in uploads]
        await self._store(target, message, None)
        sent = SentMessage(
            channel_id=target.id,
            message_id=int(message["id"]),
            content=content,
            allowed_mentions=body.get("allowed_mentions"),
            message_reference=None,
            json=body,
            message=message,
            attachments=files,
            webhook_id=webhook.id,
        )
        self.webhook_sends.append(sent)
        log.debug("FakeDiscord: webhook %s sent %r to %s", webhook.id, content, target.id)
        if self.echo_sent_messages:
            await self.dispatch("MESSAGE_CREATE", self._gateway_message(target, message))
        if request.query.get("wait", "false").lower() in ("true", "1"):
            return _json(message)
        return web.Response(status=204)


__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "ALL_PRIVILEGED_INTENTS",
    "APPLICATION_COMMAND",
    "APPLICATION_COMMAND_AUTOCOMPLETE",
    "DEFAULT_PERMISSIONS",
    "DROP_CONNECTION",
    "EPHEMERAL",
    "HANG_DOWNLOAD",
    "INTERACTION_TIMEOUT",
    "IS_COMPONENTS_V2",
    "LOADING",
    "MANAGE_GUILD",
    "MANAGE_MESSAGES",
    "MANAGE_WEBHOOKS",
    "MAX_WEBHOOKS_PER_CHANNEL",
    "MESSAGE_COMPONENT",
    "MODAL_SUBMIT",
    "RESET_CONNECTION",
    "SUPPRESS_EMBEDS",
    "SUPPRESS_NOTIFICATIONS",
    "AttachmentSpec",
    "Channel",
    "CommandSync",
    "EditedMessage",
    "FakeDiscord",
    "Guild",
    "InteractionRecord",
    "RestCall",
    "Role",
    "SentMessage",
    "StoredFile",
    "User",
    "Webhook",
]
