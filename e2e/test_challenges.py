"""An official creates a challenge from a process template in the back office; the public sees it."""

import pytest
from playwright.sync_api import expect

from cocreate.challenges.models import Challenge
from cocreate.organisations.actions import department_create, organisation_create, partner_add


@pytest.fixture
def partner(city):
    partner = organisation_create(name="Cycling Association", kind="partner", partner_type="ngo")
    partner_add(organisation=city, partner=partner)
    return partner


def test_official_creates_a_challenge_from_a_template_and_the_public_sees_it(
    page, browser, live_server, official, department, partner, with_second_factor, sign_in, axe_check, screenshot
):
    department_create(organisation=department.organisation, name="Schools")
    with_second_factor(official)
    sign_in(page, official)

    page.get_by_role("link", name="Back office").click()
    page.get_by_role("link", name="New challenge").click()
    axe_check(page)

    # Sent without a title: the error summary leads to the field and everything typed stays.
    page.get_by_label("Summary").fill("Children do not cycle to school because the routes feel unsafe.")
    page.get_by_role("button", name="Create draft").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    axe_check(page)
    screenshot(page, "challenge-create-errors")
    assert page.get_by_label("Summary").input_value().startswith("Children do not cycle")

    page.get_by_label("Title").fill("Safer cycling routes to schools")
    page.get_by_label("Problem statement").fill("Only 9% of pupils cycle to school.")
    page.get_by_label("Owning department").select_option(label="Mobility")
    page.get_by_label("Cycling Association").check()
    page.get_by_label("Idea challenge", exact=False).check()
    page.get_by_role("button", name="Create draft").click()

    assert "/manage/challenges/safer-cycling-routes-to-schools/" in page.url
    assert page.get_by_text("The challenge was created as a draft").is_visible()
    axe_check(page)

    page.get_by_role("link", name="Stages and dates").click()
    axe_check(page)
    screenshot(page, "challenge-stages")
    page.get_by_role("link", name="Outcome indicators").click()
    page.get_by_label("Indicator", exact=True).first.fill("Pupils who cycle to school")
    page.get_by_label("Unit").first.fill("%")
    page.get_by_label("Baseline").first.fill("9")
    page.get_by_label("Target").first.fill("20")
    page.get_by_role("button", name="Save indicators").click()
    expect(page.get_by_text("The outcome indicators were saved.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Publish the challenge").click()
    assert page.url.endswith("/challenges/safer-cycling-routes-to-schools/")
    assert Challenge.objects.get().is_published

    # A visitor who is not signed in finds it in the list and reads it.
    visitor = browser.new_context(base_url=live_server.url, locale="en").new_page()
    visitor.goto("/challenges/?status=open")
    axe_check(visitor)
    screenshot(visitor, "challenge-list")
    visitor.get_by_role("link", name="Safer cycling routes to schools").click()
    expect(visitor.get_by_role("heading", name="Safer cycling routes to schools", level=1)).to_be_visible()
    assert visitor.get_by_text("Pupils who cycle to school").is_visible()
    assert visitor.get_by_text("Cycling Association").is_visible()
    assert visitor.get_by_role("heading", name="What you can do now").is_visible()
    axe_check(visitor)
    screenshot(visitor, "challenge-detail")

    visitor.get_by_role("link", name="Where this challenge came from and what it led to").click()
    axe_check(visitor)
    visitor.goto("/")
    assert visitor.get_by_role("link", name="Safer cycling routes to schools").is_visible()
    axe_check(visitor)
    visitor.context.close()


def test_the_activity_log_is_accessible_to_administrators(page, org_admin, with_second_factor, sign_in, axe_check):
    with_second_factor(org_admin)
    sign_in(page, org_admin)
    page.goto("/manage/activity/")
    assert page.get_by_role("heading", name="Activity log").is_visible()
    axe_check(page)
