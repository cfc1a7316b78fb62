"""Moderators hear of every new flag, once, through the notification machinery and its preferences."""

import pytest
from django.core import mail
from django.tasks import default_task_backend

from cocreate.engagement.actions import notification_settings_update
from cocreate.engagement.models import Notification, NotificationSettings
from cocreate.engagement.tasks import send_notification_emails
from cocreate.moderation.actions import flag_add
from cocreate.moderation.errors import AlreadyFlagged


def flag_notices():
    return Notification.objects.filter(verb="moderation.flag_received")


@pytest.mark.django_db
def test_the_moderators_and_administrators_of_the_public_body_are_told_of_a_flag(
    make_problem, citizen, moderator, org_admin, other_moderator, official
):
    problem = make_problem()

    flag = flag_add(user=citizen, item=problem, reason="spam", text="Advertising")

    assert sorted(flag_notices().values_list("recipient_id", flat=True)) == sorted([moderator.pk, org_admin.pk])
    notice = flag_notices().get(recipient=moderator)
    assert notice.target_url == f"/manage/moderation/cases/{flag.case_id}/"
    assert notice.text == "Spam or advertising"


@pytest.mark.django_db
def test_each_flag_is_told_once(make_problem, citizen, make_user, moderator):
    problem = make_problem()
    flag_add(user=citizen, item=problem, reason="spam")
    with pytest.raises(AlreadyFlagged):
        flag_add(user=citizen, item=problem, reason="spam")
    flag_add(user=make_user(), item=problem, reason="abusive")

    assert flag_notices().filter(recipient=moderator).count() == 2


@pytest.mark.django_db
def test_a_moderator_who_flags_is_not_told_of_their_own_flag(make_problem, moderator, org_admin):
    flag_add(user=moderator, item=make_problem(), reason="spam")

    assert list(flag_notices().values_list("recipient_id", flat=True)) == [org_admin.pk]


@pytest.mark.django_db
def test_the_flag_is_e_mailed_at_once_or_kept_for_the_digest_as_each_moderator_chose(
    make_problem, citizen, moderator, org_admin, django_capture_on_commit_callbacks
):
    notification_settings_update(user=org_admin, email=NotificationSettings.Email.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        flag_add(user=citizen, item=make_problem(), reason="spam")
    (result,) = [r for r in default_task_backend.results if r.task.func == send_notification_emails.func]
    send_notification_emails.call(**result.kwargs)

    assert [m.to for m in mail.outbox] == [[moderator.email]]
