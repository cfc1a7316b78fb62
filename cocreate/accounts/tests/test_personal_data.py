import datetime as dt
import json

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.utils import timezone

from cocreate.accounts.actions import user_erase
from cocreate.accounts.errors import AlreadyErased
from cocreate.accounts.models import ErasureNotice, User
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

    # The task takes the id of a notice that holds the address until it is sent; the queue never sees the address.
    [queued] = default_task_backend.results
    assert queued.task.name == "send_erasure_confirmation"
    notice = ErasureNotice.objects.get()
    assert queued.kwargs == {"notice_id": notice.pk}
    assert (notice.email, notice.language) == ("person1@example.org", "en")


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


def _stored_results_text() -> str:
    from django_tasks_db.models import DBTaskResult

    return "\n".join(f"{r.args_kwargs} {r.return_value} {r.traceback}" for r in DBTaskResult.objects.all()).lower()


@pytest.fixture
def database_queue(settings):
    """The real queue: tasks are stored by django-tasks-db and run by its worker (which manages its own connection)."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"

    def run_worker():
        from django.core.management import call_command

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run_worker


@pytest.mark.django_db(transaction=True)
def test_erasure_confirmation_runs_through_the_database_queue_and_leaves_no_address(database_queue, make_user):
    from django_tasks_db.models import DBTaskResult

    person = make_user(email="gone@example.org", display_name="Gwen Gone", preferred_language="de")
    user_erase(user=person)
    database_queue()
    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL" and result.return_value is True
    assert mail.outbox[-1].to == ["gone@example.org"]
    assert mail.outbox[-1].subject == "Ihr Konto wurde gelöscht"
    assert not ErasureNotice.objects.exists()
    assert "gone@example.org" not in _stored_results_text()


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_that_cannot_be_sent_leaves_no_address_in_the_queue_and_is_tried_again(
    database_queue, make_user, monkeypatch
):
    import smtplib

    from django_tasks_db.models import DBTaskResult

    from cocreate.accounts import tasks

    def refuse(*args, recipient_list, **kwargs):
        raise smtplib.SMTPRecipientsRefused({recipient_list[0]: (550, b"mailbox unavailable")})

    monkeypatch.setattr(tasks, "send_mail", refuse)
    user_erase(user=make_user(email="gone@example.org"))
    database_queue()
    [failed] = DBTaskResult.objects.all()
    assert failed.status == "FAILED" and "SMTPRecipientsRefused" in failed.traceback
    assert "gone@example.org" not in _stored_results_text()
    notice = ErasureNotice.objects.get()
    assert notice.email == "gone@example.org"

    # The daily run sends it once its own attempt is an hour old, and forgets a notice older than a week.
    monkeypatch.undo()
    ErasureNotice.objects.create(email="long-gone@example.org", language="en")
    ErasureNotice.objects.filter(email="long-gone@example.org").update(
        created_at=timezone.now() - dt.timedelta(days=tasks.ERASURE_NOTICE_DAYS, minutes=1)
    )
    assert tasks.retry_erasure_notices.call() == 0  # the failed one is not an hour old yet
    assert list(ErasureNotice.objects.values_list("email", flat=True)) == ["gone@example.org"]
    ErasureNotice.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert tasks.retry_erasure_notices.call() == 1
    assert mail.outbox[-1].to == ["gone@example.org"]
    assert not ErasureNotice.objects.exists()
    assert tasks.send_erasure_confirmation.call(notice_id=notice.pk) is False  # sent once: a retry sends nothing
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_erasure_deletes_the_stored_task_results_that_mention_the_person(make_user):
    from django_tasks_db.models import DBTaskResult

    def stored(status, args_kwargs, traceback=""):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs=args_kwargs,
            task_path="cocreate.engagement.tasks.send_notification_emails",
            backend_name="default",
            run_after=timezone.now(),
            traceback=traceback,
            exception_class_path="smtplib.SMTPRecipientsRefused" if traceback else "",
        )

    person = make_user(email="Erin@Example.org", display_name="Erin Erase")
    person.emailaddress_set.create(email="erin.old@example.org", verified=True, primary=False)
    refused = stored("FAILED", {"args": [], "kwargs": {"notification_ids": [1]}}, "Refused: {'erin@example.org': …}")
    old_style = stored("SUCCESSFUL", {"args": [], "kwargs": {"email": "erin.old@example.org", "language": "en"}})
    named = stored("FAILED", {"args": [], "kwargs": {"notification_ids": [2]}}, "KeyError: 'Erin Erase'")
    running = stored("RUNNING", {"args": [], "kwargs": {"email": "erin@example.org"}})
    someone_else = stored("FAILED", {"args": [], "kwargs": {"notification_ids": [3]}}, "Refused: other@example.org")
    unrelated = stored("SUCCESSFUL", {"args": [], "kwargs": {"notification_ids": [4]}})
    user_erase(user=person)
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {running.pk, someone_else.pk, unrelated.pk}  # a running task is left to finish
    assert not {refused.pk, old_style.pk, named.pk} & remaining


@pytest.mark.django_db
def test_confirmations_queued_with_an_address_before_become_notices_and_the_old_results_go():
    """The data migration for results stored while the task still took the address."""
    import importlib

    from django.apps import apps
    from django_tasks_db.models import DBTaskResult

    migration = importlib.import_module("cocreate.accounts.migrations.0003_erasure_confirmations_without_addresses")

    def stored(status, kwargs):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": kwargs},
            task_path=migration.OLD_TASK,
            backend_name="default",
            run_after=timezone.now(),
        )

    stored("READY", {"email": "waiting@example.org", "language": "de"})
    stored("FAILED", {"email": "failed@example.org", "language": "es"})
    stored("SUCCESSFUL", {"email": "sent@example.org", "language": "en"})
    new_style = stored("READY", {"notice_id": 7})
    migration.forward(apps, None)
    assert sorted(ErasureNotice.objects.values_list("email", "language")) == [
        ("failed@example.org", "es"),
        ("waiting@example.org", "de"),
    ]
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [new_style.pk]


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
    assert [p["title"] for p in data["problems"]["reported"]] == ["Dark street"]
    assert [c["text"] for c in data["engagement"]["comments"]] == ["Still dark tonight."]
    assert data["engagement"]["follows"] == [f"problems.problem {problem.pk}"]
    assert data["moderation"]["flags_raised"] == [] and data["moderation"]["suspensions"] == []
    assert [(e["verb"], e["label"]) for e in data["activity"]] == [
        ("problem.reported", "Dark street"),
        ("comment.added", "Dark street"),
    ]
