"""Adoption in the browser: a visitor reads a campaign and reports how they use the service without an account (a
refused form keeps what was typed), then reads the funnel with its forecast; an official starts a campaign and adds
a target population. Every page passes axe, with and without JavaScript, at 1280 and 375 pixels wide."""

import pytest
from playwright.sync_api import expect

from cocreate.adoption.demo import seed_campaign
from cocreate.adoption.models import AdoptionReport

SHOTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 800}}


def shoot(page, name: str) -> None:
    """The whole page at 1280 and at 375 pixels wide, into e2e/screenshots/; nothing wider than the screen."""
    from e2e.conftest import SCREENSHOT_DIR

    SCREENSHOT_DIR.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, size in SHOTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-{size['width']}-{label}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {size['width']}px"
    page.set_viewport_size(original)


@pytest.fixture
def demo_campaign(city, department, admin_user):
    return seed_campaign(city=city, admin=admin_user)


def test_a_visitor_reports_adoption_without_an_account_and_reads_the_funnel(page, demo_campaign, axe_check):
    before = AdoptionReport.objects.count()
    page.goto(demo_campaign.get_absolute_url())
    expect(page.get_by_role("heading", name="Online library card", level=1)).to_be_visible()
    expect(page.get_by_text("You can report without an account")).to_be_visible()
    axe_check(page)
    shoot(page, "adoption-campaign")

    # A reason without a step: the form comes back with the reason and the message beside the question.
    page.get_by_label("Why, in a few words?").fill("The library desk helped me sign up.")
    page.get_by_role("button", name="Send my report").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Report how you use it", level=1)).to_be_visible()
    expect(page.get_by_label("Why, in a few words?")).to_have_value("The library desk helped me sign up.")
    axe_check(page)
    shoot(page, "adoption-report-refused")

    # By keyboard: the step, the segment and "did it help?" are ordinary radio buttons and a select.
    page.get_by_role("group", name="How far have you come with it?").get_by_label("I use it regularly").check()
    page.get_by_label("Which of these groups do you belong to?").select_option(label="Residents over 70")
    page.get_by_role("group", name="Did it help you?").get_by_label("Yes").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Send my report").press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_text("Thank you. Your report counts in the campaign's funnel.")).to_be_visible()
    assert AdoptionReport.objects.count() == before + 1
    report = AdoptionReport.objects.order_by("-pk").first()
    assert (report.step, report.helped, report.reporter_id) == ("regular", "yes", None)

    page.get_by_role("link", name="See the adoption funnel and the forecast").click()
    expect(page.get_by_role("heading", name="Forecast")).to_be_visible()
    expect(page.get_by_text("If use keeps spreading as it has so far")).to_be_visible()
    expect(
        page.get_by_role("img", name="Regular users of the service, month by month, with the Bass forecast")
    ).to_be_visible()
    expect(
        page.get_by_role(
            "table", name="The curve as a table: observed and forecast regular users at the end of each month"
        )
    ).to_be_visible()
    axe_check(page)
    shoot(page, "adoption-funnel")


def test_the_campaign_and_its_funnel_work_without_javascript(no_js_page, demo_campaign, axe_check_no_js):
    no_js_page.goto(demo_campaign.get_absolute_url())
    no_js_page.get_by_role("group", name="How far have you come with it?").get_by_label("I have tried it").check()
    no_js_page.get_by_role("button", name="Send my report").click()
    no_js_page.wait_for_load_state("load")
    expect(no_js_page.get_by_text("Thank you. Your report counts in the campaign's funnel.")).to_be_visible()
    no_js_page.goto(f"/adoption/{demo_campaign.pk}/funnel/")
    axe_check_no_js(no_js_page)


def test_an_official_starts_a_campaign_and_adds_a_target_population(
    page, make_challenge_in, official, with_second_factor, sign_in, axe_check
):
    challenge = make_challenge_in(stage="adoption", start=-1, end=200, title="Parking permits online")
    with_second_factor(official)
    sign_in(page, official)
    page.goto(f"/challenges/{challenge.slug}/adoption/")
    expect(page.get_by_role("heading", name="Start the adoption campaign")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    page.get_by_label("Name of the service").fill("Parking permit online")
    page.get_by_label("What the service is").fill("Renew your resident parking permit online.")
    page.get_by_label("How to use it").fill("Sign in with your resident number.")
    page.get_by_role("button", name="Start the campaign").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Add a target population")).to_be_visible()
    page.get_by_label("Name").fill("Car owners in the old town")
    page.get_by_label("Goal (regular users)").fill("500")
    page.get_by_label("Goal date").fill("2027-06-30")
    axe_check(page)
    shoot(page, "adoption-segment-form")
    page.get_by_role("button", name="Save the target population").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("link", name="Car owners in the old town")).to_be_visible()
    axe_check(page)
    shoot(page, "adoption-campaign-form")
