from bot.characters import Character
from bot.memory import Turn
from bot.presets import Preset
from bot.prompt import CUT_NOTE, build_messages, example_dialogues, system_prompt


def make_character(**fields: object) -> Character:
    base = {"name": "Aria", "description": "{{char}} is a bard who greets {{user}}.", "personality": "cheerful"}
    base.update(fields)
    return Character(**base)  # type: ignore[arg-type]


def make_preset(**fields: object) -> Preset:
    base = {"id": "test", "name": "Test", "context_tokens": 4096, "max_tokens": 256}
    base.update(fields)
    return Preset(**base)  # type: ignore[arg-type]


def turn(name: str, text: str, bot: bool = False) -> Turn:
    return Turn(author_id=1, author_name=name, content=text, is_bot=bot)


def test_macros_are_replaced_in_the_system_prompt() -> None:
    text = system_prompt(make_character(), user="Sam")
    assert "Aria is a bard who greets Sam." in text
    assert "{{" not in text


def test_card_system_prompt_wins_and_can_embed_the_original() -> None:
    character = make_character(system_prompt="Stay in character as {{char}}. {{original}}")
    text = system_prompt(character, user="Sam")
    assert text.startswith("Stay in character as Aria. You are Aria")


def test_mes_example_is_split_on_start() -> None:
    character = make_character(
        mes_example="<START>\n{{user}}: hi\n{{char}}: hello!\n<START>\n{{user}}: bye\n{{char}}: farewell"
    )
    assert example_dialogues(character, user="Sam") == ["Sam: hi\nAria: hello!", "Sam: bye\nAria: farewell"]
    messages = build_messages(character, make_preset(), [turn("Sam", "hey")], user="Sam")
    examples = [m for m in messages if m["content"].startswith("Example conversation")]
    assert len(examples) == 2


def test_order_names_and_post_history() -> None:
    character = make_character(post_history_instructions="Answer {{user}} briefly.")
    history = [turn("Sam", "hi @Aria"), turn("Aria", "Hello Sam!", bot=True), turn("Kim", "me too")]
    messages = build_messages(character, make_preset(), history, user="Kim")
    assert messages[0]["role"] == "system"
    assert messages[1:4] == [
        {"role": "user", "content": "Sam: hi @Aria"},
        {"role": "assistant", "content": "Hello Sam!"},
        {"role": "user", "content": "Kim: me too"},
    ]
    assert messages[-1] == {"role": "system", "content": "Answer Kim briefly."}


def test_history_is_trimmed_oldest_first_to_the_budget() -> None:
    history = [turn("Sam", f"message {i} " + "x" * 400) for i in range(100)]
    messages = build_messages(make_character(), make_preset(context_tokens=2048, max_tokens=256), history, user="Sam")
    conversation = [m for m in messages if m["role"] == "user"]
    assert 0 < len(conversation) < 100
    assert conversation[-1]["content"].startswith("Sam: message 99 ")
    numbers = [int(m["content"].split()[2]) for m in conversation]
    assert numbers == list(range(100 - len(numbers), 100))
    assert sum(len(m["content"]) for m in messages) // 4 <= 2048 - 256


def test_a_message_longer_than_the_budget_is_cut_with_a_note() -> None:
    history = [turn("Sam", "y" * 100_000)]
    messages = build_messages(make_character(), make_preset(context_tokens=1024, max_tokens=128), history, user="Sam")
    last_user = [m for m in messages if m["role"] == "user"][-1]
    assert last_user["content"].endswith(CUT_NOTE)
    assert len(last_user["content"]) < 10_000
