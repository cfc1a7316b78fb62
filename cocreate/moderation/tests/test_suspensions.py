"""Suspensions: who may suspend and lift, and that suspended people can read but not write anywhere."""

import datetime as dt

import pytest
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.engagement.models import Comment, Notification, Support
from cocreate.moderation.actions import suspension_create, suspension_lift
from cocreate.moderation.errors import (
    AlreadySuspended,
    CannotSuspend,
    NotAParticipant,
    SuspensionLength,
    SuspensionNotActive,
)
from cocreate.moderation.models import Flag, Suspension
from cocreate.problems.models import Problem


def suspend_url(user) -> str:
    return f"/manage/moderation/organisations/city-of-testbridge/suspend/{user.pk}/"


@pytest.fixture
def participant(make_problem, make_user):
    """Someone who reported a problem to the city."""
    user = make_user(display_name="Pat Participant")
    make_problem(author=user, title="Pat's report")
    return user


def fresh_user(user):
    return type(user).objects.get(pk=user.pk)  # a new object: the suspension is read once per request


@pytest.mark.django_db
def test_a_moderator_suspends_a_participant_who_is_told(client, participant, moderator):
    client.force_login(moderator)
    response = client.post(suspend_url(participant), {"reason": "Repeated insults.", "days": "7"})
    assert response.status_code == 302
    assert response["Location"] == "/manage/moderation/organisations/city-of-testbridge/suspensions/"
    suspension = Suspension.objects.get()
    assert (suspension.user, suspension.created_by, suspension.reason, suspension.lifted_at) == (
        participant,
        moderator,
        "Repeated insults.",
        None,
    )
    assert suspension.ends_at - suspension.starts_at == dt.timedelta(days=7)
    entry = Activity.objects.get(verb="moderation.suspended")
    assert (entry.actor, entry.is_public, entry.data) == (moderator, False, {"suspension": suspension.pk, "days": 7})
    notification = Notification.objects.get(verb="moderation.suspended")
    assert (notification.recipient, notification.target_url, notification.text) == (
        participant,
        "/moderation/suspended/",
        "Repeated insults.",
    )
    client.force_login(participant)
    page = client.get("/moderation/suspended/").content.decode()
    assert "Your account is suspended" in page and "Repeated insults." in page
    assert timezone.localtime(suspension.ends_at).strftime("%Y") in page
    # Every page says why the person cannot take part, and where to read more.
    home = client.get("/").content.decode()
    assert "Your account is suspended: you can read everything, but not take part." in home
    assert 'href="/moderation/suspended/"' in home
    client.force_login(moderator)
    assert "Your account is suspended" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_suspended_people_can_read_but_not_write_anywhere(
    client, participant, moderator, make_problem, make_comment, exploring_challenge, city
):
    problem = make_problem(title="Someone else's report")
    challenge_problem = make_problem(title="In the challenge", category=None, challenge=exploring_challenge)
    comment = make_comment(problem)
    suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=3)
    user = fresh_user(participant)
    assert not user.has_perm("problems.add_problem", city)
    assert not user.has_perm("problems.add_problem", exploring_challenge)
    for target in (problem, challenge_problem):
        assert not user.has_perm("problems.comment_problem", target)
        assert not user.has_perm("problems.support_problem", target)
        assert user.has_perm("problems.view_problem", target)
    assert not user.has_perm("challenges.follow_challenge", exploring_challenge)
    assert not user.has_perm("moderation.flag", problem)
    assert not user.has_perm("moderation.flag", comment)
    # Over HTTP, refused requests change nothing.
    client.force_login(participant)
    assert client.get(problem.get_absolute_url()).status_code == 200
    assert client.post(f"/engage/problems/problem/{problem.pk}/comment/", {"body": "Hi"}).status_code == 403
    assert client.post(f"/engage/problems/problem/{problem.pk}/support/").status_code == 403
    flag_url = f"/moderation/flag/problems/problem/{problem.pk}/"
    assert client.post(flag_url, {"reason": "spam"}).status_code == 403
    assert Comment.objects.count() == 1 and Support.objects.count() == 0 and Flag.objects.count() == 0
    assert Problem.objects.get(pk=problem.pk).comment_count == 1


@pytest.mark.django_db
def test_a_suspension_ends_by_itself(participant, moderator, city, make_problem):
    problem = make_problem()
    suspension = suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=1)
    assert not fresh_user(participant).has_perm("problems.comment_problem", problem)
    Suspension.objects.filter(pk=suspension.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2), ends_at=timezone.now() - dt.timedelta(days=1)
    )
    assert fresh_user(participant).has_perm("problems.comment_problem", problem)


@pytest.mark.django_db
def test_refused_suspensions_change_nothing(client, participant, moderator, official, make_user, city):
    with pytest.raises(NotAParticipant):
        suspension_create(actor=moderator, user=make_user(), organisation=city, reason="Spam.", days=3)
    with pytest.raises(CannotSuspend):
        suspension_create(actor=moderator, user=official, organisation=city, reason="Spam.", days=3)
    with pytest.raises(CannotSuspend):
        suspension_create(actor=moderator, user=moderator, organisation=city, reason="Spam.", days=3)
    for days in (0, 366):
        with pytest.raises(SuspensionLength):
            suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=days)
    assert Suspension.objects.count() == 0
    client.force_login(moderator)
    response = client.post(suspend_url(make_user()), {"reason": "Spam.", "days": "3"})
    assert response.status_code == 400 and "has not taken part" in response.content.decode()
    response = client.post(suspend_url(participant), {"reason": "", "days": "3"})
    assert response.status_code == 400
    assert Suspension.objects.count() == 0 and not Activity.objects.filter(verb="moderation.suspended").exists()
    suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=3)
    with pytest.raises(AlreadySuspended):
        suspension_create(actor=moderator, user=participant, organisation=city, reason="Again.", days=3)
    assert Suspension.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("moderator", 302),
        ("other_moderator", 403),
        ("official", 403),
        ("admin", 302),
        ("superuser", 302),
    ],
)
def test_who_may_suspend(client, participant, person, role, status):
    user = person(role)
    if user:
        client.force_login(user)
    response = client.post(suspend_url(participant), {"reason": "Spam.", "days": "3"})
    assert response.status_code == status
    if status == 302 and user:
        assert Suspension.objects.get().created_by == user
    else:
        assert Suspension.objects.count() == 0
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("moderator", 403),
        ("other_moderator", 403),
        ("official", 403),
        ("admin", 302),
        ("superuser", 302),
    ],
)
def test_who_may_lift_a_suspension_early(client, participant, moderator, city, person, role, status):
    suspension = suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=3)
    user = person(role)
    if user:
        client.force_login(user)
    response = client.post(f"/manage/moderation/suspensions/{suspension.pk}/lift/")
    assert response.status_code == status
    suspension.refresh_from_db()
    if status == 302 and user:
        assert (suspension.lifted_by, suspension.lifted_at is not None) == (user, True)
        assert Notification.objects.filter(verb="moderation.suspension_lifted", recipient=participant).count() == 1
        assert not Suspension.objects.active().exists()
    else:
        assert (suspension.lifted_by, suspension.lifted_at) == (None, None)
        assert Suspension.objects.active().count() == 1


@pytest.mark.django_db
def test_a_lifted_suspension_cannot_be_lifted_again(participant, moderator, org_admin, city, make_problem):
    problem = make_problem()
    suspension = suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=3)
    suspension_lift(actor=org_admin, suspension=suspension)
    assert fresh_user(participant).has_perm("problems.comment_problem", problem)
    with pytest.raises(SuspensionNotActive):
        suspension_lift(actor=org_admin, suspension=suspension)
    assert Activity.objects.filter(verb="moderation.suspension_lifted").count() == 1


@pytest.mark.django_db
def test_the_suspensions_page_lists_current_and_earlier_suspensions(client, participant, moderator, city):
    suspension_create(actor=moderator, user=participant, organisation=city, reason="Repeated spam.", days=3)
    client.force_login(moderator)
    page = client.get("/manage/moderation/organisations/city-of-testbridge/suspensions/").content.decode()
    assert "Pat Participant" in page and "Repeated spam." in page
    assert "Lift the suspension" not in page  # moderators suspend; administrators lift early


@pytest.mark.django_db
def test_roles_and_suspension_are_read_together_once_per_request(
    participant, moderator, city, django_assert_num_queries
):
    from cocreate.organisations.predicates import is_suspended
    from cocreate.organisations.queries import user_roles

    suspension_create(actor=moderator, user=participant, organisation=city, reason="Spam.", days=3)
    for person, suspended, roles in (
        (fresh_user(participant), True, set()),
        (fresh_user(moderator), False, {"moderator"}),
    ):
        with django_assert_num_queries(1):
            assert is_suspended(person) is suspended
            assert {role.role for role in user_roles(person)} == roles
            assert is_suspended(person) is suspended  # kept for the rest of the request


@pytest.mark.django_db
def test_the_standing_query_agrees_with_what_an_active_suspension_is(participant, moderator, city):
    """``load_standing`` spells out ``Suspension.objects.active()`` in SQL: each kind of suspension is judged alike."""
    from cocreate.organisations.predicates import is_suspended

    now = timezone.now()
    day = dt.timedelta(days=1)
    cases = {
        "running": {"starts_at": now - day, "ends_at": now + day},
        "ended": {"starts_at": now - 2 * day, "ends_at": now - day},
        "not begun": {"starts_at": now + day, "ends_at": now + 2 * day},
        "lifted": {"starts_at": now - day, "ends_at": now + day, "lifted_at": now},
    }
    for label, times in cases.items():
        suspension = Suspension.objects.create(
            user=participant, organisation=city, reason=label, created_by=moderator, **times
        )
        expected = Suspension.objects.active().filter(user=participant).exists()
        assert is_suspended(fresh_user(participant)) is expected, label
        assert expected is (label == "running")
        suspension.delete()
