"""Leave what start-up made out of the garbage collector's full collections.

A full collection looks at every object the collector tracks and holds the GIL
meanwhile: the loop (which is also the tray's UI thread) and every reply stop. With
discord.py, pydantic and the openai SDK imported that is about 120,000 objects, and a
collection set off in the middle of 20 busy channels took 50-55 ms (README, Benchmarks),
long enough to freeze the UI and to line every channel's next step up behind it. Frozen,
those objects are never looked at again; a full collection then sees only what the app
made since (3-4 ms in the same run).

When: once the modules are imported and the supervisor has built what lasts the whole run
(settings, stores, the model client), but before it has connected: a connection's
objects (its guilds, channels, members) become garbage when a reconnect replaces them,
and a frozen cycle is never freed. (At most the first client object, not yet logged in,
is frozen with the rest: a few hundred objects.) No collection first: it would cost as
much as the pause avoided, and the little garbage start-up left is simply kept. Called
by the entry points (headless, the tray app), not by the supervisor: tests start many
supervisors in one process.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def freeze_startup_objects() -> int:
    """Move every object the collector tracks now into its permanent generation; how many are frozen."""
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.debug("%d start-up objects left out of garbage collections", frozen)
    return frozen
