"""Real account flows in the browser: sign-up, sign-in, data export, erasure, two-factor sign-in, keyboard use."""

import json
import re

from django.core import mail

from cocreate.accounts.models import User

from .conftest import PASSWORD, SCREENSHOT_DIR, current_totp_code


def shoot_at_desktop_and_small_phone(page, name: str):
    """The page at 1280 and at 375 pixels wide (the narrowest phones in common use), into e2e/screenshots/."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, width in (("1280", 1280), ("375", 375)):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(original)


def test_the_sign_in_and_sign_up_pages_are_cocreates_own(page, city, axe_check):
    page.goto("/accounts/login/")
    assert page.title() == "Sign in · City of Testbridge · Cocreate"
    assert page.locator("main h1").inner_text() == "Sign in to City of Testbridge"
    assert page.get_by_label("Keep me signed in on this device").count() == 1
    assert "Remember Me" not in page.content()
    axe_check(page)
    shoot_at_desktop_and_small_phone(page, "sign-in")
    # On a phone the form fits the width: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/")
    assert page.title() == "Create an account · City of Testbridge · Cocreate"
    assert page.locator("main").get_by_role("link", name="terms of use").get_attribute("href") == "/legal/terms/"
    axe_check(page)
    shoot_at_desktop_and_small_phone(page, "sign-up")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_sign_up_with_mistakes_then_accept_the_terms_confirm_the_address_and_land_signed_in(
    page, live_server, axe_check, screenshot
):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Display name").fill("   ")  # passes the browser's "required", not the server
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("different")
    page.locator("main form button[type=submit]").click()

    # The error summary lists every problem and links to its field; each field says what is wrong.
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("a[href='#id_display_name']").count() == 1
    assert summary.locator("a[href='#id_password1']").count() == 1
    assert summary.locator("a[href='#id_accept_terms']").count() == 1
    assert page.locator("#id_display_name").get_attribute("aria-invalid") == "true"
    assert "To take part, accept the terms of use." in page.locator("#id_accept_terms_error").inner_text()
    password1 = page.locator("#id_password1")
    assert password1.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_password1_error li").count() >= 1
    assert page.locator(".field--error").count() >= 3
    summary.locator("a[href='#id_password1']").first.click()
    assert page.evaluate("document.activeElement.id") == "id_password1"
    # What was typed stays (but not the passwords).
    assert page.get_by_label("Email").input_value() == "nia@example.org"
    assert password1.input_value() == ""
    assert not User.objects.filter(email="nia@example.org").exists()
    axe_check(page)
    screenshot(page, "sign-up-errors")

    # Now correctly, accepting the terms.
    page.get_by_label("Display name").fill("Nia New")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("I accept the terms of use").check()
    mail.outbox.clear()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.locator("main h1").inner_text() == "Check your e-mail"
    axe_check(page)
    screenshot(page, "verification-sent")
    user = User.objects.get(email="nia@example.org")
    assert user.display_name == "Nia New"
    assert user.terms_version == "2026-01"
    assert user.terms_accepted_at is not None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia@example.org"]
    assert mail.outbox[0].subject == "[Cocreate] Confirm your e-mail address"
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    assert page.locator("main h1").inner_text() == "Confirm your e-mail address"
    axe_check(page)
    screenshot(page, "confirm-email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert user.emailaddress_set.get().verified

    # Confirming signed Nia in: no second sign-in.
    assert "/accounts/login/" not in page.url
    assert page.locator(".account-nav").get_by_role("link", name="Nia New").is_visible()
    axe_check(page)

    # Later, signing in again with the new account works too.
    page.locator("header form button[type=submit]", has_text="Sign out").click()
    page.wait_for_load_state("load")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("nia@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".account-nav").get_by_role("link", name="Nia New").is_visible()


def test_a_wrong_password_does_not_sign_in(page, citizen, axe_check, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(citizen.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert "/accounts/login/" in page.url
    assert page.get_by_label("Email").input_value() == citizen.email
    axe_check(page)
    screenshot(page, "sign-in-errors")


def test_download_your_data_then_erase_the_account(page, citizen, sign_in, axe_check, screenshot):
    sign_in(page, citizen)
    page.goto("/account/data/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cocreate-personal-data-")
    assert download.suggested_filename.endswith(".json")
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["account"]["email"] == citizen.email
    assert data["account"]["display_name"] == "Cleo Citizen"

    # A wrong password: the form says so, and nothing is erased.
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my account").click()
    page.locator(".error-summary").wait_for()
    assert page.locator("#id_password").get_attribute("aria-invalid") == "true"
    assert "This is not your password." in page.locator("#id_password_error").inner_text()
    citizen.refresh_from_db()
    assert not citizen.is_erased
    assert citizen.is_active
    axe_check(page)
    screenshot(page, "erase-errors")

    # The right password and the confirmation: erased, signed out, shown under a pseudonym.
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my account").click()
    page.wait_for_url("**/")
    assert page.locator(".messages").inner_text().strip().startswith("Your account was erased.")
    assert page.locator(".account-nav").get_by_role("link", name="Sign in").is_visible()
    citizen.refresh_from_db()
    assert citizen.is_erased
    axe_check(page)

    page.goto(f"/people/{citizen.pk}/")
    assert page.locator("main h1").inner_text() == f"Former participant {citizen.pk}"
    assert "Cleo Citizen" not in page.content()
    axe_check(page)
    screenshot(page, "profile-erased")

    # The old password no longer opens the account.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(citizen.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" in page.url or "/accounts/inactive/" in page.url


def test_an_official_signs_in_with_an_authenticator_code(page, official, with_second_factor, sign_in, axe_check):
    with_second_factor(official)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(official.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    axe_check(page)
    page.context.clear_cookies()

    sign_in(page, official)  # fills in the current TOTP code
    page.goto("/organisations/")
    assert page.url.endswith("/organisations/")
    assert page.locator(".account-nav").get_by_role("link", name="Omar Official").is_visible()


def test_an_official_sets_up_two_factor_sign_in_and_goes_on_to_where_they_were_going(
    page, official, sign_in, axe_check, screenshot
):
    sign_in(page, official)
    page.goto("/organisations/")
    # Sent straight to set-up: the password just typed is not asked for again.
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert "two-factor sign-in" in page.locator(".messages").inner_text()
    assert page.locator("main h1").inner_text() == "Set up two-factor sign-in"
    axe_check(page)
    screenshot(page, "totp-activate")

    page.get_by_label("Authenticator code").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    page.locator(".field--error").wait_for()
    code = page.get_by_label("Authenticator code")
    assert code.get_attribute("aria-invalid") == "true"
    assert code.get_attribute("aria-describedby").split()[-1] == f"{code.get_attribute('id')}_error"
    axe_check(page)
    screenshot(page, "totp-activate-errors")

    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(current_totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator("main h1").inner_text() == "Recovery codes"
    assert len(page.get_by_label("Unused codes").input_value().split()) == 10
    axe_check(page)
    screenshot(page, "recovery-codes")

    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url("**/organisations/")
    assert page.locator("main h1").count() == 1
    axe_check(page)


def test_the_home_page_works_by_keyboard(page, city, axe_check):
    page.goto("/")

    # The first Tab reaches the skip link, which becomes visible; following it puts focus on main.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the skip link should show when focused"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")

    # Tabbing on from the top reaches every link, button and field in document order, each visibly focused.
    page.goto("/")
    expected = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], button, select, input:not([type=hidden])'))
              .filter(el => !el.disabled && el.tabIndex >= 0)
              .map(el => el.outerHTML)"""
    )
    reached = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                 const el = document.activeElement;
                 if (!el || el === document.body) return null;
                 const style = getComputedStyle(el);
                 const box = el.getBoundingClientRect();
                 return {html: el.outerHTML, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                         visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
               }"""
        )
        if focused is None or (reached and focused["html"] == reached[0]):
            break
        assert focused["outline"] != "none" and focused["width"] >= 2, f"no focus outline: {focused['html']}"
        assert focused["visible"], f"focused but not on screen: {focused['html']}"
        reached.append(focused["html"])
    assert reached == expected
