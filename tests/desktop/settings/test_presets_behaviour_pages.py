"""Presets page (built-ins read-only, ranges from the model) and Behaviour page (live allow-lists,
characters in Discord, the channels where the bot lacks Manage Webhooks)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6 import QtWidgets

from bot.presets import PresetStore, preset_bounds
from bot.settings import Settings, load_settings
from bot.supervisor import State
from desktop.settings.presets_page import SliderSpin
from desktop.settings.ranges import field_range
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.discord_server import FakeDiscord


async def test_builtin_presets_are_read_only_and_a_copy_is_edited_within_its_ranges(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.presets
    assert [label for _id, label in page.choices()][:3] == [
        "Balanced (built-in)",
        "Creative (built-in)",
        "Precise (built-in)",
    ]
    assert page.in_use_id == "balanced"
    assert page.read_only_note.isVisibleTo(page) and page.name.isReadOnly()
    assert not page.delete_button.isEnabled()

    # Every spin box takes its range from the Preset model's constraints.
    for name, (low, high) in preset_bounds().items():
        widget = page.fields[name]
        spin = widget.spin if isinstance(widget, SliderSpin) else widget
        assert isinstance(spin, QtWidgets.QAbstractSpinBox)
        assert (spin.minimum(), spin.maximum()) == (low, high), name  # type: ignore[attr-defined]
    temperature = page.fields["temperature"]
    assert isinstance(temperature, SliderSpin)
    assert not temperature.slider.isEnabled() and temperature.spin.isReadOnly()
    temperature.slider.setValue(150)  # even if it moved, a built-in never becomes a draft
    assert not window.dirty

    page.duplicate_button.click()
    await page.last_task  # type: ignore[misc]
    assert page.choices()[-1][1] == "Balanced (copy)" and not page.name.isReadOnly()
    temperature.spin.setValue(1.25)
    assert temperature.slider.value() == 125
    temperature.spin.setValue(99)  # clamped by the range
    assert temperature.value() == 2.0
    page.stop.setPlainText("END\nSTOP")
    page.in_use.setCurrentIndex(page.in_use.findData("balanced-copy"))
    assert window.dirty
    window.show_page(page)
    shoot(window, "presets", tmp_path)

    assert await window.save_now()
    saved = PresetStore(supervisor.folders.presets).get("balanced-copy")
    assert (saved.temperature, saved.stop) == (2.0, ["END", "STOP"])
    assert load_settings(supervisor.folders).preset_id == "balanced-copy"

    # Five stop sequences: the model says at most four, shown at the field; nothing saved.
    page.stop.setPlainText("a\nb\nc\nd\ne")
    assert not await window.save_now()
    assert "at most 4" in page.editor_errors._fields["stop"][1].text()
    assert PresetStore(supervisor.folders.presets).get("balanced-copy").stop == ["END", "STOP"]


async def test_allow_lists_are_picked_from_the_live_servers_or_typed(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    window = await open_window(supervisor)
    page = window.behaviour
    guild = fake_discord.guild  # type: ignore[attr-defined]
    general = guild.channel("general")

    servers = [page.allowed_guilds.picker.itemText(i) for i in range(page.allowed_guilds.picker.count())]
    assert servers == [f"Tavern ({guild.id})"]
    channels = [page.allowed_channels.picker.itemText(i) for i in range(page.allowed_channels.picker.count())]
    assert channels == [f"#general in Tavern ({general.id})", f"#random in Tavern ({guild.channel('random').id})"]

    page.allowed_guilds.picker.setCurrentIndex(0)
    page.allowed_guilds.add_button.click()
    page.always_reply_channels.picker.setCurrentIndex(0)
    page.always_reply_channels.add_button.click()
    page.allowed_channels.picker.setEditText("123456789012345678")  # typed: a channel the bot cannot see
    page.allowed_channels.add_button.click()
    assert "not seen by the bot" in page.allowed_channels.items.item(0).text()
    page.allowed_channels.picker.setEditText("general")  # neither an ID nor a listed channel
    page.allowed_channels.add_button.click()
    assert "numeric ID" in page.allowed_channels.problem.text()
    page.reply_in_dms.setChecked(False)
    page.cooldown.setValue(30)
    page.notifications.setChecked(False)
    window.show_page(page)
    shoot(window, "behaviour", tmp_path)

    identifies = fake_discord.identify_count
    assert await window.save_now()
    settings = load_settings(supervisor.folders)
    assert settings.allowed_guilds == [guild.id] and settings.always_reply_channels == [general.id]
    assert settings.allowed_channels == [123456789012345678]
    assert (settings.reply_in_dms, settings.user_cooldown_seconds, settings.notifications) == (False, 30, False)
    assert supervisor.brain is not None and supervisor.brain.settings.allowed_guilds == [guild.id]  # applied live
    assert fake_discord.identify_count == identifies  # no reconnect for behaviour changes


async def test_character_and_lorebook_settings_take_their_ranges_from_the_model(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(Settings(greeting_mode="random", max_images=2), env=offline_env)
    window = await open_window(supervisor)
    page = window.behaviour
    assert page.greeting.currentText() == "A random greeting"
    assert [page.greeting.itemText(i) for i in range(page.greeting.count())] == [
        "First greeting",
        "A random greeting",
        "No greeting",
    ]
    assert [page.send_images.itemText(i) for i in range(page.send_images.count())] == ["Auto", "On", "Off"]
    assert page.show_reasoning.text().replace("&", "") == "Show the model's reasoning (as a spoiler)"
    assert page.max_images.value() == 2 and page.scan_depth.value() == 4 and page.lore_budget.value() == 25
    for name, spin in (
        ("max_images", page.max_images),
        ("lorebook_scan_depth", page.scan_depth),
        ("lorebook_budget_percent", page.lore_budget),
    ):
        assert (spin.minimum(), spin.maximum()) == field_range(Settings, name), name
    # Auto is explained where it is chosen.
    hints = " ".join(label.text() for label in page.findChildren(QtWidgets.QLabel))
    assert "Auto: pictures people post go to the model, until it answers that it cannot take images" in hints

    page.greeting.setCurrentIndex(page.greeting.findData("first"))
    page.show_reasoning.setChecked(True)
    page.send_images.setCurrentIndex(page.send_images.findData("off"))
    page.max_images.setValue(99)  # clamped by the model's range
    page.scan_depth.setValue(10)
    page.lore_budget.setValue(40)
    assert window.dirty
    window.show_page(page)
    page.ensure_visible(page.greeting)
    shoot(window, "behaviour-character", tmp_path)

    assert await window.save_now()
    saved = load_settings(supervisor.folders)
    assert (saved.greeting_mode, saved.show_reasoning, saved.send_images) == ("first", True, "off")
    assert (saved.max_images, saved.lorebook_scan_depth, saved.lorebook_budget_percent) == (16, 10, 40)
    assert supervisor.brain is not None and supervisor.brain.settings.show_reasoning  # live


async def test_characters_in_discord_settings_load_and_save_and_the_chain_limit_needs_talking(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    saved_before = Settings(
        use_webhooks=False,
        stream_replies=False,
        mention_answered_by="last",
        characters_talk=True,
        character_chain_limit=7,
    )
    supervisor = await make_supervisor(saved_before, env=offline_env)
    window = await open_window(supervisor)
    page = window.behaviour
    assert not page.use_webhooks.isChecked() and not page.stream_replies.isChecked()
    assert page.mention_answered_by.currentText() == "The character who spoke last"
    assert [page.mention_answered_by.itemText(i) for i in range(page.mention_answered_by.count())] == [
        "The channel's first character",
        "The character who spoke last",
    ]
    assert page.characters_talk.isChecked() and page.chain_limit.value() == 7 and page.chain_limit.isEnabled()
    assert (page.chain_limit.minimum(), page.chain_limit.maximum()) == field_range(Settings, "character_chain_limit")
    assert not page.webhooks_missing_box.isVisibleTo(page)  # nothing known to be missing
    hints = " ".join(label.text() for label in page.findChildren(QtWidgets.QLabel))
    assert "Needs the Manage Webhooks permission" in hints and "edited at most once a second" in hints
    assert not window.dirty

    # The chain limit only means something while characters talk to each other.
    page.characters_talk.setChecked(False)
    assert not page.chain_limit.isEnabled() and window.dirty
    page.characters_talk.setChecked(True)
    assert page.chain_limit.isEnabled()
    page.chain_limit.setValue(99)  # clamped by the model's range
    assert page.chain_limit.value() == 20
    page.use_webhooks.setChecked(True)
    page.stream_replies.setChecked(True)
    page.mention_answered_by.setCurrentIndex(page.mention_answered_by.findData("first"))
    assert await window.save_now()
    saved = load_settings(supervisor.folders)
    assert (saved.use_webhooks, saved.stream_replies, saved.mention_answered_by) == (True, True, "first")
    assert (saved.characters_talk, saved.character_chain_limit) == (True, 20)

    page.chain_limit.setValue(4)
    page.characters_talk.setChecked(False)  # the limit is kept, only greyed out
    assert await window.save_now()
    saved = load_settings(supervisor.folders)
    assert (saved.characters_talk, saved.character_chain_limit) == (False, 4)


async def test_channels_without_manage_webhooks_are_listed_once_a_character_speaks_there(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()  # Tavern gives the bot no Manage Webhooks
    await wait_for_state(supervisor, State.CONNECTED)
    window = await open_window(supervisor)
    page = window.behaviour
    assert page.use_webhooks.isChecked() and not page.webhooks_missing_box.isVisibleTo(page)

    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, fake_discord.alice, "hi", mentions_bot=True)  # type: ignore[attr-defined]
    (reply,) = await fake_discord.wait_for_replies(question)
    assert reply.webhook_id is None  # the bot account answered
    await wait_until(
        lambda: "#general (Tavern)" in page.webhooks_missing.text() and page.webhooks_missing_box.isVisibleTo(page),
        what="the Behaviour page listing #general (Tavern)",
    )
    assert page.webhooks_missing.text() == (
        "Without Manage Webhooks (characters speak there as the bot): #general (Tavern)"
    )
    hints = " ".join(label.text() for label in page.webhooks_missing_box.findChildren(QtWidgets.QLabel))
    assert "Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks." in hints
    assert not window.dirty  # news from the bot is not an edit

    window.show_page(page)
    page.ensure_visible(page.use_webhooks)
    shoot(window, "behaviour-characters", tmp_path)

    # A snapshot with nothing missing (e.g. the permission was granted and the bot restarted) hides it.
    window._on_snapshot(dataclasses.replace(supervisor.snapshot, webhooks_missing=()))
    assert not page.webhooks_missing_box.isVisibleTo(page)
    page.set_webhooks_missing(["#general (Tavern)", "#rp (Guild2)"])
    assert page.webhooks_missing.text().endswith(": #general (Tavern), #rp (Guild2)")
    assert page.webhooks_missing_box.isVisibleTo(page)
