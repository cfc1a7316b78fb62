import pytest
from django.db import DatabaseError
from django.urls import reverse

LEGAL = ["privacy", "terms", "accessibility"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", LEGAL)
def test_legal_pages_have_real_content(client, page):
    response = client.get(reverse("legal", args=[page]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h2>") >= 3
    assert 'href="#main"' in body  # the skip link


@pytest.mark.django_db
def test_unknown_legal_page_is_404_with_the_site_frame(client):
    response = client.get("/legal/cookies/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_home_lists_public_bodies_and_names_the_host(client, city):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("City of Testbridge") >= 2  # header and list


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp


@pytest.mark.django_db
def test_every_response_denies_the_browser_features_no_page_uses(client):
    for path in ("/", "/api/v1/organisations/", "/open311/v2/discovery.json", "/no-such-page/", "/static/favicon.svg"):
        policy = client.get(path).headers["Permissions-Policy"]
        features = dict(part.split("=", 1) for part in policy.split(", "))
        assert features["geolocation"] == "(self)", path  # for a "near me" on the map of problems
        for feature in ("camera", "microphone", "payment", "usb", "serial", "display-capture"):
            assert features[feature] == "()", (path, feature)


@pytest.mark.django_db
def test_responses_to_signed_in_people_are_never_stored_by_a_browser_or_proxy(client, citizen):
    assert "Cache-Control" not in client.get("/").headers  # the same for every visitor
    client.force_login(citizen)
    for path in ("/", "/account/", "/api/v1/organisations/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    # A response that says how it may be kept keeps its own say.
    assert client.get("/health/").headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
