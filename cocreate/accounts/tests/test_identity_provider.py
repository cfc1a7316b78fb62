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
def test_repeated_failed_sign_ins_are_rate_limited(client, citizen):
    from ...conftest import PASSWORD

    for _ in range(5):
        client.post("/accounts/login/", {"login": citizen.email, "password": "wrong"})
    # Even the right password is now refused for a while: guessing cannot go on.
    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
