import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cocreate.activity.models import Activity, Link
from cocreate.adoption.actions import (
    adoption_report_submit,
    campaign_create,
    campaign_update,
    month_of,
    segment_add,
    segment_update,
)
from cocreate.adoption.errors import (
    CampaignExists,
    NotAnAdoptionStage,
    SegmentNameTaken,
    SegmentNotInCampaign,
)
from cocreate.adoption.models import AdoptionReport, Campaign, FunnelCount, MonthlyCount
from cocreate.adoption.queries import funnel, report_count
from cocreate.core.errors import NotPermitted
from cocreate.designs.models import Design

pytestmark = pytest.mark.django_db


def _funnel_counts(campaign, segment=None) -> dict:
    return dict(FunnelCount.objects.filter(campaign=campaign, segment=segment).values_list("step", "count"))


def _month(campaign, segment=None) -> MonthlyCount:
    return MonthlyCount.objects.get(campaign=campaign, segment=segment, month=month_of(timezone.now()))


def test_starting_a_campaign_keeps_a_zero_count_for_every_step(campaign):
    assert _funnel_counts(campaign) == {"heard": 0, "tried": 0, "regular": 0, "recommend": 0}


def test_starting_a_campaign_is_in_the_activity_log(campaign, official):
    entry = Activity.objects.get(verb="adoption.campaign_created")
    assert entry.actor == official


def test_a_campaign_belongs_to_its_challenges_public_body(campaign, city):
    assert campaign.organisation == city


def test_a_stage_has_one_campaign(campaign, official):
    with pytest.raises(CampaignExists):
        campaign_create(actor=official, stage=campaign.stage, title="Again", service="x", how_to_use="y")


def test_only_an_adoption_stage_has_a_campaign(make_challenge_in, official):
    challenge = make_challenge_in(stage="idea_collection")
    with pytest.raises(NotAnAdoptionStage):
        campaign_create(actor=official, stage=challenge.stages.get(), title="x", service="x", how_to_use="y")


def test_a_resident_cannot_start_a_campaign_and_nothing_changes(adoption_challenge, citizen):
    with pytest.raises(NotPermitted):
        campaign_create(actor=citizen, stage=adoption_challenge.stages.get(), title="x", service="x", how_to_use="y")
    assert Campaign.objects.count() == 0


def test_a_design_of_the_challenge_becomes_the_campaigns_lineage_source(adoption_challenge, official, make_user):
    design = Design.objects.create(
        author=make_user(), challenge=adoption_challenge, organisation=adoption_challenge.organisation, title="Cards"
    )
    campaign = campaign_create(
        actor=official, stage=adoption_challenge.stages.get(), title="x", service="x", how_to_use="y", source=design
    )
    link = Link.objects.get(kind="promoted_in")
    assert (link.source_id, link.target_id) == (design.pk, campaign.pk)


def test_changing_the_campaign_keeps_what_was_typed_without_surrounding_spaces(campaign, official):
    campaign_update(actor=official, campaign=campaign, where="  The town hall  ")
    campaign.refresh_from_db()
    assert campaign.where == "The town hall"


def test_a_segment_gets_its_own_zero_counts(parents):
    assert _funnel_counts(parents.campaign, parents) == {"heard": 0, "tried": 0, "regular": 0, "recommend": 0}


def test_two_segments_of_a_campaign_cannot_share_a_name(parents, official):
    with pytest.raises(SegmentNameTaken):
        segment_add(actor=official, campaign=parents.campaign, name="parents in the north", goal=5)


def test_changing_a_segment_to_anothers_name_is_refused(parents, seniors, official):
    with pytest.raises(SegmentNameTaken):
        segment_update(actor=official, segment=seniors, name="Parents in the north")


def test_a_visitors_report_names_nobody(campaign):
    report = adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason="Quick.")
    assert report.reporter is None


def test_a_report_counts_at_its_step(campaign):
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried")
    assert _funnel_counts(campaign)["tried"] == 1


def test_a_report_counts_in_its_month(campaign):
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="regular")
    month = _month(campaign)
    assert (month.regular, month.adopted) == (1, 1)


def test_a_report_counts_on_the_campaign(campaign):
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="heard")
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="heard")
    assert funnel(campaign).reports == 2
    assert report_count(campaign) == 2


def test_a_signed_in_person_has_one_report_that_moves(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", helped="yes")
    assert AdoptionReport.objects.filter(reporter=citizen).count() == 1


def test_moving_on_moves_the_count_from_the_old_step_to_the_new(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular")
    assert _funnel_counts(campaign) == {"heard": 0, "tried": 0, "regular": 1, "recommend": 0}


def test_going_back_from_regular_use_takes_a_regular_user_off_the_month(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    month = _month(campaign)
    assert (month.regular, month.tried, month.adopted) == (1, 1, 0)


def test_the_same_report_again_changes_no_count(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", reason="Still trying.")
    assert _month(campaign).tried == 1


def test_changing_ones_segment_moves_the_count_between_segments(parents, seniors, citizen):
    campaign = parents.campaign
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", segment=parents)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", segment=seniors)
    assert (_funnel_counts(campaign, parents)["regular"], _funnel_counts(campaign, seniors)["regular"]) == (0, 1)


def test_changing_ones_segment_moves_the_regular_user_between_segments_months(parents, seniors, citizen):
    campaign = parents.campaign
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", segment=parents)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", segment=seniors)
    assert (_month(campaign, parents).adopted, _month(campaign, seniors).adopted) == (0, 1)


def test_a_segment_of_another_campaign_is_refused_and_nothing_changes(parents, official, make_challenge_in):
    other_challenge = make_challenge_in(stage="adoption", title="Other service")
    other = campaign_create(
        actor=official, stage=other_challenge.stages.get(), title="Other", service="x", how_to_use="y"
    )
    with pytest.raises(SegmentNotInCampaign):
        adoption_report_submit(reporter=AnonymousUser(), campaign=other, step="heard", segment=parents)
    assert AdoptionReport.objects.count() == 0


def test_a_reason_is_cut_to_three_hundred_characters(campaign):
    report = adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason="a" * 400)
    assert len(report.reason) == 300


def test_reports_are_refused_once_the_stage_ended_and_nothing_changes(campaign):
    stage = campaign.stage
    stage.ends_at = timezone.now() - dt.timedelta(days=1)
    stage.save()
    with pytest.raises(NotPermitted):
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried")
    assert sum(_funnel_counts(campaign).values()) == 0


def test_the_funnel_reads_conversion_between_steps(campaign):
    for step in ["heard", "heard", "tried", "regular"]:
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step=step)
    conversions = [conversion for _step, _label, _n, conversion in funnel(campaign).everyone.reached]
    assert conversions == [None, 0.5, 0.5, 0.0]


def test_the_funnel_reads_progress_against_the_segments_goal(parents):
    for step in ["regular", "recommend", "tried"]:
        adoption_report_submit(reporter=AnonymousUser(), campaign=parents.campaign, step=step, segment=parents)
    row = funnel(parents.campaign).segments[0]
    assert (row.regular_users, row.progress) == (2, 0.01)
