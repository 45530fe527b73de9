"""Lorebooks in the prompt, end to end: a card's `character_book` and attached World Info files.

The bot runs against the fake Discord and model servers; what the entries did is read
from the prompt the fake model received.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.characters import Character, CharacterStore
from bot.folders import Folders
from bot.lorebooks import LorebookStore
from bot.settings import Settings
from bot.supervisor import State, Supervisor
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


def entry(uid: int, keys: list[str], content: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": uid,
        "keys": keys,
        "content": content,
        "enabled": True,
        "insertion_order": 100,
        "case_sensitive": False,
        "name": f"entry {uid}",
        "priority": 10,
        "selective": False,
        "secondary_keys": [],
        "constant": False,
        "position": "before_char",
        "extensions": {},
    }
    base.update(fields)
    return base


BOOK = {
    "name": "Harbour lore",
    "scan_depth": 2,
    "token_budget": 400,
    "recursive_scanning": True,
    "entries": [
        entry(1, ["lighthouse"], "LORE-LIGHTHOUSE: the lighthouse was built in 1820.", position="after_char"),
        entry(2, ["storm"], "LORE-STORM: storms come from the west."),
        entry(
            3,
            ["ghost"],
            "LORE-GHOST: the keeper's ghost walks at night.",
            selective=True,
            secondary_keys=["night", "midnight"],
        ),
        entry(4, [], "LORE-ALWAYS: the harbour town is called Brindle.", constant=True, insertion_order=1),
        entry(
            5, ["keeper"], "LORE-KEEPER: {{char}} is the keeper now.", extensions={"position": 4, "depth": 1, "role": 0}
        ),
        entry(6, ["ship"], "LORE-SHIP: ships call at the lighthouse.", insertion_order=50),
        entry(7, ["flood"], "LORE-BIG: " + "water everywhere " * 150),
        entry(8, ["disabled"], "LORE-DISABLED: never", enabled=False),
    ],
}


async def start(make_supervisor: SupervisorFactory, home: Path, settings: Settings | None = None) -> Supervisor:
    store = CharacterStore(Folders.resolve({"FAMILIAR_HOME": str(home)}).characters)
    store.save(Character(id="ida", name="Ida", description="Ida keeps the light.", character_book=BOOK))
    supervisor = await make_supervisor((settings or Settings()).model_copy(update={"character_id": "ida"}))
    await wait_for_state(supervisor, State.CONNECTED)
    return supervisor


async def ask(fake_discord: FakeDiscord, fake_model: FakeModel, text: str) -> list[dict[str, Any]]:
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, text, mentions_bot=True
    )
    await fake_discord.wait_for_replies(said)
    return fake_model.completions[-1]["messages"]


def lore_in(prompt: list[dict[str, Any]]) -> list[str]:
    """Which LORE-* entries the prompt holds, in prompt order."""
    found: list[str] = []
    for message in prompt:
        for part in message["content"].split("LORE-")[1:]:
            found.append(part.split(":")[0])
    return found


async def test_keys_constant_selective_positions_depth_and_budget(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await start(make_supervisor, home)
    prompt = await ask(fake_discord, fake_model, "hello")
    assert lore_in(prompt) == ["ALWAYS"], "a constant entry is always there; nothing else matched"

    prompt = await ask(fake_discord, fake_model, "tell me about the Lighthouse and the ghost")
    system = prompt[0]["content"]
    # Keys match case-insensitively as whole words; the ghost needs a secondary key too.
    assert "LORE-LIGHTHOUSE" in system and "LORE-GHOST" not in json.dumps(prompt)
    # Before the character comes before the description, after comes after it.
    assert system.index("LORE-ALWAYS") < system.index("Ida keeps the light.") < system.index("LORE-LIGHTHOUSE")

    prompt = await ask(fake_discord, fake_model, "does the ghost walk at midnight?")
    assert "LORE-GHOST" in prompt[0]["content"]

    prompt = await ask(fake_discord, fake_model, "who is the keeper, and is there a ship in a storm?")
    system = prompt[0]["content"]
    # insertion_order: the lower one first, within the same place.
    assert system.index("LORE-SHIP") < system.index("LORE-STORM")
    # @depth 1 as a system message just before the last message, with macros rendered.
    assert prompt[-2] == {"role": "system", "content": "LORE-KEEPER: Ida is the keeper now."}
    assert prompt[-1]["content"].startswith("alice: @Aria who is the keeper")
    assert "LORE-DISABLED" not in json.dumps(prompt)


async def test_scan_depth_and_the_token_budget(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await start(make_supervisor, home)
    prompt = await ask(fake_discord, fake_model, "a storm is coming")
    assert "STORM" in lore_in(prompt)
    # The card's scan depth is 2: the bot's reply and this message; the storm is out of sight now.
    await ask(fake_discord, fake_model, "ok")
    prompt = await ask(fake_discord, fake_model, "and then?")
    assert "STORM" not in lore_in(prompt)
    # A flood entry of ~600 tokens does not fit the card's budget of 400: it is left out.
    prompt = await ask(fake_discord, fake_model, "a flood!")
    assert "BIG" not in lore_in(prompt) and "ALWAYS" in lore_in(prompt)


async def test_world_info_files_attached_globally_and_per_character(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel, tmp_path: Path
) -> None:
    folders = Folders.resolve({"FAMILIAR_HOME": str(home)})
    store = LorebookStore(folders.lorebooks)

    def world_info(name: str, key: str, content: str) -> Path:
        path = tmp_path / f"{name}.json"
        path.write_text(
            json.dumps(
                {
                    "entries": {
                        "0": {
                            "uid": 0,
                            "key": [key],
                            "keysecondary": [],
                            "comment": name,
                            "content": content,
                            "constant": False,
                            "selective": False,
                            "order": 100,
                            "position": 0,
                            "disable": False,
                        }
                    }
                }
            )
        )
        return path

    world = store.import_file(world_info("world", "moon", "LORE-MOON: two moons light Brindle."))
    ida_only = store.import_file(world_info("ida-notes", "lamp", "LORE-LAMP: the lamp burns whale oil."))
    settings = Settings(global_lorebooks=[world.id], character_lorebooks={"ida": [ida_only.id]})
    await start(make_supervisor, home, settings)
    prompt = await ask(fake_discord, fake_model, "look at the moon and the lamp")
    assert {"MOON", "LAMP", "ALWAYS"} <= set(lore_in(prompt))
    # Exported back, it is a World Info file SillyTavern reads.
    exported = json.loads(store.export(world.id))
    assert next(iter(exported["entries"].values()))["content"] == "LORE-MOON: two moons light Brindle."
