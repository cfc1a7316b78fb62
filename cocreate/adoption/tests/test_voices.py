"""What people say: reasons counted on write, regrouped in the background, shown on the funnel page and the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse

from cocreate.adoption import voices
from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.models import ReasonGroups
from cocreate.adoption.tasks import group_reasons, regroup_pending_reasons
from cocreate.adoption.voices import reason_groups_compute, what_people_say

pytestmark = pytest.mark.django_db

# Synthetic reasons with known groups: (reason, helped).
REASONS = [
    ("No more queue at the desk.", "yes"),
    ("No more queuing at the desk!", "yes"),
    ("I did not have to queue at the desk", "unsure"),
    ("no more queue at the desk", "yes"),
    ("Works on my phone, quick.", "yes"),
    ("Quick, and it works on my phone.", "yes"),
    ("The sign-up asked for a document I do not have.", "no"),
    ("It asked for a document I don't have", "no"),
    ("My grandson set it up for me.", "unsure"),
]


def _report_all(campaign, reasons=REASONS):
    for reason, helped in reasons:
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", helped=helped, reason=reason)


def _queued(name="group_reasons"):
    return [result for result in default_task_backend.results if result.task.name == name]


def test_the_first_reason_queues_a_grouping(campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason="Quick.")
    assert [result.kwargs for result in _queued()] == [{"campaign_id": campaign.pk}]


def test_a_report_without_a_reason_queues_nothing(campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried")
    assert _queued() == []
    assert ReasonGroups.objects.filter(campaign=campaign).count() == 0


def test_reasons_are_regrouped_once_enough_have_come_since(campaign, django_capture_on_commit_callbacks):
    reason_groups_compute(campaign_id=campaign.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(voices.REGROUP_EVERY - 1):
            adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason=f"Reason {n}")
    assert _queued() == []
    with django_capture_on_commit_callbacks(execute=True):
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason="One more")
    assert len(_queued()) == 1
    with django_capture_on_commit_callbacks(execute=True):  # already queued: not again while it is pending
        adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", reason="And another")
    assert len(_queued()) == 1
    assert ReasonGroups.objects.get(campaign=campaign).pending == voices.REGROUP_EVERY + 1


def test_a_person_changing_only_their_step_adds_no_pending_reason(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", reason="Quick.")
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", reason="Quick.")
    assert ReasonGroups.objects.get(campaign=campaign).pending == 1


def test_grouping_stores_groups_with_their_counts_and_helped_split(campaign):
    _report_all(campaign)
    assert group_reasons.call(campaign_id=campaign.pk) == len(REASONS)
    result = what_people_say(campaign, everything=True)
    summary = [(g.representative, g.count, g.yes, g.no, g.unsure) for g in result.groups]
    assert summary == [
        ("no more queue at the desk", 4, 3, 0, 1),
        ("It asked for a document I don't have", 2, 0, 2, 0),
        ("Quick, and it works on my phone.", 2, 2, 0, 0),
        ("My grandson set it up for me.", 1, 0, 0, 1),
    ]
    assert result.reasons == len(REASONS)
    assert result.pending == 0
    assert result.computed_at is not None


def test_a_group_shows_its_other_wordings_as_examples_latest_first(campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    queue = what_people_say(campaign).groups[0]
    # "No more queue at the desk." is the representative's wording, so it is no example
    assert queue.examples == ["I did not have to queue at the desk", "No more queuing at the desk!"]


def test_the_public_does_not_see_a_reason_only_one_person_gave(campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    result = what_people_say(campaign)
    assert "My grandson set it up for me." not in [g.representative for g in result.groups]
    assert result.other == 1


def test_only_the_latest_reasons_are_grouped(campaign, monkeypatch):
    monkeypatch.setattr(voices, "KEEP_LATEST", 2)
    _report_all(campaign)
    assert reason_groups_compute(campaign_id=campaign.pk) == 2
    groups = what_people_say(campaign, everything=True).groups
    assert sorted(g.representative for g in groups) == [
        "It asked for a document I don't have",
        "My grandson set it up for me.",
    ]


def test_grouping_a_campaign_that_is_gone_does_nothing(campaign):
    pk = campaign.pk
    campaign.delete()
    assert reason_groups_compute(campaign_id=pk) == 0


def test_the_daily_run_regroups_campaigns_with_pending_reasons(campaign):
    _report_all(campaign)
    assert regroup_pending_reasons.call() == 1
    assert [result.kwargs for result in _queued()] == [{"campaign_id": campaign.pk}]


def test_the_daily_run_leaves_campaigns_without_new_reasons(campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    assert regroup_pending_reasons.call() == 0


def test_the_funnel_page_shows_what_people_say_and_when_it_was_computed(client, campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    page = client.get(reverse("adoption:funnel", args=[campaign.pk])).content.decode()
    assert "What people say" in page
    assert "no more queue at the desk" in page
    assert "Said by 4 people." in page
    assert "It helped: yes 3, no 0, not sure 1." in page
    assert "Computed on" in page
    assert "My grandson" not in page


def test_the_funnel_page_says_when_nothing_was_grouped_yet(client, campaign):
    page = client.get(reverse("adoption:funnel", args=[campaign.pk])).content.decode()
    assert "No reasons have been grouped yet." in page


def test_officials_see_every_group_on_the_funnel_page(client, official, with_second_factor, campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    with_second_factor(official)
    client.force_login(official)
    page = client.get(reverse("adoption:funnel", args=[campaign.pk])).content.decode()
    assert "My grandson set it up for me." in page


def test_the_api_gives_what_people_say(client, campaign):
    _report_all(campaign)
    reason_groups_compute(campaign_id=campaign.pk)
    body = client.get(f"/api/v1/adoption/campaigns/{campaign.pk}/reasons").json()
    assert [(g["representative"], g["count"]) for g in body["groups"]] == [
        ("no more queue at the desk", 4),
        ("It asked for a document I don't have", 2),
        ("Quick, and it works on my phone.", 2),
    ]
    assert body["other"] == 1
    assert body["reasons"] == len(REASONS)


def test_the_api_hides_what_people_say_of_a_campaign_one_may_not_see(client, make_challenge_in, official):
    from cocreate.adoption.actions import campaign_create

    challenge = make_challenge_in(stage="adoption", start=-1, end=30, visibility="invited")
    hidden = campaign_create(actor=official, stage=challenge.stages.get(), title="Hidden", service="x", how_to_use="y")
    assert client.get(f"/api/v1/adoption/campaigns/{hidden.pk}/reasons").status_code == 404


def test_the_demo_reasons_group_sensibly(db):
    call_command("seed_demo", stdout=__import__("io").StringIO())
    from cocreate.adoption.demo import TITLE
    from cocreate.adoption.models import Campaign

    campaign = Campaign.objects.get(challenge__title=TITLE)
    groups = what_people_say(campaign).groups
    assert groups
    assert len(groups) <= 8
    assert campaign.project is not None
    assert campaign.project.status == "done"
