"""A segment's goal reached (told upstream once), and the kept answers to "did it help you?"."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.adoption.actions import adoption_report_submit, segment_add, segment_update
from cocreate.adoption.from_project import campaign_start_from_project
from cocreate.adoption.models import Campaign, Segment
from cocreate.engagement.actions import announcements_deliver_pending
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(official, delivered_project, project_follower):
    campaign = campaign_start_from_project(
        actor=official, project=delivered_project, title="Card", service="A card.", how_to_use="Online."
    )
    segment = segment_add(actor=official, campaign=campaign, name="Parents", goal=2)
    return campaign, segment


def _goal_notes():
    announcements_deliver_pending()  # the worker's part
    return Notification.objects.filter(verb="adoption.goal_reached")


def test_reaching_a_goal_is_recorded_and_told_upstream_once(linked, project_follower, admin_user, make_user):
    campaign, segment = linked
    adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="regular")
    assert _goal_notes().count() == 0
    adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="recommend")
    segment.refresh_from_db()
    assert segment.goal_reached_at is not None
    assert sorted(_goal_notes().values_list("recipient_id", flat=True)) == sorted([admin_user.pk, project_follower.pk])
    adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="regular")
    assert _goal_notes().count() == 2  # once each, not again


def test_reports_below_regular_use_do_not_reach_a_goal(linked, make_user):
    campaign, segment = linked
    for _ in range(3):
        adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="tried")
    segment.refresh_from_db()
    assert segment.goal_reached_at is None
    assert _goal_notes().count() == 0


def test_a_new_goal_is_told_again_when_it_is_reached(linked, official, make_user):
    campaign, segment = linked
    for _ in range(2):
        adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="regular")
    segment_update(actor=official, segment=segment, goal=3)
    segment.refresh_from_db()
    assert segment.goal_reached_at is None
    adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="regular")
    segment.refresh_from_db()
    assert segment.goal_reached_at is not None
    assert _goal_notes().count() == 4  # two people, twice


def test_a_report_that_reaches_no_goal_costs_the_same_few_queries_whatever_the_reports(linked, make_user):
    campaign, segment = linked
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, segment=segment, step="regular")
    with CaptureQueriesContext(connection) as first:
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, segment=segment, step="tried")
    for _ in range(5):
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, segment=segment, step="tried")
    with CaptureQueriesContext(connection) as later:
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, segment=segment, step="tried")
    assert len(later) == len(first)


def test_the_campaign_keeps_the_answers_to_did_it_help(campaign, citizen, make_user):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", helped="no")
    adoption_report_submit(reporter=make_user(), campaign=campaign, step="regular", helped="yes")
    adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="heard")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", helped="yes")  # changed their answer
    kept = Campaign.objects.values("helped_yes", "helped_no", "helped_unsure").get(pk=campaign.pk)
    assert kept == {"helped_yes": 2, "helped_no": 0, "helped_unsure": 0}


def test_the_helped_share_is_of_those_who_answered(campaign, make_user):
    for helped in ["yes", "yes", "no", "unsure", ""]:
        adoption_report_submit(reporter=make_user(), campaign=campaign, step="tried", helped=helped)
    campaign.refresh_from_db()
    assert campaign.helped_percent == 50


def test_a_campaign_nobody_answered_has_no_helped_share(campaign):
    assert campaign.helped_share is None


def test_the_goal_reached_shows_on_the_campaign_page(client, linked, make_user):
    campaign, segment = linked
    for _ in range(2):
        adoption_report_submit(reporter=make_user(), campaign=campaign, segment=segment, step="regular")
    assert "Goal reached on" in client.get(campaign.get_absolute_url()).content.decode()
    assert Segment.objects.get(pk=segment.pk).goal_reached_at is not None
