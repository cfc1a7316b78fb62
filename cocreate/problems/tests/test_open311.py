"""Open311 GeoReport v2, checked against the specification through the HTTP interface (JSON and XML)."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from cocreate.accounts.models import User
from cocreate.activity.models import Activity
from cocreate.challenges.actions import challenge_create, challenge_publish
from cocreate.engagement.actions import status_change
from cocreate.organisations.actions import department_create
from cocreate.problems import open311
from cocreate.problems.actions import problem_report
from cocreate.problems.api_keys import api_key_issue, api_key_revoke
from cocreate.problems.models import Category, CategoryQuestion, Problem

BASE = "/open311/v2"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
SIZE_CHOICES = [{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}]
KIND_CHOICES = [{"key": "cracks", "name": "Cracks"}, {"key": "water", "name": "Standing water"}]


@pytest.fixture
def potholes(city, department):
    category = Category.objects.create(
        organisation=city,
        department=department,
        name="Potholes",
        code="potholes",
        description="Holes in roads and cycle paths.",
        response_days=5,
        position=1,
    )
    CategoryQuestion.objects.create(
        category=category,
        code="size",
        label="How big is it?",
        help_text="Compare it with a football.",
        datatype=CategoryQuestion.Datatype.SINGLEVALUELIST,
        required=True,
        choices=SIZE_CHOICES,
        position=1,
    )
    CategoryQuestion.objects.create(
        category=category,
        code="kinds",
        label="What do you see?",
        datatype=CategoryQuestion.Datatype.MULTIVALUELIST,
        choices=KIND_CHOICES,
        position=2,
    )
    CategoryQuestion.objects.create(
        category=category, code="depth", label="How deep (cm)?", datatype=CategoryQuestion.Datatype.NUMBER, position=3
    )
    return category


@pytest.fixture
def street_lights(city, department):
    Category.objects.create(
        organisation=city, department=department, name="Retired", code="retired", is_active=False, position=0
    )
    return Category.objects.create(
        organisation=city, department=department, name="Street lights", code="lights", position=2
    )


@pytest.fixture
def elsewhere_bins(other_city):
    waste = department_create(organisation=other_city, name="Waste")
    return Category.objects.create(organisation=other_city, department=waste, name="Bins", code="bins")


@pytest.fixture
def key(org_admin, city):
    """An issued key and its raw value."""
    return api_key_issue(actor=org_admin, organisation=city, name="Fix-It App", contact="dev@fixit.example")


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.fixture
def report(city, citizen, street_lights):
    """A citizen's report, a few days old, at a known point."""

    def make(title="Street light out on Elm Road", days_ago=2, **extra):
        extra.setdefault("category", street_lights)
        problem = problem_report(
            author=citizen, organisation=city, title=title, description="It has been dark for a week.", **extra
        )
        when = (timezone.now() - dt.timedelta(days=days_ago)).replace(microsecond=0)
        Problem.objects.filter(pk=problem.pk).update(created_at=when, status_changed_at=when)
        problem.refresh_from_db()
        return problem

    return make


def challenge_problem(superuser, city, department, *, visibility: str) -> Problem:
    challenge = challenge_create(
        actor=superuser,
        organisation=city,
        department=department,
        title=f"Safer routes ({visibility})",
        summary="Children do not cycle to school.",
        problem_statement="Routes feel unsafe.",
        template="idea_challenge",
        visibility=visibility,
    ).challenge
    challenge_publish(actor=superuser, challenge=challenge)
    # Set up directly: only the way the problem is shown is under test here.
    return Problem.objects.create(
        author=superuser,
        organisation=city,
        challenge=challenge,
        department=department,
        title=f"Crossing at the school ({visibility})",
        description="Cars do not stop.",
    )


def w3(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(XML_DECLARATION)
    return ET.fromstring(response.content)  # noqa: S314 -- our own response, in a test


def children(element) -> list[str]:
    return [child.tag for child in element]


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("lamp.jpg", buffer.getvalue(), content_type="image/jpeg")


# Discovery and services


@pytest.mark.django_db
def test_discovery_in_json_and_xml(client, city):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "changeset": open311.CHANGESET,
        "contact": "City of Testbridge: http://testserver/organisations/city-of-testbridge/",
        "key_service": "Ask the public body's administrators for an API key; they issue keys at "
        "http://testserver/manage/api-keys/.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": "http://testserver/open311/v2",
                "changeset": open311.CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert children(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]


@pytest.mark.django_db
def test_services_lists_the_active_categories_of_the_host_public_body(client, potholes, street_lights, elsewhere_bins):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.json() == [
        {
            "service_code": "potholes",
            "service_name": "Potholes",
            "description": "Holes in roads and cycle paths.",
            "metadata": True,
            "type": "realtime",
            "keywords": None,
            "group": "Mobility",
        },
        {
            "service_code": "lights",
            "service_name": "Street lights",
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": None,
            "group": "Mobility",
        },
    ]
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and children(root) == ["service", "service"]
    first = root[0]
    assert children(first) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.findtext("metadata") == "true" and root[1].findtext("metadata") == "false"
    assert first.findtext("keywords") == ""


@pytest.mark.django_db
def test_services_of_another_jurisdiction_and_an_unknown_one(client, potholes, elsewhere_bins):
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "town-of-elsewhere"})
    assert [s["service_code"] for s in response.json()] == ["bins"]
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "atlantis"})
    assert response.status_code == 404
    assert response.json() == [
        {"code": 404, "description": "jurisdiction_id: there is no public body with this identifier."}
    ]
    response = client.get(f"{BASE}/services.xml", {"jurisdiction_id": "atlantis"})
    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "errors" and children(root) == ["error"] and children(root[0]) == ["code", "description"]
    assert root.findtext("error/code") == "404"
    assert root.findtext("error/description") == "jurisdiction_id: there is no public body with this identifier."


@pytest.mark.django_db
def test_service_definition_lists_the_questions_as_attributes(client, potholes, street_lights):
    response = client.get(f"{BASE}/services/potholes.json")
    assert response.status_code == 200
    assert response.json() == {
        "service_code": "potholes",
        "attributes": [
            {
                "variable": True,
                "code": "size",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "Compare it with a football.",
                "order": 1,
                "description": "How big is it?",
                "values": SIZE_CHOICES,
            },
            {
                "variable": True,
                "code": "kinds",
                "datatype": "multivaluelist",
                "required": False,
                "datatype_description": None,
                "order": 2,
                "description": "What do you see?",
                "values": KIND_CHOICES,
            },
            {
                "variable": True,
                "code": "depth",
                "datatype": "number",
                "required": False,
                "datatype_description": None,
                "order": 3,
                "description": "How deep (cm)?",
                "values": [],
            },
        ],
    }
    root = xml(client.get(f"{BASE}/services/potholes.xml"))
    assert root.tag == "service_definition" and children(root) == ["service_code", "attributes"]
    assert children(root.find("attributes")) == ["attribute", "attribute", "attribute"]
    attribute = root.find("attributes/attribute")
    assert children(attribute) == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert [(v.findtext("key"), v.findtext("name")) for v in attribute.findall("values/value")] == [
        ("small", "Small"),
        ("large", "Large"),
    ]
    assert client.get(f"{BASE}/services/lights.json").json() == {"service_code": "lights", "attributes": []}
    for code in ("retired", "nothing"):
        response = client.get(f"{BASE}/services/{code}.json")
        assert response.status_code == 404
        assert response.json() == [{"code": 404, "description": "service_code: there is no service with this code."}]


# Reporting


VALID = {
    "service_code": "potholes",
    "lat": "52.520008",
    "long": "13.404954",
    "address_string": "Station Road 12",
    "description": "Deep pothole in the cycle lane\nCyclists swerve into traffic.",
    "attribute[size]": "large",
    "attribute[kinds][]": ["cracks", "water"],
    "email": "reporter@example.org",
    "first_name": "Rita",
    "last_name": "Reporter",
    "phone": "+49 30 1234567",
    "device_id": "device-1",
    "account_id": "acct-1",
}


@pytest.mark.django_db
def test_an_application_reports_a_problem(potholes, key):
    api_key, raw = key
    client = Client(enforce_csrf_checks=True)  # applications have no CSRF token: the key is what counts
    response = client.post(f"{BASE}/requests.json", {**VALID, "api_key": raw})
    assert response.status_code == 200
    problem = Problem.objects.get()
    assert response.json() == [
        {
            "service_request_id": str(problem.pk),
            "service_notice": f"Mobility answers by {problem.answer_due.isoformat()}.",
            "account_id": None,
        }
    ]
    assert problem.title == "Deep pothole in the cycle lane"
    assert problem.description == "Deep pothole in the cycle lane\nCyclists swerve into traffic."
    assert (problem.author, problem.api_key, problem.source) == (api_key.user, api_key, Problem.Source.OPEN311)
    assert (problem.organisation, problem.category, problem.department) == (
        potholes.organisation,
        potholes,
        potholes.department,
    )
    assert (str(problem.latitude), str(problem.longitude), problem.address) == (
        "52.520008",
        "13.404954",
        "Station Road 12",
    )
    assert problem.answers == {"size": "large", "kinds": ["cracks", "water"]}
    assert problem.reporter_contact == {
        "email": "reporter@example.org",
        "first_name": "Rita",
        "last_name": "Reporter",
        "phone": "+49 30 1234567",
    }
    assert str(problem.author) == "Fix-It App"
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None
    assert Activity.objects.filter(verb="problem.reported", target_id=problem.pk).count() == 1


@pytest.mark.django_db
def test_reporting_in_xml_with_the_key_in_the_query_and_repeated_attributes(client, potholes, key):
    _, raw = key
    data = {
        "service_code": "potholes",
        "address_string": "Market Square",
        "attribute[size]": "small",
        "attribute[kinds]": ["water", "cracks"],
        "media_url": "https://photos.example/p/1.jpg",
    }
    response = client.post(f"{BASE}/requests.xml?api_key={raw}", data)
    assert response.status_code == 200
    problem = Problem.objects.get()
    root = xml(response)
    assert root.tag == "service_requests" and children(root) == ["request"]
    assert children(root[0]) == ["service_request_id", "service_notice", "account_id"]
    assert root.findtext("request/service_request_id") == str(problem.pk)
    assert root.findtext("request/account_id") == ""
    assert problem.title == "Potholes"  # no description: the service's name
    assert (problem.latitude, problem.address) == (None, "Market Square")
    assert problem.answers == {"size": "small", "kinds": ["cracks", "water"]}
    assert problem.reporter_contact == {}
    assert problem.media_url == "https://photos.example/p/1.jpg"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status", "description"),
    [
        ({"api_key": None}, 403, "api_key: give a valid API key."),
        ({"api_key": "not-a-key"}, 403, "api_key: give a valid API key."),
        (
            {"jurisdiction_id": "town-of-elsewhere"},
            403,
            "jurisdiction_id: this API key is not valid for this jurisdiction.",
        ),
        ({"jurisdiction_id": "atlantis"}, 404, "jurisdiction_id: there is no public body with this identifier."),
        ({"service_code": None}, 400, "service_code: this field is required."),
        ({"service_code": "bins"}, 400, "service_code: there is no service with this code."),
        ({"service_code": "retired"}, 400, "service_code: there is no service with this code."),
        (
            {"lat": None, "long": None, "address_string": None},
            400,
            "lat, long, address_string: give a location: lat and long, or address_string.",
        ),
        ({"long": None}, 400, "lat, long: give both or neither."),
        (
            {"lat": "95"},
            400,
            "lat, long: The location must have a latitude between -90 and 90 and a longitude between -180 and 180.",
        ),
        ({"attribute[size]": None}, 400, "attribute[size]: Answer the question “How big is it?”."),
        ({"attribute[size]": "huge"}, 400, "attribute[size]: Choose one answer to “How big is it?”."),
        (
            {"attribute[kinds][]": ["cracks", "lava"]},
            400,
            "attribute[kinds]: Choose answers to “What do you see?” from the list.",
        ),
        ({"attribute[depth]": "deep"}, 400, "attribute[depth]: “How deep (cm)?” needs a number."),
        ({"email": "not-an-address"}, 400, "email: this is not valid."),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url: this is not valid."),
        ({"description": "x" * 5001}, 400, "description: this is too long."),
    ],
)
def test_a_refused_report_stores_nothing(
    client, potholes, street_lights, elsewhere_bins, key, changes, status, description
):
    _, raw = key
    data = {k: v for k, v in {**VALID, "api_key": raw, **changes}.items() if v is not None}
    users, activities = User.objects.count(), Activity.objects.count()
    for fmt in ("json", "xml"):
        response = client.post(f"{BASE}/requests.{fmt}", data)
        assert response.status_code == status
        if fmt == "json":
            assert response.json() == [{"code": status, "description": description}]
        else:
            root = xml(response)
            assert (root.tag, root.findtext("error/code"), root.findtext("error/description")) == (
                "errors",
                str(status),
                description,
            )
    assert Problem.objects.count() == 0
    assert (User.objects.count(), Activity.objects.count()) == (users, activities)


@pytest.mark.django_db
def test_a_revoked_key_and_a_public_body_that_takes_no_reports_are_refused(client, potholes, key, org_admin, city):
    api_key, raw = key
    data = {**VALID, "api_key": raw}
    city.accepts_reports = False
    city.save()
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 403
    assert response.json() == [
        {"code": 403, "description": "This public body does not take problem reports here at the moment."}
    ]
    city.accepts_reports = True
    city.save()
    api_key_revoke(actor=org_admin, api_key=api_key)
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key: give a valid API key."}]
    assert Problem.objects.count() == 0


@pytest.mark.django_db
def test_reports_are_rate_limited_per_key(client, potholes, key, monkeypatch):
    monkeypatch.setattr(open311, "POSTS_PER_HOUR", 2)
    _, raw = key
    data = {**VALID, "api_key": raw}
    assert [client.post(f"{BASE}/requests.json", data).status_code for _ in range(2)] == [200, 200]
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 429
    assert response.json() == [
        {"code": 429, "description": "This API key has sent too many requests. Please wait a while and try again."}
    ]
    assert Problem.objects.count() == 2


# Reading service requests


@pytest.mark.django_db
def test_a_service_request_shows_public_fields_and_a_rounded_location(
    client, report, official, settings, tmp_path, street_lights
):
    settings.MEDIA_ROOT = tmp_path
    problem = report(latitude="52.520008", longitude="13.404954", address="Elm Road 3", photos=[jpeg()])
    status_change(actor=official, target=problem, status="under_review", answer="We are looking into it.")
    status_change(actor=official, target=problem, status="accepted", answer="")
    problem.refresh_from_db()
    response = client.get(f"{BASE}/requests/{problem.pk}.json")
    assert response.status_code == 200
    due = dt.datetime.combine(problem.answer_due, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    assert response.json() == [
        {
            "service_request_id": str(problem.pk),
            "status": "open",
            "status_notes": "We are looking into it.",
            "service_name": "Street lights",
            "service_code": "lights",
            "description": "It has been dark for a week.",
            "agency_responsible": "Mobility",
            "service_notice": None,
            "requested_datetime": w3(problem.created_at),
            "updated_datetime": w3(problem.status_changed_at),
            "expected_datetime": due.isoformat(),
            "address": None,  # the typed address would give the exact point away
            "address_id": None,
            "zipcode": None,
            "lat": 52.5225,
            "long": 13.4025,
            "media_url": f"http://testserver/media/{problem.photos.get().image.name}",
        }
    ]
    assert response.json()[0]["requested_datetime"][-6:] in {"+01:00", "+02:00"}  # Europe/Berlin, with its offset
    root = xml(client.get(f"{BASE}/requests/{problem.pk}.xml"))
    assert root.tag == "service_requests" and children(root) == ["request"]
    assert children(root[0]) == list(response.json()[0])
    assert (root.findtext("request/lat"), root.findtext("request/long")) == ("52.5225", "13.4025")
    for document in (response.content.decode(), client.get(f"{BASE}/requests/{problem.pk}.xml").content.decode()):
        assert "52.520008" not in document and "Elm Road" not in document


@pytest.mark.django_db
def test_extensions_add_the_detailed_status_and_counts(client, report, official):
    problem = report()
    status_change(actor=official, target=problem, status="not_accepted", answer="This is not ours.")
    row = client.get(f"{BASE}/requests/{problem.pk}.json", {"extensions": "true"}).json()[0]
    assert (row["status"], row["status_notes"]) == ("closed", "This is not ours.")
    assert row["extended_attributes"] == {
        "title": "Street light out on Elm Road",
        "detailed_status": "not_accepted",
        "support_count": 0,
        "comment_count": 0,
        "challenge": None,
        "jurisdiction_id": "city-of-testbridge",
        "url": f"http://testserver/problems/{problem.pk}/",
    }
    root = xml(client.get(f"{BASE}/requests/{problem.pk}.xml", {"extensions": "true"}))
    assert root.findtext("request/extended_attributes/detailed_status") == "not_accepted"
    assert "extended_attributes" not in client.get(f"{BASE}/requests/{problem.pk}.json").json()[0]


@pytest.mark.django_db
def test_hidden_problems_and_those_of_invitation_only_challenges_never_appear(
    client, report, superuser, city, department
):
    shown = report(title="Shown")
    hidden = report(title="Hidden by moderation")
    Problem.objects.filter(pk=hidden.pk).update(is_hidden=True)
    invited = challenge_problem(superuser, city, department, visibility="invited")
    public = challenge_problem(superuser, city, department, visibility="public")
    listed = client.get(f"{BASE}/requests.json", {"extensions": "true"}).json()
    assert [r["service_request_id"] for r in listed] == [str(public.pk), str(shown.pk)]
    assert listed[0]["extended_attributes"]["challenge"] == public.challenge.slug
    assert listed[0]["service_code"] == f"challenge:{public.challenge.slug}"
    assert listed[0]["service_name"] == public.challenge.title
    ids = f"{shown.pk},{hidden.pk},{invited.pk}"
    assert [
        r["service_request_id"] for r in client.get(f"{BASE}/requests.json", {"service_request_id": ids}).json()
    ] == [str(shown.pk)]
    for secret in (hidden, invited):
        response = client.get(f"{BASE}/requests/{secret.pk}.json")
        assert response.status_code == 404
        assert response.json() == [
            {"code": 404, "description": "service_request_id: there is no public service request with this identifier."}
        ]
        assert client.get(f"{BASE}/tokens/{secret.pk}.json").status_code == 404
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(public.pk), str(shown.pk)]


@pytest.mark.django_db
def test_filters_by_status_service_code_and_dates(client, report, potholes, official):
    recent = report(title="Recent", days_ago=1)
    done = report(title="Done", days_ago=5)
    status_change(actor=official, target=done, status="accepted", answer="")
    status_change(actor=official, target=done, status="done", answer="Fixed.")
    pothole = report(title="Pothole", days_ago=10, category=potholes, answers={"size": "small"})
    old = report(title="Old", days_ago=100)

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200
        return [int(r["service_request_id"]) for r in response.json()]

    assert ids() == [recent.pk, done.pk, pothole.pk]  # the last 90 days by default
    assert ids(status="open") == [recent.pk, pothole.pk]
    assert ids(status="closed") == [done.pk]
    assert ids(status="open,closed") == [recent.pk, done.pk, pothole.pk]
    assert ids(service_code="potholes") == [pothole.pk]
    assert ids(service_code="potholes,lights") == [recent.pk, done.pk, pothole.pk]
    start = (timezone.now() - dt.timedelta(days=200)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - dt.timedelta(days=7)).isoformat()
    assert ids(start_date=start) == [recent.pk, done.pk, pothole.pk, old.pk]
    assert ids(start_date=start, end_date=end) == [pothole.pk, old.pk]
    assert ids(end_date=end) == [pothole.pk, old.pk]
    assert ids(service_request_id=f"{old.pk},{recent.pk}", status="closed") == [recent.pk, old.pk]  # ids override
    assert ids(page_size="2") == [recent.pk, done.pk]
    assert ids(page_size="2", page="2") == [pothole.pk]
    assert ids(page_size="2", page="3") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"start_date": "yesterday"}, "start_date: give a date and time with a time zone, e.g. 2026-01-31T00:00:00Z."),
        (
            {"end_date": "2026-01-31T00:00:00"},
            "end_date: give a date and time with a time zone, e.g. 2026-01-31T00:00:00Z.",
        ),
        (
            {"start_date": "2026-13-01T00:00:00Z"},
            "start_date: give a date and time with a time zone, e.g. 2026-01-31T00:00:00Z.",
        ),
        (
            {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
            "end_date: must not be before start_date.",
        ),
        ({"status": "pending"}, "status: give open, closed or both, separated by commas."),
        ({"service_request_id": "1,two"}, "service_request_id: give numbers, separated by commas."),
        ({"page_size": "1001"}, "page_size: give a whole number from 1 to 1000."),
        ({"page": "0"}, "page: give a whole number from 1 to 10000."),
    ],
)
def test_bad_filters_are_400_error_lists(client, city, params, description):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": description}]


@pytest.mark.django_db
def test_requests_of_one_jurisdiction(client, report, elsewhere_bins, make_user, other_city):
    here = report()
    there = problem_report(
        author=make_user(), organisation=other_city, category=elsewhere_bins, title="Bin full", description="Full."
    )
    every = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()]
    assert every == [str(there.pk), str(here.pk)]
    only = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "town-of-elsewhere"}).json()
    assert [r["service_request_id"] for r in only] == [str(there.pk)]
    response = client.get(f"{BASE}/requests/{here.pk}.json", {"jurisdiction_id": "town-of-elsewhere"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_tokens_map_to_the_service_request(client, report):
    problem = report()
    response = client.get(f"{BASE}/tokens/{problem.pk}.json")
    assert response.status_code == 200
    assert response.json() == [{"service_request_id": str(problem.pk), "token": str(problem.pk)}]
    root = xml(client.get(f"{BASE}/tokens/{problem.pk}.xml"))
    assert root.tag == "service_requests" and children(root[0]) == ["service_request_id", "token"]
    for unknown in (problem.pk + 1000, "abc"):
        response = client.get(f"{BASE}/tokens/{unknown}.json")
        assert response.status_code == 404
        assert response.json() == [{"code": 404, "description": "token: there is no service request with this token."}]


@pytest.mark.django_db
def test_unknown_formats_resources_and_methods(client, city):
    for path in ("services.csv", "services", "requests.html", "nothing.xml"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404
        root = xml(response)
        assert root.findtext("error/code") == "404"
        assert root.findtext("error/description") == "There is no such Open311 resource. Formats: .json and .xml."
    response = client.get(f"{BASE}/nothing.json")
    assert response.status_code == 404
    assert response.json() == [
        {"code": 404, "description": "There is no such Open311 resource. Formats: .json and .xml."}
    ]
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json() == [{"code": 405, "description": "This endpoint accepts only GET."}]


@pytest.mark.django_db
def test_a_long_first_line_is_cut_for_the_title(client, potholes, key):
    _, raw = key
    line = "A very long first line about a pothole " * 4
    data = {**VALID, "api_key": raw, "description": line + "\nmore"}
    assert client.post(f"{BASE}/requests.json", data).status_code == 200
    title = Problem.objects.get().title
    assert len(title) == 80 and title.endswith("…") and line.startswith(title[:-1])


@pytest.mark.django_db
def test_the_list_reads_a_constant_number_of_queries(client, report, official, settings, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}/requests.json", {"extensions": "true"}).status_code == 200
        return len(captured)

    first = report(photos=[jpeg()])
    status_change(actor=official, target=first, status="under_review", answer="Looking.")
    few = queries()
    for n in range(4):
        problem = report(title=f"More {n}", photos=[jpeg()])
        status_change(actor=official, target=problem, status="under_review", answer="Looking.")
    assert queries() == few


# Hostile input


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_nul_byte_or_broken_utf8_anywhere_is_a_400_error_list_and_stores_nothing(client, potholes, key, fmt):
    _, raw = key
    refused = [
        client.get(f"{BASE}/requests.{fmt}?service_code=%00"),
        client.get(f"{BASE}/requests.{fmt}?jurisdiction_id=a%00b"),
        client.get(f"{BASE}/services/potholes.{fmt}?jurisdiction_id=%FF"),
        client.get(f"{BASE}/requests/1%00.{fmt}"),
        client.post(f"{BASE}/requests.{fmt}", {**VALID, "api_key": raw, "description": "Deep\x00hole"}),
        client.post(f"{BASE}/requests.{fmt}", {**VALID, "api_key": raw, "attribute[size\x00]": "large"}),
        client.post(
            f"{BASE}/requests.{fmt}",
            f"api_key={raw}&service_code=potholes&lat=52.5&long=13.4&attribute[size]=large&description=%C3%28".encode(),
            content_type="application/x-www-form-urlencoded",
        ),
    ]
    for response in refused:
        assert response.status_code == 400
        if fmt == "json":
            [error] = response.json()
        else:
            error = {child.tag: child.text for child in xml(response).find("error")}
        assert error["code"] in (400, "400")
        assert "cannot be read" in error["description"]
    assert Problem.objects.count() == 0


@pytest.mark.django_db
def test_control_characters_are_stripped_from_reports_and_the_xml_list_stays_well_formed(
    client, potholes, key, street_lights, citizen, city
):
    _, raw = key
    data = {
        **VALID,
        "api_key": raw,
        "description": "Deep\x01 hole\x0b\n\tin the\x1b lane\x7f",
        "first_name": "Ri\x08ta",
    }
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 200
    problem = Problem.objects.get()
    assert problem.description == "Deep hole\n\tin the lane"
    assert problem.reporter_contact["first_name"] == "Rita"
    # A problem stored before control characters were stripped on the way in is still listed.
    problem_report(author=citizen, organisation=city, category=street_lights, title="Old", description="Old\x02 one")
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert sorted(r.findtext("description") for r in root) == ["Deep hole\n\tin the lane", "Old one"]


@pytest.mark.django_db
def test_digits_that_are_no_numbers_are_refused(client, report):
    problem = report()
    response = client.get(f"{BASE}/requests.json", {"page": "²"})
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "page: give a whole number from 1 to 10000."}]
    response = client.get(f"{BASE}/requests.json", {"service_request_id": f"{problem.pk},²³"})
    assert response.status_code == 400
    for address in ("requests/%C2%B2%C2%B3.json", "tokens/%C2%B2%C2%B3.json", "requests/,.json", "tokens/-1.json"):
        response = client.get(f"{BASE}/{address}")
        assert response.status_code == 404, address


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["2026-13-45T00:00", "2026-02-30T10:00:00Z", "0001-01-01T00:00:00Z"])
def test_an_impossible_date_answer_is_refused_and_stores_nothing(client, city, department, key, when):
    category = Category.objects.create(organisation=city, department=department, name="Noise", code="noise")
    CategoryQuestion.objects.create(
        category=category, code="when", label="Since when?", datatype=CategoryQuestion.Datatype.DATETIME
    )
    _, raw = key
    data = {"api_key": raw, "service_code": "noise", "lat": "52.52", "long": "13.40", "attribute[when]": when}
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "attribute[when]: “Since when?” needs a date and time."}]
    assert Problem.objects.count() == 0
    response = client.post(f"{BASE}/requests.json", {**data, "attribute[when]": "2026-01-31T10:00:00+01:00"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_dates_out_of_range_in_filters_are_400(client, city):
    for value in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00"):
        response = client.get(f"{BASE}/requests.json", {"start_date": value})
        assert response.status_code == 400
        assert response.json() == [
            {"code": 400, "description": "start_date: give a date from 1900-01-01 to 2200-12-31."}
        ]
