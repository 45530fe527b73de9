"""Exponential backoff with full jitter: the one retry-delay policy of the bot.

Full jitter (a uniform draw between 0 and the exponential ceiling) spreads
reconnect storms; the reset after a connection that held keeps a flaky
network from pushing every later retry to the cap.

`Backoff` itself never gives up; a caller with an attempt limit counts its own
tries. Its users:

- the supervisor's reconnects (`bot/supervisor.py`), capped at a minute;
- discord.py's own reconnect loop, whose waits `discord_compat._CappedBackoff`
  draws from the supervisor's policy (`Backoff.draw`);
- the model client's retries (`bot/llm.py`);
- the catch-up's retries, and its wait after messages failed (`bot/supervisor.py`);
- a reply's send, post and edit retries (`bot/delivery.py`, `bot/personas.py`):
  `Backoff.uncapped`, as their few tries bound the delays.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable


class Backoff:
    def __init__(
        self,
        base: float = 1.0,
        cap: float = 60.0,
        *,
        local_cap: float = 2.0,
        rng: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.base = base
        self.cap = cap
        #: The cap for failures that never reached the server (refused, DNS, no route): trying
        #: again costs the server nothing, and the user wants the bot back as soon as it is.
        self.local_cap = local_cap
        self.attempt = 0
        self._rng = rng

    @classmethod
    def uncapped(cls, base: float) -> Backoff:
        """Delays drawn below `base`, then 2x, 4x...: for a loop whose attempt limit bounds them."""
        return cls(base, math.inf)

    def ceiling(self, attempt: int | None = None, *, local: bool = False) -> float:
        """The largest delay a draw for `attempt` (default: the next one) may give."""
        attempt = self.attempt if attempt is None else attempt
        cap = min(self.cap, self.local_cap) if local else self.cap
        return min(cap, self.base * 2 ** min(max(attempt, 0), 32))

    def draw(self, attempt: int, *, local: bool = False) -> float:
        """A delay for `attempt` (0 = first retry) without counting it: for a loop that counts its own.
        `local`: the failure never reached the server (see `local_cap`)."""
        return self._rng(0, self.ceiling(attempt, local=local))

    def next_delay(self, *, local: bool = False) -> float:
        """Delay before the next attempt; counts the attempt."""
        delay = self.draw(self.attempt, local=local)
        self.attempt += 1
        return delay

    def reset(self) -> None:
        self.attempt = 0


class HeldFor:
    """Measures whether a connection stayed up long enough to reset the backoff."""

    def __init__(self, threshold: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self._clock = clock
        self._since: float | None = None

    def start(self) -> None:
        self._since = self._clock()

    def stop(self) -> bool:
        """Stop measuring; True if the connection held at least `threshold` seconds."""
        since, self._since = self._since, None
        return since is not None and self._clock() - since >= self.threshold
