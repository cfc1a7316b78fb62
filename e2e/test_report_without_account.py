"""Reporting without an account, in the browser: a visitor reports with an e-mail address, follows the link e-mailed
to them, and sees the report published with its place on a map; a refused form keeps what was typed."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cocreate.problems.models import Problem, UnconfirmedReport
from cocreate.problems.tasks import send_report_confirmation
from cocreate.problems.tests import conftest as problem_fixtures

category = problem_fixtures.category

TITLE_FIELD = "What is the problem, in a few words?"
SHOTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 800}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def shoot(page, name: str) -> None:
    """The whole page at 1280 and at 375 pixels wide, into e2e/screenshots/."""
    from e2e.conftest import SCREENSHOT_DIR

    SCREENSHOT_DIR.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, size in SHOTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-{size['width']}-{label}.png", full_page=True)
    page.set_viewport_size(original)


def fill_report(page, *, email: str) -> None:
    page.get_by_label(TITLE_FIELD).fill("Broken swing in Rose Park")
    page.get_by_label("Describe it").fill("The chain snapped; children climb on it anyway.")
    page.get_by_label("Category").select_option(label="Potholes")
    page.get_by_role("group", name="How big is it?").get_by_label("Small").check()
    page.get_by_label("Latitude").fill("52.520008")
    page.get_by_label("Longitude").fill("13.404954")
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Your name").fill("Ana")


def test_a_visitor_reports_without_an_account_and_publishes_it_by_the_emailed_link(
    page, city, category, media, axe_check
):
    page.goto("/problems/report/")
    assert page.get_by_text("You can report without an account").is_visible()
    assert page.get_by_role("button", name="Use my location").is_visible()  # the report map offers "near me"
    axe_check(page)

    # A mistyped address: the form comes back with everything typed and the message beside the field.
    fill_report(page, email="ana.example.org")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state("load")
    assert page.locator("#id_email_error").inner_text().strip() == "Enter a valid email address."
    assert page.get_by_label(TITLE_FIELD).input_value() == "Broken swing in Rose Park"
    assert page.get_by_label("Describe it").input_value() == "The chain snapped; children climb on it anyway."
    assert page.get_by_role("group", name="How big is it?").get_by_label("Small").is_checked()
    assert not UnconfirmedReport.objects.exists()
    axe_check(page)
    shoot(page, "report-without-account-errors")

    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/problems/report/sent/")
    assert page.get_by_role("heading", name="Check your e-mail", level=1).is_visible()
    axe_check(page)
    report = UnconfirmedReport.objects.get()
    assert not Problem.objects.exists()  # nothing is published yet

    # What the background worker does: the e-mail with the link.
    mail.outbox.clear()
    send_report_confirmation.call(report_id=report.pk)
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    link = re.search(r"https?://[^/\s]+(/problems/report/confirm/\S+/)", message.body).group(1)

    page.goto(link)
    assert page.get_by_role("heading", name="Broken swing in Rose Park").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Publish my report").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Your report is published", level=1).is_visible()
    assert page.get_by_role("link", name="Choose a password for this e-mail address").is_visible()
    axe_check(page)

    problem = Problem.objects.get()
    assert problem.author.email == "ana@example.org"
    page.get_by_role("link", name="See your report").click()
    page.wait_for_url(f"**/problems/{problem.pk}/")
    assert page.get_by_role("heading", name="Broken swing in Rose Park", level=1).is_visible()
    assert page.get_by_text("reported by Ana").is_visible()

    # The place: a small map of the neighbourhood, and the same in words.
    location_map = page.get_by_role("region", name="Map of the neighbourhood of the problem")
    expect(location_map).to_be_visible()
    page.locator("#problem-location-map path.leaflet-interactive, #problem-location-map path").first.wait_for()
    assert page.get_by_text("In the neighbourhood around latitude 52.523").is_visible()
    axe_check(page)
    shoot(page, "problem-page-with-map")

    # The link worked once.
    page.goto(link)
    assert "not valid any more" in page.locator("main").inner_text()


def test_the_report_form_for_visitors_at_desktop_and_phone_width(page, city, category, axe_check):
    page.goto("/problems/report/")
    page.get_by_label("Category").select_option(label="Potholes")
    page.get_by_role("group", name="How big is it?").wait_for()
    axe_check(page)
    shoot(page, "report-form-without-account")


def test_near_me_places_the_point_where_the_browser_says_the_person_is(browser, live_server, city, category):
    from e2e.conftest import live_context

    context = live_context(
        browser, live_server, geolocation={"latitude": 52.5163, "longitude": 13.3777}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto("/problems/report/")
    button = page.get_by_role("button", name="Use my location")
    button.focus()
    page.keyboard.press("Enter")  # usable by keyboard
    expect(page.get_by_label("Latitude")).to_have_value("52.516300")
    expect(page.get_by_label("Longitude")).to_have_value("13.377700")
    assert "The point is placed where you are" in page.locator("#report-map ~ p[role=status]").inner_text()
    context.close()


def test_without_javascript_the_problem_page_says_where_in_words(no_js_page, city, category, make_user):
    from cocreate.problems.actions import problem_report

    problem = problem_report(
        author=make_user(),
        organisation=city,
        category=category,
        title="Broken bench",
        description="Two slats missing.",
        latitude="52.520008",
        longitude="13.404954",
        answers={"size": "small"},
    )
    no_js_page.goto(problem.get_absolute_url())
    assert no_js_page.locator("#problem-location-map").is_hidden()
    assert no_js_page.get_by_text("In the neighbourhood around latitude 52.523, longitude 13.403").is_visible()


def test_declining_without_an_answer_comes_back_with_the_form_and_what_was_chosen(
    page, city, category, official, department, make_user, with_second_factor, sign_in, axe_check
):
    from cocreate.engagement.models import StatusChange
    from cocreate.problems.actions import problem_report

    problem = problem_report(
        author=make_user(),
        organisation=city,
        category=category,
        title="Bench painted in a toxic colour",
        description="It smells.",
        answers={"size": "small"},
    )
    with_second_factor(official)
    sign_in(page, official)
    page.goto(problem.get_absolute_url())
    tools = page.locator(".official-tools")
    tools.get_by_label("New status").select_option(label="Not accepted")
    tools.get_by_role("button", name="Change status and answer").click()
    page.wait_for_load_state("load")

    # Not a dead end: the form again, the message beside the answer, the chosen status kept.
    assert page.get_by_role("heading", name="Your answer", level=1).is_visible()
    assert page.locator("#id_answer_error").inner_text().strip() == "Explain the decision in a public answer."
    assert page.get_by_label("New status").evaluate("s => s.selectedOptions[0].text") == "Not accepted"
    assert not StatusChange.objects.exists()
    axe_check(page)
    page.get_by_label("Public answer").fill("The paint is certified safe; the smell fades within a week.")
    page.get_by_role("button", name="Change status and answer").click()
    page.wait_for_url(f"**{problem.get_absolute_url()}")
    assert page.locator("main p .badge").inner_text() == "Not accepted"
