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
