"""The queue and the decisions of moderators: hide with a public reason, restore, dismiss; who may decide."""

import pytest

from cocreate.activity.models import Activity
from cocreate.engagement.models import Comment, Notification
from cocreate.moderation import views
from cocreate.moderation.actions import case_decide
from cocreate.moderation.errors import DecisionNotAllowed, ReasonRequired
from cocreate.moderation.models import Case, Flag, ModerationDecision
from cocreate.organisations.actions import membership_grant
from cocreate.organisations.models import Membership
from cocreate.problems.models import Problem


def decide_url(case) -> str:
    return f"/manage/moderation/cases/{case.pk}/"


def fresh(item):
    return type(item).objects.get(pk=item.pk)


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    item = fresh(case.target)
    return (
        case.state,
        case.flag_count,
        case.hidden_reason,
        item.is_hidden,
        ModerationDecision.objects.count(),
        Flag.objects.filter(decision__isnull=False).count(),
    )


@pytest.mark.django_db
def test_hiding_with_a_public_reason_keeps_the_text_and_tells_the_author(client, make_problem, flagged, moderator):
    problem = make_problem(title="Call 0170 1234567, Jane Doe")
    case = flagged(problem, 2, reason="personal_data")
    client.force_login(moderator)
    data = {"action": "hide", "public_reason": "It named a private person.", "internal_note": "Phone number."}
    response = client.post(decide_url(case), data)
    assert (
        response.status_code == 302 and response["Location"] == "/manage/moderation/organisations/city-of-testbridge/"
    )
    decision = ModerationDecision.objects.get()
    assert (decision.case, decision.moderator, decision.action) == (case, moderator, "hide")
    assert (decision.public_reason, decision.internal_note) == ("It named a private person.", "Phone number.")
    assert snapshot(case) == ("decided", 0, "It named a private person.", True, 1, 2)
    assert fresh(problem).title == "Call 0170 1234567, Jane Doe"  # kept for the audit
    entry = Activity.objects.get(verb="moderation.hidden")
    assert (entry.actor, entry.is_public, entry.data["reason"]) == (moderator, False, "It named a private person.")
    assert "Phone number." not in str(entry.data)
    notification = Notification.objects.get(verb="moderation.hidden")
    assert (notification.recipient_id, notification.actor, notification.text) == (
        problem.author_id,
        moderator,
        "It named a private person.",
    )


@pytest.mark.django_db
def test_a_hidden_items_page_shows_the_notice_to_moderators_with_the_text(client, make_problem, flagged, moderator):
    problem = make_problem(title="Abusive title")
    case = flagged(problem)
    case_decide(moderator=moderator, case=case, action="hide", public_reason="Insulting.")
    client.force_login(moderator)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Hidden by moderation:" in page and "Insulting." in page and "Abusive title" in page


@pytest.mark.django_db
def test_hiding_needs_a_public_reason_and_a_refusal_changes_nothing(client, make_problem, flagged, moderator):
    case = flagged(make_problem())
    before = snapshot(case)
    client.force_login(moderator)
    response = client.post(decide_url(case), {"action": "hide", "public_reason": "  "})
    assert response.status_code == 400 and "Give the public reason for hiding this." in response.content.decode()
    with pytest.raises(ReasonRequired):
        case_decide(moderator=moderator, case=case, action="hide", public_reason=" ")
    assert snapshot(case) == before == ("open", 1, "", False, 0, 0)


@pytest.mark.django_db
def test_restoring_clears_the_flags_and_shows_the_item_again(make_problem, flagged, moderator):
    problem = make_problem()
    case = flagged(problem, 3)
    assert fresh(problem).is_hidden is True
    case_decide(moderator=moderator, case=case, action="restore", internal_note="Fair criticism, not abuse.")
    assert snapshot(case) == ("decided", 0, "", False, 1, 3)
    assert Case.objects.get().auto_hidden_at is None
    assert Notification.objects.filter(verb="moderation.restored", recipient=problem.author).count() == 1
    # The same people cannot hide it again; new flags from others open the case again.
    with pytest.raises(DecisionNotAllowed):
        case_decide(moderator=moderator, case=case, action="restore")
    flagged(fresh(problem), 1)
    assert Case.objects.get().state == "open" and Case.objects.get().flag_count == 1


@pytest.mark.django_db
def test_dismissing_flags_leaves_a_visible_item_as_it_is(make_problem, flagged, moderator):
    problem = make_problem()
    case = flagged(problem, 2)
    case_decide(moderator=moderator, case=case, action="dismiss")
    assert snapshot(case) == ("decided", 0, "", False, 1, 2)
    assert Activity.objects.filter(verb="moderation.dismissed", is_public=False).count() == 1
    # Nothing left to dismiss; a hidden item is restored or its hiding confirmed, not dismissed.
    with pytest.raises(DecisionNotAllowed):
        case_decide(moderator=moderator, case=case, action="dismiss")
    other = flagged(make_problem(title="Another"), 3)
    with pytest.raises(DecisionNotAllowed):
        case_decide(moderator=moderator, case=other, action="dismiss")
    with pytest.raises(DecisionNotAllowed):
        case_decide(moderator=moderator, case=other, action="explode")
    assert ModerationDecision.objects.count() == 1


@pytest.mark.django_db
def test_hiding_a_comment(make_problem, make_comment, flagged, moderator):
    problem = make_problem()
    comment = make_comment(problem)
    case = flagged(comment)
    case_decide(moderator=moderator, case=case, action="hide", public_reason="Advertising.")
    assert Comment.objects.get(pk=comment.pk).is_hidden is True
    notification = Notification.objects.get(verb="moderation.comment_hidden")
    assert (notification.recipient_id, notification.target, notification.text) == (
        comment.author_id,
        problem,
        "Advertising.",
    )


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
def test_who_may_decide(client, make_problem, flagged, person, role, status):
    case = flagged(make_problem())
    user = person(role)
    if user:
        client.force_login(user)
    before = snapshot(case)
    response = client.post(decide_url(case), {"action": "hide", "public_reason": "Spam."})
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if status == 302 and user:
        assert snapshot(case) == ("decided", 0, "Spam.", True, 1, 1)
        assert ModerationDecision.objects.get().moderator == user
    else:
        assert snapshot(case) == before
    # Reading the case and the queue follows the same rule.
    expected_read = 200 if status == 302 and user else status
    assert client.get(decide_url(case)).status_code == expected_read
    assert client.get("/manage/moderation/organisations/city-of-testbridge/").status_code == expected_read


@pytest.mark.django_db
def test_the_queue_lists_waiting_items_with_their_flags_newest_first(
    client, make_problem, flagged, moderator, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first, second, third = (make_problem(title=t) for t in ("First item", "Second item", "Third item"))
    for problem in (first, second, third):
        flagged(problem, 1, reason="off_topic")
    decided = flagged(make_problem(title="Decided item"))
    case_decide(moderator=moderator, case=decided, action="dismiss")
    client.force_login(moderator)
    page = client.get("/manage/moderation/organisations/city-of-testbridge/").content.decode()
    assert page.index("Third item") < page.index("Second item")
    assert "First item" not in page and "Decided item" not in page and "Off topic" in page
    page = client.get("/manage/moderation/organisations/city-of-testbridge/?page=2").content.decode()
    assert "First item" in page and "Third item" not in page
    page = client.get("/manage/moderation/organisations/city-of-testbridge/?state=decided").content.decode()
    assert "Decided item" in page and "First item" not in page


@pytest.mark.django_db
def test_challenge_items_wait_in_the_challenges_queue(client, make_problem, exploring_challenge, flagged, moderator):
    flagged(make_problem(title="In the challenge", category=None, challenge=exploring_challenge))
    flagged(make_problem(title="City-wide"))
    client.force_login(moderator)
    page = client.get(f"/manage/moderation/challenges/{exploring_challenge.slug}/").content.decode()
    assert "In the challenge" in page and "City-wide" not in page
    page = client.get("/manage/moderation/organisations/city-of-testbridge/").content.decode()
    assert "City-wide" in page and "In the challenge" not in page
    overview = client.get("/manage/moderation/").content.decode()
    assert "Safer crossings" in overview and "City of Testbridge" in overview


@pytest.mark.django_db
def test_the_overview_is_for_moderators_only(client, citizen, other_moderator):
    client.force_login(citizen)
    assert client.get("/manage/moderation/").status_code == 403
    client.force_login(other_moderator)
    page = client.get("/manage/moderation/").content.decode()
    assert "Town of Elsewhere" in page and "City of Testbridge" not in page


@pytest.mark.django_db
def test_the_queue_page_runs_a_constant_number_of_queries(
    client, make_problem, make_comment, flagged, moderator, django_assert_max_num_queries
):
    for n in range(3):
        problem = make_problem(title=f"Problem {n}")
        flagged(problem, 2)
        flagged(make_comment(problem), 1)
    client.force_login(moderator)
    with django_assert_max_num_queries(14):
        assert client.get("/manage/moderation/organisations/city-of-testbridge/").status_code == 200


@pytest.mark.django_db
def test_an_admin_of_the_organisation_moderates_too(make_problem, flagged, make_user, city):
    admin = make_user()
    membership_grant(user=admin, organisation=city, role=Membership.Role.ADMIN)
    case = flagged(make_problem())
    case_decide(moderator=admin, case=case, action="hide", public_reason="Spam.")
    assert Problem.objects.get().is_hidden is True


@pytest.mark.django_db
def test_a_hidden_comment_leaves_the_count_and_comes_back_to_it(make_problem, make_comment, flagged, moderator):
    from cocreate.moderation.actions import case_decide
    from cocreate.problems.models import Problem

    problem = make_problem()
    make_comment(problem, body="Fine words.")
    case = flagged(make_comment(problem), 1)
    assert Problem.objects.get(pk=problem.pk).comment_count == 2
    case_decide(moderator=moderator, case=case, action="hide", public_reason="Advertising.")
    assert Problem.objects.get(pk=problem.pk).comment_count == 1
    case_decide(moderator=moderator, case=case, action="hide", public_reason="Still advertising.")
    assert Problem.objects.get(pk=problem.pk).comment_count == 1  # hiding twice counts once
    case_decide(moderator=moderator, case=case, action="restore")
    assert Problem.objects.get(pk=problem.pk).comment_count == 2
