"""An official sets up a participatory-budgeting vote, puts designs on its ballot, prints voting codes, and two
officials enter paper ballots twice, resolving one sheet whose entries differ."""

import pytest
from playwright.sync_api import expect

from cocreate.decisions.models import Ballot, Decision, PaperSheet, VotingCode
from cocreate.decisions.tests.manage_fixtures import make_ready_design
from cocreate.organisations.actions import membership_grant
from cocreate.organisations.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)


def test_officials_set_up_a_vote_print_codes_and_enter_paper_ballots_twice(
    page,
    new_page,
    make_challenge_in,
    make_user,
    official,
    city,
    department,
    with_second_factor,
    sign_in,
    axe_check,
    screenshot,
):
    challenge = make_challenge_in(stage="vote", title="Riverside neighbourhood budget")
    for title, cost in (("Covered bike racks", 30000), ("A shaded playground", 45000), ("Night buses", 80000)):
        make_ready_design(challenge, make_user(), title=title, one_off=cost)
    with_second_factor(official)
    sign_in(page, official)

    # From the challenge's back office to the vote's settings
    page.goto(f"/manage/challenges/{challenge.slug}/stages/")
    page.get_by_role("link", name="Set up the vote", exact=False).click()
    expect(page.get_by_role("heading", name="Decision settings")).to_be_visible()
    decision = Decision.objects.get()
    page.get_by_label("who may vote").select_option("both")
    page.get_by_label("minimum age").fill("14")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("The decision's settings were saved.")).to_be_visible()
    axe_check(page)
    screenshot(page, "decisions-manage-settings")

    # Budgets: the city-wide one exists; set its amount, add a district budget
    page.get_by_role("link", name="Budgets").click()
    page.get_by_role("link", name="Change “", exact=False).click()
    page.get_by_label("amount").fill("150000")
    page.get_by_role("button", name="Save the budget").click()
    page.get_by_label("name").fill("Riverside")
    page.get_by_label("amount").fill("40000")
    page.get_by_label("district").fill("Riverside")
    page.get_by_role("button", name="Add the budget").click()
    expect(page.get_by_role("cell", name="Riverside").first).to_be_visible()
    axe_check(page)

    # Projects from the designs ready for a decision
    page.get_by_role("link", name="Projects on the ballot").click()
    page.get_by_label("Covered bike racks", exact=False).check()
    page.get_by_label("A shaded playground", exact=False).check()
    page.get_by_label("Into which budget").select_option(label="Riverside")
    page.get_by_role("button", name="Put them on the ballot").click()
    expect(page.get_by_text("Projects added to the ballot: 2.")).to_be_visible()
    expect(page.get_by_role("cell", name="30,000 EUR")).to_be_visible()
    axe_check(page)
    screenshot(page, "decisions-manage-projects")

    # Voting codes: the PDF downloads once
    page.get_by_role("link", name="Voting codes").click()
    page.get_by_label("Number of codes").fill("10")
    page.get_by_label("Label").fill("Letters to Riverside")
    page.get_by_label("District").fill("Riverside")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Make the codes and download the PDF").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert VotingCode.objects.filter(decision=decision).count() == 10
    page.reload()
    expect(page.get_by_role("cell", name="Letters to Riverside")).to_be_visible()
    axe_check(page)
    screenshot(page, "decisions-manage-codes")

    # Paper ballots: the first official enters two sheets
    riverside = decision.budgets.get(name="Riverside")
    page.get_by_role("link", name="Paper ballots", exact=True).click()
    page.get_by_role("link", name="Enter a sheet of “Riverside”").click()
    page.get_by_label("Polling place").fill("Riverside library")
    for number, marked in (("1", ["Covered bike racks", "A shaded playground"]), ("2", ["Covered bike racks"])):
        page.get_by_label("Sheet number").fill(number)
        for title in marked:
            page.get_by_label(title, exact=False).check()
        page.get_by_role("button", name="Save this entry").click()
        expect(page.get_by_text(f"Sheet Riverside library #{number} was entered")).to_be_visible()
        expect(page.get_by_label("Polling place")).to_have_value("Riverside library")  # kept for the next sheet
    axe_check(page)
    screenshot(page, "decisions-manage-paper-entry")

    # A second official enters the same sheets; the second differs
    colleague = make_user(display_name="Olga Official")
    membership_grant(user=colleague, organisation=city, role=Membership.Role.OFFICIAL, department=department)
    with_second_factor(colleague)
    other = new_page()
    sign_in(other, colleague)
    other.goto(f"/decisions/{decision.pk}/manage/paper/budgets/{riverside.pk}/")
    for number, marked in (("1", ["A shaded playground", "Covered bike racks"]), ("2", ["A shaded playground"])):
        other.get_by_label("Polling place").fill("Riverside library")
        other.get_by_label("Sheet number").fill(number)
        for title in marked:
            other.get_by_label(title, exact=False).check()
        other.get_by_role("button", name="Save this entry").click()
    expect(other.get_by_text("the two entries differ")).to_be_visible()
    assert Ballot.objects.filter(channel="paper").count() == 1

    # The same official cannot enter a sheet twice
    for _attempt in range(2):
        page.get_by_label("Polling place").fill("Riverside library")
        page.get_by_label("Sheet number").fill("3")
        page.get_by_label("Covered bike racks", exact=False).check()
        page.get_by_role("button", name="Save this entry").click()
    expect(page.get_by_text("You have already entered this sheet.")).to_be_visible()
    expect(page.get_by_label("Sheet number")).to_have_value("3")
    axe_check(page)
    screenshot(page, "decisions-manage-paper-refused")

    # The first official resolves the differing sheet with the sheet's reading
    page.get_by_role("link", name="Paper ballots", exact=True).click()
    page.get_by_role("link", name="Resolve sheet 2 of Riverside library", exact=False).click()
    expect(page.get_by_role("heading", name="Entry 1, by Omar Official")).to_be_visible()
    expect(page.get_by_role("heading", name="Entry 2, by Olga Official")).to_be_visible()
    axe_check(page)
    screenshot(page, "decisions-manage-paper-resolve")
    page.get_by_role("button", name="Count entry 2").click()
    expect(page.get_by_text("was resolved; the ballot is counted")).to_be_visible()
    sheet = PaperSheet.objects.get(number="2")
    assert sheet.status == "resolved"
    assert Ballot.objects.filter(channel="paper").count() == 2

    # Counts of ballots per polling place and district
    page.get_by_role("link", name="Ballots received").click()
    expect(page.get_by_role("cell", name="Riverside library")).to_be_visible()
    axe_check(page)
    screenshot(page, "decisions-manage-counts")

    # Ballots exist: what a ballot means is locked, and the page says so
    page.get_by_role("link", name="Decision settings").click()
    expect(page.get_by_text("are locked and shown greyed out", exact=False)).to_be_visible()
    expect(page.get_by_label("Ballot", exact=True)).to_be_disabled()
    axe_check(page)
    screenshot(page, "decisions-manage-settings-locked")
