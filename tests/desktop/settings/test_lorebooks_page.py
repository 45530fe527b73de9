"""Lorebooks page: import (dialog and drop), entry counts and problems, where a book is used
(saved with the settings, live in the bot), export for SillyTavern, delete with confirmation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.characters import Character, CharacterStore, card_png
from bot.lorebooks import LorebookStore, parse_lorebook_bytes
from bot.settings import Settings, load_settings
from desktop.settings import dialogs
from desktop.settings.lorebooks_page import (
    CHOSEN,
    EVERYONE,
    NOT_USED,
    looks_like_lorebook,
)
from tests.conftest import SupervisorFactory
from tests.desktop.conftest import wait_until
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.desktop.settings.test_characters_page import avatar_png, drop_files

# SillyTavern's World Info export, trimmed: an `entries` object keyed by uid, one entry broken.
ELDORIA: dict[str, Any] = {
    "name": "Eldoria",
    "entries": {
        "0": {"uid": 0, "key": ["Eldoria", "the kingdom"], "keysecondary": [], "comment": "The kingdom",
              "content": "Eldoria is a kingdom of floating islands.", "constant": False, "position": 0},
        "1": {"uid": 1, "key": ["sky ship"], "keysecondary": ["storm"], "selective": True, "comment": "Sky ships",
              "content": "Sky ships fear storms.", "position": 4, "depth": 2, "role": 0},
        "2": "not an entry",
        "3": {"uid": 3, "key": [], "constant": True, "comment": "World rules", "content": "Magic is rare."},
    },
}  # fmt: skip
# A card's character_book saved on its own (V2 field names, an `entries` list).
HARBOUR_BOOK: dict[str, Any] = {
    "name": "Harbour",
    "entries": [{"keys": ["harbour"], "content": "The harbour smells of tar.", "enabled": True, "insertion_order": 10}],
}


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


async def test_import_show_counts_and_problems_choose_where_used_and_export(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    CharacterStore(supervisor.folders.characters).save(Character(id="zed", name="Zed", description="A keeper."))
    window = await open_window(supervisor)
    page = window.lorebooks
    window.show_page(page)
    assert page.empty_note.isVisibleTo(page) and not page.export_button.isEnabled()

    bogus = write_json(tmp_path / "notes.json", {"hello": 1})
    await page.import_paths(
        [write_json(tmp_path / "eldoria.json", ELDORIA), write_json(tmp_path / "harbour.json", HARBOUR_BOOK), bogus]
    )
    assert page.ids() == ["eldoria", "harbour"]
    text = page.message.text()
    assert "Imported “Eldoria” (3 entries), “Harbour” (1 entry)." in text
    assert "'notes.json'" in text and "Traceback" not in text  # a sentence about the bad file
    assert not window.dirty  # importing acts on the files at once

    # The list says how big each book is, whether it had problems, and where it is used.
    items = [page.list.item(i).text() for i in range(page.list.count())]
    assert items == ["Eldoria\n3 entries · 1 problem · not used", "Harbour\n1 entry · not used"]
    page._select("eldoria")
    assert page.name_label.text() == "Eldoria"
    assert page.problems.isVisibleTo(page) and "entry 2" in page.problems.text() and "skipped" in page.problems.text()
    rows = [[page.entries.item(r, c).text() for c in range(3)] for r in range(page.entries.rowCount())]
    assert rows == [
        ["The kingdom", "Eldoria, the kingdom", "a key is mentioned"],
        ["Sky ships", "sky ship  (with: storm)", "a key is mentioned"],
        ["World rules", "", "always"],
    ]

    # Eldoria for every character, Harbour only for Zed: settings edits, kept by Save.
    assert page.not_used.isChecked() and not page.characters.isEnabled()
    page.set_usage(EVERYONE)
    assert window.dirty and page.list.item(0).text().endswith("every character")
    page._select("harbour")
    names = [page.characters.item(i).text() for i in range(page.characters.count())]
    assert names == ["Familiar", "Zed"]
    page.set_usage(CHOSEN, ["zed"])
    assert page.characters.isEnabled() and page.list.item(1).text().endswith("1 character")
    page._select("eldoria")
    window.show_page(page)
    shoot(window, "lorebooks", tmp_path)
    page._select("harbour")

    assert await window.save_now()
    saved = load_settings(supervisor.folders)
    assert saved.global_lorebooks == ["eldoria"] and saved.character_lorebooks == {"zed": ["harbour"]}
    assert supervisor.brain is not None and supervisor.brain.settings.global_lorebooks == ["eldoria"]  # live

    # Switching to another choice and back brings the ticks back; "not used" removes the book.
    page.set_usage(NOT_USED)
    assert page.usage("harbour") == NOT_USED and page.users("harbour") == []
    page.set_usage(CHOSEN)
    assert page.users("harbour") == ["zed"]
    page.set_usage(NOT_USED)
    assert await window.save_now()
    assert load_settings(supervisor.folders).character_lorebooks == {}

    # Export: a World Info file (an `entries` object) SillyTavern imports, equal to what was imported.
    page._select("eldoria")
    out = tmp_path / "out" / "eldoria-export.json"
    out.parent.mkdir()
    await page.export_to(out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(exported["entries"], dict) and exported["entries"]["2"] == "not an entry"
    assert (
        parse_lorebook_bytes(out.read_bytes(), out.name).entries
        == parse_lorebook_bytes(json.dumps(ELDORIA).encode(), "eldoria.json").entries
    )
    assert f"to {out}" in page.message.text()


async def test_delete_asks_first_and_save_forgets_the_book_in_the_settings(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    settings = Settings(global_lorebooks=["eldoria"], character_lorebooks={"default": ["eldoria"]})
    supervisor = await make_supervisor(settings, env=offline_env)
    LorebookStore(supervisor.folders.lorebooks).import_file(write_json(tmp_path / "eldoria.json", ELDORIA))
    window = await open_window(supervisor)
    page = window.lorebooks
    assert page.ids() == ["eldoria"] and page.usage("eldoria") == EVERYONE

    page.delete_button.click()
    prompt = page.delete_prompt
    assert prompt is not None and prompt.isVisible() and "Eldoria" in prompt.text()
    prompt.button(dialogs.Button.Cancel).click()
    await wait_until(lambda: not prompt.isVisible(), what="prompt closed")
    assert (supervisor.folders.lorebooks / "eldoria.json").exists() and not window.dirty

    page.delete_button.click()
    assert page.delete_prompt is not None
    page.delete_prompt.button(dialogs.Button.Yes).click()
    await wait_until(lambda: page.last_task is not None and page.last_task.done(), what="deleted")
    assert not (supervisor.folders.lorebooks / "eldoria.json").exists()
    assert page.ids() == [] and page.empty_note.isVisibleTo(page)
    assert "Press Save" in page.message.text() and window.dirty
    assert load_settings(supervisor.folders).global_lorebooks == ["eldoria"]  # not before Save

    assert await window.save_now()
    saved = load_settings(supervisor.folders)
    assert saved.global_lorebooks == [] and saved.character_lorebooks == {}


async def test_dropped_files_are_told_apart_lorebooks_and_cards(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    card = tmp_path / "zed.png"
    card.write_bytes(card_png(Character(name="Zed", description="A keeper."), avatar_png()))
    # A JSON card that carries a lorebook is still a card.
    json_card = write_json(
        tmp_path / "nyx.json",
        {
            "spec": "chara_card_v2",
            "spec_version": "2.0",
            "data": {"name": "Nyx", "description": "An owl.", "character_book": HARBOUR_BOOK},
        },
    )
    world = write_json(tmp_path / "eldoria.json", ELDORIA)
    bare_book = write_json(tmp_path / "harbour.json", HARBOUR_BOOK)

    drop_files(window, [world, bare_book])
    assert window.drop_task is not None
    await window.drop_task
    assert window.stack.currentWidget() is window.lorebooks
    assert window.lorebooks.ids() == ["eldoria", "harbour"]

    drop_files(window, [card, json_card, write_json(tmp_path / "more.json", {**ELDORIA, "name": "More"})])
    await window.drop_task
    assert window.stack.currentWidget() is window.characters  # cards came too: show them
    assert [name for _id, name in window.characters.choices()] == ["Familiar", "Nyx", "Zed"]
    assert window.lorebooks.ids() == ["eldoria", "harbour", "more"]
    assert "Imported “More” (3 entries)." in window.lorebooks.message.text()


def test_what_counts_as_a_lorebook() -> None:
    assert looks_like_lorebook(ELDORIA) and looks_like_lorebook(HARBOUR_BOOK)
    assert looks_like_lorebook({"spec": "lorebook_v3", "data": HARBOUR_BOOK})
    assert not looks_like_lorebook({"spec": "chara_card_v3", "data": {"name": "X", "character_book": HARBOUR_BOOK}})
    assert not looks_like_lorebook({"name": "V1 card", "first_mes": "Hi"})
    assert not looks_like_lorebook([1, 2])
