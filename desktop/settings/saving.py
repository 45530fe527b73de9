"""Save settings and secrets off the loop, then hand them to the supervisor.

The disk writes fsync and the keyring may talk to D-Bus: both run in a
thread, because a stalled loop is a stalled bot.
"""

from __future__ import annotations

import asyncio

from bot.folders import Folders
from bot.secrets import Secrets, SecretStore
from bot.settings import Settings, save_settings
from bot.supervisor import Supervisor


async def load_secrets(folders: Folders) -> Secrets:
    return await asyncio.to_thread(SecretStore(folders).load)


async def save_and_apply(
    supervisor: Supervisor, folders: Folders, settings: Settings, secrets: Secrets | None = None
) -> None:
    """Settings first, then secrets, then the supervisor (it reconnects only if needed)."""
    store = SecretStore(folders)
    await asyncio.to_thread(save_settings, folders, settings)
    if secrets is not None:
        await asyncio.to_thread(store.save, secrets)
    else:
        secrets = await asyncio.to_thread(store.load)
    await supervisor.apply_settings(settings, secrets)
