"""Designs in the browser: start a design from an idea, invite a co-author who writes the next version, compare the
two versions, without JavaScript too."""

from playwright.sync_api import expect

from cocreate.designs.models import Design
from cocreate.designs.tests.conftest import make_design, studio, studio_idea  # noqa: F401


def test_a_design_is_written_with_a_co_author_and_its_versions_compared(
    page, no_js_page, make_user, studio, studio_idea, sign_in, axe_check, screenshot
):
    starter = make_user(display_name="Dana Designer")
    friend = make_user(display_name="Fritz Friend")
    sign_in(page, starter)
    page.goto(f"/challenges/{studio.slug}/")
    page.get_by_role("link", name="See and write designs").click()
    expect(page.get_by_role("heading", name="Designs", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Start a design").click()
    page.get_by_label("Name of the design").fill("Permit in the city app")
    page.get_by_label("In short").fill("Renew online in two minutes.")
    page.get_by_label("Renew in the app").check()
    axe_check(page)
    page.get_by_role("button", name="Start the design").click()
    expect(page.get_by_role("heading", name="Write a new version", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("The problem it solves").fill("Permits are renewed on paper.")
    page.locator("[name=costs-0-item]").fill("App module")
    page.locator("[name=costs-0-one_off]").fill("85000")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("heading", name="Permit in the city app", level=1)).to_be_visible()
    expect(page.get_by_text("85,000 €").first).to_be_visible()
    axe_check(page)
    page.get_by_label("E-mail address of the person to invite").fill(friend.email)
    page.get_by_role("button", name="Invite a co-author").click()
    expect(page.get_by_text("The invitation is sent.")).to_be_visible()
    screenshot(page, "design-detail")
    design = Design.objects.get()

    # The co-author accepts and writes version 3, without JavaScript.
    friend_page = no_js_page
    sign_in(friend_page, friend)
    friend_page.goto(design.get_absolute_url())
    friend_page.get_by_role("button", name="Accept and write with them").click()
    expect(friend_page.get_by_text("You are a co-author of this design now.")).to_be_visible()
    friend_page.get_by_role("link", name="Write a new version").click()
    friend_page.get_by_label("The problem it solves").fill("Permits are renewed on paper, with weeks of waiting.")
    friend_page.get_by_role("button", name="More rows (saves nothing yet)").nth(1).click()
    expect(friend_page.locator("[name=costs-3-item]")).to_be_visible()
    expect(friend_page.get_by_label("The problem it solves")).to_have_value(
        "Permits are renewed on paper, with weeks of waiting."
    )
    friend_page.locator("[name=costs-1-item]").fill("Help desk")
    friend_page.locator("[name=costs-1-yearly]").fill("18000")
    friend_page.get_by_label("What did you change, and why?").fill("Waiting times and the help desk")
    friend_page.get_by_role("button", name="Save as a new version").click()
    expect(friend_page.get_by_text("Version 3 is saved.")).to_be_visible()

    page.goto(design.get_absolute_url())
    page.get_by_role("link", name="What changed last").click()
    expect(page.get_by_role("heading", name="What changed from version 2 to version 3")).to_be_visible()
    expect(page.locator("ins").filter(has_text="with weeks of waiting.")).to_be_visible()
    axe_check(page)
    screenshot(page, "design-compare")
    page.get_by_label("Older version").select_option("1")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="What changed from version 1 to version 3")).to_be_visible()


def test_an_amendment_is_proposed_and_accepted_into_a_new_version(
    page, new_page, make_user, make_design, sign_in, axe_check
):
    from cocreate.designs.tests.conftest import full_content

    author = make_user(display_name="Dana Designer")
    proposer = make_user(display_name="Pia Proposer")
    design = make_design(author=author, content=full_content(), title="Permit in the city app")
    sign_in(page, proposer)
    page.goto(design.get_absolute_url())
    page.get_by_role("link", name="Propose a change to “Resources and partners”").click()
    expect(page.get_by_role("heading", name="Propose a change", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Resources and partners").fill("The app team and the libraries' help desks.")
    page.get_by_label("Why this change?").fill("Libraries already help with online forms.")
    page.get_by_role("button", name="Send the amendment").click()
    expect(page.get_by_text("Your amendment is sent to the design's authors.")).to_be_visible()
    expect(page.locator("ins").filter(has_text="libraries' help desks.")).to_be_visible()
    axe_check(page)
    amendment_url = page.url

    author_page = new_page()
    sign_in(author_page, author)
    author_page.goto(amendment_url)
    author_page.get_by_role("button", name="Reject").click()  # without a reason: refused, nothing changes
    expect(author_page.locator(".error-summary")).to_be_visible()
    axe_check(author_page)
    author_page.get_by_role("button", name="Accept into a new version").click()
    expect(author_page.get_by_text("The amendment is accepted: version 2.")).to_be_visible()
    author_page.goto(design.get_absolute_url())
    expect(author_page.get_by_text("The app team and the libraries' help desks.")).to_be_visible()
    author_page.get_by_role("link", name="All versions").click()
    expect(author_page.get_by_text("the change is by Pia Proposer")).to_be_visible()
