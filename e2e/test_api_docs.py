"""The API's documentation page is one of the site's own pages: readable without JavaScript, and axe finds nothing."""


def test_the_api_documentation_page_is_accessible_at_desktop_and_phone_width(page, city, axe_check, screenshot):
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text() == "API documentation"
    assert page.locator("main").get_by_role("link", name="The OpenAPI schema (JSON), for tools").count() == 1
    assert page.locator(".api-operation h3", has_text="/api/v1/organisations/").count() >= 1
    axe_check(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "api-docs")


def test_the_api_address_leads_to_its_documentation(page, city):
    page.goto("/api/v1/")
    assert page.url.endswith("/api/v1/docs")
