"""decisions.vote_decision as a role × stage matrix: who may vote, while the vote stage runs and after."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.decisions.models import Decision
from cocreate.decisions.tests import voting_fixtures

pytestmark = pytest.mark.django_db
make_vote = voting_fixtures.make_vote


@pytest.fixture
def people(citizen, official, admin_user, moderator, make_user, city):
    from cocreate.moderation.models import Suspension

    suspended = make_user(display_name="Sam Suspended")
    Suspension.objects.create(
        user=suspended,
        organisation=city,
        reason="Spam.",
        ends_at=timezone.now() + timezone.timedelta(days=3),
        created_by=moderator,
    )
    return {
        "anonymous": AnonymousUser(),
        "resident": citizen,
        "official": official,
        "superuser": admin_user,
        "suspended": type(suspended).objects.get(pk=suspended.pk),
    }


# role -> (may vote while the stage runs, may vote after it closed); superusers pass every rule: ballot_cast itself
# refuses them once voting closed.
EXPECTED = {
    "anonymous": (False, False),
    "resident": (True, False),
    "official": (True, False),
    "superuser": (True, True),
    "suspended": (False, False),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("stage", ["open", "closed"])
def test_who_may_vote(make_vote, people, role, stage):
    vote = make_vote("approval", **({"start": -10, "end": -1} if stage == "closed" else {}))
    allowed = EXPECTED[role][0 if stage == "open" else 1]
    assert people[role].has_perm("decisions.vote_decision", vote.decision) is allowed


def test_a_codes_only_vote_is_not_for_signed_in_residents(make_vote, citizen):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    assert citizen.has_perm("decisions.vote_decision", vote.decision) is False


def test_voting_ends_when_the_count_starts(make_vote, citizen):
    vote = make_vote("approval")
    vote.decision.results = Decision.Results.TALLYING
    assert citizen.has_perm("decisions.vote_decision", vote.decision) is False


def test_a_challenge_not_public_hides_its_vote(make_vote, citizen):
    vote = make_vote("approval")
    vote.decision.public = False
    assert citizen.has_perm("decisions.vote_decision", vote.decision) is False
