"""Reporting without an account: a visitor reports with an e-mail address, the report waits unpublished until they
open the link e-mailed to them, and reports not confirmed in time are deleted with the address."""

import datetime as dt
import os
import re

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.utils import timezone
from PIL import Image

from cocreate.accounts.actions import user_erase
from cocreate.accounts.queries import personal_data
from cocreate.problems.models import Photo, Problem, UnconfirmedPhoto, UnconfirmedReport
from cocreate.problems.tasks import send_report_confirmation
from cocreate.problems.without_account import unconfirmed_reports_expire

FORM = {
    "title": "Broken swing in Rose Park",
    "description": "The chain snapped; children climb on it anyway.",
    "address": "Rose Park",
    "latitude": "52.520008",
    "longitude": "13.404954",
    "q_size": "small",
    "email": "Ana@Example.org",
    "name": "Ana",
}


def post_report(client, category, photos=(), **changes):
    data = {**FORM, "category": category.pk, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    if photos:
        data["photos"] = list(photos)
    return client.post("/problems/report/", data)


def confirmation_link(report) -> str:
    mail.outbox.clear()
    assert send_report_confirmation.call(report_id=report.pk) is True
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/problems/report/confirm/\S+/)", message.body).group(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_visitor_is_offered_the_form_with_an_email_address(client, category):
    page = client.get("/problems/report/").content.decode()
    assert 'name="email"' in page
    assert 'name="name"' in page
    assert "You can report without an account" in page


@pytest.mark.django_db
def test_a_signed_in_person_is_not_asked_for_an_address(client, category, citizen):
    client.force_login(citizen)
    assert 'name="email"' not in client.get("/problems/report/").content.decode()


@pytest.mark.django_db
def test_a_report_waits_unpublished_until_its_link_is_followed(client, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(client, category)
    assert response.status_code == 302
    assert response["Location"] == "/problems/report/sent/"
    assert client.get(response["Location"]).status_code == 200
    report = UnconfirmedReport.objects.get()
    assert (report.email, report.name, report.answers) == ("ana@example.org", "Ana", {"size": "small"})
    assert report.expires_at - report.created_at == dt.timedelta(days=7)
    assert not Problem.objects.exists()
    assert FORM["title"] not in client.get("/problems/").content.decode()
    [queued] = [r for r in default_task_backend.results if r.task.name == "send_report_confirmation"]
    assert queued.kwargs == {"report_id": report.pk}  # the task holds the id, never the address

    link = confirmation_link(report)
    assert mail.outbox[0].to == ["ana@example.org"]
    page = client.get(link)
    assert page.status_code == 200
    assert FORM["title"] in page.content.decode()
    assert not Problem.objects.exists()  # opening the link (as mail scanners do) publishes nothing

    published = client.post(link)
    problem = Problem.objects.get()
    assert published.status_code == 200
    assert problem.get_absolute_url() in published.content.decode()
    assert (problem.title, problem.category, problem.department) == (FORM["title"], category, category.department)
    assert problem.answers == {"size": "small"}
    assert str(problem.latitude) == "52.520008"
    assert (problem.author.email, problem.author.display_name) == ("ana@example.org", "Ana")
    assert not problem.author.has_usable_password()
    assert "Choose a password" in published.content.decode()  # an account is offered, never required
    assert not UnconfirmedReport.objects.exists()
    assert FORM["title"] in client.get("/problems/").content.decode()


@pytest.mark.django_db
def test_a_link_works_once(client, category):
    post_report(client, category)
    link = confirmation_link(UnconfirmedReport.objects.get())
    client.post(link)
    again = client.post(link)
    assert again.status_code == 404
    assert "not valid any more" in again.content.decode()
    assert Problem.objects.count() == 1


@pytest.mark.django_db
def test_a_forged_link_is_refused(client, category):
    post_report(client, category)
    report = UnconfirmedReport.objects.get()
    assert client.get(f"/problems/report/confirm/{report.pk}/").status_code == 404
    assert client.post(f"/problems/report/confirm/{report.pk}:forged/").status_code == 404
    assert not Problem.objects.exists()


@pytest.mark.django_db
def test_an_address_with_an_account_files_the_report_in_that_account(client, category, citizen):
    post_report(client, category, email=citizen.email.upper(), name="Someone else")
    client.post(confirmation_link(UnconfirmedReport.objects.get()))
    problem = Problem.objects.get()
    assert problem.author == citizen
    citizen.refresh_from_db()
    assert citizen.display_name != "Someone else"


@pytest.mark.django_db
def test_photos_wait_without_their_metadata_and_move_to_the_problem(
    client, category, photo_upload, django_capture_on_commit_callbacks
):
    post_report(client, category, photos=[photo_upload()])
    stored = UnconfirmedPhoto.objects.get()
    with Image.open(stored.image.path) as image:
        assert dict(image.getexif()) == {}
    waiting_file = stored.image.path
    link = confirmation_link(UnconfirmedReport.objects.get())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    photo = Photo.objects.get()
    assert photo.problem == Problem.objects.get()
    with Image.open(photo.image.path) as image:
        assert dict(image.getexif()) == {}
    assert not UnconfirmedPhoto.objects.exists()
    assert not os.path.exists(waiting_file)


@pytest.mark.django_db
def test_unconfirmed_reports_expire_with_their_address_and_photos(client, category, photo_upload):
    post_report(client, category, photos=[photo_upload()])
    post_report(client, category, email="bo@example.org")
    old, recent = UnconfirmedReport.objects.order_by("pk")
    link = confirmation_link(old)
    UnconfirmedReport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(link).status_code == 404  # expired even before the daily cleanup
    assert unconfirmed_reports_expire() == 1
    assert list(UnconfirmedReport.objects.all()) == [recent]
    assert not UnconfirmedPhoto.objects.exists()
    assert send_report_confirmation.call(report_id=old.pk) is False


@pytest.mark.django_db
def test_a_refused_report_keeps_what_was_typed(client, category):
    response = post_report(client, category, email="not an address")
    page = response.content.decode()
    assert response.status_code == 400
    assert FORM["description"] in page
    assert "Enter a valid email address." in page
    assert not UnconfirmedReport.objects.exists()


@pytest.mark.django_db
def test_reports_without_an_account_are_limited_per_address_and_per_email(client, category, monkeypatch):
    from cocreate.problems import views

    monkeypatch.setattr(views, "REPORTS_PER_EMAIL", (2, 3600))
    statuses = [post_report(client, category).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    refused = post_report(client, category)
    assert FORM["description"] in refused.content.decode()  # the 429 comes back with the text
    assert "too often" in refused.content.decode()
    assert UnconfirmedReport.objects.count() == 2
    monkeypatch.setattr(views, "REPORTS_PER_ADDRESS", (3, 3600))
    assert post_report(client, category, email="other@example.org").status_code == 429


@pytest.mark.django_db
def test_the_limit_counts_the_real_client_address_behind_a_proxy(client, category, settings, monkeypatch):
    from cocreate.problems import views

    settings.COCREATE_PROXY_COUNT = 1
    monkeypatch.setattr(views, "REPORTS_PER_ADDRESS", (1, 3600))
    first = client.post("/problems/report/", {**FORM, "category": category.pk}, HTTP_X_FORWARDED_FOR="203.0.113.1")
    other = client.post(
        "/problems/report/",
        {**FORM, "category": category.pk, "email": "b@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.2",
    )
    same = client.post(
        "/problems/report/",
        {**FORM, "category": category.pk, "email": "c@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert (first.status_code, other.status_code, same.status_code) == (302, 302, 429)


@pytest.mark.django_db
def test_cities_that_require_an_account_switch_it_off(client, category, settings):
    settings.COCREATE_REPORTS_WITHOUT_ACCOUNT = False
    response = post_report(client, category)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not UnconfirmedReport.objects.exists()


@pytest.mark.django_db
def test_a_challenges_exploration_stage_needs_an_account(client, make_challenge_in):
    challenge = make_challenge_in(stage="exploration")
    response = client.post(f"/problems/report/?challenge={challenge.slug}", {**FORM, "challenge": challenge.slug})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not UnconfirmedReport.objects.exists()


@pytest.mark.django_db
def test_a_closed_public_body_takes_no_reports_without_an_account(client, category, city):
    city.accepts_reports = False
    city.save()
    assert post_report(client, category).status_code == 302  # to sign-in, where the refusal is explained
    assert not UnconfirmedReport.objects.exists()


@pytest.mark.django_db
def test_the_address_is_exported_and_erased_with_the_account(client, category, citizen):
    post_report(client, category, email=citizen.email)
    post_report(client, category, email="someone.else@example.org")
    [waiting] = personal_data(citizen)["problems_unconfirmed"]
    assert (waiting["email"], waiting["title"]) == (citizen.email, FORM["title"])
    user_erase(user=citizen)
    assert list(UnconfirmedReport.objects.values_list("email", flat=True)) == ["someone.else@example.org"]


@pytest.mark.django_db
def test_an_administrator_erasing_a_reporter_deletes_their_waiting_reports(client, category, city, admin_user):
    from cocreate.problems.api_keys import reporter_contact_erase

    post_report(client, category, email="rita@example.org")
    post_report(client, category, email="sam@example.org")
    reporter_contact_erase(actor=admin_user, organisation=city, email="Rita@example.org")
    assert list(UnconfirmedReport.objects.values_list("email", flat=True)) == ["sam@example.org"]


@pytest.mark.django_db
def test_the_account_offered_is_made_by_choosing_a_password(client, category):
    post_report(client, category)
    client.post(confirmation_link(UnconfirmedReport.objects.get()))
    mail.outbox.clear()
    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "/accounts/password/reset/key/" in message.body
