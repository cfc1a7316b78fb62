"""The permission rules as a matrix: role × the challenge's state × permission.

Stage-gated participation is checked with the predicate that later apps build their permissions from, against a
test stage type that allows everything, so that only the stage's dates decide.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.challenges.rules import can_participate
from cocreate.challenges.stages import Feature
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership

from .conftest import single_stage

ROLES = ["anonymous", "citizen", "invited", "moderator", "official", "other_official", "org_admin", "superuser"]
MANAGERS = {"official", "org_admin", "superuser"}

# The state of the challenge: (publish?, stage type, first day, last day relative to today)
STATES = {
    "draft": (False, "test_participation", -5, 5),
    "upcoming": (True, "test_participation", 3, 10),
    "information_open": (True, "information", -5, 5),
    "participation_open": (True, "test_participation", -5, 5),
    "finished": (True, "test_participation", -10, -3),
}
create_in_stage = can_participate(Feature.CREATE, "challenges.challenge")


@pytest.fixture
def person(request, make_user, other_city, superuser):
    def get(role):
        if role == "anonymous":
            return AnonymousUser()
        if role in {"citizen", "invited", "moderator", "official", "org_admin"}:
            return request.getfixturevalue(role) if role != "invited" else make_user(display_name="Ines Invited")
        if role == "other_official":
            user = make_user(display_name="Olga Elsewhere")
            membership_grant(
                user=user,
                organisation=other_city,
                role=Membership.Role.OFFICIAL,
                department=department_create(organisation=other_city, name="Streets"),
            )
            return user
        return superuser

    return get


def expected_view(role, state, visibility):
    if role in MANAGERS:
        return True
    if state == "draft":
        return False
    return visibility == "public" or role == "invited"


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "invited"])
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(make_challenge, participation_stage_type, person, role, state, visibility):
    publish, stage_type, first, last = STATES[state]
    challenge = make_challenge(
        publish=publish, stage_specs=single_stage(stage_type, first, last), visibility=visibility
    )
    user = person(role)
    if role == "invited":
        challenge.invited.add(user)

    may_view = expected_view(role, state, visibility)
    assert user.has_perm("challenges.view_challenge", challenge) is may_view
    assert user.has_perm("challenges.change_challenge", challenge) is (role in MANAGERS)

    participation_open = state == "participation_open"
    signed_in = role != "anonymous"
    # The predicate itself holds for everyone, superusers included: no one takes part outside an open stage.
    assert create_in_stage.test(user, challenge) is (signed_in and may_view and participation_open)
    follow_open = state in {"information_open", "participation_open"}
    may_follow = signed_in and may_view and follow_open
    # has_perm: Django lets active superusers pass every check.
    assert user.has_perm("challenges.follow_challenge", challenge) is (may_follow or role == "superuser")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_challenges(person, city, other_city, role):
    user = person(role)
    assert user.has_perm("challenges.add_challenge", city) is (role in MANAGERS)
    assert user.has_perm("challenges.add_challenge", other_city) is (role in {"other_official", "superuser"})
    assert user.has_perm("challenges.add_challenge") is (role in MANAGERS | {"other_official"})
