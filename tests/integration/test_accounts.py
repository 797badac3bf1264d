"""Accounts: argon2 passwords, login throttling, sessions, API tokens hashed and revocable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lifecycle.accounts.login import log_in
from lifecycle.accounts.model import ApiToken, User
from lifecycle.accounts.service import (
    LoginFailed,
    authenticate,
    hash_secret,
    issue_token,
    principal_for_api_token,
    revoke_api_token,
)
from lifecycle.accounts.sessions import (
    SESSION_LIFETIME,
    end_session,
    session_state,
    start_session,
    touch_session,
)
from lifecycle.accounts.throttle import (
    FREE_FAILURES,
    HashGate,
    LoginGuard,
    LoginThrottle,
    LoginThrottled,
)
from lifecycle.errors import ValidationFailed
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role, UnionLevel
from tests import factories

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def test_password_is_argon2_hashed_and_login_returns_the_scoped_principal(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        principal, password = factories.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        stored = u.session.get(User, principal.user_id)
        assert stored is not None
        assert stored.password_hash.startswith("$argon2id$")
        assert password not in stored.password_hash
        logged_in = authenticate(u, principal.username, password, NOW)
        assert logged_in == principal
        assert logged_in.scope.covers_path(tree.unit.path)
        assert not logged_in.scope.covers_path(tree.other_unit.path)
        assert not logged_in.read_scope.covers_path(tree.other_unit.path)


def test_city_officers_read_every_district_of_their_own_city_and_no_other_city(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        leshan = create_union(u, NewUnion("乐山市总工会", UnionLevel.CITY))
        county = create_union(u, NewUnion("市中区总工会", UnionLevel.DISTRICT, leshan.id))
        city, _ = factories.user(u, Role.CITY_OFFICER, tree.city.id)
        admin, _ = factories.user(u, Role.ADMIN, tree.city.id)
        finance, _ = factories.user(u, Role.FINANCE, tree.district.id)
        for reader in (city, admin):
            assert reader.read_scope.covers_path(tree.unit.path)
            assert reader.read_scope.covers_path(tree.other_unit.path)
            # 乐山 is another city's tree: DOMAIN §1 gives a city officer their own city only.
            assert not reader.read_scope.covers_path(county.path)
            assert not reader.read_scope.covers_path(leshan.path)
        assert finance.read_scope.covers_path(tree.unit.path)
        assert not finance.read_scope.covers_path(tree.other_unit.path)


def test_unknown_user_and_wrong_password_get_the_same_refusal(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        principal, _ = factories.user(u, Role.FINANCE, tree.district.id)
        with pytest.raises(LoginFailed) as unknown:
            authenticate(u, "nobody-here", "whatever-password", NOW)
        with pytest.raises(LoginFailed) as wrong:
            authenticate(u, principal.username, "wrong-password!", NOW)
        assert unknown.value.message == wrong.value.message
        assert unknown.value.code == wrong.value.code == "login_failed"


def test_repeated_failures_slow_that_address_down_not_the_account(
    uow: Callable[[], UnitOfWork],
) -> None:
    guard = LoginGuard(LoginThrottle(), HashGate(2, 5.0))
    with uow() as u:
        tree = factories.union_tree(u)
        principal, password = factories.user(u, Role.UNIT_CONTACT, tree.unit.id)
        for _ in range(FREE_FAILURES):
            with pytest.raises(LoginFailed):
                log_in(u, guard, principal.username, "wrong-password!", client="10.0.0.1", now=NOW)
        # Even the right password is refused from that address while it waits ...
        later = NOW + timedelta(seconds=10)
        with pytest.raises(LoginThrottled) as throttled:
            log_in(u, guard, principal.username, password, client="10.0.0.1", now=later)
        assert throttled.value.code == "login_throttled"
        # ... an unknown name from there is not (the count is per name typed and address) ...
        with pytest.raises(LoginFailed):
            log_in(u, guard, "nobody-here", password, client="10.0.0.1", now=later)
        # ... and the user logs in from another address, or from the same one after the wait.
        assert log_in(u, guard, principal.username, password, client="10.0.0.2", now=later)
        after = NOW + timedelta(minutes=1)
        assert log_in(u, guard, principal.username, password, client="10.0.0.1", now=after)


def test_session_gives_principal_and_csrf_until_logout_or_expiry(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        principal, _ = factories.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        ticket = start_session(u, principal, NOW)
        idle = timedelta(minutes=30)
        found = session_state(u, ticket.token, NOW + timedelta(minutes=29), idle)
        assert found is not None
        assert (found.principal, found.csrf_token) == (principal, ticket.csrf_token)
        # Untouched for the idle time, it ends; each request stamped keeps it going, but never
        # past 12 hours from the login.
        assert session_state(u, ticket.token, NOW + idle, idle) is None
        moment = NOW
        while moment + timedelta(minutes=20) < ticket.expires_at:
            moment += timedelta(minutes=20)
            assert touch_session(u, ticket.token, moment, idle)
        assert session_state(u, ticket.token, moment + timedelta(minutes=5), idle) is not None
        assert session_state(u, ticket.token, ticket.expires_at, idle) is None
        assert not touch_session(u, ticket.token, ticket.expires_at, idle)
        assert ticket.expires_at == NOW + SESSION_LIFETIME
        assert session_state(u, "forged", NOW, idle) is None
        end_session(u, ticket.token, NOW + timedelta(minutes=5))
        assert session_state(u, ticket.token, NOW + timedelta(minutes=6), idle) is None


def test_api_token_is_hashed_at_rest_and_revocable(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        principal, _ = factories.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        token = issue_token(u, principal, "统计脚本", NOW).plaintext
        stored = u.session.scalars(select(ApiToken).where(ApiToken.user_id == principal.user_id))
        row = stored.one()
        assert row.token_hash == hash_secret(token)
        assert token not in {row.token_hash, row.name}
        assert principal_for_api_token(u, token, NOW) == principal
        assert row.last_used_at == NOW
        revoke_api_token(u, principal, row.id, NOW + timedelta(minutes=1))
        assert principal_for_api_token(u, token, NOW + timedelta(minutes=2)) is None


def test_weak_password_and_bad_username_are_refused_naming_each_field(
    uow: Callable[[], UnitOfWork],
) -> None:
    from lifecycle.accounts.service import NewUser, create_user

    with uow() as u:
        tree = factories.union_tree(u)
        with pytest.raises(ValidationFailed) as refused:
            create_user(
                u,
                NewUser("X", "", "short", Role.FINANCE, tree.district.id),
                factories.OFFICER,
                scope=EVERYTHING,
            )
        fields = {p.field for p in refused.value.problems}
        assert fields == {"username", "display_name", "password"}


def test_demo_has_one_user_per_role_who_can_log_in(uow: Callable[[], UnitOfWork]) -> None:
    from lifecycle.demo.users import DEMO_PASSWORD, DEMO_USERS, load_demo_users

    with uow() as u:
        tree = factories.union_tree(u)
        body = create_union(u, NewUnion("上海市模具行业协会", UnionLevel.ASSOCIATION, tree.city.id))
        ids = {
            "sh": tree.city.id,
            "yp": tree.district.id,
            "wjc": tree.sector.id,
            "kjl": create_union(
                u, NewUnion("控江路街道总工会", UnionLevel.SECTOR, tree.district.id)
            ).id,
            "rn": tree.unit.id,
            "mj": body.id,
            "ls": factories.leshan_tree(u).city.id,
        }
        # Each demo user whose union this tree has (the other Yangpu units' contacts it has not).
        assert load_demo_users(u, ids, factories.OFFICER) == len(
            [username for username, _, _, key, _ in DEMO_USERS if key in ids]
        )
        assert load_demo_users(u, ids, factories.OFFICER) == 0
        roles = {
            authenticate(u, name, DEMO_PASSWORD, NOW).role
            for name, _, _, key, _ in DEMO_USERS
            if key in ids
        }
        assert roles == set(Role)
