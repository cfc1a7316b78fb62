"""Outcome indicators measured: an official of the owning department enters a measurement and imports a file; the
public sees them in the chart's table, and a finished challenge says whether its target was reached."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.challenges.actions import IndicatorSpec, challenge_set_indicators
from cocreate.challenges.outcomes import indicator_measurement_record


@pytest.fixture
def measured_challenge(make_challenge_in, admin_user):
    challenge = make_challenge_in(stage="information", title="Faster housing benefit")
    challenge_set_indicators(
        actor=admin_user,
        challenge=challenge,
        indicators=[
            IndicatorSpec(name="Average days to a decision", unit="days", baseline=Decimal(47), target=Decimal(20))
        ],
    )
    return challenge


def test_an_official_enters_a_measurement_and_sees_it_in_the_charts_table(
    page, browser, live_server, official, measured_challenge, with_second_factor, sign_in, axe_check, screenshot
):
    with_second_factor(official)
    sign_in(page, official)
    page.goto(measured_challenge.get_absolute_url())
    page.get_by_role("link", name="Average days to a decision").click()
    expect(page.get_by_text("No measurements have been recorded yet.")).to_be_visible()
    page.get_by_role("link", name="Record or import measurements").click()
    axe_check(page)

    # A day in the future is refused beside its field; what was typed stays.
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page.get_by_label("Day of the measurement").fill(future)
    page.get_by_label("Value (days)").fill("41.5")
    page.get_by_label("Source", exact=False).first.fill("Benefits register")
    page.get_by_role("button", name="Save the measurement").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.get_by_label("Value (days)").input_value() == "41.5"
    assert page.get_by_label("Source", exact=False).first.input_value() == "Benefits register"
    axe_check(page)
    screenshot(page, "outcome-measurement-refused")

    page.get_by_label("Day of the measurement").fill("2025-03-31")
    page.get_by_role("button", name="Save the measurement").click()
    expect(page.get_by_text("The measurement of 2025-03-31 was saved.")).to_be_visible()
    table = page.locator("#measurements-table")
    expect(table.get_by_role("row", name="31 Mar 2025 41.50 Benefits register")).to_be_visible()
    assert page.locator("svg[role=img] circle").count() == 1
    axe_check(page)

    # A CSV file adds two more; they join the chart and its table.
    page.get_by_role("link", name="Record or import measurements").click()
    page.get_by_label("CSV file", exact=True).set_input_files(
        files=[
            {
                "name": "days.csv",
                "mimeType": "text/csv",
                "buffer": b"date,value,source,note\n2025-04-30,36,Benefits register,\n2025-05-31,30,Benefits register,"
                b"New form online\n",
            }
        ]
    )
    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_text("The file was imported: 2 new, 0 replaced, 0 unchanged.")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(4)  # the header and three measurements
    expect(table.get_by_role("row", name="31 May 2025 30 Benefits register New form online")).to_be_visible()
    assert page.locator("svg[role=img] circle").count() == 3
    axe_check(page)
    screenshot(page, "outcome-indicator")

    # A visitor reads the same table.
    visitor = browser.new_context(base_url=live_server.url, locale="en").new_page()
    visitor.goto(page.url)
    expect(visitor.locator("#measurements-table").get_by_role("row")).to_have_count(4)
    expect(visitor.get_by_role("link", name="Record or import measurements")).to_have_count(0)
    axe_check(visitor)
    visitor.context.close()


def test_a_wrong_file_lists_its_rows_and_imports_nothing(
    page, official, measured_challenge, with_second_factor, sign_in, axe_check, screenshot
):
    with_second_factor(official)
    sign_in(page, official)
    indicator = measured_challenge.indicators.get()
    page.goto(f"/manage/challenges/{measured_challenge.slug}/indicators/{indicator.pk}/measurements/")
    page.get_by_label("CSV file", exact=True).set_input_files(
        files=[{"name": "days.csv", "mimeType": "text/csv", "buffer": b"date,value\n31.01.2025,36\n2025-02-28,lots\n"}]
    )
    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_text("Row 2: “31.01.2025” is not a date", exact=False).first).to_be_visible()
    expect(page.get_by_text("Row 3: “lots” is not a number", exact=False).first).to_be_visible()
    axe_check(page)
    screenshot(page, "outcome-import-refused")
    assert indicator.measurements.count() == 0


def test_a_finished_challenge_says_whether_the_target_was_reached(
    no_js_page, make_challenge_in, admin_user, axe_check_no_js, screenshot
):
    challenge = make_challenge_in(stage="information", start=-60, end=-1, title="Faster permits")
    challenge_set_indicators(
        actor=admin_user,
        challenge=challenge,
        indicators=[IndicatorSpec(name="Days to a permit", unit="days", baseline=Decimal(30), target=Decimal(10))],
    )
    indicator = challenge.indicators.get()
    for month, value in ((1, "25"), (2, "16"), (3, "9.5")):
        indicator_measurement_record(
            actor=admin_user, indicator=indicator, measured_on=dt.date(2025, month, 28), value=Decimal(value)
        )
    no_js_page.goto(challenge.get_absolute_url())
    expect(no_js_page.get_by_role("columnheader", name="Target reached?")).to_be_visible()
    expect(no_js_page.get_by_role("row", name="Days to a permit")).to_contain_text("Yes, reached")
    axe_check_no_js(no_js_page)
    screenshot(no_js_page, "outcome-finished-challenge")
    no_js_page.get_by_role("link", name="Days to a permit").click()
    expect(no_js_page.get_by_text("Target reached", exact=True)).to_be_visible()
    axe_check_no_js(no_js_page)
    screenshot(no_js_page, "outcome-finished-indicator")
