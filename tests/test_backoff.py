from bot.backoff import Backoff, HeldFor


def test_full_jitter_grows_to_the_cap_and_never_gives_up() -> None:
    ceilings: list[float] = []
    backoff = Backoff(1.0, 60.0, rng=lambda low, high: ceilings.append(high) or high)
    delays = [backoff.next_delay() for _ in range(100)]
    assert ceilings[:7] == [1, 2, 4, 8, 16, 32, 60]
    assert max(delays) == 60 and backoff.attempt == 100  # a hundred tries, still going


def test_draws_are_between_zero_and_the_ceiling() -> None:
    backoff = Backoff(1.0, 60.0)
    for _ in range(50):
        ceiling = backoff.ceiling()
        assert 0 <= backoff.next_delay() <= ceiling


def test_reset_after_a_connection_that_held() -> None:
    now = [0.0]
    held = HeldFor(60.0, clock=lambda: now[0])
    held.start()
    now[0] = 30.0
    assert not held.stop()
    held.start()
    now[0] = 95.0
    assert held.stop()
    assert not held.stop()  # nothing measured any more
