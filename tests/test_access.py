"""bot.access: who may use the bot, and who is a server admin for it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.access import (
    ADMINISTRATOR,
    BLOCKED,
    DMS_CLOSED,
    DMS_RESTRICTED,
    MANAGE_GUILD,
    NOT_ALLOWED_HERE,
    Decision,
    decide,
    is_admin,
)
from bot.settings import Settings

OWNER = 1
TEAM_MATE = 2
ALICE = 10
BOB = 11
MOD_ROLE = 100
MUTED_ROLE = 101
OWNERS = {OWNER}
TEAM = {OWNER, TEAM_MATE}


def settings(**values: Any) -> Settings:
    return Settings(**values)


def in_server(s: Settings, user: int, roles: tuple[int, ...] = (), owners: set[int] = OWNERS) -> Decision:
    return decide(s, user_id=user, role_ids=roles, in_dm=False, owner_ids=owners)


def in_dm(s: Settings, user: int, owners: set[int] = OWNERS) -> Decision:
    return decide(s, user_id=user, role_ids=(), in_dm=True, owner_ids=owners)


ALLOWED = Decision(True, "")


# -- servers ----------------------------------------------------------------


def test_empty_allow_lists_let_everyone_in() -> None:
    assert in_server(settings(), ALICE) == ALLOWED
    assert in_server(settings(), BOB, (MOD_ROLE,)) == ALLOWED


def test_an_allow_list_of_users_keeps_others_out() -> None:
    s = settings(allowed_users=[ALICE])
    assert in_server(s, ALICE) == ALLOWED
    assert in_server(s, BOB) == Decision(False, NOT_ALLOWED_HERE)


def test_an_allowed_role_lets_its_members_in() -> None:
    s = settings(allowed_roles=[MOD_ROLE])
    assert in_server(s, BOB, (MUTED_ROLE, MOD_ROLE)) == ALLOWED
    assert in_server(s, BOB, (MUTED_ROLE,)) == Decision(False, NOT_ALLOWED_HERE)
    assert in_server(s, BOB) == Decision(False, NOT_ALLOWED_HERE)


def test_users_or_roles_either_one_is_enough() -> None:
    s = settings(allowed_users=[ALICE], allowed_roles=[MOD_ROLE])
    assert in_server(s, ALICE).allowed
    assert in_server(s, BOB, (MOD_ROLE,)).allowed
    assert not in_server(s, BOB).allowed


def test_blocked_users_are_refused_even_when_allowed() -> None:
    s = settings(allowed_users=[ALICE], blocked_users=[ALICE])
    assert in_server(s, ALICE) == Decision(False, BLOCKED)
    assert in_server(settings(blocked_users=[ALICE]), ALICE) == Decision(False, BLOCKED)
    assert in_server(settings(blocked_users=[ALICE]), BOB) == ALLOWED


def test_a_blocked_role_beats_an_allowed_user_or_role() -> None:
    s = settings(allowed_users=[ALICE], allowed_roles=[MOD_ROLE], blocked_roles=[MUTED_ROLE])
    assert in_server(s, ALICE, (MUTED_ROLE,)) == Decision(False, BLOCKED)
    assert in_server(s, BOB, (MOD_ROLE, MUTED_ROLE)) == Decision(False, BLOCKED)
    assert in_server(settings(blocked_roles=[MUTED_ROLE]), BOB, (MUTED_ROLE,)) == Decision(False, BLOCKED)


def test_the_owner_is_always_allowed() -> None:
    s = settings(allowed_users=[ALICE], blocked_users=[OWNER], blocked_roles=[MUTED_ROLE], dm_policy="nobody")
    assert in_server(s, OWNER, (MUTED_ROLE,)) == ALLOWED
    assert in_dm(s, OWNER) == ALLOWED


def test_every_member_of_a_team_is_an_owner() -> None:
    s = settings(allowed_users=[ALICE], dm_policy="nobody")
    assert in_server(s, TEAM_MATE, owners=TEAM) == ALLOWED
    assert in_dm(s, TEAM_MATE, owners=TEAM) == ALLOWED
    assert not in_server(s, TEAM_MATE, owners=OWNERS).allowed


def test_no_owner_known_yet_refuses_by_the_lists_alone() -> None:
    s = settings(allowed_users=[ALICE])
    assert not in_server(s, OWNER, owners=set()).allowed


# -- direct messages ----------------------------------------------------------


def test_dm_policy_defaults_to_allowed_users() -> None:
    assert settings().dm_policy == "allowed_users"
    s = settings(allowed_users=[ALICE])
    assert in_dm(s, ALICE) == ALLOWED
    assert in_dm(s, BOB) == Decision(False, DMS_RESTRICTED)
    assert in_dm(s, OWNER) == ALLOWED


def test_dm_policy_allowed_users_with_an_empty_list_is_owners_only() -> None:
    assert in_dm(settings(), ALICE) == Decision(False, DMS_RESTRICTED)
    assert in_dm(settings(), OWNER) == ALLOWED


def test_allowed_roles_do_not_open_dms() -> None:
    s = settings(allowed_roles=[MOD_ROLE])
    assert not decide(s, user_id=BOB, role_ids=(), in_dm=True, owner_ids=OWNERS).allowed


def test_dm_policy_everyone_lets_all_but_the_blocked_in() -> None:
    s = settings(dm_policy="everyone", allowed_users=[ALICE], blocked_users=[BOB])
    assert in_dm(s, ALICE) == ALLOWED
    assert in_dm(s, 12345) == ALLOWED, "the server allow-list does not close DMs under 'everyone'"
    assert in_dm(s, BOB) == Decision(False, BLOCKED)


def test_dm_policy_nobody_refuses_all_but_owners() -> None:
    s = settings(dm_policy="nobody", allowed_users=[ALICE])
    assert in_dm(s, ALICE) == Decision(False, DMS_CLOSED)
    assert in_dm(s, OWNER) == ALLOWED


def test_a_blocked_user_is_refused_in_dms_even_when_allowed() -> None:
    s = settings(allowed_users=[ALICE], blocked_users=[ALICE])
    assert in_dm(s, ALICE) == Decision(False, BLOCKED)


def test_blocked_roles_passed_for_a_dm_still_block() -> None:
    s = settings(dm_policy="everyone", blocked_roles=[MUTED_ROLE])
    assert decide(s, user_id=BOB, role_ids=(MUTED_ROLE,), in_dm=True, owner_ids=OWNERS) == Decision(False, BLOCKED)


def test_reasons_are_sentences() -> None:
    for reason in (BLOCKED, DMS_CLOSED, DMS_RESTRICTED, NOT_ALLOWED_HERE):
        assert reason[0].isupper() and reason.endswith(".")


# -- admins -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permissions", "roles", "user", "expected"),
    [
        (MANAGE_GUILD, (), ALICE, True),
        (ADMINISTRATOR, (), ALICE, True),
        (MANAGE_GUILD | ADMINISTRATOR | 1, (), ALICE, True),
        ((1 << 11) | (1 << 13), (), ALICE, False),  # send messages, manage messages: not enough
        (0, (MOD_ROLE,), ALICE, True),
        (0, (MUTED_ROLE,), ALICE, False),
        (0, (), OWNER, True),
        (0, (), TEAM_MATE, True),
        (0, (), BOB, False),
    ],
)
def test_is_admin(permissions: int, roles: tuple[int, ...], user: int, expected: bool) -> None:
    s = settings(admin_roles=[MOD_ROLE])
    assert is_admin(s, permissions=permissions, role_ids=roles, user_id=user, owner_ids=TEAM) is expected


def test_no_admin_roles_means_permissions_or_owners_only() -> None:
    assert not is_admin(settings(), permissions=0, role_ids=(MOD_ROLE,), user_id=ALICE, owner_ids=OWNERS)
