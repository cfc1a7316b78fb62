import pytest

from cocreate.challenges.tests.conftest import make_challenge, single_stage, superuser  # noqa: F401
from cocreate.engagement.actions import comment_add
from cocreate.moderation.actions import flag_add
from cocreate.organisations.actions import membership_grant
from cocreate.organisations.models import Membership
from cocreate.problems.tests.conftest import lights, make_problem  # noqa: F401


@pytest.fixture
def other_moderator(make_user, other_city):
    user = make_user(display_name="Otto Elsewhere")
    membership_grant(user=user, organisation=other_city, role=Membership.Role.MODERATOR)
    return user


@pytest.fixture
def make_comment(make_user):
    def make(target, author=None, body="This is rubbish, buy cheap watches at spam.example"):
        return comment_add(author=author or make_user(), target=target, body=body)

    return make


@pytest.fixture
def flagged(make_user):
    """``flagged(item, n)``: n different people flag the item; returns the case."""

    def flag(item, n=1, reason="spam"):
        flag = None
        for _ in range(n):
            flag = flag_add(user=make_user(), item=item, reason=reason)
        return flag.case

    return flag


@pytest.fixture
def exploring_challenge(make_challenge):  # noqa: F811  (the imported fixture)
    return make_challenge(title="Safer crossings", stage_specs=single_stage("exploration", -1, 10))


@pytest.fixture
def person(citizen, moderator, other_moderator, official, org_admin, superuser, with_second_factor):  # noqa: F811
    people = {
        "anonymous": None,
        "citizen": citizen,
        "moderator": moderator,
        "other_moderator": other_moderator,
        "official": official,
        "admin": org_admin,
        "superuser": superuser,
    }

    def get(role):
        user = people[role]
        if user is not None and role in {"official", "admin", "superuser"}:
            with_second_factor(user)
        return user

    return get
