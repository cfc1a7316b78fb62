"""What comes from outside: whole numbers, bounded dates, text without control characters, and requests that cannot
be read at all (NUL characters, bytes that are not UTF-8), refused before any view in the format of their address."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.challenges.models import Challenge
from cocreate.core.forms import BoundedDateField
from cocreate.core.inputs import parse_int, strip_control_characters, validate_date_in_range, xml_safe
from cocreate.core.shuffle import COOKIE
from cocreate.ideas.models import Idea


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        ("²", None),
        ("²³", None),
        ("١٢", None),
        ("1.5", None),
        ("abc", None),
        ("", None),
        (None, None),
        (True, None),
        ("0", None),
        ("-1", None),
        ("9" * 19, None),
        (str(2**63 - 1), 2**63 - 1),
        ("9" * 4000, None),
    ],
)
def test_parse_int_takes_only_ascii_digits_within_bounds(value, expected):
    assert parse_int(value) == expected


def test_parse_int_bounds_can_be_chosen():
    assert parse_int("-1", minimum=-1, maximum=1) == -1
    assert parse_int("2", minimum=-1, maximum=1) is None
    assert parse_int("0", minimum=0) == 0


def test_control_characters_go_and_tabs_and_line_breaks_stay():
    assert strip_control_characters("a\x00b\x01c\x0b\x0c\x1b\x7f\x85\x9fd\t\n\r\ufffee") == "abcd\t\n\re"
    assert strip_control_characters("Grüße, 東京 ²") == "Grüße, 東京 ²"
    assert xml_safe("a\x01b\x0bc\x85d\n") == "abc\x85d\n"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (dt.date(1900, 1, 1), True),
        (dt.date(2200, 12, 31), True),
        (dt.date(1, 1, 1), False),
        (dt.date(9999, 12, 31), False),
        (dt.datetime(1899, 12, 31, 23, 0, tzinfo=dt.UTC), False),
    ],
)
def test_dates_are_bounded(value, valid):
    if valid:
        validate_date_in_range(value)
        assert BoundedDateField().clean(value.isoformat()) == value
    else:
        with pytest.raises(ValidationError):
            validate_date_in_range(value)


@pytest.mark.django_db
def test_a_nul_character_in_the_query_string_is_a_readable_400_page(client):
    for address in ("/challenges/?q=%00", "/challenges/?q=a%00b", "/problems/?x%00=1", "/challenges/?q=%FF"):
        response = client.get(address)
        assert response.status_code == 400, address
        assert "text/html" in response["Content-Type"]
        assert b"cannot be read" in response.content


@pytest.mark.django_db
def test_a_nul_character_or_broken_utf8_in_the_path_is_a_400(client):
    for address in ("/journey/ideas%00/idea/1/", "/challenges/a%00b/", "/challenges/%FF/", "/engage/a%01b/x/1/follow/"):
        response = client.get(address)
        assert response.status_code == 400, address


@pytest.mark.django_db
def test_the_api_refuses_in_json(client):
    for address in ("/api/v1/challenges/?q=%00", "/api/v1/problems/?category=a%00", "/api/v1/challenges/a%00b"):
        response = client.get(address)
        assert response.status_code == 400
        assert response.json()["code"] == "unreadable_input"
    assert client.get("/api/v1/challenges/?q=%C2%B2").status_code == 200


@pytest.mark.django_db
def test_a_posted_nul_character_stores_nothing(client, citizen, make_challenge_in):
    challenge = make_challenge_in()
    client.force_login(citizen)
    url = reverse("ideas:submit", args=[challenge.slug])
    for data in ({"title": "Bike\x00 lanes", "description": "With kerbs."}, {"title": "Bike lanes", "d\x00": "x"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert b"cannot be read" in response.content
    broken = client.post(url, b"title=Bike%C3%28lanes", content_type="application/x-www-form-urlencoded")
    assert broken.status_code == 400
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_posted_control_characters_are_stripped_and_line_breaks_kept(client, citizen, make_challenge_in):
    challenge = make_challenge_in()
    client.force_login(citizen)
    response = client.post(
        reverse("ideas:submit", args=[challenge.slug]),
        {"title": "Bike\x01 lanes\x1b", "description": "With\x0b kerbs.\r\n\tAnd trees\x7f."},
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.title, idea.description) == ("Bike lanes", "With kerbs.\r\n\tAnd trees.")


@pytest.mark.django_db
def test_control_characters_in_a_search_are_ignored(client, make_challenge_in):
    make_challenge_in(title="Safer cycling")
    response = client.get("/challenges/", {"q": "Saf\x01er"})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "Safer"
    assert Challenge.objects.count() == 1


@pytest.mark.django_db
def test_a_shuffle_cookie_with_digits_that_are_no_number_is_ignored(client, make_challenge_in):
    challenge = make_challenge_in()
    client.cookies[COOKIE] = "²"
    assert client.get(reverse("ideas:list", args=[challenge.slug]), {"sort": "random"}).status_code == 200


def test_api_input_schemas_strip_control_characters_and_refuse_nul():
    from pydantic import ValidationError as SchemaError

    from cocreate.problems.api import ProblemFilters

    assert ProblemFilters(q="street\x01 light\x7f", category="lights").q == "street light"
    with pytest.raises(SchemaError):
        ProblemFilters(q="a\x00b")


@pytest.mark.django_db
def test_a_cookie_with_a_nul_character_counts_as_absent(client, citizen, make_challenge_in):
    make_challenge_in(title="Safer cycling")
    client.cookies["sessionid"] = "abcdefgh\x00ij"
    client.cookies["cocreate_shuffle"] = "1\x00"
    response = client.get("/challenges/")
    assert response.status_code == 200
    assert "sessionid" not in response.wsgi_request.COOKIES
    del client.cookies["sessionid"]
    client.force_login(citizen)
    client.cookies["csrftoken"] = "a\x01b"
    assert client.get("/challenges/").wsgi_request.user == citizen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ideas/{n}/", "/designs/{n}/", "/designs/{n}/test-rounds/1/", "/designs/1/versions/{n}/"]
)
def test_an_id_too_large_for_the_database_is_not_found(client, path):
    response = client.get(path.format(n="9" * 40))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_body_too_large_for_the_api_is_refused_in_json(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/api/v1/designs/", "x" * 5000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.json()["detail"] == "The request is too large."
