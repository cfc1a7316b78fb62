"""Who may do what, role × stage: officials of the challenge's public body and administrators run the campaign,
everyone who may see the challenge reads it, and anyone reports while its adoption stage runs. A refused request
changes nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.adoption.actions import adoption_report_submit, campaign_create, campaign_update, segment_add
from cocreate.adoption.models import AdoptionReport, Campaign, FunnelCount, Segment
from cocreate.core.errors import NotPermitted
from cocreate.moderation.actions import suspension_create
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "resident", "official", "official_elsewhere", "admin"]
STAGES = ["running", "ended", "upcoming", "not_adoption"]


@pytest.fixture
def person(make_user, official, other_city, admin_user):
    def make(role):
        if role == "visitor":
            return AnonymousUser()
        if role == "official":
            return official
        if role == "admin":
            return admin_user
        user = make_user()
        if role == "official_elsewhere":
            department = department_create(organisation=other_city, name="Libraries")
            membership_grant(user=user, organisation=other_city, role=Membership.Role.OFFICIAL, department=department)
        return user

    return make


@pytest.fixture
def campaign_in(make_challenge_in):
    def make(stage: str) -> Campaign:
        dates = {"running": (-5, 60), "ended": (-60, -5), "upcoming": (5, 60), "not_adoption": (-5, 60)}[stage]
        challenge = make_challenge_in(
            stage="idea_collection" if stage == "not_adoption" else "adoption", start=dates[0], end=dates[1]
        )
        # Written directly: the campaign exists whatever the stage, so that every rule is tried on it.
        return Campaign.objects.create(
            stage=challenge.stages.get(), challenge=challenge, organisation=challenge.organisation, title="Cards"
        )

    return make


def _state():
    return (
        AdoptionReport.objects.count(),
        Segment.objects.count(),
        tuple(FunnelCount.objects.order_by("pk").values_list("count", flat=True)),
        tuple(Campaign.objects.order_by("pk").values_list("title", "where", "report_count")),
    )


MANAGES = {"official", "admin"}


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_reporting_is_allowed_to_anyone_exactly_while_the_adoption_stage_runs(campaign_in, person, role, stage):
    campaign, who = campaign_in(stage), person(role)
    before = _state()
    if stage == "running":
        adoption_report_submit(reporter=who, campaign=campaign, step="tried")
        assert AdoptionReport.objects.count() == before[0] + 1
    else:
        with pytest.raises(NotPermitted):
            adoption_report_submit(reporter=who, campaign=campaign, step="tried")
        assert _state() == before


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_changing_the_campaign_is_for_the_public_bodys_officials_in_every_stage(campaign_in, person, role, stage):
    campaign, who = campaign_in(stage), person(role)
    before = _state()
    if role in MANAGES:
        campaign_update(actor=who, campaign=campaign, where="Town hall")
        assert Campaign.objects.get(pk=campaign.pk).where == "Town hall"
    else:
        with pytest.raises(NotPermitted):
            campaign_update(actor=who, campaign=campaign, where="Town hall")
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_segment_is_for_the_public_bodys_officials(campaign_in, person, role):
    campaign, who = campaign_in("running"), person(role)
    before = _state()
    if role in MANAGES:
        segment_add(actor=who, campaign=campaign, name="Seniors", goal=10)
        assert Segment.objects.count() == before[1] + 1
    else:
        with pytest.raises(NotPermitted):
            segment_add(actor=who, campaign=campaign, name="Seniors", goal=10)
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_starting_a_campaign_is_for_the_public_bodys_officials(make_challenge_in, person, role):
    stage, who = make_challenge_in(stage="adoption").stages.get(), person(role)
    if role in MANAGES:
        campaign_create(actor=who, stage=stage, title="Cards", service="x", how_to_use="y")
        assert Campaign.objects.count() == 1
    else:
        with pytest.raises(NotPermitted):
            campaign_create(actor=who, stage=stage, title="Cards", service="x", how_to_use="y")
        assert Campaign.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_a_public_campaign(campaign_in, person, role):
    assert person(role).has_perm("adoption.view_campaign", campaign_in("running")) is True


@pytest.mark.parametrize("role", ROLES)
def test_only_invited_members_and_officials_read_an_invited_only_campaign(make_challenge_in, person, role):
    challenge = make_challenge_in(stage="adoption", visibility="invited")
    campaign = Campaign.objects.create(
        stage=challenge.stages.get(), challenge=challenge, organisation=challenge.organisation, title="Cards"
    )
    assert person(role).has_perm("adoption.view_campaign", campaign) is (role in MANAGES)


def test_a_suspended_resident_may_not_report_and_nothing_changes(campaign_in, make_user, org_admin):
    campaign, resident = campaign_in("running"), make_user()
    adoption_report_submit(reporter=resident, campaign=campaign, step="tried")  # a participant of the public body
    suspension_create(actor=org_admin, user=resident, organisation=campaign.organisation, reason="Spam.", days=3)
    resident = type(resident).objects.get(pk=resident.pk)  # its standing is read afresh
    before = _state()
    with pytest.raises(NotPermitted):
        adoption_report_submit(reporter=resident, campaign=campaign, step="regular")
    assert _state() == before


# --- ambassadors ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_becoming_an_ambassador_is_for_signed_in_people_while_the_stage_runs(campaign_in, person, role, stage):
    from cocreate.adoption.ambassadors import ambassador_start
    from cocreate.adoption.models import Ambassador

    campaign, who = campaign_in(stage), person(role)
    if stage == "running" and role != "visitor":
        ambassador_start(actor=who, campaign=campaign)
        assert Ambassador.objects.filter(campaign=campaign, user=who).count() == 1
    else:
        with pytest.raises(NotPermitted):
            ambassador_start(actor=who, campaign=campaign)
        assert Ambassador.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_the_list_of_ambassadors_is_for_the_public_bodys_officials(campaign_in, person, role):
    campaign, who = campaign_in("running"), person(role)
    assert who.has_perm("adoption.view_ambassadors", campaign) is (role in MANAGES)


def test_a_suspended_resident_may_not_become_an_ambassador(campaign_in, make_user, org_admin):
    from cocreate.adoption.ambassadors import ambassador_start
    from cocreate.adoption.models import Ambassador

    campaign, resident = campaign_in("running"), make_user()
    adoption_report_submit(reporter=resident, campaign=campaign, step="tried")  # a participant of the public body
    suspension_create(actor=org_admin, user=resident, organisation=campaign.organisation, reason="Spam.", days=3)
    resident = type(resident).objects.get(pk=resident.pk)
    with pytest.raises(NotPermitted):
        ambassador_start(actor=resident, campaign=campaign)
    assert Ambassador.objects.count() == 0
