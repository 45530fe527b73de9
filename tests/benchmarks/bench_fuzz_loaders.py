"""Fuzz every loader for longer than the test suite does, and count the outcomes.

    python -m tests.benchmarks.bench_fuzz_loaders [--examples 3000] [--seed 1] [--only cards|presets|settings|secrets]

Same strategies and checks as tests/test_loader_fuzz.py (cards with their
lorebooks, presets, settings, secrets), run from a fixed seed. For each loader
it prints how many files were tried, accepted (and saved and loaded back
equal), refused with the loader's typed error, or moved aside (settings only),
and how many raised anything else ("untyped") or broke a property (a failed
round trip, a changed file): both must be 0. Exit status 1 if they are not.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, assume, given, seed, settings
from hypothesis import strategies as st

from tests.test_loader_fuzz import ACCEPTED, LOADERS, SET_ASIDE, TYPED
from tests.test_lorebooks_store import check_lorebook, lorebook_files

#: Every loader: cards, presets, settings, secrets, and standalone lorebooks (World Info files).
ALL_LOADERS = {**LOADERS, "lorebooks": (lorebook_files, check_lorebook)}

UNTYPED, BROKEN = "untyped", "property broken"
COLUMNS = (ACCEPTED, TYPED, SET_ASIDE, UNTYPED, BROKEN)


def fuzz(
    files: st.SearchStrategy[bytes], check: Callable[[bytes], str], examples: int, seed_value: int
) -> tuple[Counter[str], list[str]]:
    """Run `check` on `examples` distinct generated files; count outcomes, keep the first few failures."""
    counts: Counter[str] = Counter()
    failures: list[str] = []
    seen: set[bytes] = set()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # nothing is raised, so nothing to shrink
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(files)
    def run(data: bytes) -> None:
        # Hypothesis repeats small files (b"{", b"") often; count each file once.
        assume(data not in seen)
        seen.add(data)
        try:
            outcome = check(data)
        except Exception as exc:  # noqa: BLE001 - counting exactly these is the point
            outcome = BROKEN if isinstance(exc, AssertionError) else UNTYPED
            if len(failures) < 3:
                failures.append(f"{len(data)} bytes {data[:60]!r}...\n{traceback.format_exc(limit=-3)}")
        counts[outcome] += 1

    run()
    return counts, failures


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=3000, help="files per loader (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", choices=sorted(ALL_LOADERS), action="append", help="run only this loader (repeatable)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The loaders warn about every file they refuse; thousands of such lines would bury the table.
    logging.basicConfig(level=logging.CRITICAL)
    header = f"{'loader':<9} {'examples':>8} " + " ".join(f"{c:>15}" for c in COLUMNS) + f" {'seconds':>8}"
    print(header)
    bad = 0
    for name in args.only or ALL_LOADERS:
        files, check = ALL_LOADERS[name]
        started = time.perf_counter()
        counts, failures = fuzz(files, check, args.examples, args.seed)
        elapsed = time.perf_counter() - started
        row = " ".join(f"{counts[c]:>15}" for c in COLUMNS)
        print(f"{name:<9} {sum(counts.values()):>8} {row} {elapsed:>8.1f}", flush=True)
        for failure in failures:
            print(failure, file=sys.stderr)
        bad += counts[UNTYPED] + counts[BROKEN]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
