"""Fixtures for the manage area's tests: a running vote with a budget, designs and ideas to put on its ballot, and
officials signed in with a second factor. Import them into a test module."""

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator

from cocreate.conftest import give_second_factor
from cocreate.designs.models import Design, DesignVersion
from cocreate.ideas.models import Idea
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership

from ..actions import decision_for_stage
from ..models import Decision


@pytest.fixture
def vote_challenge(make_challenge_in):
    return make_challenge_in(stage="vote", title="Neighbourhood budget")


@pytest.fixture
def decision(vote_challenge) -> Decision:
    decision = decision_for_stage(vote_challenge.stages.get())
    decision.budgets.update(name="City-wide", amount=Decimal("100000"))
    Decision.objects.filter(pk=decision.pk).update(voters=Decision.Voters.BOTH)
    decision.refresh_from_db()
    return decision


@pytest.fixture
def budget(decision):
    return decision.budgets.get()


def make_ready_design(challenge, author, *, title="Covered bike racks", one_off=30000):
    design = Design.objects.create(
        author=author,
        challenge=challenge,
        organisation=challenge.organisation,
        title=title,
        summary=f"{title}, built and kept.",
        status=Design.Status.READY,
    )
    version = DesignVersion.objects.create(
        design=design, number=1, author=author, content={"costs": [{"item": "Build", "one_off": one_off, "yearly": 0}]}
    )
    Design.objects.filter(pk=design.pk).update(current_version=version, version_count=1)
    design.refresh_from_db()
    return design


@pytest.fixture
def ready_design(vote_challenge, make_user):
    return make_ready_design(vote_challenge, make_user())


@pytest.fixture
def accepted_idea(vote_challenge, make_user):
    return Idea.objects.create(
        author=make_user(),
        challenge=vote_challenge,
        organisation=vote_challenge.organisation,
        title="Benches on Market Square",
        description="Somewhere to sit.",
        status=Idea.Status.ACCEPTED,
    )


@pytest.fixture
def second_official(make_user, city, department):
    user = make_user(display_name="Olga Official")
    membership_grant(user=user, organisation=city, role=Membership.Role.OFFICIAL, department=department)
    return user


@pytest.fixture
def other_official(make_user, other_city):
    user = make_user(display_name="Otto Elsewhere")
    elsewhere = department_create(organisation=other_city, name="Parks")
    membership_grant(user=user, organisation=other_city, role=Membership.Role.OFFICIAL, department=elsewhere)
    return user


@pytest.fixture
def signed_in(client):
    """``signed_in(user)``: the test client as that person, with a second factor where officials need one."""

    def sign_in(user):
        if not Authenticator.objects.filter(user=user).exists():
            give_second_factor(user)
        client.force_login(user)
        return client

    return sign_in
