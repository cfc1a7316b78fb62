"""Information events of an adoption campaign in the browser: an official announces an event from the campaign page,
a resident signs up on the event's page and finds it, marked as theirs, on the campaign page. Every page passes axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.adoption.actions import campaign_create
from cocreate.adoption.event_models import EventSignup, InformationEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_official_announces_an_event_and_a_resident_signs_up(
    page, new_page, make_challenge_in, official, citizen, with_second_factor, sign_in, axe_check, screenshot
):
    challenge = make_challenge_in(stage="adoption", start=-10, end=200, title="Library cards online")
    campaign = campaign_create(
        actor=official,
        stage=challenge.stages.get(),
        title="Online library card",
        service="A library card you get online.",
        how_to_use="Open the library website and choose “Get a card”.",
        languages="English, Polish",
    )
    with_second_factor(official)
    sign_in(page, official)

    # The official announces an event from the campaign page
    page.goto(campaign.get_absolute_url())
    expect(page.get_by_text("No information events are planned at the moment.")).to_be_visible()
    page.get_by_role("link", name="Manage the information events").click()
    axe_check(page)
    page.get_by_role("link", name="Announce an information event").click()
    starts = (timezone.localtime() + dt.timedelta(days=4)).replace(hour=17, minute=0)
    page.get_by_label("Title").fill("Get your card with the librarians")
    page.get_by_label("What happens there").fill("Bring your ID card; we set up the card with you.")
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends at").fill((starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place", exact=True).fill("Central library, reading room")
    page.get_by_label("Language of the event").fill("Polish")
    page.get_by_label("Places (optional)").fill("3")
    axe_check(page)
    screenshot(page, "adoption-event-form")
    page.get_by_role("button", name="Announce the event").click()
    expect(page.get_by_text("The event is announced", exact=False)).to_be_visible()
    assert InformationEvent.objects.get().capacity == 3

    # A resident finds it on the campaign page and signs up on its page
    resident = new_page()
    sign_in(resident, citizen)
    resident.goto(campaign.get_absolute_url())
    expect(resident.get_by_text("3 places left")).to_be_visible()
    axe_check(resident)
    resident.get_by_role("link", name="Get your card with the librarians").click()
    expect(resident.get_by_text("3 of 3")).to_be_visible()
    resident.get_by_role("button", name="Sign up").click()
    expect(resident.get_by_text("You are signed up.", exact=True)).to_be_visible()
    expect(resident.get_by_text("2 of 3")).to_be_visible()
    axe_check(resident)
    screenshot(resident, "adoption-event")
    assert EventSignup.objects.get().user_id == citizen.pk

    # Back on the campaign page, the event is marked as theirs
    resident.goto(campaign.get_absolute_url())
    events = resident.get_by_role("list").filter(has_text="Get your card with the librarians")
    expect(events.get_by_text("You are signed up.")).to_be_visible()
    expect(events.get_by_text("2 places left")).to_be_visible()
    axe_check(resident)
