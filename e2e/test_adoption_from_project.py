"""An adoption campaign started from a delivered project, in the browser: an official opens the done project's page,
starts its campaign from the prefilled form (the challenge gains an adoption stage), and the campaign's page shows
the project; the funnel page shows what people say, grouped. Every page passes axe."""

import pytest
from playwright.sync_api import expect

from cocreate.adoption.demo import seed_campaign
from cocreate.adoption.models import Campaign
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.conftest import days_from_now


@pytest.fixture
def delivered_project(admin_user, city, department):
    from cocreate.delivery.actions import project_create, project_set_status

    challenge = challenge_create(
        actor=admin_user,
        organisation=city,
        department=department,
        title="Benches for the riverside",
        summary="Nowhere to sit by the river.",
        problem_statement="Older residents cannot rest on their walk.",
        template="idea_challenge",
    ).challenge
    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[StageSpec(type="delivery", starts_at=days_from_now(-30), ends_at=None)],
    )
    challenge = challenge_publish(actor=admin_user, challenge=challenge)
    project = project_create(
        actor=admin_user,
        challenge=challenge,
        title="Bench booking for riverside walks",
        description="Reserve a shaded bench for a group walk by the river.",
        district="Riverside",
    )
    project_set_status(actor=admin_user, project=project, status="in_progress", answer="Building it.")
    project_set_status(actor=admin_user, project=project, status="done", answer="It is open.")
    return project


def test_an_official_starts_a_campaign_from_a_delivered_project(
    page, delivered_project, official, with_second_factor, sign_in, axe_check
):
    with_second_factor(official)
    sign_in(page, official)
    page.goto(delivered_project.get_absolute_url())
    link = page.get_by_role("link", name="Start an adoption campaign")
    expect(link).to_be_visible()
    axe_check(page)
    link.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Start an adoption campaign", level=1)).to_be_visible()
    expect(page.get_by_label("Name of the service")).to_have_value("Bench booking for riverside walks")
    expect(page.get_by_label("Where to find it")).to_have_value("Riverside")
    axe_check(page)
    page.get_by_label("How to use it").fill("Choose a bench and a time on the city website.")
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Add a target population")).to_be_visible()

    campaign = Campaign.objects.get(project=delivered_project)
    assert campaign.stage.type == "adoption"
    page.goto(campaign.get_absolute_url())
    expect(page.get_by_role("link", name="Bench booking for riverside walks")).to_be_visible()
    axe_check(page)

    page.goto(delivered_project.get_absolute_url())
    expect(page.get_by_text("0 people use the service regularly.")).to_be_visible()
    expect(page.get_by_role("link", name="Start an adoption campaign")).to_have_count(0)
    axe_check(page)


def test_the_funnel_page_shows_what_people_say(page, city, department, admin_user, axe_check):
    campaign = seed_campaign(city=city, admin=admin_user)
    page.goto(f"/adoption/{campaign.pk}/funnel/")
    expect(page.get_by_role("heading", name="What people say")).to_be_visible()
    expect(page.get_by_text("Computed on").first).to_be_visible()
    expect(page.locator("ol.voices > li").first).to_be_visible()
    axe_check(page)
    page.goto(campaign.project.get_absolute_url())
    expect(page.get_by_role("link", name="Online library card")).to_be_visible()
    axe_check(page)
