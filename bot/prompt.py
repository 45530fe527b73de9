"""Chat messages for the model, from a character, the channel's memory and a preset.

Order: system prompt (character), example dialogues (`mes_example` split on
`<START>`), the conversation trimmed oldest-first to the preset's context
budget, then `post_history_instructions`. Speaker names stay in the user turns
so the model can tell the people in a channel apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .memory import Turn

if TYPE_CHECKING:
    from .characters import Character
    from .presets import Preset

Message = dict[str, str]

#: Overhead the chat format adds around every message, in tokens.
_PER_MESSAGE_TOKENS = 4
#: Note appended when one message alone is larger than the whole budget.
CUT_NOTE = "[…message cut: it was longer than the conversation budget]"

_START = re.compile(r"<START>", re.IGNORECASE)


def estimate_tokens(text: str) -> int:
    """A cheap, tokenizer-free estimate (about four characters a token).

    Good enough for a budget with headroom, and it works for every model
    behind any OpenAI-compatible server, which a real tokenizer would not.
    """
    return len(text) // 4 + 1


def substitute(text: str, *, char: str, user: str) -> str:
    """Replace the card macros `{{char}}` and `{{user}}` (case-insensitive, as SillyTavern does)."""
    text = re.sub(r"\{\{char\}\}|<BOT>", char, text, flags=re.IGNORECASE)
    return re.sub(r"\{\{user\}\}|<USER>", user, text, flags=re.IGNORECASE)


def system_prompt(character: Character, *, user: str) -> str:
    """The character's system prompt, or one composed from its description fields.

    A card's own `system_prompt` wins; `{{original}}` inside it stands for the
    composed default, as in the V2 spec.
    """
    parts = ["You are {{char}}, chatting with people in a Discord server."]
    if character.description.strip():
        parts.append(character.description.strip())
    if character.personality.strip():
        parts.append(f"{{{{char}}}}'s personality: {character.personality.strip()}")
    if character.scenario.strip():
        parts.append(f"Scenario: {character.scenario.strip()}")
    parts.append(
        "Each user message starts with the speaker's name. Reply as {{char}} only, "
        "without prefixing your own name."
    )
    composed = "\n\n".join(parts)
    own = character.system_prompt.strip()
    text = own.replace("{{original}}", composed) if own else composed
    return substitute(text, char=character.name, user=user)


def example_dialogues(character: Character, *, user: str) -> list[str]:
    """`mes_example` split on `<START>` into separate example conversations."""
    blocks = [block.strip() for block in _START.split(character.mes_example or "")]
    return [substitute(block, char=character.name, user=user) for block in blocks if block]


def build_messages(
    character: Character,
    preset: Preset,
    history: Sequence[Turn],
    *,
    user: str,
) -> list[Message]:
    """Everything the model sees for one reply. `user` is who is being answered."""
    system = system_prompt(character, user=user)
    examples = [
        {"role": "system", "content": f"Example conversation:\n{block}"}
        for block in example_dialogues(character, user=user)
    ]
    post = substitute(character.post_history_instructions.strip(), char=character.name, user=user)
    tail = [{"role": "system", "content": post}] if post else []

    # Reserve the reply's tokens; the prompt gets what remains of the budget.
    budget = max(preset.context_tokens - preset.max_tokens, 256)
    fixed = _cost([{"role": "system", "content": system}, *tail])
    if fixed + _cost(examples) > budget // 2:
        examples = []  # examples are the first thing to go when space is tight
    conversation = _trim([_turn_message(turn) for turn in history], budget - fixed - _cost(examples))
    return [{"role": "system", "content": system}, *examples, *conversation, *tail]


def _turn_message(turn: Turn) -> Message:
    if turn.is_bot:
        return {"role": "assistant", "content": turn.content}
    name = turn.author_name or "someone"
    return {"role": "user", "content": f"{name}: {turn.content}"}


def _cost(messages: Sequence[Message]) -> int:
    return sum(estimate_tokens(message["content"]) + _PER_MESSAGE_TOKENS for message in messages)


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
    room_chars = max((budget - _PER_MESSAGE_TOKENS - estimate_tokens(CUT_NOTE)) * 4, 200)
    return {"role": message["role"], "content": f"{message['content'][:room_chars]}\n{CUT_NOTE}"}
