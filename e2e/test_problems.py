"""Problems in the browser: reporting (with and without JavaScript), "affects me too", triage, answers, the list."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from cocreate.engagement import actions as engagement
from cocreate.engagement.models import InternalNote, Notification, StatusChange
from cocreate.problems.models import Photo, Problem
from cocreate.problems.tests import conftest as problem_fixtures

# Fixtures shared with the unit tests: ``category`` (potholes, with a required question), ``lights``, ``make_problem``.
category = problem_fixtures.category
lights = problem_fixtures.lights
make_problem = problem_fixtures.make_problem
jpeg_with_gps = problem_fixtures.jpeg_with_gps

TITLE_FIELD = "What is the problem, in a few words?"


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded photos go to a temporary directory, served by the live server under /media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _mark_document(page):
    """Tag the current document, to tell later whether the browser loaded a new page since."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


# --- 1. Reporting with JavaScript: a suggestion, "affects me too", then a report with a photo -------------------------


def test_a_resident_is_shown_a_similar_problem_then_reports_their_own_with_a_photo(
    page, citizen, category, make_problem, media, sign_in, axe_check, screenshot
):
    existing = make_problem("Street light out on Elm Road")
    sign_in(page, citizen)

    page.goto("/problems/")
    axe_check(page)
    page.locator("main").get_by_role("link", name="Report a problem").click()
    page.wait_for_url("**/problems/report/")
    assert page.get_by_role("heading", name="Report a problem", level=1).is_visible()
    axe_check(page)

    # Typing the title asks the server, through htmx, for similar problems.
    _mark_document(page)
    page.get_by_label(TITLE_FIELD).press_sequentially("Streetlight out Elm road", delay=10)
    suggestion = page.locator("#suggestions").get_by_role("link", name="Street light out on Elm Road")
    suggestion.wait_for()
    assert _same_document(page)
    assert suggestion.evaluate("a => a.closest('[aria-live]') !== null"), "not inside a live region"
    assert page.get_by_role("heading", name="Already reported? These look similar").is_visible()
    assert "0 people affected" in page.locator("#suggestions li").first.inner_text()
    axe_check(page)
    screenshot(page, "problem-report-suggestions")

    # The suggestion is the same problem: "affects me too" counts it, in place.
    suggestion.click()
    page.wait_for_url(f"**/problems/{existing.pk}/")
    axe_check(page)
    button = page.locator(f"#support-{existing.pk} button")
    assert button.inner_text().strip() == "Affects me too (0)"
    assert button.get_attribute("aria-pressed") == "false"
    _mark_document(page)
    button.focus()
    page.keyboard.press("Enter")
    page.locator(f"#support-{existing.pk} button[aria-pressed=true]").wait_for()
    assert _same_document(page), "the support button should update in place, without loading a page"
    assert page.evaluate("document.activeElement.id") == f"support-{existing.pk}-button", "focus was lost"
    assert page.locator(f"#support-{existing.pk} button").inner_text().strip().endswith("(1)")
    existing.refresh_from_db()
    assert existing.support_count == 1
    axe_check(page)
    screenshot(page, "problem-supported")

    # Back to the form, for a different problem: category, its required question, a photo from a phone.
    page.go_back()
    page.wait_for_url("**/problems/report/")
    page.get_by_label(TITLE_FIELD).fill("Deep pothole outside number 12 Elm Road")
    page.get_by_label("Describe it").fill("Cars swerve into the cycle lane to avoid it.")
    # Choosing the category loads its questions in place (htmx); the button that reloads the page is for browsers
    # without JavaScript.
    assert page.get_by_role("button", name="Show the questions for this category").count() == 0
    _mark_document(page)
    page.get_by_label("Category").select_option(label="Potholes")
    question = page.get_by_role("group", name="How big is it?")
    question.wait_for()
    assert _same_document(page)
    assert page.get_by_label(TITLE_FIELD).input_value() == "Deep pothole outside number 12 Elm Road"
    axe_check(page)
    screenshot(page, "problem-report-questions")
    question.get_by_label("Large").check()
    page.get_by_label("Where? (address or place").fill("12 Elm Road")
    page.get_by_label("Photos").set_input_files(
        files=[{"name": "pothole.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.get_by_role("button", name="Send report").click()

    reported = Problem.objects.exclude(pk=existing.pk).get()
    page.wait_for_url(f"**/problems/{reported.pk}/")
    assert reported.author == citizen
    assert reported.category == category
    assert reported.answers == {"size": "large"}
    assert page.locator(".messages").inner_text().strip().startswith("Thank you. Your report was sent")
    assert page.get_by_role("heading", name="Deep pothole outside number 12 Elm Road", level=1).is_visible()
    assert page.locator("main p .badge").inner_text() == "Submitted"
    assert page.get_by_text("An answer is due by").is_visible()
    thumbnail = page.get_by_role("img", name="Photo of the problem")
    assert thumbnail.is_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    axe_check(page)
    screenshot(page, "problem-reported")

    # The stored photo and its thumbnail carry no camera or location data.
    photo = Photo.objects.get(problem=reported)
    for field in (photo.image, photo.thumbnail):
        with field.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as image:
            assert image.format == "JPEG"
            assert not image.getexif(), f"{field.name} still carries EXIF data"
            assert "exif" not in image.info


# --- 2. Reporting without JavaScript -------------------------------------------------------------------------------


def test_reporting_works_without_javascript(no_js_page, citizen, category, sign_in, axe_check_no_js, screenshot):
    page, axe_check = no_js_page, axe_check_no_js
    sign_in(page, citizen)
    page.goto("/problems/report/")
    assert page.locator("#report-map").is_hidden()
    axe_check(page)

    # The category's questions come with a round trip to the server.
    page.get_by_label("Describe it").fill("The crossing light stays red for pedestrians.")
    page.get_by_label("Category").select_option(label="Potholes")
    page.get_by_role("button", name="Show the questions for this category").click()
    page.wait_for_load_state("load")
    question = page.get_by_role("group", name="How big is it?")
    assert question.is_visible()
    assert page.get_by_label("Describe it").input_value() == "The crossing light stays red for pedestrians."
    axe_check(page)

    # Sent without a title: the error summary leads to the field and what was typed stays.
    question.get_by_label("Small").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state("load")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a[href='#id_title']").count() == 1
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Describe it").input_value() == "The crossing light stays red for pedestrians."
    assert page.get_by_label("Category").evaluate("select => select.selectedOptions[0].text") == "Potholes"
    assert page.get_by_role("group", name="How big is it?").get_by_label("Small").is_checked()
    assert not Problem.objects.exists()
    axe_check(page)
    screenshot(page, "problem-report-errors")

    page.get_by_label(TITLE_FIELD).fill("Pothole at the pedestrian crossing")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state("load")
    problem = Problem.objects.get()
    assert page.url.endswith(f"/problems/{problem.pk}/")
    assert problem.answers == {"size": "small"}
    assert problem.description == "The crossing light stays red for pedestrians."
    assert page.locator("main p .badge").inner_text() == "Submitted"
    axe_check(page)


# --- 3. An official answers from the triage board ------------------------------------------------------------------


def test_an_official_answers_from_the_triage_board_and_adds_an_internal_note(
    page, official, citizen, department, make_problem, with_second_factor, sign_in, axe_check, screenshot
):
    problem = make_problem("Street light out on Elm Road", author=citizen)
    with_second_factor(official)
    sign_in(page, official)

    page.goto("/manage/problems/")
    page.wait_for_url(f"**/manage/problems/departments/{department.pk}/")
    assert page.get_by_role("heading", name="Triage: Mobility", level=1).is_visible()
    new = page.locator("section", has=page.get_by_role("heading", name="New"))
    assert new.get_by_role("link", name=f"{problem.pk}: Street light out on Elm Road").is_visible()
    axe_check(page)
    screenshot(page, "problem-triage-board")

    new.get_by_label("Select “Street light out on Elm Road”").check()
    page.get_by_label("New status").select_option(label="Accepted")
    page.get_by_label("Public answer").fill("We will replace the lamp within two weeks.")
    page.get_by_role("button", name="Change status of ticked problems").click()
    page.wait_for_load_state("load")
    assert page.locator(".messages").inner_text().strip() == "1 problem was updated."
    problem.refresh_from_db()
    assert problem.status == "accepted"
    change = StatusChange.objects.get(target_id=problem.pk)
    assert change.actor == official
    assert change.answer == "We will replace the lamp within two weeks."
    axe_check(page)

    page.goto(f"/problems/{problem.pk}/")
    assert page.locator("main p .badge").inner_text() == "Accepted"
    page.get_by_label("Internal note").fill("Lamp type LX-40; the depot has two in stock.")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_load_state("load")
    assert page.locator(".messages").inner_text().strip() == "The internal note was added."
    tools = page.locator(".official-tools")
    assert tools.get_by_text("Lamp type LX-40; the depot has two in stock.").is_visible()
    assert InternalNote.objects.get().author == official
    axe_check(page)
    screenshot(page, "problem-official-view")


# --- 4. The reporter sees the answer --------------------------------------------------------------------------------


def test_the_reporter_sees_the_answer_and_a_notification_but_not_the_internal_note(
    page, official, citizen, make_problem, sign_in, axe_check, screenshot
):
    problem = make_problem("Street light out on Elm Road", author=citizen)
    engagement.status_change(
        actor=official, target=problem, status="accepted", answer="We will replace the lamp within two weeks."
    )
    engagement.note_add(author=official, target=problem, body="Lamp type LX-40; the depot has two in stock.")
    sign_in(page, citizen)

    page.goto(f"/problems/{problem.pk}/")
    assert page.locator("main p .badge").inner_text() == "Accepted"
    history = page.locator(".timeline")
    assert history.locator("li").last.locator("strong").inner_text() == "Accepted"
    assert "Omar Official" in history.locator("li").last.inner_text()
    assert history.locator(".answer").inner_text() == "We will replace the lamp within two weeks."
    assert "Lamp type LX-40" not in page.content()
    assert page.locator(".official-tools").count() == 0
    assert not page.get_by_text("An answer is due by").count()
    axe_check(page)
    screenshot(page, "problem-answered")

    # The header says there is news; the Notifications page lists it.
    notifications = page.locator(".account-nav").get_by_role("link", name="Notifications")
    assert " ".join(notifications.locator(".badge").inner_text().split()) == "1 unread"
    notifications.click()
    page.wait_for_url("**/notifications/")
    item = page.locator("main .problem-list li").filter(has_text="Street light out on Elm Road")
    assert item.count() == 1
    assert "New:" in item.inner_text()
    assert "Omar Official changed the status" in item.inner_text()
    assert "We will replace the lamp within two weeks." in item.inner_text()
    assert item.get_by_role("link", name="Street light out on Elm Road").get_attribute("href") == (
        f"/problems/{problem.pk}/"
    )
    axe_check(page)
    screenshot(page, "notifications")

    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state("load")
    assert page.locator(".account-nav").get_by_role("link", name="Notifications").locator(".badge").count() == 0
    assert not Notification.objects.filter(recipient=citizen, read_at=None).exists()
    axe_check(page)


# --- 5. The list: filters, sorting, the map ------------------------------------------------------------------------


@pytest.fixture
def listed(official, category, make_problem, make_user):
    """Three problems with locations: an accepted street light, then two potholes; the older one is supported twice."""
    lamp = make_problem("Street light out on Elm Road", latitude="52.5201", longitude="13.4051")
    engagement.status_change(actor=official, target=lamp, status="accepted", answer="")
    potholes = {"category": category, "latitude": "52.51", "longitude": "13.39"}
    large = make_problem("Large pothole on Main Street", answers={"size": "large"}, **potholes)
    small = make_problem("Small pothole on Birch Lane", answers={"size": "small"}, **potholes)  # the newest
    for _ in range(2):
        engagement.support_add(user=make_user(), target=large)
    return {"lamp": lamp, "small": small, "large": large}


def _titles(page) -> list[str]:
    return page.locator(".problem-list h2").all_inner_texts()


def _filter_list(page, status="All", category_name="All", sort="Newest"):
    page.get_by_label("Status").select_option(label=status)
    page.get_by_label("Category").select_option(label=category_name)
    page.get_by_label("Sort by").select_option(label=sort)
    page.get_by_role("button", name="Show problems").click()
    page.wait_for_load_state("load")


def test_the_problem_list_filters_without_javascript(no_js_page, listed, axe_check_no_js, screenshot):
    page, axe_check = no_js_page, axe_check_no_js
    page.goto("/problems/")
    assert page.locator("#problems-map").is_hidden()
    assert page.locator(".leaflet-container").count() == 0
    assert page.get_by_role("status").inner_text() == "3 problems found."
    assert _titles(page) == [
        "Small pothole on Birch Lane",
        "Large pothole on Main Street",
        "Street light out on Elm Road",
    ]
    axe_check(page)

    _filter_list(page, status="Accepted")
    assert parse_qs(urlsplit(page.url).query)["status"] == ["accepted"]
    assert _titles(page) == ["Street light out on Elm Road"]
    assert page.get_by_role("status").inner_text() == "1 problem found."
    assert page.get_by_label("Status").evaluate("s => s.selectedOptions[0].text") == "Accepted"
    axe_check(page)

    _filter_list(page, category_name="Potholes", sort="Most confirmed")
    assert _titles(page) == ["Large pothole on Main Street", "Small pothole on Birch Lane"]
    assert "2 affected" in page.locator(".problem-list li").first.inner_text()
    axe_check(page)
    screenshot(page, "problem-list-filtered")

    _filter_list(page, status="Done", category_name="Potholes")
    assert _titles(page) == []
    assert page.get_by_text("No problem matches these filters.").is_visible()
    axe_check(page)


def test_the_problem_list_filters_and_shows_a_map_with_javascript(page, listed, axe_check, screenshot):
    with page.expect_response(lambda r: "/problems/map.geojson" in r.url) as first_load:
        page.goto("/problems/")
    assert first_load.value.ok
    page.locator("#problems-map.leaflet-container").wait_for()
    assert page.locator("#problems-map").is_visible()
    box = page.locator("#problems-map").bounding_box()
    assert box["height"] > 100 and box["width"] > 100
    axe_check(page)

    with page.expect_response(lambda r: "/problems/map.geojson" in r.url) as filtered_load:
        _filter_list(page, category_name="Potholes", sort="Most confirmed")
    query = parse_qs(urlsplit(filtered_load.value.url).query)
    assert query["category"] == ["potholes"] and "bbox" in query
    assert {f["properties"]["title"] for f in filtered_load.value.json()["features"]} == {
        "Large pothole on Main Street",
        "Small pothole on Birch Lane",
    }
    assert _titles(page) == ["Large pothole on Main Street", "Small pothole on Birch Lane"]
    markers = page.locator("#problems-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    # Each marker is reached by keyboard and opens its popup with the focus on the problem's link.
    marker = page.get_by_role("button", name="Small pothole on Birch Lane")
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup a", has_text="Small pothole on Birch Lane")
    popup_link.wait_for()
    assert popup_link.evaluate("element => element === document.activeElement")
    # Axe judges colours as drawn: wait until the popup has faded in.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    axe_check(page)
    screenshot(page, "problem-list-map")


def test_an_address_is_found_on_the_map_through_the_geocoder(page, settings, citizen, lights, sign_in, axe_check):
    """The geocoder is a setting; here a stand-in on the site's own address answers (tests never go online)."""
    import json

    settings.COCREATE_GEOCODER_URL = "/test-geocoder/search"
    answer = [{"lat": "52.5200", "lon": "13.4050", "display_name": "Station Road 12, Testbridge"}]
    page.route(
        "**/test-geocoder/search**",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(answer)),
    )
    sign_in(page, citizen)
    page.goto("/problems/report/")
    page.get_by_label("Where? (address or place, if it has one)").fill("Station Road 12")
    page.get_by_role("button", name="Find this address on the map").click()
    page.get_by_text("Station Road 12, Testbridge").wait_for()
    assert page.get_by_label("Latitude").input_value() == "52.520000"
    assert page.get_by_label("Longitude").input_value() == "13.405000"
    axe_check(page)


def test_a_comment_refused_for_coming_too_often_comes_back_with_its_text_and_the_reason(
    page, citizen, make_problem, sign_in, axe_check, screenshot, monkeypatch
):
    from cocreate.engagement import views

    problem = make_problem("Street light out on Elm Road")
    sign_in(page, citizen)
    page.goto(problem.get_absolute_url())
    monkeypatch.setattr(views, "COMMENTS_PER_USER", (0, 3600))  # as if this person had just posted many
    text = "The lamp flickers every night and the corner is dark."
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="Your comment", level=1)).to_be_visible()
    assert page.get_by_label("Your comment").input_value() == text
    expect(page.get_by_text("You have done this too often")).to_be_visible()
    axe_check(page)
    screenshot(page, "comment-again")
