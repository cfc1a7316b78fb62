"""A campaign started from a delivered project: the stage it runs in, its lineage, who may start it, the pages."""

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.activity.models import Link
from cocreate.adoption.actions import adoption_report_submit, campaign_create, campaign_update
from cocreate.adoption.errors import ProjectHasCampaign, ProjectNotDelivered, ProjectNotInChallenge
from cocreate.adoption.from_project import campaign_start_from_project, project_initial
from cocreate.adoption.models import Campaign
from cocreate.challenges.models import Stage
from cocreate.core.errors import NotPermitted
from cocreate.engagement.actions import announcements_deliver_pending
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Library card online", "service": "A card in five minutes.", "how_to_use": "Sign up online."}


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


def _start(official, project, **extra):
    return campaign_start_from_project(actor=official, project=project, **{**FIELDS, **extra})


def test_starting_from_a_project_without_an_adoption_stage_adds_one_after_the_last_stage(official, delivered_project):
    campaign = _start(official, delivered_project)
    types = [stage.type for stage in Stage.objects.filter(challenge=delivered_project.challenge).order_by("position")]
    assert types == ["delivery", "adoption"]
    assert campaign.stage.type == "adoption"


def test_the_added_adoption_stage_runs_now_and_takes_reports(official, delivered_project, citizen):
    campaign = _start(official, delivered_project)
    report = adoption_report_submit(reporter=citizen, campaign=campaign, step="regular")
    assert report.campaign == campaign


def test_the_open_delivery_stage_ends_where_the_adoption_stage_begins(official, delivered_project):
    campaign = _start(official, delivered_project)
    delivery = Stage.objects.get(challenge=delivered_project.challenge, type="delivery")
    assert delivery.ends_at == campaign.stage.starts_at


def test_starting_from_a_project_uses_the_challenges_adoption_stage_without_a_campaign(
    official, admin_user, delivered_project
):
    from cocreate.challenges.actions import StageSpec, challenge_set_stages
    from cocreate.conftest import days_from_now

    challenge = delivered_project.challenge
    delivery = challenge.ordered_stages[0]
    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="delivery", starts_at=delivery.starts_at, ends_at=days_from_now(-1)),
            StageSpec(type="adoption", starts_at=days_from_now(-1), ends_at=None),
        ],
    )
    adoption = Stage.objects.get(challenge=challenge, type="adoption")
    campaign = _start(official, delivered_project)
    assert campaign.stage == adoption
    assert Stage.objects.filter(challenge=challenge).count() == 2


def test_the_campaign_records_its_project_and_the_lineage_link(official, delivered_project):
    campaign = _start(official, delivered_project)
    assert campaign.project == delivered_project
    assert Link.objects.filter(kind="taken_up_in", source_id=delivered_project.pk, target_id=campaign.pk).count() == 1


def test_a_project_not_done_starts_no_campaign(official, admin_user, delivered_project):
    from cocreate.delivery.actions import project_set_status

    project_set_status(actor=admin_user, project=delivered_project, status="in_progress", answer="A fix.")
    delivered_project.refresh_from_db()
    with pytest.raises(NotPermitted):  # the permission already asks for a delivered project
        _start(official, delivered_project)
    assert Campaign.objects.count() == 0


def test_the_action_refuses_a_project_that_is_not_done_even_to_a_superuser(admin_user, delivered_project):
    delivered_project.status = "in_progress"
    with pytest.raises((ProjectNotDelivered, NotPermitted)):
        _start(admin_user, delivered_project)
    assert Campaign.objects.count() == 0


def test_a_project_has_one_campaign(official, delivered_project):
    _start(official, delivered_project)
    with pytest.raises(ProjectHasCampaign):
        _start(official, delivered_project)
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("who", ["citizen", "other_official"])
def test_only_officials_of_the_projects_public_body_start_its_campaign(
    who, delivered_project, citizen, make_user, other_city
):
    from cocreate.organisations.actions import department_create, membership_grant
    from cocreate.organisations.models import Membership

    person = citizen
    if who == "other_official":
        person = make_user()
        membership_grant(
            user=person,
            organisation=other_city,
            role=Membership.Role.OFFICIAL,
            department=department_create(organisation=other_city, name="Roads"),
        )
    with pytest.raises(NotPermitted):
        _start(person, delivered_project)
    assert Campaign.objects.count() == 0
    assert list(Stage.objects.filter(challenge=delivered_project.challenge).values_list("type", flat=True)) == [
        "delivery"
    ]


def test_a_campaign_links_only_a_project_of_its_own_challenge(official, delivered_project, campaign):
    with pytest.raises(ProjectNotInChallenge):
        campaign_update(actor=official, campaign=campaign, project=delivered_project, title="Changed")
    campaign.refresh_from_db()
    assert campaign.project is None
    assert campaign.title == "Library card online"


def test_campaign_create_refuses_a_project_of_another_challenge(official, delivered_project, adoption_challenge):
    with pytest.raises(ProjectNotInChallenge):
        campaign_create(actor=official, stage=adoption_challenge.stages.get(), project=delivered_project, **FIELDS)
    assert Campaign.objects.count() == 0


def test_the_form_is_prefilled_from_the_project(delivered_project):
    assert project_initial(delivered_project) == {
        "title": "Online sign-up for library cards",
        "service": "A sign-up page on the library website.",
        "where": "North",
    }


def test_people_upstream_hear_when_the_campaign_starts(official, admin_user, delivered_project, project_follower):
    campaign = _start(official, delivered_project)
    announcements_deliver_pending()  # the worker's part
    notes = Notification.objects.filter(verb="adoption.campaign_started")
    # the project's author and its follower; not the official who started the campaign
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted([admin_user.pk, project_follower.pk])
    assert set(notes.values_list("target_url", flat=True)) == {campaign.get_absolute_url()}


# --- pages ----------------------------------------------------------------------------------------------------------


def test_a_delivered_projects_page_offers_officials_to_start_a_campaign(official_client, delivered_project):
    page = official_client.get(delivered_project.get_absolute_url()).content.decode()
    assert reverse("adoption:campaign_from_project", args=[delivered_project.pk]) in page


def test_a_delivered_projects_page_offers_nothing_to_start_to_residents(client, citizen, delivered_project):
    client.force_login(citizen)
    page = client.get(delivered_project.get_absolute_url()).content.decode()
    assert reverse("adoption:campaign_from_project", args=[delivered_project.pk]) not in page


def test_the_start_form_is_prefilled(official_client, delivered_project):
    page = official_client.get(reverse("adoption:campaign_from_project", args=[delivered_project.pk])).content.decode()
    assert 'value="Online sign-up for library cards"' in page


def test_starting_from_the_projects_page_makes_the_campaign(official_client, delivered_project):
    url = reverse("adoption:campaign_from_project", args=[delivered_project.pk])
    response = official_client.post(url, {**FIELDS, "where": "Online", "languages": ""})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.project == delivered_project


def test_a_resident_cannot_start_a_campaign_from_a_project(client, citizen, delivered_project):
    client.force_login(citizen)
    url = reverse("adoption:campaign_from_project", args=[delivered_project.pk])
    response = client.post(url, {**FIELDS, "where": "", "languages": ""})
    assert response.status_code == 403
    assert Campaign.objects.count() == 0


def test_an_invalid_start_form_comes_back_with_what_was_typed(official_client, delivered_project):
    url = reverse("adoption:campaign_from_project", args=[delivered_project.pk])
    response = official_client.post(url, {"title": "Typed title", "service": "", "how_to_use": ""})
    assert response.status_code == 400
    assert "Typed title" in response.content.decode()
    assert Campaign.objects.count() == 0


def test_an_unknown_project_is_not_found(official_client):
    assert official_client.get(reverse("adoption:campaign_from_project", args=[999999])).status_code == 404


def test_the_projects_page_shows_its_campaigns_regular_users_and_helped_share(
    client, official, delivered_project, citizen, make_user
):
    campaign = _start(official, delivered_project)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", helped="yes")
    adoption_report_submit(reporter=make_user(), campaign=campaign, step="recommend", helped="no")
    adoption_report_submit(reporter=make_user(), campaign=campaign, step="heard")
    page = client.get(delivered_project.get_absolute_url()).content.decode()
    assert "2 people use the service regularly." in page
    assert "50% of those who answered say it helped them." in page


def test_the_campaign_page_shows_its_delivered_project(client, official, delivered_project):
    campaign = _start(official, delivered_project)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert f'href="{delivered_project.get_absolute_url()}"' in page


def test_the_campaign_page_shows_the_challenges_indicators_latest_against_target(
    client, official, admin_user, delivered_project
):
    import datetime as dt
    from decimal import Decimal

    from cocreate.challenges.actions import IndicatorSpec, challenge_set_indicators
    from cocreate.challenges.outcomes import indicator_measurement_record

    challenge = delivered_project.challenge
    challenge_set_indicators(
        actor=admin_user,
        challenge=challenge,
        indicators=[IndicatorSpec(name="Minutes waiting for a card", baseline=Decimal(60), target=Decimal(5))],
    )
    indicator = challenge.indicators.get()
    indicator_measurement_record(
        actor=admin_user, indicator=indicator, measured_on=dt.date(2026, 1, 10), value=Decimal(4), source="Survey"
    )
    campaign = _start(official, delivered_project)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Minutes waiting for a card" in page
    assert "target reached" in page


def test_the_challenge_timeline_shows_the_campaigns_regular_users_and_helped_share(
    client, official, delivered_project, citizen
):
    campaign = _start(official, delivered_project)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", helped="yes")
    page = client.get(delivered_project.challenge.get_absolute_url()).content.decode()
    assert "1 regular user · 100% say it helped" in page


def test_the_api_gives_the_campaigns_project_helped_share_and_indicators(client, official, delivered_project, citizen):
    campaign = _start(official, delivered_project)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", helped="yes")
    body = client.get(f"/api/v1/adoption/campaigns/{campaign.pk}").json()
    assert body["project"] == {
        "id": delivered_project.pk,
        "title": "Online sign-up for library cards",
        "status": "done",
        "url": delivered_project.get_absolute_url(),
    }
    assert body["helped_share"] == 1.0
    assert body["indicators"] == []


def test_the_api_list_gives_each_campaigns_project(client, official, delivered_project, campaign):
    _start(official, delivered_project)
    items = client.get("/api/v1/adoption/campaigns").json()["items"]
    assert sorted((item["project"] or {}).get("id", 0) for item in items) == [0, delivered_project.pk]


def test_a_project_hidden_by_moderation_is_not_shown_with_its_campaign(client, official, delivered_project):
    from cocreate.delivery.models import ImplementationProject

    campaign = _start(official, delivered_project)
    ImplementationProject.objects.filter(pk=delivered_project.pk).update(is_hidden=True)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert delivered_project.get_absolute_url() not in page
    assert client.get(f"/api/v1/adoption/campaigns/{campaign.pk}").json()["project"] is None


def test_a_second_project_does_not_end_a_campaign_that_runs_with_no_end(official, admin_user, delivered_project):
    from cocreate.adoption.errors import AdoptionStageRunsOpen
    from cocreate.delivery.actions import project_create, project_set_status

    first = _start(official, delivered_project)
    second = project_create(
        actor=admin_user, challenge=delivered_project.challenge, title="Second", description="Another service."
    )
    project_set_status(actor=admin_user, project=second, status="in_progress", answer="Go.")
    project_set_status(actor=admin_user, project=second, status="done", answer="Done.")
    second.refresh_from_db()
    with pytest.raises(AdoptionStageRunsOpen):
        _start(official, second)
    first.stage.refresh_from_db()
    assert first.stage.ends_at is None
    assert Campaign.objects.count() == 1
