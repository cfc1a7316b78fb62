"""Visitors vote in a wiki survey and in an opinion map, with JavaScript (htmx) and without."""

import pytest
from playwright.sync_api import expect

from cocreate.ideas.actions import idea_submit
from cocreate.ideas.models import Idea
from cocreate.opinionmaps.models import OpinionMapSettings, Statement, StatementVote
from cocreate.opinionmaps.tasks import recompute_opinion_map
from cocreate.wikisurveys.models import PairwiseVote, WikiSurveySettings

IDEAS = ["Protected bike lanes", "School streets", "Walking buses", "Bike parking at schools"]
STATEMENTS = [
    "Cars should not park on pavements.",
    "Speed limits near schools should be 20 km/h.",
    "The city should pay for bike repairs for pupils.",
    "Parents should walk children to school.",
]


@pytest.fixture
def survey(make_challenge_in, citizen):
    challenge = make_challenge_in(stage="wiki_survey", title="Safer routes: compare ideas")
    for title in IDEAS:
        idea_submit(
            author=citizen, challenge=challenge, title=title, description="Details.", origin=Idea.Origin.COLLECTION
        )
    WikiSurveySettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
    return challenge


@pytest.fixture
def opinion_map(make_challenge_in):
    challenge = make_challenge_in(stage="opinion_map", title="Safer routes: opinions")
    for text in STATEMENTS:
        Statement.objects.create(
            challenge=challenge, stage=challenge.stages.get(), text=text, is_seed=True, is_approved=True
        )
    OpinionMapSettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
    return challenge


def page_without_scripts(browser, live_server):
    """A browser without the site's JavaScript: htmx, its only script, never loads, so every form posts plainly.

    (Switching JavaScript off altogether would also switch off axe, which runs in the page.)
    """
    context = browser.new_context(base_url=live_server.url, locale="en")
    context.route("**/*.js", lambda route: route.abort())
    return context.new_page()


def test_a_visitor_compares_ideas_with_and_without_javascript(page, browser, live_server, survey, axe_check):
    page.goto(f"/challenges/{survey.slug}/")
    page.get_by_role("link", name="Compare ideas").click()
    expect(page.get_by_role("heading", name="Which idea better meets the challenge?")).to_be_visible()
    axe_check(page)
    page.locator("#choice-left").click()
    page.get_by_text("Thank you, your vote was counted").wait_for()
    assert page.url.endswith("/wiki-survey/")  # no page load: htmx swapped the pair
    axe_check(page)
    page.get_by_role("button", name="I can't decide").click()
    page.wait_for_function("() => document.querySelectorAll('#wikisurvey-pair form').length === 1")
    page.wait_for_timeout(200)
    assert PairwiseVote.objects.count() == 2
    page.get_by_role("link", name="See the results so far").click()
    expect(page.get_by_role("table")).to_be_visible()
    axe_check(page)

    plain = page_without_scripts(browser, live_server)
    plain.goto(f"/challenges/{survey.slug}/wiki-survey/")
    axe_check(plain)
    plain.locator("#choice-right").click()
    plain.wait_for_load_state("load")
    assert plain.get_by_text("Thank you, your vote was counted").first.is_visible()
    axe_check(plain)
    assert PairwiseVote.objects.count() == 3
    assert PairwiseVote.objects.values("participant").distinct().count() == 2


def test_a_visitor_votes_in_an_opinion_map_and_sees_the_map(
    page, browser, live_server, opinion_map, axe_check, settings
):
    settings.COCREATE_OPINION_MAP_MIN_VOTES = 3
    page.goto(f"/challenges/{opinion_map.slug}/")
    page.get_by_role("link", name="Vote on statements").click()
    axe_check(page)
    for n in range(1, 4):
        page.get_by_role("button", name="Agree" if n != 2 else "Disagree", exact=True).click()
        page.get_by_text(f"You have voted on {n} statement").wait_for()
    axe_check(page)
    assert StatementVote.objects.count() == 3

    plain = page_without_scripts(browser, live_server)
    plain.goto(f"/challenges/{opinion_map.slug}/opinion-map/")
    axe_check(plain)
    for _ in range(3):
        plain.get_by_role("button", name="Disagree", exact=True).click()
        plain.wait_for_load_state("load")
    assert plain.get_by_text("The map is being computed").is_visible()
    axe_check(plain)
    plain.get_by_label("Your statement").fill("Crossings need lights.")
    plain.get_by_role("button", name="Send the statement").click()
    expect(plain.get_by_text("once a moderator has checked it")).to_be_visible()
    assert Statement.objects.get(text="Crossings need lights.").is_approved is False

    recompute_opinion_map.call(stage_id=opinion_map.stages.get().pk)  # what the background worker does
    page.reload()
    svg = page.locator("svg[role=img]")
    assert svg.is_visible()
    assert "You are marked with a ring" in svg.locator("desc").text_content()
    assert page.get_by_role("table").is_visible()
    axe_check(page)
