"""Ambassadors: becoming one (alone or for a partner organisation), stopping, and the counts their links' reports
keep, moving exactly as the funnel's do. A refused request changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.ambassadors import ambassador_start, ambassador_stop
from cocreate.adoption.errors import AlreadyAmbassador, OrganisationHasAmbassador, OrganisationNotPartner
from cocreate.adoption.models import AdoptionReport, Ambassador, FunnelCount
from cocreate.core.errors import NotPermitted
from cocreate.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _funnel(campaign) -> dict[str, int]:
    counts = {}
    for step, count in FunnelCount.objects.filter(campaign=campaign).values_list("step", "count"):
        counts[step] = counts.get(step, 0) + count
    return counts


def _counts(ambassador) -> dict[str, int]:
    ambassador.refresh_from_db()
    return ambassador.counts


def test_an_ambassador_gets_a_short_url_safe_code(campaign, citizen):
    ambassador = ambassador_start(actor=citizen, campaign=campaign)
    assert len(ambassador.code) == 8
    assert ambassador.code.replace("-", "").replace("_", "").isalnum()


def test_codes_differ_between_ambassadors(campaign, make_user):
    codes = {ambassador_start(actor=make_user(), campaign=campaign).code for _ in range(5)}
    assert len(codes) == 5


def test_a_new_ambassador_is_active_with_no_counts(campaign, citizen):
    ambassador = ambassador_start(actor=citizen, campaign=campaign)
    assert (ambassador.is_active, ambassador.counts, ambassador.organisation_id) == (
        True,
        {"heard": 0, "tried": 0, "regular": 0, "recommend": 0},
        None,
    )


def test_one_ambassadorship_per_person_and_campaign(campaign, citizen):
    ambassador_start(actor=citizen, campaign=campaign)
    with pytest.raises(AlreadyAmbassador):
        ambassador_start(actor=citizen, campaign=campaign)
    assert Ambassador.objects.count() == 1


def test_a_visitor_cannot_become_an_ambassador(campaign):
    with pytest.raises(NotPermitted):
        ambassador_start(actor=AnonymousUser(), campaign=campaign)
    assert Ambassador.objects.count() == 0


def test_nobody_becomes_an_ambassador_once_the_stage_ended(campaign, citizen):
    campaign.stage.ends_at = timezone.now() - dt.timedelta(days=1)
    campaign.stage.save()
    with pytest.raises(NotPermitted):
        ambassador_start(actor=citizen, campaign=campaign)
    assert Ambassador.objects.count() == 0


def test_a_member_acts_for_a_partner_organisation(campaign, partner, partner_member):
    ambassador = ambassador_start(actor=partner_member, campaign=campaign, organisation=partner)
    assert ambassador.organisation == partner


def test_a_non_member_may_not_act_for_a_partner_organisation(campaign, partner, citizen):
    with pytest.raises(OrganisationNotPartner):
        ambassador_start(actor=citizen, campaign=campaign, organisation=partner)
    assert Ambassador.objects.count() == 0


def test_a_member_may_not_act_for_an_organisation_that_is_not_a_partner(campaign, make_user):
    stranger = Organisation.objects.create(name="Elsewhere", slug="elsewhere", kind="partner", partner_type="ngo")
    user = make_user()
    Membership.objects.create(user=user, organisation=stranger, role=Membership.Role.ADMIN)
    with pytest.raises(OrganisationNotPartner):
        ambassador_start(actor=user, campaign=campaign, organisation=stranger)
    assert Ambassador.objects.count() == 0


def test_one_active_ambassadorship_per_organisation_and_campaign(campaign, partner, partner_member, make_user):
    ambassador_start(actor=partner_member, campaign=campaign, organisation=partner)
    colleague = make_user()
    Membership.objects.create(user=colleague, organisation=partner, role=Membership.Role.MODERATOR)
    with pytest.raises(OrganisationHasAmbassador):
        ambassador_start(actor=colleague, campaign=campaign, organisation=partner)
    assert Ambassador.objects.count() == 1


def test_a_colleague_takes_over_once_the_organisations_ambassador_stopped(campaign, partner, partner_member, make_user):
    first = ambassador_start(actor=partner_member, campaign=campaign, organisation=partner)
    ambassador_stop(actor=partner_member, ambassador=first)
    colleague = make_user()
    Membership.objects.create(user=colleague, organisation=partner, role=Membership.Role.MODERATOR)
    assert ambassador_start(actor=colleague, campaign=campaign, organisation=partner).organisation == partner


def test_stopping_keeps_the_counts(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="tried", ambassador=ambassador)
    ambassador_stop(actor=ambassador.user, ambassador=ambassador)
    assert (Ambassador.objects.get().is_active, _counts(ambassador)["tried"]) == (False, 1)


def test_someone_else_may_not_stop_an_ambassador(campaign, ambassador, citizen):
    with pytest.raises(NotPermitted):
        ambassador_stop(actor=citizen, ambassador=ambassador)
    assert Ambassador.objects.get().is_active is True


def test_starting_again_keeps_the_link_and_the_counts(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="heard", ambassador=ambassador)
    ambassador_stop(actor=ambassador.user, ambassador=ambassador)
    again = ambassador_start(actor=ambassador.user, campaign=campaign)
    assert (again.pk, again.code, again.is_active, _counts(again)["heard"]) == (
        ambassador.pk,
        ambassador.code,
        True,
        1,
    )


# --- counts ---------------------------------------------------------------------------------------------------------


def test_a_visitors_report_by_the_link_counts_for_the_ambassador(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="regular", ambassador=ambassador)
    assert _counts(ambassador) == {"heard": 0, "tried": 0, "regular": 1, "recommend": 0}


def test_a_report_by_the_link_names_the_ambassador_and_not_the_visitor(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="tried", ambassador=ambassador)
    report = AdoptionReport.objects.get()
    assert (report.ambassador_id, report.reporter_id) == (ambassador.pk, None)


def test_a_persons_later_report_moves_the_ambassadors_counts_as_the_funnel(campaign, ambassador, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="heard", ambassador=ambassador)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="recommend")
    assert _counts(ambassador) == {"heard": 0, "tried": 0, "regular": 0, "recommend": 1}
    assert _funnel(campaign) == _counts(ambassador)


def test_the_same_step_again_moves_nothing(campaign, ambassador, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", ambassador=ambassador)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", reason="Still trying.")
    assert _counts(ambassador)["tried"] == 1


def test_the_first_link_keeps_the_person(campaign, ambassador, citizen, make_user):
    other = ambassador_start(actor=make_user(), campaign=campaign)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="heard", ambassador=ambassador)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", ambassador=other)
    assert (_counts(ambassador)["regular"], other.brought, AdoptionReport.objects.get().ambassador_id) == (
        1,
        0,
        ambassador.pk,
    )


def test_a_person_who_reported_before_is_not_brought_by_a_link_later(campaign, ambassador, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="heard")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", ambassador=ambassador)
    assert (_counts(ambassador)["regular"], AdoptionReport.objects.get().ambassador_id) == (0, None)


def test_an_ambassador_does_not_bring_themselves(campaign, ambassador):
    adoption_report_submit(reporter=ambassador.user, campaign=campaign, step="regular", ambassador=ambassador)
    assert (AdoptionReport.objects.get().ambassador_id, _counts(ambassador)["regular"]) == (None, 0)


def test_a_stopped_ambassadors_link_brings_nobody(campaign, ambassador):
    ambassador_stop(actor=ambassador.user, ambassador=ambassador)
    ambassador.refresh_from_db()
    adoption_report_submit(reporter=None, campaign=campaign, step="heard", ambassador=ambassador)
    assert (AdoptionReport.objects.get().ambassador_id, _counts(ambassador)["heard"]) == (None, 0)


def test_an_ambassador_of_another_campaign_brings_nobody_here(campaign, ambassador, make_challenge_in, official):
    from cocreate.adoption.actions import campaign_create

    challenge = make_challenge_in(stage="adoption", start=-5, end=30, title="Parking permits")
    other = campaign_create(
        actor=official, stage=challenge.stages.get(), title="Parking", service="Permits.", how_to_use="Online."
    )
    adoption_report_submit(reporter=None, campaign=other, step="heard", ambassador=ambassador)
    assert (AdoptionReport.objects.get().ambassador_id, _counts(ambassador)["heard"]) == (None, 0)


def test_the_ambassadors_counts_add_up_to_the_funnel_of_the_reports_they_brought(campaign, ambassador, make_user):
    people = [make_user() for _ in range(3)]
    for person, step in zip(people, ["heard", "tried", "regular"], strict=True):
        adoption_report_submit(reporter=person, campaign=campaign, step=step, ambassador=ambassador)
    adoption_report_submit(reporter=people[0], campaign=campaign, step="regular")
    adoption_report_submit(reporter=people[2], campaign=campaign, step="tried")
    assert _counts(ambassador) == {"heard": 0, "tried": 2, "regular": 1, "recommend": 0}
    assert _funnel(campaign) == _counts(ambassador)
