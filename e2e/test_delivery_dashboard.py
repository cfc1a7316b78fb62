"""A visitor reads the execution dashboard, filters it by district without JavaScript, and is told beside the field
when a filter names nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.delivery.models import ImplementationProject, Milestone
from cocreate.delivery.tests.conftest import challenge  # noqa: F401  (fixture: a challenge whose delivery runs)

pytestmark = pytest.mark.django_db(transaction=True)


def _projects(challenge):
    stage = next(s for s in challenge.ordered_stages if s.type == "delivery")
    for n, (status, district) in enumerate(
        [("planned", "North"), ("in_progress", "North"), ("in_progress", "South"), ("done", "South")]
    ):
        project = ImplementationProject.objects.create(
            author=challenge.created_by,
            challenge=challenge,
            organisation_id=challenge.organisation_id,
            stage=stage,
            title=f"Project {n}",
            description="A project.",
            status=status,
            district=district,
            budget_planned=1000,
            budget_spent=250 * n,
        )
        if n == 2:
            Milestone.objects.create(
                project=project, title="Late step", planned_on=timezone.localdate() - dt.timedelta(days=5)
            )


def test_a_visitor_reads_and_filters_the_dashboard(no_js_page, challenge, axe_check_no_js, screenshot):
    _projects(challenge)
    page = no_js_page
    page.goto("/delivery/dashboard/")
    expect(page.get_by_role("heading", name="Execution dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Per district").get_by_role("row", name="South")).to_contain_text("1")
    axe_check_no_js(page)
    screenshot(page, "delivery-dashboard")
    page.get_by_role("combobox", name="District").select_option("North")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("table", name="Per district").get_by_role("row")).to_have_count(3)  # head, North, total
    page.goto("/delivery/dashboard/?cycle=1850")
    expect(page.get_by_text("Select a valid choice", exact=False)).to_be_visible()
    axe_check_no_js(page)
