"""Under DEBUG (a newcomer's ``make run``) the platform shows its own error pages; Django's debug pages, which list
every address, are a setting away for developers."""

import pytest
from django.test import override_settings
from django.urls import path

from cocreate.core.errors import NotFound
from config.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("something broke")


def missing(request):
    from django.http import Http404

    raise Http404("no such thing")


def domain_missing(request):
    raise NotFound()


urlpatterns = [
    path("test-fails/", fails),
    path("test-missing/", missing),
    path("test-domain-missing/", domain_missing),
    *site_urlpatterns,
]


@pytest.mark.django_db
@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
@pytest.mark.parametrize("address", ["/no-such-page/", "/test-missing/", "/problems/999999/"])
def test_a_missing_page_under_debug_is_the_platforms_own(client, address):
    response = client.get(address)
    body = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in body  # the platform's page frame
    assert "Using the URLconf" not in body
    assert "technical_404" not in body
    assert "admin/" not in body


@pytest.mark.django_db
@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_an_error_under_debug_is_the_platforms_own_page_and_the_traceback_goes_to_the_log(client, caplog):
    client.raise_request_exception = False
    response = client.get("/test-fails/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert "something broke" not in response.content.decode()
    assert any(record.exc_info and "something broke" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.django_db
@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_domain_errors_keep_their_own_pages_under_debug(client):
    response = client.get("/test-domain-missing/")
    assert response.status_code == 404


@pytest.mark.django_db
@override_settings(DEBUG=True, COCREATE_DEBUG_ERROR_PAGES=True, ROOT_URLCONF=__name__)
def test_developers_can_ask_for_djangos_debug_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()
