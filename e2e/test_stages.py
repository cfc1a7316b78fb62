"""A challenge's stages as people meet them: what comes next, following a challenge, a stage's own settings, and a
department's overdue answers."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.engagement.models import Follow
from cocreate.ideas.actions import idea_submit
from cocreate.problems.models import Problem
from cocreate.wikisurveys.models import PairwiseVote


def days(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)


@pytest.fixture
def two_stage_challenge(city, department, admin_user):
    """Information now, a wiki survey from next week."""
    challenge = challenge_create(
        actor=admin_user,
        organisation=city,
        department=department,
        title="Greener school yards",
        summary="Asphalt school yards get hot in summer.",
        problem_statement="Most school yards are sealed with asphalt.",
        template="idea_challenge",
    ).challenge
    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="information", starts_at=days(-3), ends_at=days(7)),
            StageSpec(type="wiki_survey", starts_at=days(7), ends_at=days(30)),
        ],
    )
    return challenge_publish(actor=admin_user, challenge=challenge)


def test_a_resident_sees_what_comes_next_and_follows_the_challenge_with_and_without_javascript(
    page, no_js_page, two_stage_challenge, citizen, make_user, sign_in, axe_check, screenshot
):
    page.goto(two_stage_challenge.get_absolute_url())
    assert page.get_by_text("Next: “Wiki survey” from").is_visible()
    assert page.get_by_role("link", name="Sign in to follow the challenge").is_visible()
    axe_check(page)

    sign_in(page, citizen)
    page.goto(two_stage_challenge.get_absolute_url())
    page.get_by_role("button", name="Follow the challenge").click()
    expect(page.get_by_role("button", name="Stop following the challenge")).to_be_visible()
    expect(page.get_by_text("You follow this challenge now and will hear when a stage opens.")).to_be_visible()
    axe_check(page)
    screenshot(page, "challenge-followed")

    sign_in(no_js_page, make_user(display_name="Nora No-Script"))
    no_js_page.goto(two_stage_challenge.get_absolute_url())
    no_js_page.get_by_role("button", name="Follow the challenge").click()
    expect(no_js_page.get_by_role("button", name="Stop following the challenge")).to_be_visible()
    assert Follow.objects.filter(target_id=two_stage_challenge.pk).count() == 2


def test_an_official_opens_a_wiki_survey_to_visitors_who_then_vote(
    page, new_page, make_challenge_in, citizen, official, with_second_factor, sign_in, axe_check, screenshot
):
    challenge = make_challenge_in(stage="wiki_survey", title="Compare ideas for school streets")
    for title in ("Planters on the street", "A play street on Fridays"):
        idea_submit(author=citizen, challenge=challenge, title=title, description="", origin="collection")
    visitor = new_page()
    visitor.goto(f"/challenges/{challenge.slug}/wiki-survey/")
    assert visitor.get_by_role("link", name="Sign in to vote in this wiki survey").is_visible()

    with_second_factor(official)
    sign_in(page, official)
    page.goto(f"/manage/challenges/{challenge.slug}/stages/")
    page.get_by_role("link", name="Settings of “Wiki survey”", exact=False).click()
    axe_check(page)
    screenshot(page, "stage-settings")
    page.get_by_label("open voting to visitors who are not signed in").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("The stage's settings were saved.")).to_be_visible()

    visitor.reload()
    visitor.get_by_role("button", name="Planters on the street").click()
    expect(visitor.get_by_text("Thank you, your vote was counted.")).to_be_visible()
    assert PairwiseVote.objects.filter(challenge=challenge, participant__user=None).count() == 1
    axe_check(visitor)


def test_the_public_sees_a_departments_overdue_answers(page, city, department, make_user, axe_check):
    problem = Problem.objects.create(
        author=make_user(),
        organisation=city,
        department=department,
        title="Broken street light on Mill Lane",
        answer_due=timezone.localdate() - dt.timedelta(days=3),
    )
    page.goto(city.get_absolute_url())
    page.get_by_role("link", name=f"Overdue answers of {department.name}").click()
    expect(page.get_by_role("link", name=problem.title)).to_be_visible()
    axe_check(page)
