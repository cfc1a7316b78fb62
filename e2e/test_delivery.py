"""An official turns a closed decision's winners into implementation projects, plans a milestone and records it as
reached; the author of an idea the project came from finds the news among their notifications."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.delivery.models import ImplementationProject, Milestone
from cocreate.delivery.tests.conftest import (  # noqa: F401  (fixtures: a closed vote whose winners came of ideas)
    challenge,
    decision,
    designer,
    idea_author,
    idea_supporter,
)
from cocreate.engagement.actions import announcements_deliver_pending

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_official_delivers_the_winners_and_an_idea_author_hears_of_a_milestone(
    page, new_page, challenge, decision, official, idea_author, with_second_factor, sign_in, axe_check, screenshot
):
    with_second_factor(official)
    sign_in(page, official)

    # The delivery stage's page offers the decision's winners
    page.goto(f"/challenges/{challenge.slug}/delivery/")
    expect(page.get_by_text("2 selected projects have no implementation project yet", exact=False)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Create projects from the decision’s winners").click()
    expect(page.get_by_text("Projects started: 2.")).to_be_visible()
    expect(page.get_by_role("link", name="Shade trees")).to_be_visible()
    assert ImplementationProject.objects.count() == 2
    axe_check(page)
    screenshot(page, "delivery-stage")

    # A milestone, planned for today, then reached
    page.get_by_role("link", name="Shade trees").click()
    page.get_by_label("Milestone", exact=True).fill("Trees ordered")
    page.get_by_label("Planned date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("The milestone was added.")).to_be_visible()
    page.get_by_role("button", name="Record “Trees ordered” as reached today").click()
    expect(page.get_by_text("The milestone is recorded as reached", exact=False)).to_be_visible()
    assert Milestone.objects.get().reached_on == timezone.localdate()
    expect(page.get_by_text("100 % done")).to_be_visible()
    axe_check(page)
    screenshot(page, "delivery-project")

    # A project by hand, part of the first: refused without a description, then started
    page.get_by_role("link", name="Delivery").click()
    page.get_by_role("link", name="Start a project by hand").click()
    page.get_by_label("Title").fill("Watering the new trees")
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Watering the new trees")
    axe_check(page)
    page.get_by_label("Public description").fill("Volunteers water the trees in their first summer.")
    page.get_by_label("Part of the project").select_option(label="Shade trees")
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_text("The project was started.")).to_be_visible()
    assert ImplementationProject.objects.get(title="Watering the new trees").parent.title == "Shade trees"
    page.get_by_role("link", name="Shade trees").click()

    # The budget page, with its CSV import
    page.get_by_role("link", name="Budget lines and import").click()
    expect(page.get_by_role("heading", name="Import budget lines from a CSV file")).to_be_visible()
    axe_check(page)

    # The idea's author hears of it, once the worker has written the news for the people upstream
    announcements_deliver_pending()
    reader = new_page()
    sign_in(reader, idea_author)
    reader.goto("/notifications/")
    expect(reader.get_by_text("reached a milestone", exact=False)).to_be_visible()
    expect(reader.get_by_text("Trees ordered", exact=False)).to_be_visible()
    axe_check(reader)

    # Anyone reads the project page, without JavaScript too
    reader.goto(ImplementationProject.objects.get(title="Shade trees").get_absolute_url())
    expect(reader.get_by_role("heading", name="Shade trees")).to_be_visible()
    axe_check(reader)
    screenshot(reader, "delivery-project-public")
