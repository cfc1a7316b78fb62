import datetime as dt

import pytest
from django.utils import timezone
from PIL import Image

from cocreate.activity.models import Activity
from cocreate.organisations.models import PublicHoliday
from cocreate.problems.models import Photo, Problem

FORM = {
    "title": "Deep pothole on Station Road",
    "description": "Cyclists swerve into traffic.",
    "address": "Station Road 12",
    "latitude": "52.520008",
    "longitude": "13.404954",
    "q_size": "large",
}


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def post_report(client, chosen_category, photos=(), **changes):
    data = {**FORM, "category": chosen_category.pk, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    if photos:
        data["photos"] = list(photos)
    return client.post("/problems/report/", data)


@pytest.mark.django_db
def test_a_resident_reports_a_problem_with_a_photo(citizen_client, citizen, category, photo_upload, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post_report(citizen_client, category, photos=[photo_upload()])
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/problems/{problem.pk}/"
    assert (problem.author, problem.department, problem.status) == (citizen, category.department, "submitted")
    assert problem.answers == {"size": "large"}
    assert str(problem.latitude) == "52.520008"
    assert Activity.objects.filter(verb="problem.reported", target_id=problem.pk).count() == 1

    photo = Photo.objects.get()
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) == 480


@pytest.mark.django_db
def test_the_answer_is_due_after_the_categorys_working_days(citizen_client, category, city):
    PublicHoliday.objects.create(organisation=city, date=timezone.localdate() + dt.timedelta(days=1), name="Holiday")
    post_report(citizen_client, category)
    problem = Problem.objects.get()
    import numpy

    expected = numpy.busday_offset(
        numpy.datetime64(timezone.localdate(), "D"),
        5,
        roll="forward",
        holidays=[numpy.datetime64(timezone.localdate() + dt.timedelta(days=1), "D")],
    ).astype(dt.date)
    assert problem.answer_due == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "x" * 161}, "Ensure this value has at most 160 characters"),
        ({"latitude": "95", "longitude": "13"}, "Ensure this value is less than or equal to 90."),
        ({"latitude": "52.5", "longitude": None}, "Give both latitude and longitude, or neither."),
        ({"q_size": None}, "This field is required."),
        ({"q_size": "enormous"}, "Select a valid choice."),
        ({"category": 999}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(citizen_client, category, changes, message):
    response = post_report(citizen_client, category, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_a_fake_image_is_refused_and_nothing_is_saved(citizen_client, category, photo_upload):
    response = post_report(citizen_client, category, photos=[photo_upload(content=b"<?php echo 1; ?>")])
    assert response.status_code == 400
    assert not Problem.objects.exists() and not Photo.objects.exists()


@pytest.mark.django_db
def test_an_image_in_another_format_is_refused(citizen_client, category, photo_upload):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    response = post_report(citizen_client, category, photos=[photo_upload("a.gif", buffer.getvalue(), "image/gif")])
    assert response.status_code == 400
    assert "This file is not a JPEG, PNG or WebP photo." in response.content.decode()
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_oversized_and_too_many_photos_are_refused(citizen_client, category, photo_upload, settings):
    response = post_report(citizen_client, category, photos=[photo_upload() for _ in range(6)])
    assert response.status_code == 400
    assert "Add at most 5 photos." in response.content.decode()
    settings.COCREATE_PHOTO_MAX_BYTES = 1000
    response = post_report(citizen_client, category, photos=[photo_upload()])
    assert response.status_code == 413
    assert "This photo is too large." in response.content.decode()
    assert FORM["description"] in response.content.decode()  # what was typed comes back
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_the_hidden_field_stops_simple_bots_and_keeps_the_text(citizen_client, category):
    response = post_report(citizen_client, category, website="http://spam.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "A field meant to stay empty was filled in" in page
    assert FORM["description"] in page
    assert "http://spam.example" not in page  # the trap is drawn empty: sending again works
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_a_flood_of_reports_is_limited(citizen_client, category, settings):
    statuses = [post_report(citizen_client, category, title=f"Pothole number {n}").status_code for n in range(12)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    assert Problem.objects.count() == 10
    refused = post_report(citizen_client, category, title="The thirteenth pothole")
    page = refused.content.decode()
    assert refused.status_code == 429
    assert 'value="The thirteenth pothole"' in page  # the report comes back with what was typed
    assert FORM["description"] in page
    assert "You have done this too often." in page


@pytest.mark.django_db
def test_choosing_a_category_with_htmx_loads_its_questions_in_place(citizen_client, category):
    response = citizen_client.post(
        "/problems/report/", {"category": category.pk, "refresh": "1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "How big is it?" in body
    assert "<html" not in body  # only the questions, swapped into the page
    assert 'name="title"' not in body
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_the_page_offers_both_ways_to_show_a_categorys_questions(citizen_client, category):
    page = citizen_client.get("/problems/report/").content.decode()
    assert 'hx-trigger="change from:#id_category"' in page
    assert '<noscript><p><button type="submit" name="refresh" value="1"' in page  # the path without JavaScript


@pytest.mark.django_db
def test_visitors_must_sign_in_to_report_where_the_city_requires_an_account(client, category, settings):
    settings.COCREATE_REPORTS_WITHOUT_ACCOUNT = False
    assert client.get("/problems/report/")["Location"].startswith("/accounts/login/")
    response = post_report(client, category)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_a_public_body_can_close_reports(citizen_client, category, city):
    city.accepts_reports = False
    city.save()
    assert post_report(citizen_client, category).status_code == 403
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_refreshing_shows_the_categorys_questions_and_keeps_what_was_typed(citizen_client, category):
    response = citizen_client.post(
        "/problems/report/", {"title": "Pothole", "description": "Deep", "category": category.pk, "refresh": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "How big is it?" in body and 'value="Pothole"' in body
    assert not Problem.objects.exists()
