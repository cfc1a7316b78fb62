"""Finding one's way (#17): the header and its menu on a phone, search from the header, the home page's grid, a
person's participation on their profile and a journey as a timeline."""

import pytest
from playwright.sync_api import expect

from cocreate.engagement.actions import comment_add, support_add
from cocreate.ideas.actions import idea_submit
from cocreate.problems.actions import problem_report

from .conftest import DESKTOP, PHONE

TITLES = ["Safer cycling to school", "Greener school yards", "Quieter streets at night", "A faster benefit form"]


@pytest.fixture
def city_life(make_challenge_in, city, make_user):
    """Four open challenges, an idea and a problem: enough for the grids and the search to show something."""
    challenges = [make_challenge_in(title=title) for title in TITLES]
    author = make_user(display_name="Rita Resident")
    idea = idea_submit(
        author=author, challenge=challenges[0], title="Bike buses", description="Ride to school together."
    )
    problem = problem_report(
        author=author,
        organisation=city,
        title="Broken cycle lane on School Road",
        description="The kerb is cracked and cyclists swerve into traffic.",
    )
    return {"challenges": challenges, "idea": idea, "problem": problem, "author": author}


def focus_by_tab(page, selector: str, *, limit: int = 15):
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


def test_on_a_phone_the_menu_opens_by_keyboard_and_the_header_stays_small(page, city_life, axe_check, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu_link = page.locator(".site-nav").get_by_role("link", name="Challenges")
    header = page.locator(".site-header").bounding_box()

    assert header["height"] < PHONE["height"] / 5  # it took a third of the screen
    expect(menu_link).to_be_hidden()
    expect(page.locator(".site-report")).to_be_visible()
    expect(page.locator("#site-search-input")).to_be_visible()

    focus_by_tab(page, ".site-menu > summary")
    summary = page.locator(".site-menu > summary")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # focus is visible
    assert summary.bounding_box()["height"] >= 24  # WCAG 2.5.8 target size
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    assert page.locator(".site-menu").get_attribute("open") is not None
    focus_by_tab(page, ".site-nav a[href='/challenges/']", limit=5)
    axe_check(page)
    screenshot(page, "discover-phone-menu-open")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenges")


def test_without_javascript_the_phone_menu_still_opens(no_js_page, city_life):
    page = no_js_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    link = page.locator(".site-nav").get_by_role("link", name="Organisations")

    expect(link).to_be_hidden()
    page.locator(".site-menu > summary").click()
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")


def test_on_a_wide_screen_the_menu_is_always_shown(page, city_life):
    page.goto("/")

    expect(page.locator(".site-menu > summary")).to_be_hidden()
    for name in ("Home", "Problems", "Challenges", "Organisations"):
        expect(page.locator(".site-nav").get_by_role("link", name=name)).to_be_visible()
    expect(page.locator(".account-nav").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.locator("#language-select")).to_be_visible()


def test_searching_from_the_header(page, city_life, axe_check, screenshot):
    page.goto("/")
    search = page.get_by_role("searchbox", name="Search challenges, problems and ideas")
    search.fill("school")
    with page.expect_navigation():
        search.press("Enter")

    assert page.url.endswith("/search/?q=school")
    expect(page.get_by_role("heading", level=2, name="6 results for “school”")).to_be_visible()
    results = page.locator(".search-result")
    expect(results).to_have_count(6)
    expect(page.locator(".search-result--problem .search-result__kind")).to_have_text("Problem")
    expect(page.locator(".search-result--idea").get_by_role("link", name="Bike buses")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search challenges, problems and ideas")).to_have_value("school")
    axe_check(page)
    screenshot(page, "discover-search")

    page.get_by_role("link", name="Ideas (1)").click()
    expect(page.locator(".search-result")).to_have_count(1)


def test_a_bad_search_says_why(page, city_life):
    response = page.goto("/search/?q=" + "x" * 201)

    assert response.status == 400
    expect(page.locator("main")).to_contain_text("The search is too long: use at most 200 characters.")


def test_the_home_page_fills_the_width_and_offers_reporting(page, city_life, axe_check, screenshot):
    page.set_viewport_size(DESKTOP)
    page.goto("/")

    cards = page.locator("#home-open-now ~ .cards > .card")
    expect(cards).to_have_count(4)
    boxes = [cards.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]  # three in a row at 1280 pixels
    assert boxes[0]["width"] > 300
    expect(page.locator(".home-report").get_by_role("link", name="Report a problem")).to_be_visible()
    expect(page.get_by_role("heading", name="Recently reported")).to_be_visible()
    expect(page.locator(".card__stage").first).to_have_text("Now: Idea collection")
    axe_check(page)
    screenshot(page, "discover-home")

    page.locator(".home-report").get_by_role("link", name="Report a problem").click()
    page.wait_for_load_state("load")
    assert "/problems/report/" in page.url or "/accounts/login/" in page.url


def test_a_problem_page_at_both_widths(page, city_life, axe_check, screenshot):
    page.goto(city_life["problem"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Broken cycle lane on School Road")
    axe_check(page)
    screenshot(page, "discover-problem")


def test_a_profile_shows_participation(page, city_life, citizen, sign_in, axe_check, screenshot):
    support_add(user=citizen, target=city_life["idea"])
    comment_add(author=citizen, target=city_life["problem"], body="Same for me every morning.")
    support_add(user=citizen, target=city_life["problem"])

    page.goto(f"/people/{citizen.pk}/")
    ideator = page.locator("#role-ideator").locator("..")
    explorer = page.locator("#role-explorer").locator("..")
    expect(ideator.get_by_role("heading", name="Ideas supported")).to_be_visible()
    expect(ideator.get_by_role("link", name="Bike buses")).to_be_visible()
    expect(explorer.get_by_role("heading", name="Problems commented on")).to_be_visible()
    expect(explorer.get_by_role("link", name="Broken cycle lane on School Road")).to_have_count(2)
    axe_check(page)
    screenshot(page, "discover-profile")


def test_a_journey_reads_as_a_timeline(page, city_life, axe_check, screenshot):
    idea = city_life["idea"]
    page.goto(f"/journey/ideas/idea/{idea.pk}/")

    expect(page.locator(".journey__heading")).to_have_text(["Challenges (1)", "Ideas (1)"])
    expect(page.locator(".journey__item--current")).to_contain_text("Bike buses")
    axe_check(page)
    screenshot(page, "discover-journey")
