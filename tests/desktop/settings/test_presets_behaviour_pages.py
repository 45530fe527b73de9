"""Presets page (built-ins read-only, ranges from the model) and Behaviour page (live allow-lists)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from bot.presets import PresetStore, preset_bounds
from bot.settings import Settings, load_settings
from bot.supervisor import State
from desktop.settings.presets_page import SliderSpin
from desktop.settings.ranges import field_range
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.discord_server import FakeDiscord


async def test_builtin_presets_are_read_only_and_a_copy_is_edited_within_its_ranges(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.presets
    assert [label for _id, label in page.choices()][:3] == ["Balanced (built-in)", "Creative (built-in)", "Precise (built-in)"]
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
        "First greeting", "A random greeting", "No greeting",
    ]
    assert [page.send_images.itemText(i) for i in range(page.send_images.count())] == ["Auto", "On", "Off"]
    assert page.show_reasoning.text().replace("&", "") == "Show the model's reasoning (as a spoiler)"
    assert page.max_images.value() == 2 and page.scan_depth.value() == 4 and page.lore_budget.value() == 25
    for name, spin in (("max_images", page.max_images), ("lorebook_scan_depth", page.scan_depth),
                       ("lorebook_budget_percent", page.lore_budget)):
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
