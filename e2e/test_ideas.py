"""Idea collection in the browser: propose an idea, see similar ones while typing, support one without a reload."""

import pytest
from playwright.sync_api import expect

from cocreate.ideas.models import Idea
from cocreate.ideas.tests.conftest import collection, make_idea  # noqa: F401


@pytest.fixture
def existing(make_idea):
    return make_idea(title="Protected bike lanes on Station Road")


def test_a_citizen_proposes_and_supports_ideas(
    page,
    live_server,
    citizen,
    collection,
    existing,
    sign_in,
    axe_check,
    screenshot,
):
    sign_in(page, citizen)
    page.goto(f"/challenges/{collection.slug}/")
    page.get_by_role("link", name="See and propose ideas").click()
    expect(page.get_by_role("heading", name="Ideas", level=1)).to_be_visible()
    axe_check(page)
    screenshot(page, "ideas-list")

    # Support the existing idea: htmx swaps the button in place.
    page.get_by_role("link", name="Protected bike lanes on Station Road").click()
    axe_check(page)
    button = page.get_by_role("button", name="Support (0)")
    button.click()
    page.get_by_role("button", name="You support this (1)").wait_for()
    assert Idea.objects.get(pk=existing.pk).support_count == 1

    # Propose a new idea; a similar one is suggested while typing.
    page.goto(f"/challenges/{collection.slug}/ideas/new/")
    page.get_by_label("Your idea in a few words").press_sequentially("protected bike lane", delay=20)
    page.locator("#suggestions").get_by_role("link", name="Protected bike lanes on Station Road").wait_for()
    axe_check(page)
    page.get_by_label("Your idea in a few words").fill("Bike buses to school")
    page.get_by_label("Describe your idea").fill("Parents take turns riding a route with pupils.")
    page.get_by_label("Tags").fill("cycling, parents")
    page.get_by_role("button", name="Publish idea").click()
    expect(page.get_by_role("heading", name="Bike buses to school", level=1)).to_be_visible()
    assert page.get_by_text("Thank you. Your idea is online.").is_visible()
    axe_check(page)
    screenshot(page, "idea-detail")

    page.get_by_role("link", name="Edit").click()
    axe_check(page)
    page.get_by_label("Your idea in a few words").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)
