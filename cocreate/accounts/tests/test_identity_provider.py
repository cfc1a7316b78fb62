import pytest


@pytest.mark.django_db
def test_sign_in_offers_the_citys_identity_provider_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "city",
                    "name": "Northbridge ID",
                    "client_id": "cocreate",
                    "secret": "not-a-real-secret",
                    "settings": {"server_url": "https://id.northbridge.example"},
                }
            ]
        }
    }
    body = client.get("/accounts/login/").content.decode()
    assert "Northbridge ID" in body
    assert "/accounts/oidc/city/login/" in body


@pytest.mark.django_db
def test_sign_in_offers_no_identity_provider_by_default(client):
    assert "/accounts/oidc/" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_repeated_failed_sign_ins_make_the_account_wait(client, citizen, monkeypatch):
    from django.utils import timezone

    from cocreate.accounts import signin

    from ...conftest import PASSWORD

    frozen = timezone.now()
    monkeypatch.setattr(signin, "now", lambda: frozen)
    for _ in range(5):
        client.post("/accounts/login/", {"login": citizen.email, "password": "wrong"})
    # The next attempt must wait (longer after each failure), so guessing cannot go on; see test_sign_in_throttle.py.
    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
    assert "Too many failed sign-ins to this account. Please wait 1 second" in response.content.decode()
    assert "_auth_user_id" not in client.session
