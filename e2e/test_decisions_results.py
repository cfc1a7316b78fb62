"""Results in the browser: an official closes a vote, the worker counts it, everyone reads the results and a voter
checks their receipt; an official selection with a public reason per project."""

from playwright.sync_api import expect

from cocreate.decisions.models import Decision, Project
from cocreate.decisions.tasks import count_decision
from cocreate.decisions.tests.results_fixtures import (  # noqa: F401
    add_ballot,
    designs_on_ballot,
    selection,
    vote,
)


def test_an_official_closes_the_vote_and_a_voter_checks_their_receipt(
    page, new_page, vote, official, with_second_factor, make_user, sign_in, axe_check, screenshot, designs_on_ballot
):
    with_second_factor(official)
    decision, p = vote["decision"], vote["projects"]
    Decision.objects.filter(pk=decision.pk).update(rule=Decision.Rule.MES)
    voter = make_user(display_name="Vic Voter")
    add_ballot(decision, vote["budget"], [p["A"], p["C"]], user=voter, receipt="7f3a9c2b")
    add_ballot(decision, vote["budget"], [p["A"], p["C"]])
    add_ballot(decision, vote["budget"], [p["A"]])
    add_ballot(decision, vote["budget"], [p["B"]])

    sign_in(page, official)
    page.goto(decision.get_absolute_url())
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_text("Until then nobody sees how the projects are doing.")).to_be_visible()
    axe_check(page)
    results.get_by_role("button", name="Close voting now and count").click()
    expect(page.get_by_text("Voting is closed. The ballots are being counted")).to_be_visible()
    expect(page.get_by_role("button", name="Close voting now and count")).to_have_count(0)
    axe_check(page)

    assert count_decision.call(decision_id=decision.pk) == Decision.Results.PUBLISHED  # the worker's part

    page.reload()
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_text("1 project selected, from 4 ballots.")).to_be_visible()
    results.get_by_role("link", name="All results of City-wide").click()
    expect(page.get_by_role("heading", name="Results: City-wide", level=1)).to_be_visible()
    expect(page.get_by_text("Its supporters' share was spent on Project A, which they also supported.")).to_be_visible()
    axe_check(page)

    visitor = new_page()
    sign_in(visitor, voter)
    visitor.goto(page.url)
    expect(
        visitor.get_by_role("region", name="Your ballot").get_by_text("Your share of the budget was 25 EUR")
    ).to_be_visible()
    axe_check(visitor)
    screenshot(visitor, "decisions-results")
    visitor.get_by_role("link", name="Check that your ballot was counted, with your receipt").first.click()
    visitor.get_by_label("Receipt").fill("  7F3A 9C2B ")
    visitor.get_by_role("button", name="Check").click()
    expect(visitor.get_by_text("Yes: the ballot with receipt 7f3a9c2b is in the published file")).to_be_visible()
    expect(visitor.get_by_label("Receipt")).to_have_value("  7F3A 9C2B ")
    axe_check(visitor)
    screenshot(visitor, "decisions-receipt")


def test_an_official_selection_with_reasons(
    page, selection, official, with_second_factor, sign_in, axe_check, screenshot, designs_on_ballot, new_page
):
    with_second_factor(official)
    decision = selection["decision"]
    sign_in(page, official)
    page.goto(decision.get_absolute_url())
    page.get_by_role("link", name="Make the selection, with a reason for each project").click()
    expect(page.get_by_role("heading", name="The selection, with reasons", level=1)).to_be_visible()
    axe_check(page)
    first = page.get_by_role("group", name="Street 1")
    second = page.get_by_role("group", name="Street 2")
    first.get_by_label("Selected", exact=True).check()
    first.get_by_label("Public reason").fill("Most asked for, and cheapest.")
    second.get_by_label("Not selected").check()
    page.get_by_role("button", name="Publish the selection").click()
    expect(
        page.get_by_role("alert").get_by_role(
            "link", name="Public reason for “Street 2”: Give the public reason for this choice."
        )
    ).to_be_visible()
    expect(first.get_by_label("Public reason")).to_have_value("Most asked for, and cheapest.")
    axe_check(page)
    screenshot(page, "decisions-selection-form")
    assert not Project.objects.filter(selected__isnull=False).exists()
    second.get_by_label("Public reason").fill("The street is too narrow for the plan.")
    page.get_by_role("button", name="Publish the selection").click()
    expect(page.get_by_text("The selection is published with its reasons.")).to_be_visible()

    reader = new_page()
    reader.goto(decision.get_absolute_url())
    expect(
        reader.get_by_role("region", name="Results").get_by_text("The street is too narrow for the plan.")
    ).to_be_visible()
    reader.get_by_role("link", name="The selection and its reasons").click()
    expect(reader.get_by_text("Most asked for, and cheapest.")).to_be_visible()
    axe_check(reader)
    screenshot(reader, "decisions-selection")
