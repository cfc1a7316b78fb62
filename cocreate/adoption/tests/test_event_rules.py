"""Who may run information events and who may sign up, role by role; a refused request changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.event_models import EventSignup, InformationEvent
from cocreate.adoption.events import event_cancel, event_create, event_signup, event_update
from cocreate.adoption.tests import test_rules
from cocreate.core.errors import NotPermitted
from cocreate.moderation.actions import suspension_create

pytestmark = pytest.mark.django_db

# The roles and the campaigns of the adoption rules' matrix.
ROLES, MANAGES = test_rules.ROLES, test_rules.MANAGES
person, campaign_in = test_rules.person, test_rules.campaign_in


def _times():
    start = timezone.now() + dt.timedelta(days=2)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=1)}


@pytest.fixture
def event_in(campaign_in, official):
    def make(stage="running") -> InformationEvent:
        return event_create(
            actor=official,
            campaign=campaign_in(stage),
            title="Session",
            place="Library",
            language="English",
            **_times(),
        )

    return make


def _state():
    return (
        tuple(InformationEvent.objects.order_by("pk").values_list("title", "cancelled_at", "signup_count")),
        EventSignup.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_announcing_an_event_is_for_the_public_bodys_officials(campaign_in, person, role):
    campaign, who = campaign_in("running"), person(role)
    fields = {"title": "Session", "place": "Library", "language": "English", **_times()}
    if role in MANAGES:
        event_create(actor=who, campaign=campaign, **fields)
        assert InformationEvent.objects.count() == 1
    else:
        with pytest.raises(NotPermitted):
            event_create(actor=who, campaign=campaign, **fields)
        assert InformationEvent.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_changing_and_cancelling_an_event_is_for_the_public_bodys_officials(event_in, person, role):
    event, who = event_in(), person(role)
    before = _state()
    if role in MANAGES:
        event_update(actor=who, event=event, title="Renamed")
        event_cancel(actor=who, event=event)
        event.refresh_from_db()
        assert (event.title, event.is_cancelled) == ("Renamed", True)
    else:
        with pytest.raises(NotPermitted):
            event_update(actor=who, event=event, title="Renamed")
        with pytest.raises(NotPermitted):
            event_cancel(actor=who, event=event)
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_who_may_see_the_campaign_may_sign_up(event_in, person, role):
    event, who = event_in(), person(role)
    before = _state()
    if role == "visitor":
        with pytest.raises(NotPermitted):
            event_signup(actor=who, event=event)
        assert _state() == before
    else:
        event_signup(actor=who, event=event)
        assert EventSignup.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_an_invited_only_campaigns_events_are_for_its_officials(make_challenge_in, person, role, official):
    from cocreate.adoption.models import Campaign

    challenge = make_challenge_in(stage="adoption", visibility="invited")
    campaign = Campaign.objects.create(
        stage=challenge.stages.get(), challenge=challenge, organisation=challenge.organisation, title="Cards"
    )
    event = event_create(actor=official, campaign=campaign, title="S", place="L", language="English", **_times())
    assert person(role).has_perm("adoption.signup_informationevent", event) is (role in MANAGES)


def test_a_suspended_resident_may_not_sign_up_and_nothing_changes(event_in, make_user, org_admin):
    event, resident = event_in(), make_user()
    adoption_report_submit(reporter=resident, campaign=event.campaign, step="tried")  # a participant of the body
    suspension_create(actor=org_admin, user=resident, organisation=event.campaign.organisation, reason="Spam.", days=3)
    resident = type(resident).objects.get(pk=resident.pk)
    before = _state()
    with pytest.raises(NotPermitted):
        event_signup(actor=resident, event=event)
    assert _state() == before
