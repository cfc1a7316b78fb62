"""Every page of the page frame, checked by axe-core (WCAG 2.0-2.2 A and AA) and photographed."""

import pytest
from django.utils import translation

from cocreate.organisations.actions import department_create, organisation_create, partner_add
from cocreate.organisations.models import Organisation


@pytest.fixture
def organisations(city, department):
    """The host city with a small department tree and two partners, and a second public body."""
    department_create(organisation=city, name="Cycle lanes", parent=department, description="Planning and repair.")
    department_create(organisation=city, name="Social services")
    city.description = "The city administration of Testbridge.\n\nIt runs the buses, libraries and parks."
    city.website = "https://testbridge.example.org/"
    city.save()
    for name, partner_type in [("Bike Kitchen", "ngo"), ("Testbridge University", "university")]:
        partner = organisation_create(
            name=name, kind=Organisation.Kind.PARTNER, partner_type=partner_type, description=f"{name} helps."
        )
        partner_add(organisation=city, partner=partner)
    organisation_create(name="County of Greenshire", kind=Organisation.Kind.PUBLIC_BODY)
    return city


def test_the_stylesheet_and_script_load(page):
    loaded = []
    page.on("response", lambda response: loaded.append((response.url, response.status)))
    page.goto("/")
    header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(11, 93, 75)", "cocreate.css did not apply"
    assert [status for url, status in loaded if url.endswith(("cocreate.css", "htmx.min.js"))] == [200, 200]
    assert page.evaluate("typeof window.htmx") == "object"


ANONYMOUS_PAGES = [
    ("home", "/", "Shape public services together"),
    ("organisations", "/organisations/", "Organisations"),
    ("organisation-detail", "/organisations/city-of-testbridge/", "City of Testbridge"),
    ("partner-detail", "/organisations/bike-kitchen/", "Bike Kitchen"),
    ("legal-privacy", "/legal/privacy/", None),
    ("legal-terms", "/legal/terms/", None),
    ("legal-accessibility", "/legal/accessibility/", None),
    ("sign-in", "/accounts/login/", "Sign in to City of Testbridge"),
    ("sign-up", "/accounts/signup/", "Create your account on City of Testbridge"),
    ("password-reset", "/accounts/password/reset/", "Reset your password"),
]


@pytest.mark.parametrize(("name", "path", "heading"), ANONYMOUS_PAGES, ids=[p[0] for p in ANONYMOUS_PAGES])
def test_public_page_is_accessible(page, organisations, axe_check, screenshot, name, path, heading):
    response = page.goto(path)
    assert response.status == 200
    h1 = page.locator("main h1")
    assert h1.count() == 1
    if heading:
        assert h1.inner_text().strip() == heading
    axe_check(page)
    screenshot(page, name)


def test_public_profile_is_accessible(page, citizen, axe_check, screenshot):
    assert page.goto(f"/people/{citizen.pk}/").status == 200
    assert page.locator("main h1").inner_text() == "Cleo Citizen"
    axe_check(page)
    screenshot(page, "profile")


def test_not_found_page_is_accessible(page, axe_check, screenshot):
    assert page.goto("/no-such-page/").status == 404
    assert page.locator("main h1").inner_text() == "Page not found"
    axe_check(page)
    screenshot(page, "not-found")


SIGNED_IN_PAGES = [
    ("account-settings", "/account/", "Profile settings"),
    ("your-data", "/account/data/", "Your data"),
    ("email-addresses", "/accounts/email/", None),
    ("password-change", "/accounts/password/change/", None),
    ("two-factor", "/accounts/2fa/", None),
]


@pytest.mark.parametrize(("name", "path", "heading"), SIGNED_IN_PAGES, ids=[p[0] for p in SIGNED_IN_PAGES])
def test_account_page_is_accessible(page, citizen, sign_in, axe_check, screenshot, name, path, heading):
    sign_in(page, citizen)
    response = page.goto(path)
    assert response.status == 200
    assert page.url.endswith(path)
    if heading:
        assert page.locator("main h1").inner_text() == heading
    axe_check(page)
    screenshot(page, name)


def switch_language_by_keyboard(page, language: str):
    select = page.locator("#language-select")
    select.focus()
    # Type-ahead on a closed <select> picks the option, as a keyboard user would.
    while select.input_value() != language:
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('form.language-switcher') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def switch_language_by_click(page, language: str):
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language-switcher button[type=submit]").click()


def translated_text(language: str, english: str) -> str:
    with translation.override(language):
        return translation.gettext(english)


LANGUAGES = [("de", switch_language_by_keyboard), ("es", switch_language_by_click)]


@pytest.mark.parametrize(("language", "switch"), LANGUAGES, ids=["de-by-keyboard", "es-by-click"])
def test_language_switcher_and_translated_pages(
    page, live_server, organisations, axe_check, screenshot, language, switch
):
    page.goto("/")
    switch(page, language)
    assert page.url == f"{live_server.url}/", "the switcher should come back to the same page"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#language-select").input_value() == language
    heading = translated_text(language, "Shape public services together")
    assert heading != "Shape public services together"
    assert page.locator("main h1").inner_text() == heading
    axe_check(page)
    screenshot(page, f"home-{language}")

    page.goto("/legal/privacy/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main h1").inner_text() == translated_text(language, "Privacy notice")
    axe_check(page)
    screenshot(page, f"legal-privacy-{language}")
