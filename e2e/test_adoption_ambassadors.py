"""Ambassadors in the browser: a resident becomes an ambassador from the campaign page and follows their own link;
a visitor without an account opens that link (no session cookie is set) and reports; the ambassador's page counts
the report. Every page passes axe; the link works without JavaScript too."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cocreate.adoption.ambassadors import ambassador_start
from cocreate.adoption.demo import seed_campaign
from cocreate.adoption.models import AdoptionReport, Ambassador
from e2e.test_adoption import shoot


@pytest.fixture
def demo_campaign(city, department, admin_user):
    return seed_campaign(city=city, admin=admin_user)


def test_a_resident_becomes_an_ambassador_and_their_link_brings_a_visitors_report(
    page, new_page, demo_campaign, citizen, sign_in, axe_check
):
    sign_in(page, citizen)
    page.goto(demo_campaign.get_absolute_url())
    page.get_by_role("link", name="Become an ambassador").click()
    expect(page.get_by_role("heading", name="My ambassadorship", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Become an ambassador").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("You are an ambassador of this campaign. Share your link!")).to_be_visible()
    link = page.get_by_label("Your personal link to the campaign (select it and copy it)").input_value()
    code = Ambassador.objects.get(user=citizen).code
    assert link.endswith(f"/adoption/{demo_campaign.pk}/a/{code}/")
    expect(page.get_by_role("img", name="QR code of your link")).to_be_visible()
    expect(page.get_by_role("link", name="Download the QR code as PNG (for documents)")).to_be_visible()
    expect(page.get_by_text("Your link brought 0 people who reported.")).to_be_visible()
    axe_check(page)
    shoot(page, "adoption-ambassador")

    # Following one's own link shows the campaign (one's own reports never count for oneself).
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", name="Online library card", level=1)).to_be_visible()

    # A visitor without an account opens the link and reports: nothing is stored before, no session cookie.
    before = AdoptionReport.objects.count()
    visitor = new_page()
    visitor.goto(urlsplit(link).path)
    expect(visitor.get_by_text("You can report without an account")).to_be_visible()
    assert "sessionid" not in {cookie["name"] for cookie in visitor.context.cookies()}
    assert AdoptionReport.objects.count() == before
    axe_check(visitor)
    visitor.get_by_role("group", name="How far have you come with it?").get_by_label("I have tried it").check()
    visitor.get_by_role("button", name="Send my report").click()
    visitor.wait_for_load_state("load")
    expect(visitor.get_by_text("Thank you. Your report counts in the campaign's funnel.")).to_be_visible()
    assert AdoptionReport.objects.order_by("-pk").first().ambassador.code == code

    page.goto(f"/adoption/{demo_campaign.pk}/ambassador/")
    expect(page.get_by_text("Your link brought 1 person who reported.")).to_be_visible()
    row = page.get_by_role("table", name="How far the people your link brought have come").get_by_role(
        "row", name="I have tried it"
    )
    expect(row).to_contain_text("1")

    page.get_by_role("button", name="Stop being an ambassador").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("You are no longer an ambassador of this campaign.")).to_be_visible()
    axe_check(page)


def test_an_official_reads_the_list_of_ambassadors(
    page, demo_campaign, official, with_second_factor, sign_in, axe_check
):
    ambassador_start(actor=official, campaign=demo_campaign)
    with_second_factor(official)
    sign_in(page, official)
    page.goto(f"/adoption/{demo_campaign.pk}/funnel/")
    page.get_by_role("link", name="The campaign's ambassadors").click()
    expect(page.get_by_role("table", name="Ambassadors and the people at each step now")).to_be_visible()
    axe_check(page)
    shoot(page, "adoption-ambassadors")


def test_the_link_works_without_javascript(no_js_page, demo_campaign, citizen, axe_check_no_js):
    ambassador = ambassador_start(actor=citizen, campaign=demo_campaign)
    no_js_page.goto(ambassador.get_absolute_url())
    axe_check_no_js(no_js_page)
    no_js_page.get_by_role("group", name="How far have you come with it?").get_by_label("I use it regularly").check()
    no_js_page.get_by_role("button", name="Send my report").click()
    no_js_page.wait_for_load_state("load")
    expect(no_js_page.get_by_text("Thank you. Your report counts in the campaign's funnel.")).to_be_visible()
    ambassador.refresh_from_db()
    assert ambassador.regular == 1
