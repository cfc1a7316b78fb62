"""Open311 answers every refusal with the specification's error list in the format the address asks for, also when
Django refuses the request before the endpoint runs; unknown identifiers are 404; every request has a service code
and the photo address it was posted with."""

import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.test import Client

from cocreate.accounts.models import User
from cocreate.activity.models import Activity
from cocreate.problems.migrations import __name__ as migrations_package
from cocreate.problems.models import Problem
from cocreate.problems.tests.test_open311 import (  # noqa: F401 -- fixtures
    BASE,
    VALID,
    challenge_problem,
    jpeg,
    key,
    potholes,
    report,
    street_lights,
    superuser,
    xml,
)

FORM = "application/x-www-form-urlencoded"


def error_of(response, fmt: str) -> tuple[int, int, str]:
    """(HTTP status, the error's code, its description) of an error list, checking the format."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        [error] = json.loads(response.content)
        return response.status_code, error["code"], error["description"]
    root = xml(response)
    assert root.tag == "errors" and len(root) == 1
    return response.status_code, int(root.findtext("error/code")), root.findtext("error/description")


@pytest.fixture
def stored():
    """What a refused report must leave as it was."""
    return lambda: (Problem.objects.count(), User.objects.count(), Activity.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_body_too_large_for_django_is_a_413_error_list(fmt, potholes, key, settings, stored):  # noqa: F811
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = stored()
    body = urlencode({**VALID, "api_key": key[1], "description": "x" * 3_000}, doseq=True)
    response = Client().post(f"{BASE}/requests.{fmt}", body, content_type=FORM)
    assert error_of(response, fmt) == (413, 413, "The request is too large.")
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_too_many_fields_is_a_400_error_list(fmt, potholes, key, settings, stored):  # noqa: F811
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    before = stored()
    data = {**VALID, "api_key": key[1], **{f"attribute[extra{n}]": "x" for n in range(30)}}
    response = Client().post(f"{BASE}/requests.{fmt}", urlencode(data, doseq=True), content_type=FORM)
    assert error_of(response, fmt) == (400, 400, "The request has too many fields.")
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_form_in_another_charset_is_a_400_error_list(fmt, potholes, key, stored):  # noqa: F811
    before = stored()
    body = urlencode({**VALID, "api_key": key[1], "address_string": "Straße"}, doseq=True, encoding="latin-1")
    response = Client().generic(
        "POST", f"{BASE}/requests.{fmt}", body.encode("ascii"), content_type=f"{FORM}; charset=latin-1"
    )
    # The shared input check refuses it before Open311 reads the form, in Open311's own error format.
    status, code, description = error_of(response, fmt)
    assert (status, code) == (400, 400) and "UTF-8" in description
    assert stored() == before


@pytest.mark.django_db
def test_pages_outside_open311_still_get_the_html_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/accounts/login/", "login=" + "y" * 200, content_type=FORM)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_request_id_is_404(fmt, client, report):  # noqa: F811
    problem = report()
    for unknown in (problem.pk + 1000, "abc", "99999999999999999999999", "\u0661\u0662", "0"):
        response = client.get(f"{BASE}/requests/{unknown}.{fmt}")
        assert error_of(response, fmt) == (
            404,
            404,
            "service_request_id: there is no public service request with this identifier.",
        )
    assert client.get(f"{BASE}/requests/{problem.pk}.{fmt}").status_code == 200


@pytest.mark.django_db
def test_problems_of_a_challenge_carry_a_service_code_to_filter_by(client, report, superuser, city, department):  # noqa: F811
    in_category = report(title="Categorised")
    raised = challenge_problem(superuser, city, department, visibility="public")
    code = f"challenge:{raised.challenge.slug}"
    rows = client.get(f"{BASE}/requests.json").json()
    assert all(isinstance(row["service_code"], str) and row["service_code"] for row in rows)
    assert {row["service_request_id"]: row["service_code"] for row in rows} == {
        str(in_category.pk): "lights",
        str(raised.pk): code,
    }
    root = xml(client.get(f"{BASE}/requests/{raised.pk}.xml"))
    assert root.findtext("request/service_code") == code
    assert root.findtext("request/service_name") == raised.challenge.title

    def ids(service_code):
        rows = client.get(f"{BASE}/requests.json", {"service_code": service_code}).json()
        return [row["service_request_id"] for row in rows]

    assert ids(code) == [str(raised.pk)]
    assert ids(f"lights,{code}") == [str(raised.pk), str(in_category.pk)]
    assert ids("challenge:another-one") == []


@pytest.mark.django_db
def test_a_posted_media_url_comes_back(client, potholes, key, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    photo = "https://photos.example/p/1.jpg"
    response = client.post(f"{BASE}/requests.json", {**VALID, "api_key": key[1], "media_url": photo})
    assert response.status_code == 200
    pk = response.json()[0]["service_request_id"]
    assert client.get(f"{BASE}/requests/{pk}.json").json()[0]["media_url"] == photo
    assert xml(client.get(f"{BASE}/requests/{pk}.xml")).findtext("request/media_url") == photo
    assert Problem.objects.get(pk=pk).reporter_contact == {
        "email": "reporter@example.org",
        "first_name": "Rita",
        "last_name": "Reporter",
        "phone": "+49 30 1234567",
    }
    listed = client.get(f"{BASE}/requests.json").json()
    assert [(row["service_request_id"], row["media_url"]) for row in listed] == [(pk, photo)]


@pytest.mark.django_db
def test_media_urls_kept_with_the_contact_move_to_their_field(report):  # noqa: F811
    import importlib

    migration = importlib.import_module(f"{migrations_package}.0011_problem_media_url")
    problem = report()
    contact = {"email": "r@example.org", "media_url": "https://photos.example/2.jpg"}
    Problem.objects.filter(pk=problem.pk).update(reporter_contact=contact)
    migration.move_media_urls(apps, None)
    problem.refresh_from_db()
    assert (problem.media_url, problem.reporter_contact) == ("https://photos.example/2.jpg", {"email": "r@example.org"})


@pytest.mark.django_db
def test_a_refusal_written_by_core_is_an_error_list_under_open311_and_a_page_elsewhere(rf):
    from cocreate.core.http import error_response, refusal

    response = error_response(rf.post(f"{BASE}/requests.json"), refusal(400, "description: no NUL characters."))
    assert error_of(response, "json") == (400, 400, "description: no NUL characters.")
    response = error_response(rf.get(f"{BASE}/requests/12.xml"), refusal(400, "description: no NUL characters."))
    assert error_of(response, "xml") == (400, 400, "description: no NUL characters.")
    response = error_response(rf.get("/problems/"), refusal(400, "No NUL characters."))
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert b"No NUL characters." in response.content
