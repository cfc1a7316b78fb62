import json

import pytest
from django.core import mail
from django.tasks import default_task_backend

from cocreate.accounts.actions import user_erase
from cocreate.accounts.errors import AlreadyErased
from cocreate.accounts.models import User
from cocreate.organisations.models import Membership

from ...conftest import PASSWORD


@pytest.mark.django_db
def test_export_contains_everything_about_the_person(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    response = client.get("/account/data/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cocreate-personal-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == official.email
    assert data["account"]["display_name"] == "Omar Official"
    assert data["email_addresses"] == [{"email": official.email, "verified": True, "primary": True}]
    assert [(m["organisation"], m["role"], m["department"]) for m in data["memberships"]] == [
        ("City of Testbridge", "official", "Mobility")
    ]


@pytest.mark.django_db
def test_export_needs_sign_in(client):
    response = client.get("/account/data/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_erasure_pseudonymises_the_account_and_signs_out(client, make_user):
    person = make_user(display_name="Erin Erase")
    client.force_login(person)
    response = client.post("/account/data/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.is_erased and not person.is_active
    assert person.display_name == ""
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert not person.has_usable_password()
    assert not person.emailaddress_set.exists()
    assert str(person) == f"Former participant {person.pk}"
    assert "_auth_user_id" not in client.session
    profile = client.get(f"/people/{person.pk}/").content.decode()
    assert "Erin Erase" not in profile and f"Former participant {person.pk}" in profile

    [queued] = default_task_backend.results
    assert queued.task.name == "send_erasure_confirmation"
    assert queued.kwargs == {"email": "person1@example.org", "language": "en"}


@pytest.mark.django_db
def test_erasure_with_a_wrong_password_changes_nothing(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    response = client.post("/account/data/", {"password": "not my password", "confirm": "on"})
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    official.refresh_from_db()
    assert not official.is_erased and official.display_name == "Omar Official"
    assert Membership.objects.filter(user=official).count() == 1
    assert default_task_backend.results == []


@pytest.mark.django_db
def test_erasure_without_confirmation_changes_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post("/account/data/", {"password": PASSWORD})
    assert response.status_code == 400
    assert not User.objects.get(pk=citizen.pk).is_erased


@pytest.mark.django_db
def test_erasing_twice_is_a_named_error(citizen):
    user_erase(user=citizen)
    with pytest.raises(AlreadyErased):
        user_erase(user=citizen)


@pytest.mark.django_db(transaction=True)
def test_erasure_confirmation_runs_through_the_database_queue(settings):
    """The real queue: enqueue with django-tasks-db, then a worker processes it (it manages its own connection)."""
    from django.core.management import call_command
    from django.tasks import task_backends

    from cocreate.accounts.tasks import send_erasure_confirmation

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    backend = task_backends["default"]
    assert type(backend).__name__ == "DatabaseBackend"
    result = send_erasure_confirmation.using(backend="default").enqueue(email="gone@example.org", language="de")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert mail.outbox[-1].to == ["gone@example.org"]
    assert mail.outbox[-1].subject == "Ihr Konto wurde gelöscht"


@pytest.mark.django_db
def test_export_includes_what_other_apps_store(client, citizen, city, department):
    from cocreate.engagement.actions import comment_add
    from cocreate.problems.actions import problem_report
    from cocreate.problems.models import Category

    lights = Category.objects.create(organisation=city, department=department, name="Lights", code="lights")
    problem = problem_report(author=citizen, organisation=city, category=lights, title="Dark street", description="d")
    comment_add(author=citizen, target=problem, body="Still dark tonight.")
    client.force_login(citizen)
    data = json.loads(client.get("/account/data/export/").content)
    assert [p["title"] for p in data["problems"]] == ["Dark street"]
    assert [c["text"] for c in data["engagement"]["comments"]] == ["Still dark tonight."]
    assert data["engagement"]["follows"] == [f"problems.problem {problem.pk}"]
    assert data["moderation"] == {"flags_raised": [], "suspensions": []}
