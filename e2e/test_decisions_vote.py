"""Voting in a participatory budget: online with each ballot type and with a printed code, by keyboard, with and
without JavaScript; every page checked with axe and photographed at 1280 and 375 pixels wide."""

import pytest
from playwright.sync_api import expect

from cocreate.decisions.models import Ballot, Decision
from cocreate.decisions.tests.voting_fixtures import make_codes, make_vote  # noqa: F401

SHOTS = {"desktop": {"width": 1280, "height": 900}, "narrow": {"width": 375, "height": 800}}


@pytest.fixture
def shoot():
    from e2e.conftest import SCREENSHOT_DIR

    def take(page, name):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        original = page.viewport_size
        for label, size in SHOTS.items():
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOT_DIR / f"decisions-vote-{name}-{label}.png", full_page=True)
        page.set_viewport_size(original)

    return take


def open_ballot(page, vote):
    page.goto(vote.decision.get_absolute_url())
    page.get_by_role("link", name="Vote", exact=True).click()


def test_approval_online_with_eligibility_by_keyboard(page, make_vote, citizen, sign_in, axe_check, shoot):
    vote = make_vote("approval", min_choices=1, max_choices=2, min_age=16, eligibility="I live in Testbridge")
    sign_in(page, citizen)
    page.goto(vote.decision.get_absolute_url())
    axe_check(page)
    open_ballot(page, vote)
    expect(page.get_by_role("heading", name="Confirm you may vote")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Go on to the ballot").click()
    expect(page.locator(".field-errors").first).to_be_visible()
    axe_check(page)
    page.get_by_label("I am at least 16 years old.").check()
    page.get_by_label("I confirm: I live in Testbridge").check()
    page.get_by_role("button", name="Go on to the ballot").click()
    expect(page.get_by_role("heading", name="Your ballot")).to_be_visible()
    status = page.locator(f"#budget-{vote.budgets[0].pk}-status")
    expect(status.locator('[data-vote="chosen"]')).to_have_text("0")
    first = page.get_by_label("City-wide project 1")
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(status.locator('[data-vote="chosen"]')).to_have_text("2")
    axe_check(page)
    shoot(page, "approval")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_role("heading", name="Your ballot and receipt")).to_be_visible()
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 0, 1)
    expect(page.locator("#receipt")).to_have_text(ballot.receipt)
    axe_check(page)
    shoot(page, "receipt")


BUDGETS = [("City-wide", 100000, "", [40000, 30000, 50000]), ("North", 50000, "North", [20000, 35000])]


def test_knapsack_in_two_budgets_says_what_is_left(page, make_vote, citizen, sign_in, axe_check, shoot):
    vote = make_vote("knapsack", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ALL)
    city, north = vote.budgets
    sign_in(page, citizen)
    open_ballot(page, vote)
    page.get_by_label("North").check()
    axe_check(page)
    page.get_by_role("button", name="Go on to the ballot").click()
    left = page.locator(f"#budget-{city.pk}-status [data-vote='left']")
    expect(left).to_have_text("100,000")
    page.get_by_label("City-wide project 1").check()
    page.get_by_label("City-wide project 3").check()
    expect(left).to_have_text("10,000")
    page.get_by_label("City-wide project 2").check()
    expect(left).to_have_text("-20,000")
    expect(page.locator(f"#budget-{city.pk}-status [data-vote='over']")).to_be_visible()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator(f"#budget-{city.pk}-errors")).to_contain_text("more than the budget")
    expect(page.locator("#vote-still-to-do")).to_contain_text("Still to vote in: North")
    assert Ballot.objects.count() == 0
    expect(page.get_by_label("City-wide project 2")).to_be_checked()  # the voter's choices are kept
    axe_check(page)
    shoot(page, "knapsack-refused")
    page.get_by_label("City-wide project 2").uncheck()
    page.get_by_label("North project 2").check()
    expect(page.locator(f"#budget-{north.pk}-status [data-vote='left']")).to_have_text("15,000")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible()
    assert sorted(Ballot.objects.values_list("budget_id", "choices")) == [
        (city.pk, vote.pks(0, 0, 2)),
        (north.pk, vote.pks(1, 1)),
    ]


def test_knapsack_without_javascript_checks_on_the_server(no_js_page, make_vote, citizen, sign_in, axe_check_no_js):
    page = no_js_page
    vote = make_vote("knapsack", budgets=[("City-wide", 100000, "", [40000, 30000, 50000])])
    sign_in(page, citizen)
    page.goto(f"/decisions/{vote.decision.pk}/vote/")
    page.get_by_label("City-wide project 1").check()
    page.get_by_role("button", name="Check my ballot").click()
    expect(page.locator(f"#budget-{vote.budgets[0].pk}-status [data-vote='left']")).to_have_text("60,000")
    expect(page.get_by_text("Your ballot can be cast as it is.")).to_be_visible()
    expect(page.get_by_label("City-wide project 1")).to_be_checked()
    axe_check_no_js(page)
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible()
    assert Ballot.objects.get().choices == vote.pks(0, 0)


def test_points_ballot(page, make_vote, citizen, sign_in, axe_check, shoot):
    vote = make_vote("cumulative", points_per_voter=10, max_points_per_project=6)
    sign_in(page, citizen)
    open_ballot(page, vote)
    status = page.locator(f"#budget-{vote.budgets[0].pk}-status")
    page.get_by_label("Points · City-wide project 1").fill("6")
    page.get_by_label("Points · City-wide project 3").fill("4")
    expect(status.locator("[data-vote='points-left']")).to_have_text("0")
    axe_check(page)
    shoot(page, "points")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible()
    ballot = Ballot.objects.get()
    assert (ballot.choices, ballot.points) == (vote.pks(0, 0, 2), [6, 4])
    expect(page.get_by_text("6 points")).to_be_visible()


def test_ranked_ballot(page, make_vote, citizen, sign_in, axe_check, shoot):
    vote = make_vote("ranked", max_choices=2)
    sign_in(page, citizen)
    open_ballot(page, vote)
    page.get_by_label("Place · City-wide project 3").select_option("1")
    page.get_by_label("Place · City-wide project 1").select_option("2")
    expect(page.locator(f"#budget-{vote.budgets[0].pk}-status [data-vote='chosen']")).to_have_text("2")
    axe_check(page)
    shoot(page, "ranked")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator("#receipt")).to_be_visible()
    assert Ballot.objects.get().choices == vote.pks(0, 2, 0)
    expect(page.locator(".vote-mine li").first).to_contain_text("Place 1: City-wide project 3")
    axe_check(page)


def test_voting_with_a_printed_code(page, make_vote, axe_check, shoot):
    vote = make_vote("approval", voters=Decision.Voters.BOTH)
    [typed] = make_codes(vote.decision, 1)
    page.goto(vote.decision.get_absolute_url())
    page.get_by_role("link", name="Vote with a printed code").click()
    expect(page.get_by_role("heading", name="Vote with your voting code")).to_be_visible()
    page.get_by_label("Your voting code").fill("AAAA BBBB CCCC")
    page.get_by_role("button", name="Go on to the ballot").click()
    expect(page.locator("#id_code_error")).to_contain_text("not valid")
    expect(page.get_by_label("Your voting code")).to_have_value("AAAA BBBB CCCC")
    axe_check(page)
    shoot(page, "code")
    page.get_by_label("Your voting code").fill(typed.lower())
    page.get_by_role("button", name="Go on to the ballot").click()
    expect(page.get_by_text("You are voting with a printed voting code.")).to_be_visible()
    page.get_by_label("City-wide project 2").check()
    page.get_by_role("button", name="Cast my ballot").click()
    ballot = Ballot.objects.get()
    expect(page.locator("#receipt")).to_have_text(ballot.receipt)
    assert ballot.channel == Ballot.Channel.CODE
    assert ballot.choices == vote.pks(0, 1)
    axe_check(page)
