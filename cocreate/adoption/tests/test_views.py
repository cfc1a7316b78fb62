import pytest
from django.test import Client
from django.urls import reverse

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.models import AdoptionReport, Campaign, FunnelCount, Segment
from cocreate.adoption.views import REPORTS_PER_ADDRESS
from cocreate.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


def _count(campaign, step, segment=None) -> int:
    return FunnelCount.objects.get(campaign=campaign, segment=segment, step=step).count


@pytest.mark.parametrize("part", ["service", "how_to_use", "where"])
def test_the_campaign_page_shows_what_how_and_where_to_everyone(client, campaign, part):
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert getattr(campaign, part) in page


def test_the_campaign_page_shows_the_segments_goals(client, campaign, parents):
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "0 of 200 regular users" in page


def test_the_campaign_page_offers_the_report_form_without_an_account(client, campaign):
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'action="{}"'.format(reverse("adoption:report", args=[campaign.pk])) in page


def test_a_visitor_reports_without_an_account(client, campaign, parents):
    response = client.post(
        reverse("adoption:report", args=[campaign.pk]),
        {"step": "regular", "segment": parents.pk, "helped": "yes", "reason": "Saves me a trip."},
    )
    assert (response.status_code, _count(campaign, "regular", parents)) == (302, 1)


def test_a_visitors_report_keeps_nothing_that_names_them(client, campaign):
    client.post(reverse("adoption:report", args=[campaign.pk]), {"step": "tried"})
    report = AdoptionReport.objects.get()
    assert (report.reporter_id, report.api_key_id, report.channel) == (None, None, "web")


def test_a_refused_report_keeps_what_was_typed(client, campaign):
    response = client.post(reverse("adoption:report", args=[campaign.pk]), {"reason": "Quick and easy"})
    assert (response.status_code, "Quick and easy" in response.content.decode()) == (400, True)


def test_a_refused_report_changes_nothing(client, campaign):
    client.post(reverse("adoption:report", args=[campaign.pk]), {"helped": "maybe", "step": "tried"})
    assert AdoptionReport.objects.count() == 0


def test_a_filled_spam_trap_is_refused_and_nothing_is_stored(client, campaign):
    response = client.post(reverse("adoption:report", args=[campaign.pk]), {"step": "tried", "website": "http://x"})
    assert (response.status_code, AdoptionReport.objects.count()) == (400, 0)


def test_reports_from_one_address_are_limited_and_the_form_comes_back(client, campaign, settings):
    settings.COCREATE_RATE_LIMITS_OFF = False
    url = reverse("adoption:report", args=[campaign.pk])
    for _ in range(REPORTS_PER_ADDRESS[0]):
        client.post(url, {"step": "heard"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(url, {"step": "heard", "reason": "once more"}, REMOTE_ADDR="203.0.113.7")
    assert (response.status_code, "once more" in response.content.decode()) == (429, True)
    assert AdoptionReport.objects.count() == REPORTS_PER_ADDRESS[0]


def test_the_limit_is_kept_per_real_address_so_another_address_may_report(client, campaign, settings):
    settings.COCREATE_RATE_LIMITS_OFF = False
    url = reverse("adoption:report", args=[campaign.pk])
    for _ in range(REPORTS_PER_ADDRESS[0]):
        client.post(url, {"step": "heard"}, REMOTE_ADDR="203.0.113.7")
    assert client.post(url, {"step": "heard"}, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_a_signed_in_resident_updates_their_one_report(client, campaign, citizen):
    client.login(email=citizen.email, password=PASSWORD)
    url = reverse("adoption:report", args=[campaign.pk])
    client.post(url, {"step": "tried"})
    client.post(url, {"step": "recommend"})
    assert (AdoptionReport.objects.count(), _count(campaign, "tried"), _count(campaign, "recommend")) == (1, 0, 1)


def test_the_report_form_is_refused_once_the_stage_ended(client, campaign):
    import datetime as dt

    from django.utils import timezone

    stage = campaign.stage
    stage.ends_at = timezone.now() - dt.timedelta(days=1)
    stage.save()
    response = client.post(reverse("adoption:report", args=[campaign.pk]), {"step": "tried"})
    assert (response.status_code, AdoptionReport.objects.count()) == (403, 0)


def test_the_funnel_page_shows_the_counts_per_segment(client, parents):
    from django.contrib.auth.models import AnonymousUser

    for step in ["tried", "regular", "regular"]:
        adoption_report_submit(reporter=AnonymousUser(), campaign=parents.campaign, step=step, segment=parents)
    page = client.get(reverse("adoption:funnel", args=[parents.campaign.pk])).content.decode()
    assert "2 of 200 regular users" in page


def test_the_funnel_page_says_in_words_why_there_is_no_forecast_yet(client, campaign):
    page = client.get(reverse("adoption:funnel", args=[campaign.pk])).content.decode()
    assert "too few months" in page


def test_the_funnel_csv_has_a_row_per_segment_and_step(client, parents):
    response = client.get(reverse("adoption:funnel_csv", args=[parents.campaign.pk]))
    lines = response.content.decode().splitlines()
    assert lines[0] == "table,segment,step,month,count,reached_or_further,conversion,goal,goal_date"
    assert "funnel,Parents in the north,heard,,0,0,,200," in lines


def test_the_challenges_adoption_address_leads_to_its_campaign(client, campaign):
    response = client.get(reverse("adoption:for_challenge", args=[campaign.challenge.slug]))
    assert response["Location"] == campaign.get_absolute_url()


def test_an_official_starts_a_campaign_with_the_form(official_client, adoption_challenge):
    stage = adoption_challenge.stages.get()
    response = official_client.post(
        reverse("adoption:campaign_new", args=[stage.pk]),
        {"title": "Cards", "service": "A card.", "how_to_use": "Online.", "where": "", "languages": "English"},
    )
    assert response.status_code == 302
    assert Campaign.objects.get().title == "Cards"


def test_a_refused_campaign_form_keeps_what_was_typed(official_client, adoption_challenge):
    stage = adoption_challenge.stages.get()
    response = official_client.post(
        reverse("adoption:campaign_new", args=[stage.pk]), {"title": "", "service": "A library card for all"}
    )
    assert (response.status_code, "A library card for all" in response.content.decode()) == (400, True)


def test_an_official_adds_a_segment_with_the_form(official_client, campaign):
    response = official_client.post(
        reverse("adoption:segment_new", args=[campaign.pk]),
        {"name": "Students", "goal": "300", "estimated_size": "9000", "area": "Campus", "goal_date": "2027-06-30"},
    )
    assert response.status_code == 302
    assert Segment.objects.get().goal == 300


def test_an_impossible_goal_is_refused_beside_its_field(official_client, campaign):
    response = official_client.post(
        reverse("adoption:segment_new", args=[campaign.pk]), {"name": "Students", "goal": "99999999999999999999"}
    )
    assert (response.status_code, Segment.objects.count()) == (400, 0)


def test_an_impossible_goal_date_is_refused(official_client, campaign):
    response = official_client.post(
        reverse("adoption:segment_new", args=[campaign.pk]),
        {"name": "Students", "goal": "5", "goal_date": "0001-01-01"},
    )
    assert (response.status_code, Segment.objects.count()) == (400, 0)


def test_a_resident_may_not_open_the_officials_forms(client, citizen, campaign):
    client.login(email=citizen.email, password=PASSWORD)
    assert client.get(reverse("adoption:campaign_edit", args=[campaign.pk])).status_code == 403


def test_a_resident_posting_the_officials_form_changes_nothing(client, citizen, campaign):
    client.login(email=citizen.email, password=PASSWORD)
    client.post(reverse("adoption:segment_new", args=[campaign.pk]), {"name": "Mine", "goal": "5"})
    assert Segment.objects.count() == 0


def test_the_challenge_page_leads_to_the_campaign_while_the_stage_runs(client, campaign):
    page = client.get(campaign.challenge.get_absolute_url()).content.decode()
    assert reverse("adoption:for_challenge", args=[campaign.challenge.slug]) in page


def test_the_challenge_page_does_not_lead_to_a_campaign_not_started_yet(client, adoption_challenge):
    page = client.get(adoption_challenge.get_absolute_url()).content.decode()
    assert reverse("adoption:for_challenge", args=[adoption_challenge.slug]) not in page


def test_the_campaign_has_a_journey_page(client, campaign):
    assert client.get(f"/journey/adoption/campaign/{campaign.pk}/").status_code == 200


def test_the_stages_back_office_links_to_the_campaign_form(official_client, adoption_challenge):
    page = official_client.get(f"/manage/challenges/{adoption_challenge.slug}/stages/").content.decode()
    assert reverse("adoption:manage_for_stage", args=[adoption_challenge.stages.get().pk]) in page


def test_the_funnel_page_reads_the_kept_counts_and_never_the_reports(client, parents):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    adoption_report_submit(reporter=AnonymousUser(), campaign=parents.campaign, step="tried", segment=parents)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("adoption:funnel", args=[parents.campaign.pk]))
    assert [q["sql"] for q in queries.captured_queries if "adoption_adoptionreport" in q["sql"]] == []


def test_a_signed_in_residents_form_starts_from_their_report(client, campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="recommend", reason="Tell your neighbours")
    client.login(email=citizen.email, password=PASSWORD)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Tell your neighbours</textarea>" in page


def test_visitors_are_served_the_funnel_from_the_cache_until_an_official_changes_the_campaign(
    client, campaign, admin_user, settings, django_capture_on_commit_callbacks
):
    from cocreate.adoption.actions import campaign_update

    settings.COCREATE_LIST_CACHE_SECONDS = 15
    url = f"/adoption/{campaign.pk}/funnel/"
    assert client.get(url).status_code == 200
    assert getattr(client.get(url), "from_anonymous_page_cache", False)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_update(actor=admin_user, campaign=campaign, title="Library card online")
    fresh = client.get(url)
    assert not getattr(fresh, "from_anonymous_page_cache", False)
    assert "Library card online" in fresh.content.decode()
