"""Behaviour page: who may use the bot (people, roles, direct messages, admin roles), the daily
token limits and the price per 1M tokens, the limits reached now, and re-syncing slash commands."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6 import QtWidgets

from bot.settings import Settings, load_settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot


async def test_who_may_use_the_bot_and_the_daily_limits_load_and_save(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    saved = Settings(
        allowed_users=[111111111111111111],
        blocked_roles=[222222222222222222],
        dm_policy="nobody",
        daily_token_limit_per_server=50_000,
        cost_per_million_tokens=3.0,
    )
    supervisor = await make_supervisor(saved, env=offline_env)
    window = await open_window(supervisor)
    page = window.behaviour

    # Loaded as saved; an ID the bot cannot name is shown as it is.
    assert page.allowed_users.values() == [111111111111111111]
    assert page.allowed_users.items.item(0).text() == "111111111111111111"
    assert page.blocked_roles.values() == [222222222222222222]
    assert page.blocked_users.values() == [] and page.blocked_users.empty_note.isVisibleTo(page)
    assert page.dm_policy.currentData() == "nobody" and page.dm_policy.currentText() == "Nobody (but the owner)"
    assert [page.dm_policy.itemText(i) for i in range(page.dm_policy.count())] == [
        "Everyone",
        "Only allowed people (and the bot's owner)",
        "Nobody (but the owner)",
    ]
    assert page.limit_per_server.value() == 50_000 and page.limit_per_server.text() == "50,000 tokens"
    # 0 is "No limit" (and "Not shown" for the price), in words rather than a number.
    assert page.limit_per_user.value() == 0 and page.limit_per_user.text() == "No limit"
    assert page.limit_total.text() == "No limit"
    assert page.cost.value() == 3.0
    hints = " ".join(label.text() for label in page.findChildren(QtWidgets.QLabel))
    assert (
        "Empty allowed lists mean everyone. Blocked wins. The bot's owner (from the Discord application) "
        "is always allowed." in hints
    )
    assert "Developer Mode" in page.ids_note.text()
    assert (
        "Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC." in hints
    )
    assert not window.dirty

    # Edits: a typed ID, a role for the admins, the DM policy, limits and the price.
    page.blocked_users.picker.setEditText("333333333333333333")
    page.blocked_users.add_button.click()
    page.allowed_users.picker.setEditText("Sam")  # not an ID: said at the field, nothing added
    page.allowed_users.add_button.click()
    assert "numeric ID" in page.allowed_users.problem.text()
    assert page.allowed_users.values() == [111111111111111111]
    page.allowed_roles.picker.setEditText("444444444444444444")
    page.allowed_roles.add_button.click()
    page.admin_roles.picker.setEditText("555555555555555555")
    page.admin_roles.add_button.click()
    page.blocked_roles.items.setCurrentRow(0)
    page.blocked_roles.remove_button.click()
    page.dm_policy.setCurrentIndex(page.dm_policy.findData("everyone"))
    page.limit_per_user.setValue(20_000)
    page.limit_per_server.setValue(0)
    assert page.limit_per_server.text() == "No limit"
    page.limit_total.setValue(1_000_000)
    assert page.limit_total.text() == "1,000,000 tokens"
    page.cost.setValue(0)
    assert page.cost.text() == "Not shown"
    assert window.dirty
    window.show_page(page)
    page.ensure_visible(page.allowed_users)
    shoot(window, "behaviour-access", tmp_path)

    assert await window.save_now()
    settings = load_settings(supervisor.folders)
    assert settings.allowed_users == [111111111111111111]
    assert settings.blocked_users == [333333333333333333]
    assert settings.allowed_roles == [444444444444444444]
    assert settings.blocked_roles == []
    assert settings.admin_roles == [555555555555555555]
    assert settings.dm_policy == "everyone"
    assert (
        settings.daily_token_limit_per_user,
        settings.daily_token_limit_per_server,
        settings.daily_token_limit_total,
    ) == (20_000, 0, 1_000_000)
    assert settings.cost_per_million_tokens == 0

    # Revert shows the saved values again.
    page.limit_total.setValue(5)
    window.revert()
    await window._load_task  # type: ignore[misc]
    assert page.limit_total.value() == 1_000_000 and page.admin_roles.values() == [555555555555555555]


async def test_limits_reached_are_listed_and_hidden_when_none_is(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(Settings(daily_token_limit_per_server=10_000), env=offline_env)
    window = await open_window(supervisor)
    page = window.behaviour
    assert not page.limits_hit.isVisibleTo(page)

    page.set_limits_hit(
        [
            "Daily limit for server Tavern reached; resting until 00:00 UTC",
            "Daily limit for Sam reached; resting until 00:00 UTC",
        ]
    )
    assert page.limits_hit.isVisibleTo(page)
    assert page.limits_hit.text().splitlines() == [
        "Daily limit for server Tavern reached; resting until 00:00 UTC",
        "Daily limit for Sam reached; resting until 00:00 UTC",
    ]
    window.show_page(page)
    page.ensure_visible(page.limit_per_user)
    shoot(window, "behaviour-limits", tmp_path)
    assert not window.dirty  # what the bot reports is not an edit

    page.set_limits_hit([])
    assert not page.limits_hit.isVisibleTo(page)

    # The window shows what the running bot reports in its snapshot.
    hit = "Daily limit for the bot reached; resting until 00:00 UTC"
    window._on_snapshot(dataclasses.replace(supervisor.snapshot, limits_hit=(hit,)))
    assert page.limits_hit.isVisibleTo(page) and page.limits_hit.text() == hit
    window._on_snapshot(supervisor.snapshot)
    assert not page.limits_hit.isVisibleTo(page)


async def test_resync_commands_asks_the_supervisor_and_the_note_fades(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    calls: list[str] = []
    # The window passes the supervisor's resync_commands to the page, whatever it does.
    supervisor.resync_commands = lambda: calls.append("resync")  # type: ignore[method-assign,attr-defined]
    window = await open_window(supervisor)
    page = window.behaviour
    assert page.resync_button.isEnabled()
    page._resync_timer.setInterval(50)
    page.resync_button.click()  # offline: the bot syncs when it connects
    assert calls == ["resync"]
    assert page.resync_note.text() == "Commands will be synced again when the bot connects."
    await wait_until(lambda: not page.resync_note.text(), 5, what="the note fading")

    window._on_snapshot(dataclasses.replace(supervisor.snapshot, state=State.CONNECTED))
    page.resync_button.click()
    assert calls == ["resync", "resync"]
    assert page.resync_note.text() == "Commands will be synced again now."
    await wait_until(lambda: not page.resync_note.text(), 5, what="the note fading")
    window._on_snapshot(supervisor.snapshot)
    assert not window.dirty
