"""The first reply imports nothing on the UI thread and does not freeze it (a fresh process each time).

The app no longer imports, before its loop, what the bot loads on first use (openai's chat
resources, Pillow...: 35 MB of idle memory): the supervisor imports openai where it builds the
model client, Pillow is imported where pictures are decoded, both in worker threads, and the shell
warms up in a worker thread what the first reply would otherwise import on the loop (anyio's
asyncio backend, `desktop.shell.FIRST_REPLY_MODULES`). tests/desktop/first_reply_probe.py answers
one mention in a fresh interpreter and reports the modules first imported meanwhile, by thread,
and the longest stall; `python -m tests.benchmarks.bench_ui_stalls` measures the same per phase.
The stall limit has the same generous margin as tests/desktop/settings/test_ui_stalls.py (the
target is 50 ms; a loaded 2-core machine must not make this flaky).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.desktop.conftest import REPO_ROOT, UNCLEAN_OUTPUT

STALL_LIMIT = 0.25


def test_the_first_reply_imports_nothing_on_the_ui_thread_and_does_not_stall_it() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAMILIAR_")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.desktop.first_reply_probe"],
        cwd=REPO_ROOT,
        env={**env, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert not [marker for marker in UNCLEAN_OUTPUT if marker in done.stderr], done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["exit"] == 0
    assert result["loop_imports"] == [], result
    assert result["longest_stall"] < STALL_LIMIT, result
