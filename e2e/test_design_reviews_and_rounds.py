"""Designs in the browser, after they are written: a department's feasibility review, asked for and given by an
official and read by a signed-out visitor; and a prototype test round, from planning to the summary of its results,
with the tester working without JavaScript."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from cocreate.designs.models import FeasibilityReview, RoundFeedback, RoundFinding, RoundSignup, TestRound
from cocreate.designs.tests.conftest import full_content, make_design, studio, studio_idea  # noqa: F401

REASONING = "The app can renew permits; the paper form must stay for people without a smartphone."
PRIVATE_NOTES = "Budget line 4.2 is already committed until March."


def test_a_department_gives_a_feasibility_review_that_everyone_reads_without_its_notes(
    page, new_page, official, with_second_factor, make_user, make_design, sign_in, axe_check
):
    with_second_factor(official)
    design = make_design(author=make_user(display_name="Dana Designer"), content=full_content())
    sign_in(page, official)
    page.goto(design.get_absolute_url())
    expect(page.get_by_role("heading", name="Permit in the city app", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Ask a department for a review").click()
    expect(page.get_by_role("heading", name="Ask a department for a feasibility review", level=1)).to_be_visible()
    expect(page.get_by_label("Version to review")).to_have_value("1")
    axe_check(page)
    page.get_by_label("Department to ask").select_option(label="Mobility")
    page.get_by_role("button", name="Ask for the review").click()
    expect(page.get_by_text("Mobility is asked to review version 1.")).to_be_visible()
    reviews = page.get_by_role("region", name="Feasibility reviews")
    expect(reviews.get_by_text("Asked to review version 1")).to_be_visible()
    axe_check(page)

    # The same official answers for the department: first forgetting the reasoning.
    reviews.get_by_role("link", name="Give your department's verdict").click()
    expect(page.get_by_role("heading", name="Feasibility review by Mobility", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Feasible with conditions").check()
    page.get_by_label("Notes for officials").fill(PRIVATE_NOTES)
    page.get_by_role("button", name="Give the verdict").click()
    expect(page.get_by_role("alert").get_by_role("link", name="Reasoning: This field is required.")).to_be_visible()
    expect(page.get_by_label("Notes for officials")).to_have_value(PRIVATE_NOTES)
    expect(page.get_by_label("Feasible with conditions")).to_be_checked()
    axe_check(page)
    assert FeasibilityReview.objects.get().verdict == ""

    page.get_by_label("Reasoning").fill(REASONING)
    page.get_by_role("button", name="Give the verdict").click()
    expect(page.get_by_text("Your department's verdict is given and shown on the design's page.")).to_be_visible()
    reviews = page.get_by_role("region", name="Feasibility reviews")
    expect(reviews.get_by_text("Feasible with conditions")).to_be_visible()
    expect(reviews.get_by_text(PRIVATE_NOTES)).to_be_visible()  # officials of the public body read the notes
    axe_check(page)
    review = FeasibilityReview.objects.get()
    assert (review.verdict, review.reasoning, review.private_notes, review.reviewer) == (
        FeasibilityReview.Verdict.CONDITIONS,
        REASONING,
        PRIVATE_NOTES,
        official,
    )

    visitor = new_page()
    visitor.goto(design.get_absolute_url())
    reviews = visitor.get_by_role("region", name="Feasibility reviews")
    expect(reviews.get_by_role("heading", name="Mobility")).to_be_visible()
    expect(reviews.get_by_text("Feasible with conditions")).to_be_visible()
    expect(reviews.get_by_text(REASONING)).to_be_visible()
    expect(visitor.get_by_text(PRIVATE_NOTES)).to_have_count(0)
    expect(visitor.get_by_text("Notes for officials")).to_have_count(0)
    axe_check(visitor)


# Odd statements are positive, even ones negative: 4+3+3+3+3 and 4+3+3+3+3 make 32, times 2.5 is 80.
SUS_ANSWERS = ["5, strongly agree", "1, strongly disagree"] + ["4, agree", "2, disagree"] * 4


def test_a_test_round_is_planned_run_without_javascript_by_its_tester_and_summarised(
    page,
    no_js_page,
    new_page,
    official,
    with_second_factor,
    make_user,
    make_design,
    sign_in,
    axe_check,
    axe_check_no_js,
):
    author = make_user(display_name="Dana Designer")
    tester = make_user(display_name="Tia Tester")
    with_second_factor(official)
    design = make_design(author=author, content=full_content())
    today = timezone.localdate()

    # The author plans the round.
    sign_in(page, author)
    page.goto(design.get_absolute_url())
    page.get_by_role("link", name="Plan a test round with the people the service is for").click()
    expect(page.get_by_role("heading", name="Plan a test round", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Title of the round").fill("Renewing in the app")
    page.get_by_label("Tasks").fill("Sign in\nRenew the permit\nPay the fee")
    page.get_by_label("Questions").fill("What was the hardest part?")
    page.get_by_label("Who may take part").fill("Residents who park in the street.")
    page.get_by_label("Places").fill("3")
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Last day").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Open the round for sign-up").click()
    expect(page.get_by_text("The test round is open for sign-up.")).to_be_visible()
    expect(page.get_by_role("heading", name="Renewing in the app", level=1)).to_be_visible()
    axe_check(page)
    test_round = TestRound.objects.get()
    assert test_round.tasks == ["Sign in", "Renew the permit", "Pay the fee"]
    assert (test_round.places, test_round.starts_at, test_round.version) == (3, today, design.current_version)

    # A resident signs up, without JavaScript.
    resident = no_js_page
    sign_in(resident, tester)
    resident.goto(design.get_absolute_url())
    resident.get_by_role("link", name="Renewing in the app").click()
    expect(resident.get_by_role("heading", name="Renewing in the app", level=1)).to_be_visible()
    axe_check_no_js(resident)
    resident.get_by_label("Why do you fit who this round is for?").fill("I park on my street and renew every year.")
    resident.get_by_role("button", name="Sign up to test").click()
    expect(resident.get_by_text("You signed up. An official will confirm or decline").first).to_be_visible()
    axe_check_no_js(resident)

    # The official confirms them.
    clerk = new_page()
    sign_in(clerk, official)
    clerk.goto(test_round.get_absolute_url())
    clerk.get_by_role("link", name="Confirm or decline testers").click()
    expect(clerk.get_by_role("heading", name="Confirm or decline testers", level=1)).to_be_visible()
    expect(clerk.get_by_role("row", name="Tia Tester")).to_contain_text("I park on my street")
    axe_check(clerk)
    clerk.get_by_role("button", name="Confirm Tia Tester").click()
    expect(clerk.get_by_text("Tia Tester is confirmed as a tester.")).to_be_visible()
    expect(clerk.get_by_role("row", name="Tia Tester")).to_contain_text("Confirmed")
    axe_check(clerk)
    assert RoundSignup.objects.get().status == RoundSignup.Status.CONFIRMED

    # The tester gives feedback, without JavaScript.
    resident.goto(test_round.get_absolute_url())
    expect(resident.get_by_text("You are confirmed as a tester.")).to_be_visible()
    resident.get_by_role("link", name="Give your feedback").click()
    expect(resident.get_by_role("heading", name="Your feedback", level=1)).to_be_visible()
    axe_check_no_js(resident)
    outcomes = {
        "Task 1: Sign in": "Yes, without help",
        "Task 2: Renew the permit": "Yes, with help",
        "Task 3: Pay the fee": "No",
    }
    for task, outcome in outcomes.items():
        resident.get_by_role("group", name=task).get_by_label(outcome, exact=True).check()
    sus = resident.get_by_role("group", name="How much do you agree with each statement?")
    statements = sus.get_by_role("group")
    expect(statements).to_have_count(10)
    for index, answer in enumerate(SUS_ANSWERS):
        statements.nth(index).get_by_label(answer, exact=True).check()
    resident.get_by_label("What was the hardest part?").fill("Finding the fee amount.")
    resident.get_by_role("button", name="Send my feedback").click()
    expect(resident.get_by_text("Thank you. You can change your feedback until the round finishes.")).to_be_visible()
    axe_check_no_js(resident)
    feedback = RoundFeedback.objects.get()
    assert feedback.task_outcomes == ["yes", "help", "no"]
    assert feedback.sus_answers == [5, 1, 4, 2, 4, 2, 4, 2, 4, 2]
    assert feedback.answers == ["Finding the fee amount."]

    # The author finishes the round and records a finding.
    page.reload()
    page.get_by_role("button", name="Finish the round (results are final)").click()
    expect(page.get_by_text("The round's status is changed.")).to_be_visible()
    expect(page.get_by_text("Finished", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Results and findings").click()
    expect(page.get_by_role("heading", name="Results: Renewing in the app", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_label("Finding", exact=True).fill("Testers could not find the fee before paying.")
    page.get_by_label("Critical").check()
    page.get_by_role("button", name="Record the finding").click()
    expect(page.get_by_text("The finding is recorded.")).to_be_visible()
    expect(page.get_by_text("Testers could not find the fee before paying.")).to_be_visible()
    axe_check(page)
    finding = RoundFinding.objects.get()
    assert (finding.severity, finding.round) == ("critical", test_round)

    # The summary: one tester's SUS score, and each task's completion rate.
    expect(page.get_by_text("1 tester gave feedback on version 1.")).to_be_visible()
    expect(page.get_by_text("Mean score: 80.0 out of 100.")).to_be_visible()
    expect(page.get_by_text("With fewer than two testers, no confidence interval can be computed.")).to_be_visible()
    completed = page.get_by_role("table")
    expect(completed.get_by_role("row", name="1. Sign in")).to_contain_text("100%")
    expect(completed.get_by_role("row", name="2. Renew the permit").get_by_role("cell").last).to_have_text("100%")
    expect(completed.get_by_role("row", name="3. Pay the fee").get_by_role("cell").last).to_have_text("0%")
    expect(page.get_by_text("Finding the fee amount.")).to_be_visible()  # authors read what testers wrote
