"""What the desktop may read of the running bot: values and copies, never the live objects.

The settings window and the tray observe the bot (this view and the state `Snapshot`)
and command it (the supervisor's `reconnect_now`, `pause`, `apply_settings`...). They
never hold the `discord.Client`, the `Brain` or the settings object the bot runs with:
a window that changed one of those would change the bot behind the supervisor's back.
(maestral's GUI and daemon split the same way.) A test checks that desktop/ reads the
supervisor only through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .characters import ParsedCard
from .checks import ServerInfo, live_servers
from .settings import EffectiveConfig, Settings

if TYPE_CHECKING:
    from .supervisor import Supervisor


class BotView:
    """A read-only window on one supervisor's bot; every read is of the moment it is made."""

    def __init__(self, supervisor: Supervisor) -> None:
        self._supervisor = supervisor

    @property
    def settings(self) -> Settings | None:
        """A copy of the settings the bot runs with (None before they were read)."""
        settings = self._supervisor.settings
        return settings.model_copy(deep=True) if settings is not None else None

    @property
    def config(self) -> EffectiveConfig | None:
        """The effective configuration (frozen): settings, secrets and FAMILIAR_* overrides merged."""
        return self._supervisor.config

    @property
    def default_card(self) -> ParsedCard | None:
        """The card FAMILIAR_CHARACTER chose, once the bot read it."""
        brain = self._supervisor.brain
        return brain.default_card if brain is not None else None

    def servers(self) -> list[ServerInfo]:
        """The servers and text channels the connected bot sees, by name; [] when offline."""
        return live_servers(self._supervisor.client)

    @property
    def application_id(self) -> int | None:
        """The bot's application id (for the invite link), once connected."""
        client = self._supervisor.client
        return client.application_id if client is not None else None

    def user_name(self, user_id: int) -> str | None:
        """A person's display name if the connected bot has them in its cache."""
        client = self._supervisor.client
        if client is None or client.is_closed() or not client.is_ready():
            return None
        user = client.get_user(user_id)
        return user.display_name if user is not None else None
