"""Lorebook cost per reply: a 2,000-entry World Info book scanned against 4 recent messages.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_lorebook [--entries 2000] [--runs 2000] [--seed 1] [--profile FILE]

The book is generated from a fixed seed to look like a big real one: invented
names (2-4 keys an entry, a few of them two words), 5% of entries with a
/regex/ key, 15% selective with secondary keys (every logic), 0.25% constant,
5% substring (not whole-word) entries, some Japanese keys, contents of 40-120
words that mention other entries (so recursion has work to do), several
positions and inclusion groups. The 4 messages are Discord-style lines with
speaker names, mentioning a handful of keys.

Measured:
- parse: `Lorebook.from_character_book` of the card's dict (what a new card version costs once);
- compile: `compile_lorebook` on a fresh Lorebook (once per version, then cached on the object);
- first activate after compile: nothing remembered yet (every message and entry text is new);
- activate: `activate()` on the compiled book, default settings (recursion on, 25% of an 8,192
  context minus the 512-token reply), the macro renderer an identity; p50/p99 over --runs calls.
  "1 new message" slides the 4-message window one message per call, as a channel does (the
  headline figure); "4 new messages" scans 4 never-seen messages each call; the last two rows
  repeat the same 4 messages, without recursion and with a 200k-token budget (recursion runs
  until nothing new fires: about 1,300 entries inserted);
- build_messages: `bot.prompt.build_messages` for the same channel (50 remembered turns), without lore,
  for scale: the lorebook adds its activation time to every prompt.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bot.characters import Character
from bot.lorebook import ScanSettings, activate, compile_lorebook
from bot.memory import Turn
from bot.presets import BUILTIN_PRESETS
from bot.prompt import build_messages
from bot.world_info import Lorebook

TARGET_P50_MS = 2.0
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mel",
    "an",
    "dor",
    "vey",
    "lis",
    "gar",
    "eth",
    "ul",
    "mo",
    "sen",
    "tha",
    "bri",
    "ock",
    "zan",
    "fey",
    "ro",
    "quin",
]
WORDS = [
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "was",
    "he",
    "she",
    "it",
    "that",
    "for",
    "on",
    "as",
    "with",
    "his",
    "her",
    "they",
    "at",
    "by",
    "this",
    "had",
    "from",
    "old",
    "river",
    "city",
    "guard",
    "sword",
    "tower",
    "night",
    "king",
    "queen",
    "storm",
    "ship",
    "forest",
    "mountain",
    "letter",
    "gold",
    "magic",
    "village",
    "market",
    "bridge",
    "temple",
    "shadow",
    "fire",
    "winter",
    "road",
    "dragon",
    "council",
    "secret",
    "war",
]
JAPANESE = ["東京", "京都", "桜", "忍者", "侍", "月光", "雷神", "狐"]


def invented(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def build_book(entries: int, seed: int) -> tuple[dict[str, Any], list[str]]:
    """A card `character_book` dict and the names it uses."""
    rng = random.Random(seed)
    names = sorted({invented(rng) for _ in range(entries * 3)})
    rng.shuffle(names)
    book_entries: list[dict[str, Any]] = []
    for index in range(entries):
        own = names[index * 2 : index * 2 + 2]
        keys = list(own)
        if rng.random() < 0.3:
            keys.append(f"{own[0]} {rng.choice(['Keep', 'Vale', 'Order', 'Clan'])}")
        if rng.random() < 0.05:
            keys.append(f"/{own[0][:3].lower()}[a-z]+(?:ian|ite)s?/i")
        if rng.random() < 0.03:
            keys.append(rng.choice(JAPANESE))
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 120))]
        for _ in range(2):  # mentions of other entries: recursion fodder
            words.insert(rng.randrange(len(words)), rng.choice(names[: entries * 2]))
        entry: dict[str, Any] = {
            "id": index,
            "keys": keys,
            "content": f"{own[0]}: " + " ".join(words) + ".",
            "enabled": True,
            "insertion_order": rng.randint(0, 500),
            "position": rng.choice(["before_char", "after_char"]),
            "use_regex": True,
            "extensions": {"depth": 4, "probability": 100, "useProbability": True},
        }
        roll = rng.random()
        if roll < 0.15:
            entry["selective"] = True
            entry["secondary_keys"] = [rng.choice(WORDS[20:]), rng.choice(names)]
            entry["extensions"]["selectiveLogic"] = rng.randint(0, 3)
        elif roll < 0.1525:
            entry["constant"] = True
        elif roll < 0.2025:
            entry["extensions"]["match_whole_words"] = False
        if rng.random() < 0.1:
            entry["extensions"]["position"] = 4
            entry["extensions"]["role"] = rng.randint(0, 2)
        if rng.random() < 0.05:
            entry["extensions"]["group"] = f"group{rng.randint(0, 20)}"
        book_entries.append(entry)
    return {"name": "Benchmark World", "entries": book_entries}, names


def build_conversation(names: list[str], seed: int, count: int) -> list[str]:
    """`count` distinct Discord-style lines, speaker names included, each mentioning two or three keys."""
    rng = random.Random(seed + 1)
    speakers = ["alice", "bob", "Seraphina", "carol"]
    lines = []
    for index in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(30, 60))]
        for _ in range(rng.randint(2, 3)):
            words.insert(rng.randrange(len(words)), rng.choice(names[:4000]))
        lines.append(f"{speakers[index % 4]}: " + " ".join(words).capitalize() + f"? ({index})")
    return lines


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        gc.enable()
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def main(args: argparse.Namespace) -> int:
    raw, names = build_book(args.entries, args.seed)
    conversation = build_conversation(names, args.seed, 5 * args.runs + 16)
    messages = conversation[:4]
    keys = sum(len(e["keys"]) + len(e.get("secondary_keys", [])) for e in raw["entries"])
    print(f"{args.entries} entries, {keys} keys; 4 messages of {sum(len(m) for m in messages)} characters")
    settings = ScanSettings(context_tokens=8192 - 512)  # the preset's context minus its reply

    cold_runs = max(3, args.runs // 200)
    parse = timed(lambda: Lorebook.from_character_book(raw), cold_runs)
    fresh_books = [Lorebook.from_character_book(raw) for _ in range(cold_runs)]
    compile_times = timed(lambda: compile_lorebook(fresh_books.pop()), cold_runs)
    fresh_books = [Lorebook.from_character_book(raw) for _ in range(cold_runs)]
    for fresh in fresh_books:
        compile_lorebook(fresh)
    # The first reply after a (re)compile: nothing is remembered yet.
    first = timed(lambda: activate([fresh_books.pop()], messages, settings), cold_runs)

    book = Lorebook.from_character_book(raw)
    compiled = compile_lorebook(book)
    result = activate([book], messages, settings)
    print(
        f"activation: {len(result.fired)} inserted ({result.tokens_used}/{result.budget} tokens), "
        f"{len(result.dropped)} dropped, {result.steps} passes; {len(compiled.keys)} distinct keys compiled"
    )
    big = ScanSettings(token_budget=200_000)
    deep = activate([book], messages, big)
    print(
        f"with a 200k-token budget: {len(deep.fired)} inserted ({deep.tokens_used} tokens), "
        f"{deep.steps} passes (the deepest recursion this book reaches)"
    )

    # Steady state: the window slides one message per reply, as in a channel (3 of the 4 seen before).
    slide = iter(range(4, 4 + args.runs))
    steady = timed(lambda: activate([book], conversation[(i := next(slide)) - 4 : i], settings), args.runs)
    # Four messages never seen before (a busy channel, or the first reply after a restart).
    unseen = iter(range(args.runs + 8, len(conversation) - 4, 4))
    four_new = timed(lambda: activate([book], conversation[(i := next(unseen)) : i + 4], settings), args.runs)
    flat = timed(
        lambda: activate([book], messages, ScanSettings(context_tokens=8192 - 512, recursive=False)), args.runs
    )
    unbounded = timed(lambda: activate([book], messages, big), max(20, args.runs // 50))

    character = Character(name="Seraphina", description="A guardian of the forest. " * 20, personality="kind")
    history = [
        Turn(author_id=i % 3, author_name=["alice", "bob", "carol"][i % 3], content=messages[i % 4], is_bot=i % 4 == 3)
        for i in range(50)
    ]
    preset = BUILTIN_PRESETS["balanced"]
    prompt = timed(lambda: build_messages(character, preset, history, user="alice"), args.runs)

    if args.profile:
        profiler = cProfile.Profile()
        slide = iter(range(4, 4 + args.runs))
        profiler.enable()
        for _ in range(args.runs):
            i = next(slide)
            activate([book], conversation[i - 4 : i], settings)
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"cProfile of {args.runs} steady-state activations written to {args.profile}")

    rows = [
        ("parse character_book (cold)", parse),
        ("compile (once per book version)", compile_times),
        ("first activate after compile", first),
        ("activate, 1 new message (steady)", steady),
        ("activate, 4 new messages", four_new),
        ("activate, no recursion, seen messages", flat),
        ("activate, 200k budget, seen messages", unbounded),
        ("build_messages, no lore", prompt),
    ]
    print(f"\n| {'step':<38} | {'p50 ms':>8} | {'p99 ms':>8} | {'mean ms':>8} | runs |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 10}|{'-' * 10}|------|")
    for name, samples in rows:
        print(
            f"| {name:<38} | {percentile(samples, 50):8.3f} | {percentile(samples, 99):8.3f} | "
            f"{statistics.fmean(samples):8.3f} | {len(samples):>4} |"
        )
    p50 = percentile(steady, 50)
    verdict = "meets" if p50 <= TARGET_P50_MS else "MISSES"
    print(
        f"\nAdded to every prompt (steady state): p50 {p50:.3f} ms, p99 {percentile(steady, 99):.3f} ms "
        f"({verdict} the {TARGET_P50_MS} ms p50 target); 4 new messages: p50 {percentile(four_new, 50):.3f} ms"
    )
    return 0 if p50 <= TARGET_P50_MS else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=2000, help="entries in the generated book (default 2000)")
    parser.add_argument("--runs", type=int, default=2000, help="timed activations (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", metavar="FILE", help="cProfile the warm activations into FILE")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(main(parse_args()))
