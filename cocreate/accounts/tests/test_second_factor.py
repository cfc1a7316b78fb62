import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official", "org_admin"])
def test_officials_and_admins_must_set_up_a_second_factor_first(client, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # Setting up a factor first confirms the password (allauth's reauthentication), which stays reachable.
    reauthenticate = client.get("/accounts/2fa/totp/activate/")
    assert reauthenticate["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(reauthenticate["Location"]).status_code == 200


@pytest.mark.django_db
def test_superusers_must_set_up_a_second_factor_first(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_with_a_second_factor_officials_go_on(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    assert client.get("/organisations/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "moderator"])
def test_citizens_and_moderators_are_not_asked_for_a_second_factor(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/organisations/").status_code == 200


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_when_a_second_factor_exists(client, official, with_second_factor):
    from ...conftest import PASSWORD

    with_second_factor(official)
    response = client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def _code_now(secret: str) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


@pytest.mark.django_db
def test_an_official_who_just_signed_in_sets_up_a_second_factor_without_the_password_again_and_goes_on(
    client, official
):
    import re

    from allauth.mfa.models import Authenticator

    from ...conftest import PASSWORD

    client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})
    response = client.get("/organisations/?page=1")
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200  # not sent to type the password again
    body = activate.content.decode()
    assert "<h1>Set up two-factor sign-in</h1>" in body
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', body).group(1)

    response = client.post("/accounts/2fa/totp/activate/", {"code": _code_now(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=official, type=Authenticator.Type.TOTP).count() == 1
    codes = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert '<a class="button" href="/organisations/?page=1">I have saved them: continue</a>' in codes
    assert client.get("/organisations/?page=1").status_code == 200
    # Seen again later from the account pages, the codes lead back there instead.
    assert "I have saved them: continue" not in client.get("/accounts/2fa/recovery-codes/").content.decode()


@pytest.mark.django_db
def test_setting_up_a_second_factor_long_after_signing_in_asks_for_the_password(client, official, settings):
    from ...conftest import PASSWORD

    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
