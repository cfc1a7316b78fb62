"""The engagement layer, exercised through problems (the first contribution model; ideas and designs reuse it)."""

import pytest
from django.core import mail
from django.tasks import default_task_backend

from cocreate.engagement import actions
from cocreate.engagement.errors import AlreadySupported, AnswerRequired, NotSupported, StatusTransitionNotAllowed
from cocreate.engagement.models import Comment, Follow, Notification, NotificationSettings, StatusChange, Support
from cocreate.engagement.tasks import send_daily_digests, send_notification_emails, unsubscribe_url
from cocreate.problems.models import Problem


def fresh(problem):
    return Problem.objects.get(pk=problem.pk)


@pytest.mark.django_db
def test_support_once_undo_and_counts_stored_on_the_contribution(make_problem, citizen):
    problem = make_problem()
    actions.support_add(user=citizen, target=problem)
    assert fresh(problem).support_count == 1
    with pytest.raises(AlreadySupported):
        actions.support_add(user=citizen, target=problem)
    assert fresh(problem).support_count == 1 and Support.objects.count() == 1
    assert Follow.objects.filter(user=citizen).exists()  # supporting follows
    actions.support_remove(user=citizen, target=problem)
    assert fresh(problem).support_count == 0
    with pytest.raises(NotSupported):
        actions.support_remove(user=citizen, target=problem)


@pytest.mark.django_db
def test_support_over_http_with_and_without_htmx(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    url = f"/engage/problems/problem/{problem.pk}/support/"
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == problem.get_absolute_url()
    response = client.post(url, {"undo": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="false"' in response.content.decode() and "(0)" in response.content.decode()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 409  # twice is a conflict, not a second support
    assert fresh(problem).support_count == 1


@pytest.mark.django_db
def test_the_author_cannot_support_their_own_report(client, make_problem, citizen):
    problem = make_problem(author=citizen)
    client.force_login(citizen)
    assert client.post(f"/engage/problems/problem/{problem.pk}/support/").status_code == 403
    assert fresh(problem).support_count == 0


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in_and_unknown_targets_are_404(client, make_problem):
    problem = make_problem()
    assert client.post(f"/engage/problems/problem/{problem.pk}/support/").status_code == 302
    client.force_login(problem.author)
    assert client.post("/engage/problems/problem/999/support/").status_code == 404
    assert client.post("/engage/accounts/user/1/support/").status_code == 404  # not a contribution
    assert client.post("/engage/nothing/here/1/support/").status_code == 404


@pytest.mark.django_db
def test_threaded_comments_notify_followers(client, make_problem, citizen, make_user):
    problem = make_problem()
    follower = make_user()
    actions.follow(user=follower, target=problem)
    client.force_login(citizen)
    url = f"/engage/problems/problem/{problem.pk}/comment/"
    assert client.post(url, {"body": "Same outside my house."}).status_code == 302
    first = Comment.objects.get()
    assert client.post(url, {"body": "Thanks, noted.", "parent": first.pk}).status_code == 302
    assert fresh(problem).comment_count == 2
    assert Comment.objects.get(parent=first).body == "Thanks, noted."
    notified = list(Notification.objects.filter(verb="comment.added").values_list("recipient_id", flat=True))
    # The reporter (who follows their report) and the follower hear of both comments; the commenter never.
    assert sorted(notified) == sorted([problem.author_id, follower.pk] * 2)
    body = client.get(problem.get_absolute_url()).content.decode()
    assert "Same outside my house." in body and "Thanks, noted." in body


@pytest.mark.django_db
def test_empty_and_bot_comments_are_refused(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    url = f"/engage/problems/problem/{problem.pk}/comment/"
    client.post(url, {"body": "   "})
    client.post(url, {"body": "Buy pills", "website": "http://spam.example"})
    client.post(url, {"body": "x" * 5001})
    assert not Comment.objects.exists() and fresh(problem).comment_count == 0


@pytest.mark.django_db
def test_a_refused_comment_comes_back_with_what_was_typed_and_why(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    url = f"/engage/problems/problem/{problem.pk}/comment/"
    too_long = "The lamp flickers every night. " * 170  # over 5000 characters
    response = client.post(url, {"body": too_long})
    assert response.status_code == 400
    page = response.content.decode()
    assert too_long.strip() in page
    assert "Ensure this value has at most 5000 characters" in page
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_a_rate_limited_comment_keeps_its_text(client, make_problem, citizen, monkeypatch):
    from cocreate.engagement import views

    problem = make_problem()
    client.force_login(citizen)
    monkeypatch.setattr(views, "COMMENTS_PER_USER", (0, 3600))
    response = client.post(f"/engage/problems/problem/{problem.pk}/comment/", {"body": "It is dark at night."})
    assert response.status_code == 429
    page = response.content.decode()
    assert "It is dark at night." in page
    assert "You have done this too often" in page
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_status_changes_follow_the_state_machine_and_need_reasons_to_close(make_problem, official, citizen):
    problem = make_problem(author=citizen)
    with pytest.raises(StatusTransitionNotAllowed):
        actions.status_change(actor=official, target=problem, status="done", answer="Fixed")
    with pytest.raises(AnswerRequired):
        actions.status_change(actor=official, target=problem, status="not_accepted")
    actions.status_change(actor=official, target=problem, status="accepted", answer="We will fix it.")
    actions.status_change(actor=official, target=problem, status="done", answer="Fixed on Monday.")
    assert fresh(problem).status == "done"
    assert list(StatusChange.objects.values_list("old_status", "new_status", "answer")) == [
        ("submitted", "accepted", "We will fix it."),
        ("accepted", "done", "Fixed on Monday."),
    ]
    assert Notification.objects.filter(recipient=citizen, verb="status.changed").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "moderator", "other_official"])
def test_only_officials_of_the_public_body_answer(client, make_problem, request, make_user, other_city, who):
    from cocreate.organisations.actions import department_create, membership_grant

    problem = make_problem()
    if who == "other_official":
        user = make_user()
        membership_grant(
            user=user,
            organisation=other_city,
            role="official",
            department=department_create(organisation=other_city, name="X"),
        )
        from cocreate.conftest import give_second_factor

        give_second_factor(user)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(f"/engage/problems/problem/{problem.pk}/answer/", {"status": "accepted", "answer": "ok"})
    assert response.status_code == 403
    assert fresh(problem).status == "submitted" and not StatusChange.objects.exists()
    response = client.post(f"/engage/problems/problem/{problem.pk}/note/", {"body": "secret"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_internal_notes_are_never_shown_to_citizens(client, make_problem, official, citizen, with_second_factor):
    problem = make_problem()
    actions.note_add(author=official, target=problem, body="Contractor booked for Tuesday")
    client.force_login(citizen)
    assert "Contractor booked" not in client.get(problem.get_absolute_url()).content.decode()
    with_second_factor(official)
    client.force_login(official)
    assert "Contractor booked" in client.get(problem.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_notification_emails_follow_preferences_and_can_be_stopped_in_one_click(
    client, make_problem, citizen, official
):
    problem = make_problem(author=citizen)
    actions.status_change(actor=official, target=problem, status="accepted", answer="We will fix it.")
    [queued] = [r for r in default_task_backend.results if r.task.name == "send_notification_emails"][-1:]
    assert send_notification_emails.call(**queued.kwargs) == 1
    message = mail.outbox[-1]
    assert message.to == [citizen.email]
    assert "We will fix it." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert send_notification_emails.call(**queued.kwargs) == 0  # a retry never sends twice

    url = unsubscribe_url(citizen.pk).removeprefix("http://127.0.0.1:8000")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200  # as a mail client does it: no session, no CSRF token
    assert NotificationSettings.objects.get(user=citizen).email == "never"
    assert client.post(url.replace("unsubscribe/", "unsubscribe/x")).status_code == 404

    actions.status_change(actor=official, target=problem, status="in_progress", answer="Working on it.")
    [queued] = [r for r in default_task_backend.results if r.task.name == "send_notification_emails"][-1:]
    assert send_notification_emails.call(**queued.kwargs) == 0


@pytest.mark.django_db
def test_daily_digests_collect_everything_not_yet_emailed(make_problem, citizen, official):
    NotificationSettings.objects.create(user=citizen, email="daily")
    problem = make_problem(author=citizen)
    actions.status_change(actor=official, target=problem, status="accepted", answer="Planned.")
    actions.status_change(actor=official, target=problem, status="in_progress", answer="Started.")
    assert send_daily_digests.call() == 1
    assert "Planned." in mail.outbox[-1].body and "Started." in mail.outbox[-1].body
    assert send_daily_digests.call() == 0


@pytest.mark.django_db
def test_notifications_page_and_mark_read(client, make_problem, citizen, official):
    problem = make_problem(author=citizen)
    actions.status_change(actor=official, target=problem, status="accepted", answer="Planned.")
    client.force_login(citizen)
    body = client.get("/notifications/").content.decode()
    assert "Planned." in body
    assert '<span class="badge">1' in client.get("/").content.decode()
    client.post("/notifications/")
    assert not Notification.objects.filter(recipient=citizen, read_at=None).exists()


@pytest.mark.django_db
def test_a_flood_of_comments_is_limited(client, make_problem, citizen, monkeypatch):
    from cocreate.engagement import views

    monkeypatch.setattr(views, "COMMENTS_PER_USER", (3, 3600))
    problem = make_problem()
    client.force_login(citizen)
    url = f"/engage/problems/problem/{problem.pk}/comment/"
    statuses = [client.post(url, {"body": f"Comment {n}"}).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Comment.objects.count() == 3 and fresh(problem).comment_count == 3


@pytest.mark.django_db
def test_a_refused_reply_comes_back_under_the_comment_it_answers(client, make_problem, citizen, make_user):
    problem = make_problem()
    parent = actions.comment_add(author=make_user(), target=problem, body="The lamp is out again.")
    client.force_login(citizen)
    response = client.post(f"/engage/problems/problem/{problem.pk}/comment/", {"body": "", "parent": parent.pk})
    assert response.status_code == 400
    assert "<blockquote><p>The lamp is out again.</p></blockquote>" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_news_reaches_many_people_each_with_their_own_greeting_and_link(make_problem, make_user, official):
    from cocreate.engagement.mailmerge import MergedEmail

    people = [make_user(display_name=name) for name in ("Ana", "Jürgen", "Zoë")]
    digest_reader = make_user(display_name="Dora")
    NotificationSettings.objects.create(user=digest_reader, email="daily")
    problem = make_problem(author=official)
    notes = actions.notify(
        recipients=[p.pk for p in [*people, digest_reader]],
        actor=official,
        verb="status.changed",
        target=problem,
        text="Fixed on Monday.",
    )
    assert send_notification_emails.call(notification_ids=[n.pk for n in notes]) == 3
    sent = {message.to[0]: message for message in mail.outbox[-3:]}
    for person in people:
        message = sent[person.email]
        assert isinstance(message, MergedEmail)
        assert message.body.startswith(f"Hello {person.public_name},")
        assert "Fixed on Monday." in message.body
        assert unsubscribe_url(person.pk) in message.message().as_bytes().decode()
    assert send_daily_digests.call() == 1
    assert mail.outbox[-1].to == [digest_reader.email] and "Hello Dora," in mail.outbox[-1].body


@pytest.mark.django_db
def test_daily_digests_beyond_the_first_batch_are_queued_for_every_worker(
    make_problem, make_user, official, monkeypatch
):
    from cocreate.engagement import tasks

    monkeypatch.setattr(tasks, "EMAIL_BATCH", 1)
    readers = [make_user(display_name=name) for name in ("Dora", "Emil")]
    for reader in readers:
        NotificationSettings.objects.create(user=reader, email="daily")
    actions.notify(recipients=[r.pk for r in readers], actor=official, verb="status.changed", target=make_problem())
    assert send_daily_digests.call() == 1
    [queued] = [r for r in default_task_backend.results if r.task.name == "send_digests"]
    assert queued.kwargs == {"user_ids": [max(r.pk for r in readers)]}
    assert tasks.send_digests.call(**queued.kwargs) == 1
    assert sorted(m.to[0] for m in mail.outbox[-2:]) == sorted(r.email for r in readers)
    assert tasks.send_digests.call(**queued.kwargs) == 0  # a retry sends none twice
