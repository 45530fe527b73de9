"""Who may use the bot, and how much: access rules and daily token limits, against the fake servers.

A refused person's message gets no answer and is not remembered; their commands answer
in words only to them. Limits count the model's own `usage`, per UTC day (the clock is
injected, so a test crosses midnight without waiting for it).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.discord_compat import fast_client_options
from bot.settings import Settings
from bot.supervisor import State, Supervisor
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord, User
from tests.fakes.openai_server import FakeModel


class Clock:
    """A wall clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def connected(make_supervisor: SupervisorFactory, settings: Settings, clock: Clock | None = None) -> Supervisor:
    options: dict[str, Any] = {}
    if clock is not None:
        options["client_options"] = {
            **fast_client_options(),
            "reidentify_delay": 0,
            "edit_interval": 0.05,
            "clock": clock,
        }
    supervisor = await make_supervisor(settings, **options)
    await wait_for_state(supervisor, State.CONNECTED)
    return supervisor


async def remembered(supervisor: Supervisor, channel_id: int) -> list[tuple[str, str]]:
    """(author, text) of every message memory holds for the channel, once the bot is idle."""
    assert supervisor.brain is not None and supervisor.client is not None
    await supervisor.client.wait_drained()
    return [(t.author_name, t.content) for t in await supervisor.brain.memory.history(channel_id)]


async def answered(fake: FakeDiscord, message: dict[str, Any]) -> str:
    (reply,) = await fake.wait_for_answers(message)
    return str(reply.message["content"])


async def settle_with(fake: FakeDiscord, supervisor: Supervisor, channel: Any, user: User) -> None:
    """Everything said before is handled: a later message answered means earlier ones were seen."""
    marker = await fake.user_says(channel, user, "marker", mentions_bot=True)
    await fake.wait_for_answers(marker)
    assert supervisor.client is not None
    await supervisor.client.wait_drained()


# ----- who -----


async def test_blocked_people_and_roles_are_ignored_and_not_remembered(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    guild = fake_discord.guild  # type: ignore[attr-defined]
    alice: User = fake_discord.alice  # type: ignore[attr-defined]
    bob, carol = fake_discord.add_user("bob"), fake_discord.add_user("carol")
    muted = fake_discord.add_role(guild, "Muted")
    await fake_discord.give_role(guild, carol, muted)
    supervisor = await connected(make_supervisor, Settings(blocked_users=[bob.id], blocked_roles=[muted.id]))
    general = guild.channel("general")
    for person in (bob, carol):
        await fake_discord.user_says(general, person, f"I am {person.name}", mentions_bot=True)
    await settle_with(fake_discord, supervisor, general, alice)
    assert len(fake_discord.sent) == 1, [s.content for s in fake_discord.sent]  # alice's marker only
    assert [who for who, _ in await remembered(supervisor, general.id)] == ["alice", "Familiar"]
    # Their commands answer them, and only them, that they may not.
    await fake_discord.wait_for(lambda: bool(fake_discord.command_syncs), 10, "the command sync")
    payload = await fake_discord.slash(general, bob, "help")
    assert await fake_discord.wait_for_reply(payload) == "You are not allowed to use this bot."
    assert fake_discord.record_of(payload).ephemeral


async def test_with_an_allow_list_only_the_people_and_roles_on_it_are_answered(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    guild = fake_discord.guild  # type: ignore[attr-defined]
    alice: User = fake_discord.alice  # type: ignore[attr-defined]
    bob, carol = fake_discord.add_user("bob"), fake_discord.add_user("carol")
    players = fake_discord.add_role(guild, "Players")
    await fake_discord.give_role(guild, carol, players)
    supervisor = await connected(make_supervisor, Settings(allowed_users=[alice.id], allowed_roles=[players.id]))
    general = guild.channel("general")
    said = {
        p.name: await fake_discord.user_says(general, p, f"hi from {p.name}", mentions_bot=True) for p in (bob, carol)
    }
    assert await answered(fake_discord, said["carol"]) == "Reply to: carol: @Aria hi from carol"
    await settle_with(fake_discord, supervisor, general, alice)
    assert fake_discord.answers_to(said["bob"]) == []
    assert "bob" not in [who for who, _ in await remembered(supervisor, general.id)]


async def test_direct_messages_follow_the_dm_policy_and_the_owner_is_always_let_in(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    alice: User = fake_discord.alice  # type: ignore[attr-defined]
    owner = fake_discord.app_owner
    supervisor = await connected(make_supervisor, Settings(dm_policy="allowed_users"))  # the default
    refused = await fake_discord.user_says_dm(alice, "hello?")
    assert await answered(fake_discord, await fake_discord.user_says_dm(owner, "it's me")) == "Reply to: owner: it's me"
    assert fake_discord.answers_to(refused) == []
    assert await remembered(supervisor, fake_discord.dm_channel(alice).id) == []

    for policy, alice_answered in (("everyone", True), ("nobody", False)):
        await supervisor.update_settings(
            lambda s, p=policy: s.model_copy(update={"dm_policy": p, "allowed_users": [alice.id]})
        )
        said = await fake_discord.user_says_dm(alice, f"policy {policy}")
        await answered(fake_discord, await fake_discord.user_says_dm(owner, f"owner under {policy}"))
        assert supervisor.client is not None
        await supervisor.client.wait_drained()
        assert bool(fake_discord.answers_to(said)) is alice_answered, policy
    # Allowed people may DM under "allowed_users".
    await supervisor.update_settings(lambda s: s.model_copy(update={"dm_policy": "allowed_users"}))
    assert await answered(fake_discord, await fake_discord.user_says_dm(alice, "listed now")) == (
        "Reply to: alice: listed now"
    )


# ----- how much -----


async def test_a_person_over_the_daily_limit_hears_once_and_is_answered_again_after_utc_midnight(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    clock = Clock()
    alice: User = fake_discord.alice  # type: ignore[attr-defined]
    bob = fake_discord.add_user("bob")
    supervisor = await connected(make_supervisor, Settings(daily_token_limit_per_user=20), clock)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    first = await fake_discord.user_says(general, alice, "a long question that costs tokens", mentions_bot=True)
    await answered(fake_discord, first)
    assert supervisor.client is not None
    await supervisor.client.wait_drained()
    assert fake_model.usages[-1]["total_tokens"] >= 20
    over = await fake_discord.user_says(general, alice, "another", mentions_bot=True)
    notice = await answered(fake_discord, over)
    assert notice == "💤 You have used today's 20 tokens; the count starts over at 00:00 UTC. Resting until then."
    await wait_for_state(supervisor, State.CONNECTED, predicate=lambda s: bool(s.limits_hit))
    ignored = await fake_discord.user_says(general, alice, "and again", mentions_bot=True)
    # bob has his own allowance.
    assert (
        await answered(fake_discord, await fake_discord.user_says(general, bob, "hi", mentions_bot=True))
    ).startswith("Reply to: bob")
    await supervisor.client.wait_drained()
    assert fake_discord.answers_to(ignored) == [] and len(fake_model.completions) == 2
    assert supervisor.brain is not None and await supervisor.brain.memory.was_answered(int(ignored["id"]))

    clock.now += timedelta(hours=2, minutes=1)  # past 00:00 UTC: a new day
    back = await fake_discord.user_says(general, alice, "good morning", mentions_bot=True)
    assert (await answered(fake_discord, back)).startswith("Reply to: alice: @Aria good morning")
    await wait_for_state(supervisor, State.CONNECTED, predicate=lambda s: not s.limits_hit)


async def test_server_and_total_limits_stop_their_scopes(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    clock = Clock()
    alice: User = fake_discord.alice  # type: ignore[attr-defined]
    bob = fake_discord.add_user("bob")
    supervisor = await connected(make_supervisor, Settings(daily_token_limit_per_server=20), clock)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    await answered(
        fake_discord, await fake_discord.user_says(general, alice, "spend the server's tokens", mentions_bot=True)
    )
    assert supervisor.client is not None
    await supervisor.client.wait_drained()
    notice = await answered(fake_discord, await fake_discord.user_says(general, bob, "me too?", mentions_bot=True))
    assert notice.startswith("💤 This server has used today's 20 tokens")
    # A DM is not the server's.
    dm = await fake_discord.user_says_dm(bob, "in private")
    assert (await answered(fake_discord, dm)).startswith("Reply to: bob: in private")
    # The total limit stops everything.
    await supervisor.update_settings(lambda s: s.model_copy(update={"daily_token_limit_total": 30}))
    notice = await answered(fake_discord, await fake_discord.user_says_dm(alice, "anyone?"))
    assert notice.startswith("💤 The bot has used today's 30 tokens")
    await asyncio.wait_for(supervisor.client.wait_drained(), 10)
