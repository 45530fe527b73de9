"""Characters page: drop import, editing every kind of field, delete with confirmation, export, casts per channel."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from bot.characters import (
    DEFAULT_CHARACTER_ID,
    Character,
    CharacterStore,
    card_png,
    parse_card,
)
from bot.settings import Settings, load_settings
from bot.supervisor import State
from desktop.settings import dialogs
from desktop.settings.channel_overrides import ChannelCasts
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot

ZED = Character(
    name="Zed",
    description="A quiet lighthouse keeper.",
    first_mes="Mind the stairs.",
    alternate_greetings=["Evening.", "Storm's coming."],
    tags=["calm", "sea"],
    extensions={"depth_prompt": {"depth": 4}},
)


def avatar_png(colour: str = "#3366cc") -> bytes:
    image = QtGui.QImage(64, 64, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor(colour))
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def drop_files(window: SettingsWindow, paths: list[Path]) -> None:
    """What the window receives when files are dragged onto it from a file manager."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path)) for path in paths])
    point = QtCore.QPointF(window.width() / 2, window.height() / 2)
    buttons = QtCore.Qt.MouseButton.LeftButton
    modifiers = QtCore.Qt.KeyboardModifier.NoModifier
    try:  # PySide6 6.12 takes a QPointF (the QPoint form is deprecated); 6.8-6.11 only a QPoint
        enter = QtGui.QDragEnterEvent(point, QtCore.Qt.DropAction.CopyAction, mime, buttons, modifiers)
    except TypeError:
        enter = QtGui.QDragEnterEvent(point.toPoint(), QtCore.Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QtWidgets.QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window refused the drag"
    drop = QtGui.QDropEvent(point, QtCore.Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QtWidgets.QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def cell(casts: ChannelCasts, row: int, column: int) -> str:
    item = casts.table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def pick(casts: ChannelCasts, channel: str, character: str) -> None:
    """Type a channel (its ID or its label) and choose a character below the casts table."""
    casts.channel.setEditText(channel)
    index = casts.character.findData(character)
    assert index >= 0, character
    casts.character.setCurrentIndex(index)


async def test_dropping_a_png_card_adds_the_character(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.characters
    card = tmp_path / "zed.png"
    card.write_bytes(card_png(ZED, avatar_png()))
    not_a_card = tmp_path / "notes.json"
    not_a_card.write_text('{"hello": 1}')

    drop_files(window, [card, not_a_card])
    assert window.drop_task is not None
    await window.drop_task  # the files are told apart (cards, lorebooks) off the loop, then imported
    assert window.stack.currentWidget() is page
    assert page.last_task is not None and page.last_task.done()

    assert [name for _id, name in page.choices()] == ["Familiar", "Zed"]
    assert page.current_id == "zed" and page.form.fields["name"].text() == "Zed"  # type: ignore[attr-defined]
    assert "Imported “Zed”." in page.message.text() and "notes.json" in page.message.text()
    saved = CharacterStore(supervisor.folders.characters).get("zed")
    assert saved.first_mes == "Mind the stairs." and saved.extensions == ZED.extensions
    assert (supervisor.folders.characters / "zed.png").is_file()
    # The avatar was decoded (off the loop) into the list icon, not the placeholder disc.
    icon = page.list.item(1).icon().pixmap(16, 16).toImage()
    assert QtGui.QColor(icon.pixel(8, 8)).name() == "#3366cc"
    assert not window.dirty  # importing acts at once; nothing waits for Save
    window.show_page(page)
    shoot(window, "characters", tmp_path)


async def test_editing_a_character_saves_every_field_and_applies_without_restart(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    store = CharacterStore(supervisor.folders.characters)
    store.save(ZED.model_copy(update={"id": "zed"}))
    window = await open_window(supervisor)
    page = window.characters
    page._select("zed")
    fields = page.form.fields
    assert isinstance(fields["description"], QtWidgets.QPlainTextEdit)  # long fields are multi-line
    assert isinstance(fields["mes_example"], QtWidgets.QPlainTextEdit)

    fields["name"].setText("Zed the Keeper")  # type: ignore[attr-defined]
    fields["name"].textEdited.emit("Zed the Keeper")  # type: ignore[attr-defined]
    fields["personality"].setPlainText("Patient; speaks in short sentences.")  # type: ignore[attr-defined]
    fields["tags"].setText("calm, sea, night")  # type: ignore[attr-defined]
    fields["tags"].textEdited.emit("")  # type: ignore[attr-defined]
    greetings = fields["alternate_greetings"]
    greetings.add()  # type: ignore[attr-defined]
    greetings.editor.setPlainText("The lamp is lit.\n\nCome in.")  # type: ignore[attr-defined]
    fields["character_book"].setPlainText('{"entries": [{"keys": ["lamp"], "content": "It never goes out."}]}')  # type: ignore[attr-defined]
    assert window.dirty and page.list.currentItem().text() == "Zed the Keeper"

    # Make it the default character and give #random a cast of the built-in one alone.
    page.default_character.setCurrentIndex(page.default_character.findData("zed"))
    random_channel = next(c for c in supervisor.client.get_all_channels() if c.name == "random")  # type: ignore[union-attr]
    page.overrides.channel.setEditText(str(random_channel.id))
    page.overrides.character.setCurrentIndex(page.overrides.character.findData(DEFAULT_CHARACTER_ID))
    page.overrides.add_button.click()
    assert "#random in Tavern" in cell(page.overrides, 0, 0)
    assert cell(page.overrides, 0, 1) == "Familiar"

    assert await window.save_now()
    saved = store.get("zed")
    assert saved.name == "Zed the Keeper" and saved.personality.startswith("Patient")
    assert saved.tags == ["calm", "sea", "night"]
    assert saved.alternate_greetings == ["Evening.", "Storm's coming.", "The lamp is lit.\n\nCome in."]
    assert saved.character_book == {"entries": [{"keys": ["lamp"], "content": "It never goes out."}]}
    assert saved.modification_date is not None
    settings = load_settings(supervisor.folders)
    assert settings.character_id == "zed" and settings.channel_casts == {str(random_channel.id): ["default"]}
    assert supervisor.brain is not None and supervisor.brain.settings.character_id == "zed"  # live, no restart
    assert not window.dirty


async def test_building_a_cast_for_a_channel(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    store = CharacterStore(supervisor.folders.characters)
    store.save(ZED.model_copy(update={"id": "zed"}))
    store.save(Character(id="ann", name="Ann", description="A cartographer."))
    window = await open_window(supervisor)
    page = window.characters
    casts = page.overrides
    assert casts.empty_note.isVisibleTo(page) and not casts.table.isVisibleTo(page)
    assert casts.empty_note.text() == "Every channel uses the default character alone."
    random_channel = next(c for c in supervisor.client.get_all_channels() if c.name == "random")  # type: ignore[union-attr]
    random_id = str(random_channel.id)

    # Familiar, then Zed, then Ann: one row for the channel, the cast in order.
    for member in (DEFAULT_CHARACTER_ID, "zed", "ann"):
        pick(casts, random_id, member)
        casts.add_button.click()
    assert casts.table.rowCount() == 1 and not casts.problem.isVisibleTo(page)
    assert cell(casts, 0, 0) == "#random in Tavern"
    assert cell(casts, 0, 1) == "Familiar, Zed, Ann"
    assert window.dirty

    # The same character twice is refused, and said so.
    pick(casts, random_id, "zed")
    casts.add_button.click()
    assert casts.problem.isVisibleTo(page) and "already in the cast" in casts.problem.text()
    assert casts.values() == {random_id: [DEFAULT_CHARACTER_ID, "zed", "ann"]}

    # Zed first (it answers a mention naming no one), then Familiar leaves the cast.
    casts.first_button.click()
    assert not casts.problem.isVisibleTo(page)
    assert cell(casts, 0, 1) == "Zed, Familiar, Ann"
    pick(casts, random_id, DEFAULT_CHARACTER_ID)
    casts.remove_member_button.click()
    assert cell(casts, 0, 1) == "Zed, Ann"

    # A second channel, typed as an ID the bot does not see; selecting a row picks its channel.
    pick(casts, "123456789012345678", "ann")
    casts.add_button.click()
    assert casts.table.rowCount() == 2
    assert cell(casts, 1, 0) == "123456789012345678 (not seen by the bot right now)"
    casts.table.selectRow(0)
    assert casts.channel.chosen_id() == random_channel.id
    window.show_page(page)
    shoot(window, "characters-cast", tmp_path)

    # Removing a cast's last member removes its row; "Remove channel" removes the selected row.
    pick(casts, "123456789012345678", "ann")
    casts.remove_member_button.click()
    assert casts.table.rowCount() == 1
    pick(casts, "123456789012345678", "zed")
    casts.add_button.click()
    casts.table.selectRow(1)
    casts.remove_button.click()
    assert casts.table.rowCount() == 1 and "#random" in cell(casts, 0, 0)

    assert await window.save_now()
    assert load_settings(supervisor.folders).channel_casts == {random_id: ["zed", "ann"]}
    assert supervisor.brain is not None and supervisor.brain.settings.channel_casts == {random_id: ["zed", "ann"]}
    assert not window.dirty


async def test_deleting_a_character_removes_it_from_every_cast(
    make_supervisor: SupervisorFactory, open_window: WindowFactory
) -> None:
    supervisor = await make_supervisor(
        Settings(channel_casts={"111": ["zed", DEFAULT_CHARACTER_ID, "ghost"], "222": ["zed"]})
    )
    CharacterStore(supervisor.folders.characters).save(ZED.model_copy(update={"id": "zed"}))
    window = await open_window(supervisor)
    page = window.characters
    casts = page.overrides
    assert casts.table.rowCount() == 2
    assert cell(casts, 0, 1) == "Zed, Familiar, ghost (missing)"
    assert cell(casts, 1, 1) == "Zed"

    page._select("zed")
    page.delete_button.click()
    page.delete_prompt.button(dialogs.Button.Yes).click()
    await wait_until(lambda: page.last_task is not None and page.last_task.done(), what="deleted")
    assert casts.values() == {"111": [DEFAULT_CHARACTER_ID, "ghost"]}  # the cast Zed was alone in is gone
    assert casts.table.rowCount() == 1 and cell(casts, 0, 1) == "Familiar, ghost (missing)"
    assert window.dirty
    assert await window.save_now()
    assert load_settings(supervisor.folders).channel_casts == {"111": [DEFAULT_CHARACTER_ID, "ghost"]}


async def test_invalid_card_fields_block_saving(make_supervisor: SupervisorFactory, open_window: WindowFactory) -> None:
    supervisor = await make_supervisor()
    CharacterStore(supervisor.folders.characters).save(ZED.model_copy(update={"id": "zed"}))
    window = await open_window(supervisor)
    page = window.characters
    page._select("zed")
    page.form.fields["extensions"].setPlainText("{not json")  # type: ignore[attr-defined]
    page._select(DEFAULT_CHARACTER_ID)  # the draft survives moving around
    assert not await window.save_now()
    assert page.current_id == "zed"
    extensions_error = page.form.errors._fields["extensions"][1]
    assert extensions_error.text().startswith("not valid JSON") and extensions_error.isVisibleTo(page)
    assert page.form.tabs.tabText(page.form.tabs.currentIndex()) == "Lorebook && extras"

    page.form.fields["extensions"].setPlainText("{}")  # type: ignore[attr-defined]
    page.form.fields["name"].setText("")  # type: ignore[attr-defined]
    page.form.fields["name"].textEdited.emit("")  # type: ignore[attr-defined]
    assert not await window.save_now()
    assert "at least 1 character" in page.form.errors._fields["name"][1].text()
    assert CharacterStore(supervisor.folders.characters).get("zed").name == "Zed"  # nothing written


async def test_new_duplicate_delete_with_confirmation_and_export(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    page = window.characters
    assert not page.delete_button.isEnabled()  # the built-in cannot be deleted
    assert page.form.read_only_note.isVisibleTo(page)

    page.duplicate_button.click()
    await page.last_task  # type: ignore[misc]
    assert page.current_id == "familiar-copy" and not page.form.read_only_note.isVisibleTo(page)
    page.new_button.click()
    await page.last_task  # type: ignore[misc]
    assert page.current_id == "new-character"

    # Delete asks first; Cancel keeps it.
    page.delete_button.click()
    prompt = page.delete_prompt
    assert prompt.isVisible() and "New character" in prompt.text()
    prompt.button(dialogs.Button.Cancel).click()
    await wait_until(lambda: not prompt.isVisible(), what="prompt closed")
    assert "new-character" in [ident for ident, _ in page.choices()]
    page.delete_button.click()
    page.delete_prompt.button(dialogs.Button.Yes).click()
    await wait_until(lambda: page.last_task is not None and page.last_task.done(), what="deleted")
    assert "new-character" not in [ident for ident, _ in page.choices()]
    assert not (supervisor.folders.characters / "new-character.json").exists()

    # Export the copy as PNG and JSON cards; both import back.
    page._select("familiar-copy")
    await page.export_to(tmp_path / "out.png", "png")
    await page.export_to(tmp_path / "out.json", "v2")
    assert parse_card((tmp_path / "out.png").read_bytes()).character.name == "Familiar (copy)"
    assert json.loads((tmp_path / "out.json").read_text())["spec"] == "chara_card_v2"


async def test_changing_the_avatar(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, tmp_path: Path
) -> None:
    supervisor = await make_supervisor()
    CharacterStore(supervisor.folders.characters).save(ZED.model_copy(update={"id": "zed"}))
    window = await open_window(supervisor)
    page = window.characters
    page._select("zed")
    picture = tmp_path / "red.png"
    picture.write_bytes(avatar_png("#cc2222"))
    await page.set_avatar_from(picture)
    assert window.dirty
    bogus = tmp_path / "bogus.png"
    bogus.write_bytes(b"nope")
    await page.set_avatar_from(bogus)
    assert "not an image" in page.message.text()
    assert await window.save_now()
    saved = QtGui.QImage.fromData((supervisor.folders.characters / "zed.png").read_bytes())
    assert QtGui.QColor(saved.pixel(5, 5)).name() == "#cc2222"
    await asyncio.sleep(0)


async def test_a_cast_changed_from_discord_shows_in_the_open_window_unless_the_user_is_editing(
    make_supervisor: SupervisorFactory, open_window: WindowFactory
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    casts = window.characters.overrides
    # What /cast add does: the supervisor saves the change; the window follows.
    await supervisor.update_settings(lambda s: s.model_copy(update={"channel_casts": {"111": ["default"]}}))
    await wait_until(lambda: casts.values() == {"111": ["default"]}, what="the window reloads")
    assert not window.dirty
    # With an edit under way, the window keeps the user's work (their Save decides).
    window.behaviour.cooldown.setValue(window.behaviour.cooldown.value() + 5)
    assert window.dirty
    await supervisor.update_settings(lambda s: s.model_copy(update={"channel_casts": {}}))
    await wait_until(lambda: supervisor.snapshot.settings_revision == 2, what="the second change")
    assert casts.values() == {"111": ["default"]} and window.dirty
