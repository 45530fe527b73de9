"""Who may use the bot, and who may change its set-up: pure rules over ids, no Discord calls.

Kept free of discord.py so every rule is tested with plain ints, and so the
client, the slash commands and the desktop all ask the same question the same
way. The caller gathers the ids (the message's author and roles, the
application's owner or team members) and acts on the `Decision`.

Order of the rules, first match wins:

1. The application's owners (every member of a team) are always allowed, so a
   mistaken block list can never lock the person running the bot out.
2. `blocked_users`, then `blocked_roles`, refuse: blocked beats allowed.
3. In direct messages, `dm_policy`: "nobody" refuses all but the owners,
   "allowed_users" lets in only the owners and `allowed_users`, "everyone"
   everyone not blocked. A DM has no roles: the caller passes none, or
   roles from a server the user shares, which count only for blocking.
4. In a server, empty `allowed_users` and empty `allowed_roles` mean everyone;
   otherwise the user must be listed or have a listed role.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .i18n import N_

if TYPE_CHECKING:
    from .settings import Settings

#: Discord permission bits that make someone a server admin for Familiar.
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5

# In English, as logged; an ephemeral answer shows them translated (bot.i18n).
NOT_ALLOWED_HERE = N_("You are not allowed to use this bot here.")
BLOCKED = N_("You are not allowed to use this bot.")
DMS_CLOSED = N_("Direct messages to this bot are closed.")
DMS_RESTRICTED = N_("Direct messages to this bot are open only to some users.")


@dataclass(frozen=True)
class Decision:
    """Whether someone may use the bot; `reason` is one sentence for logs and ephemeral answers ("" when allowed)."""

    allowed: bool
    reason: str = ""


ALLOWED = Decision(True, "")


def decide(
    settings: Settings,
    *,
    user_id: int,
    role_ids: Collection[int],
    in_dm: bool,
    owner_ids: Collection[int],
) -> Decision:
    """Apply the access rules (module docstring) to one user in one place."""
    if user_id in owner_ids:
        return ALLOWED
    if user_id in settings.blocked_users:
        return Decision(False, BLOCKED)
    if _any_in(role_ids, settings.blocked_roles):
        return Decision(False, BLOCKED)
    if in_dm:
        if settings.dm_policy == "everyone":
            return ALLOWED
        if settings.dm_policy == "allowed_users" and user_id in settings.allowed_users:
            return ALLOWED
        return Decision(False, DMS_CLOSED if settings.dm_policy == "nobody" else DMS_RESTRICTED)
    if not settings.allowed_users and not settings.allowed_roles:
        return ALLOWED
    if user_id in settings.allowed_users or _any_in(role_ids, settings.allowed_roles):
        return ALLOWED
    return Decision(False, NOT_ALLOWED_HERE)


def is_admin(
    settings: Settings,
    *,
    permissions: int,
    role_ids: Collection[int],
    user_id: int,
    owner_ids: Collection[int],
) -> bool:
    """Whether someone may change the bot's set-up in a server (characters, casts, resets).

    Manage Server or Administrator (the people who already control the server),
    a role listed in `admin_roles`, or an owner of the application.
    """
    if user_id in owner_ids:
        return True
    if permissions & (ADMINISTRATOR | MANAGE_GUILD):
        return True
    return _any_in(role_ids, settings.admin_roles)


def _any_in(ids: Collection[int], listed: Collection[int]) -> bool:
    if not ids or not listed:
        return False
    wanted = set(listed)
    return any(item in wanted for item in ids)
