"""The chat preview opens on the saved character and preset, and follows them (issue 14).

The Presets page promises "The bot and the chat preview use this one": after
saving Aria as the default character and a preset of one's own in use, the
preview opened on Familiar / Balanced. Now it follows what is saved until the
user picks others in the preview itself.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from bot.characters import Character, CharacterStore
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory
from tests.desktop.settings.conftest import WindowFactory

ARIA = Character(id="aria", name="Aria", description="A bard who answers in rhyme.")
BRAM = Character(id="bram", name="Bram", description="A baker.")


def pick(combo: QtWidgets.QComboBox, ident: str) -> None:
    """Choose an entry as a user does (the `activated` signal is the user's, not the code's)."""
    index = combo.findData(ident)
    assert index >= 0, ident
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


async def choose_and_save(window: SettingsWindow, character: str, preset: str) -> None:
    window.characters.default_character.setCurrentIndex(window.characters.default_character.findData(character))
    window.presets.in_use.setCurrentIndex(window.presets.in_use.findData(preset))
    assert await window.save_now()


async def my_preset(window: SettingsWindow) -> str:
    """A preset of the user's own (a duplicate of Balanced), saved at once."""
    window.presets.duplicate_button.click()
    await window.presets.last_task  # type: ignore[misc]
    return window.presets.choices()[-1][0]


async def test_a_preview_built_after_the_save_opens_on_the_saved_choices(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    CharacterStore(supervisor.folders.characters).save(ARIA)
    window = await open_window(supervisor)
    mine = await my_preset(window)
    await choose_and_save(window, "aria", mine)

    page = window.preview  # built now, from the state the window loaded before the save
    assert page.character.currentData() == "aria"
    assert page.preset.currentData() == mine


async def test_the_preview_follows_saves_until_the_user_picks_in_it(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    for character in (ARIA, BRAM):
        CharacterStore(supervisor.folders.characters).save(character)
    window = await open_window(supervisor)
    page = window.preview  # built first: it opens on what is saved now
    assert (page.character.currentData(), page.preset.currentData()) == ("default", "balanced")

    mine = await my_preset(window)
    await choose_and_save(window, "aria", mine)
    assert (page.character.currentData(), page.preset.currentData()) == ("aria", mine)

    # The user tries another character here: an unrelated save leaves that pick alone...
    pick(page.character, "bram")
    window.connection.timeout.setValue(33)
    assert await window.save_now()
    assert (page.character.currentData(), page.preset.currentData()) == ("bram", mine)
    # ...and so does reopening the window (a reload of the saved state).
    window.revert()
    await window._load_task  # type: ignore[misc]
    assert page.character.currentData() == "bram"

    # A new saved choice is followed again (the user just chose it), the preset too.
    await choose_and_save(window, "default", "precise")
    assert (page.character.currentData(), page.preset.currentData()) == ("default", "precise")
    pick(page.preset, "creative")
    await choose_and_save(window, "aria", "precise")  # the preset did not change: the pick stays
    assert (page.character.currentData(), page.preset.currentData()) == ("aria", "creative")
