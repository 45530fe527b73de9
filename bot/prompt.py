"""Chat messages for the model, from a character, the channel's memory, its lore and a preset.

Order, as SillyTavern sends a chat completion: one system message with the
main prompt (the card's `system_prompt`, where `{{original}}` stands for ours),
World Info before the character, the description, personality and scenario,
World Info after it; then the example dialogues (`mes_example` split on
`<START>`, with World Info placed before/after them); then the conversation, trimmed oldest-first to the preset's
context budget, with in-chat insertions at their depth (World Info @depth,
the card's `depth_prompt`); then `post_history_instructions`. Every card text
goes through the macro engine (`bot.macros`). Speaker names stay in the user
turns so the model can tell the people in a channel apart.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .lorebook import Activation, ScanSettings, activate, messages_needed
from .macros import MacroContext, render
from .memory import Turn
from .world_info import Lorebook, card_lorebook

if TYPE_CHECKING:
    from .characters import Character
    from .presets import Preset
    from .settings import Settings

Message = dict[str, Any]
Role = Literal["system", "user", "assistant"]

#: Overhead the chat format adds around every message, in tokens.
_PER_MESSAGE_TOKENS = 4
#: What an image costs in the budget when it does not say (OpenAI's count for a
#: 1,024 px image in high detail: 85 base + 4 tiles of 170).
IMAGE_TOKENS = 765
#: Note appended when one message alone is larger than the whole budget.
CUT_NOTE = "[…message cut: it was longer than the conversation budget]"

_START = re.compile(r"<START>", re.IGNORECASE)

#: Familiar's main prompt (what `{{original}}` in a card's system prompt stands for).
DEFAULT_MAIN_PROMPT = (
    "You are {{char}}, chatting with people in a Discord server. Each user message starts with the "
    "speaker's name. Reply as {{char}} only, without prefixing your own name."
)


@dataclass(frozen=True)
class Insertion:
    """Text placed inside the conversation, `depth` messages from its end (0: after the last)."""

    depth: int
    role: Role
    text: str


class Image(Protocol):
    """An image ready for a request (bot.attachments.ImagePart): its content part and its cost."""

    @property
    def tokens(self) -> int: ...

    def part(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Extras:
    """What joins the card's own text in one prompt (lore, in-chat notes, images)."""

    before_char: Sequence[str] = ()
    after_char: Sequence[str] = ()
    before_examples: Sequence[str] = ()
    after_examples: Sequence[str] = ()
    at_depth: Sequence[Insertion] = ()
    #: Discord message id -> its images, for the user turns that carry them.
    images: Mapping[int, Sequence[Image]] = field(default_factory=dict)


def estimate_tokens(text: str) -> int:
    """A cheap, tokenizer-free estimate (about four characters a token).

    Good enough for a budget with headroom, and it works for every model
    behind any OpenAI-compatible server, which a real tokenizer would not.
    """
    return len(text) // 4 + 1


#: {{random}} and {{roll}} draw from one generator: seeding a new one per reply costs 0.2 ms of CPU.
_RNG = random.Random()


def macro_context(
    character: Character,
    *,
    user: str,
    now: datetime | None = None,
    rng: random.Random | None = None,
    **more: Any,
) -> MacroContext:
    """The macro context for one reply; `more` sets the other MacroContext fields (idle_seconds...)."""
    return MacroContext(
        char=character.name,
        user=user,
        now=now or datetime.now().astimezone(),
        rng=rng or _RNG,
        fields={
            "description": character.description,
            "personality": character.personality,
            "scenario": character.scenario,
            "charprompt": character.system_prompt,
            "charjailbreak": character.post_history_instructions,
            "mesexamples": character.mes_example,
            "char_version": character.character_version,
        },
        **more,
    )


def main_prompt(character: Character, ctx: MacroContext) -> str:
    """The card's system prompt, or Familiar's; `{{original}}` inside the card's is ours (V2 spec)."""
    own = character.system_prompt.strip()
    default = render(DEFAULT_MAIN_PROMPT, ctx)
    return render(own, replace(ctx, original=default)) if own else default


def system_prompt(
    character: Character, *, user: str = "", ctx: MacroContext | None = None, extras: Extras = Extras()
) -> str:
    """The one system message: main prompt, lore before, the character, lore after."""
    ctx = ctx or macro_context(character, user=user)
    parts = [main_prompt(character, ctx), *extras.before_char]
    if character.description.strip():
        parts.append(render(character.description.strip(), ctx))
    if character.personality.strip():
        parts.append(f"{character.name}'s personality: {render(character.personality.strip(), ctx)}")
    if character.scenario.strip():
        parts.append(f"Scenario: {render(character.scenario.strip(), ctx)}")
    parts.extend(extras.after_char)
    return "\n\n".join(part.strip() for part in parts if part.strip())


def example_dialogues(character: Character, *, user: str = "", ctx: MacroContext | None = None) -> list[str]:
    """`mes_example` split on `<START>` into separate example conversations."""
    ctx = ctx or macro_context(character, user=user)
    blocks = [block.strip() for block in _START.split(character.mes_example or "")]
    return [render(block, ctx) for block in blocks if block]


#: How much of another cast member's description goes into the group section.
GROUP_DESCRIPTION_CHARS = 400


def group_section(others: Sequence[Character], ctx: MacroContext) -> str:
    """The other characters in the conversation, by name and (the start of) their description."""
    lines = ["Also in this conversation:"]
    for other in others:
        description = render(other.description.strip(), replace(ctx, char=other.name))
        if len(description) > GROUP_DESCRIPTION_CHARS:
            description = description[:GROUP_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
        lines.append(f"- {other.name}" + (f": {description}" if description else ""))
    return "\n".join(lines)


def choose_greeting(character: Character, mode: str, rng: random.Random) -> str | None:
    """The greeting a character opens a conversation with (`greeting_mode`), before macros; None for none."""
    greetings = [greeting for greeting in (character.first_mes, *character.alternate_greetings) if greeting.strip()]
    if mode == "off" or not greetings:
        return None
    return greetings[0] if mode == "first" else rng.choice(greetings)


def depth_prompt(character: Character, ctx: MacroContext) -> Insertion | None:
    """The card's `extensions.depth_prompt` (SillyTavern's Character's Note), if it has one."""
    note = character.extensions.get("depth_prompt")
    if not isinstance(note, dict) or not isinstance(note.get("prompt"), str) or not note["prompt"].strip():
        return None
    depth = note.get("depth", 4)
    role = note.get("role", "system")
    return Insertion(
        depth=depth if isinstance(depth, int) and not isinstance(depth, bool) and depth >= 0 else 4,
        role=role if role in ("system", "user", "assistant") else "system",
        text=render(note["prompt"].strip(), ctx),
    )


def build_messages(
    character: Character,
    preset: Preset,
    history: Sequence[Turn],
    *,
    user: str,
    ctx: MacroContext | None = None,
    extras: Extras = Extras(),
    others: Sequence[Character] = (),
) -> list[Message]:
    """Everything the model sees for one reply. `user` is who is being answered.

    `others`: the rest of the channel's cast. As in SillyTavern's group chats the
    speaking character's card leads; the others are listed by name and
    description, their messages reach the model as named user turns (never as
    its own words), and a last line asks for this character's reply only.
    """
    ctx = ctx or macro_context(character, user=user)
    system = system_prompt(character, ctx=ctx, extras=extras)
    if others:
        system += "\n\n" + group_section(others, ctx)
    examples: list[Message] = [
        *({"role": "system", "content": text} for text in extras.before_examples),
        *(
            {"role": "system", "content": f"Example conversation:\n{block}"}
            for block in example_dialogues(character, ctx=ctx)
        ),
        *({"role": "system", "content": text} for text in extras.after_examples),
    ]
    post = render(character.post_history_instructions.strip(), replace(ctx, original="")).strip()
    if others:
        post = "\n".join(part for part in (post, f"Write only {character.name}'s next reply.") if part)
    tail: list[Message] = [{"role": "system", "content": post}] if post else []
    insertions = list(extras.at_depth)
    note = depth_prompt(character, ctx)
    if note is not None:
        insertions.append(note)
    inserted = [{"role": insertion.role, "content": insertion.text} for insertion in insertions]

    # Reserve the reply's tokens; the prompt gets what remains of the budget.
    budget = max(preset.context_tokens - preset.max_tokens, 256)
    fixed = _cost([{"role": "system", "content": system}, *tail, *inserted])
    if fixed + _cost(examples) > budget // 2:
        examples = []  # examples are the first thing to go when space is tight
    turns = [_turn_message(turn, extras.images, speaker=character.id) for turn in history]
    conversation = [_without_cost(m) for m in _trim(turns, budget - fixed - _cost(examples))]
    return [{"role": "system", "content": system}, *examples, *_insert(conversation, insertions), *tail]


def _without_cost(message: Message) -> Message:
    return {key: value for key, value in message.items() if key != _IMAGE_COST} if _IMAGE_COST in message else message


@dataclass(frozen=True)
class Prompt:
    """One reply's prompt, and what its lorebooks put in (for the chat preview and the debug log)."""

    messages: list[Message]
    lore: Activation = field(default_factory=Activation)


def scan_settings(settings: Settings, preset: Preset) -> ScanSettings:
    """The user's World Info settings for one reply (a lorebook's own values win where it sets them)."""
    return ScanSettings(
        scan_depth=settings.lorebook_scan_depth,
        budget_percent=settings.lorebook_budget_percent,
        context_tokens=max(preset.context_tokens - preset.max_tokens, 256),
    )


def build_prompt(
    character: Character,
    preset: Preset,
    history: Sequence[Turn],
    *,
    user: str,
    settings: Settings,
    lorebooks: Sequence[Lorebook] = (),
    ctx: MacroContext | None = None,
    images: Mapping[int, Sequence[Image]] | None = None,
    others: Sequence[Character] = (),
) -> Prompt:
    """`build_messages` with the lore the conversation activates: the card's own book, then `lorebooks`.

    CPU work (a few ms with big lorebooks, more for an unlucky regex key): call
    it off the event loop.
    """
    ctx = ctx or macro_context(character, user=user)
    books = [book for book in (card_lorebook(character.character_book, name=character.name),) if book]
    books += lorebooks
    lore = Activation()
    if books:
        scan = scan_settings(settings, preset)
        recent = history[max(0, len(history) - messages_needed(books, scan)) :]
        texts = [f"{_speaker(turn, character)}: {turn.content}" for turn in recent]
        lore = activate(books, texts, scan, render=lambda text: render(text, ctx), count_tokens=estimate_tokens)
    extras = Extras(
        before_char=lore.before_char,
        after_char=lore.after_char,
        before_examples=lore.before_examples,
        after_examples=lore.after_examples,
        at_depth=[Insertion(insert.depth, insert.role, insert.text) for insert in lore.at_depth],
        images=images or {},
    )
    messages = build_messages(character, preset, history, user=user, ctx=ctx, extras=extras, others=others)
    return Prompt(messages, lore)


def _speaker(turn: Turn, character: Character) -> str:
    """Who said a turn, by name (the bot's turns from before casts are the speaking character's)."""
    if turn.is_bot and turn.character_id in (None, character.id):
        return character.name
    return turn.author_name or "someone"


def _insert(conversation: list[Message], insertions: Sequence[Insertion]) -> list[Message]:
    """Place each insertion `depth` messages before the end (deeper than the chat: at its start)."""
    result = list(conversation)
    # Deepest first, so shallower ones count their depth from the real end.
    for insertion in sorted(insertions, key=lambda item: -item.depth):
        position = max(0, len(result) - insertion.depth)
        result.insert(position, {"role": insertion.role, "content": insertion.text})
    return result


def _turn_message(turn: Turn, images: Mapping[int, Sequence[Image]], *, speaker: str) -> Message:
    """The speaking character's own turns (and the bot's from before casts) are the assistant's;
    everyone else's, other characters included, are user turns starting with the speaker's name."""
    if turn.is_bot and turn.character_id in (None, speaker):
        return {"role": "assistant", "content": turn.content}
    text = f"{turn.author_name or 'someone'}: {turn.content}"
    attached = images.get(turn.message_id) if turn.message_id is not None else None
    if not attached:
        return {"role": "user", "content": text}
    parts: list[dict[str, Any]] = [{"type": "text", "text": text}]
    parts += [image.part() for image in attached]
    # The budget needs each image's own cost; it travels with the message, never to the server.
    return {"role": "user", "content": parts, _IMAGE_COST: sum(image.tokens for image in attached)}


#: A prompt-internal key on image messages (their image tokens); `build_messages` strips it.
_IMAGE_COST = "_image_tokens"


def _message_tokens(message: Message) -> int:
    content = message["content"]
    if isinstance(content, str):
        return estimate_tokens(content)
    text = sum(estimate_tokens(part.get("text", "")) for part in content if part.get("type") == "text")
    return text + int(message.get(_IMAGE_COST, IMAGE_TOKENS * sum(1 for p in content if p.get("type") != "text")))


def _cost(messages: Sequence[Message]) -> int:
    return sum(_message_tokens(message) + _PER_MESSAGE_TOKENS for message in messages)


def _trim(messages: list[Message], budget: int) -> list[Message]:
    """Drop the oldest messages until the rest fit; the newest one is always kept, cut if need be."""
    kept: list[Message] = []
    used = 0
    for message in reversed(messages):
        cost = _cost([message])
        if used + cost > budget:
            if not kept:
                kept.append(_cut(message, budget))
            break
        kept.append(message)
        used += cost
    kept.reverse()
    return kept


def _cut(message: Message, budget: int) -> Message:
    content = message["content"]
    if not isinstance(content, str):  # an image message over the budget: its text alone, cut
        content = " ".join(part.get("text", "") for part in content if part.get("type") == "text")
    room_chars = max((budget - _PER_MESSAGE_TOKENS - estimate_tokens(CUT_NOTE)) * 4, 200)
    return {"role": message["role"], "content": f"{content[:room_chars]}\n{CUT_NOTE}"}
