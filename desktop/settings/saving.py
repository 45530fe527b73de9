"""Load and save settings and secrets off the loop, then hand them to the supervisor.

The disk writes fsync and the keyring may talk to D-Bus: both run in a
thread, because a stalled loop is a stalled bot.
"""

from __future__ import annotations

import asyncio

from bot.folders import Folders
from bot.secrets import Secrets, SecretStore
from bot.settings import Settings, load_settings, save_settings
from bot.supervisor import Supervisor

from ..i18n import translate


async def load_secrets(folders: Folders, store: SecretStore | None = None) -> Secrets:
    return await asyncio.to_thread((store or SecretStore(folders)).load)


async def load_saved_settings(supervisor: Supervisor, folders: Folders) -> Settings:
    """What the supervisor runs with, else what is on disk (raises SettingsError)."""
    if supervisor.view.settings is not None:
        return supervisor.view.settings
    return await asyncio.to_thread(load_settings, folders)


async def secrets_location(store: SecretStore) -> str:
    """Where secrets live, in words (choosing the backend may probe the keyring)."""
    name = await asyncio.to_thread(lambda: store.backend_name)
    # The bot says "file <path>" or "keyring (<backend>)" (for its logs): in the user's words here.
    if name.startswith("file "):
        return translate("Saving", "the file {path}").format(path=name.removeprefix("file "))
    if name.startswith("keyring (") and name.endswith(")"):
        return translate("Saving", "the system keyring ({backend})").format(backend=name.removeprefix("keyring (")[:-1])
    return name


async def save_and_apply(
    supervisor: Supervisor,
    folders: Folders,
    settings: Settings,
    secrets: Secrets | None = None,
    store: SecretStore | None = None,
) -> bool:
    """Settings first (atomic), then secrets, then the supervisor, which reconnects only
    if the token or the Discord API base changed. Returns whether it reconnected."""
    store = store or SecretStore(folders)
    await asyncio.to_thread(save_settings, folders, settings)
    if secrets is not None:
        await asyncio.to_thread(store.save, secrets)
    else:
        secrets = await asyncio.to_thread(store.load)
    before = _connection(supervisor)
    await supervisor.apply_settings(settings, secrets)
    return _connection(supervisor) != before


def _connection(supervisor: Supervisor) -> tuple[str | None, str] | None:
    config = supervisor.view.config
    return None if config is None else (config.discord_token, config.discord_api_base)
