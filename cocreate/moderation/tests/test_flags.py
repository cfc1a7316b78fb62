"""Flagging contributions and comments, through the HTTP interface and the action."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from cocreate.activity.models import Activity
from cocreate.engagement.models import Comment, Notification
from cocreate.engagement.queries import engagement_for
from cocreate.moderation import views
from cocreate.moderation.actions import flag_add
from cocreate.moderation.errors import AlreadyFlagged, AlreadyHidden, UnknownReason
from cocreate.moderation.models import Case, Flag
from cocreate.problems.models import Problem
from cocreate.problems.queries import similar_problems, visible_problems


def url(item) -> str:
    return f"/moderation/flag/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/"


def fresh(problem):
    return Problem.objects.get(pk=problem.pk)


@pytest.mark.django_db
def test_a_flag_opens_a_case_and_is_logged_privately(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    response = client.post(url(problem), {"reason": "abusive", "text": "Insults a neighbour."})
    assert response.status_code == 302 and response["Location"] == problem.get_absolute_url()
    case = Case.objects.get()
    assert (case.target, case.organisation_id, case.challenge_id, case.author_id) == (
        problem,
        problem.organisation_id,
        None,
        problem.author_id,
    )
    assert (case.state, case.flag_count, case.auto_hidden_at) == (Case.State.OPEN, 1, None)
    flag = Flag.objects.get()
    assert (flag.user, flag.reason, flag.text, flag.decision) == (citizen, "abusive", "Insults a neighbour.", None)
    entry = Activity.objects.get(verb="moderation.flagged")
    assert (entry.actor, entry.is_public, entry.organisation_id) == (citizen, False, problem.organisation_id)
    assert fresh(problem).is_hidden is False


@pytest.mark.django_db
def test_a_second_flag_by_the_same_person_is_a_conflict_and_changes_nothing(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    assert client.post(url(problem), {"reason": "spam"}).status_code == 302
    assert client.post(url(problem), {"reason": "abusive"}).status_code == 409
    assert Flag.objects.count() == 1 and Case.objects.get().flag_count == 1
    with pytest.raises(AlreadyFlagged):
        flag_add(user=citizen, item=problem, reason="other")


@pytest.mark.django_db
def test_three_different_people_hide_an_item_pending_review_and_the_author_is_told(make_problem, make_user, settings):
    settings.COCREATE_FLAGS_TO_HIDE = 3
    problem = make_problem(title="Cheap watches for sale")
    for _ in range(2):
        flag_add(user=make_user(), item=problem, reason="spam")
    assert fresh(problem).is_hidden is False
    assert not Notification.objects.filter(verb__startswith="moderation.").exists()
    flag_add(user=make_user(), item=problem, reason="spam")
    case = Case.objects.get()
    assert fresh(problem).is_hidden is True
    assert case.flag_count == 3 and case.auto_hidden_at is not None and case.hidden_reason == ""
    notification = Notification.objects.get(verb="moderation.auto_hidden")
    assert (notification.recipient_id, notification.actor, notification.target) == (problem.author_id, None, problem)
    assert Activity.objects.filter(verb="moderation.auto_hidden", is_public=False).count() == 1
    # The text stays in the database for the audit.
    assert fresh(problem).title == "Cheap watches for sale"
    # Out of lists and suggestions for the public.
    assert list(visible_problems(AnonymousUser())) == []
    assert similar_problems(AnonymousUser(), "Cheap watches") == []


@pytest.mark.django_db
def test_the_threshold_is_a_setting(make_problem, citizen, settings):
    settings.COCREATE_FLAGS_TO_HIDE = 1
    problem = make_problem()
    flag_add(user=citizen, item=problem, reason="personal_data")
    assert fresh(problem).is_hidden is True


@pytest.mark.django_db
def test_hidden_items_stay_visible_to_the_organisations_moderators_and_officials(
    make_problem, flagged, moderator, official, other_moderator
):
    problem = make_problem()
    flagged(problem, 3)
    assert list(visible_problems(moderator)) == [problem]
    assert list(visible_problems(official)) == [problem]
    assert list(visible_problems(other_moderator)) == []


@pytest.mark.django_db
def test_a_flagged_comment_is_hidden_from_the_thread_and_its_author_told_on_the_contribution(
    make_problem, make_comment, flagged
):
    problem = make_problem()
    comment = make_comment(problem)
    case = flagged(comment, 3, reason="abusive")
    assert (case.organisation_id, case.challenge_id, case.author_id) == (
        problem.organisation_id,
        None,
        comment.author_id,
    )
    assert Comment.objects.get(pk=comment.pk).is_hidden is True
    assert engagement_for(problem, user=AnonymousUser()).comments == []
    assert fresh(problem).comment_count == 0  # the count is of what people can read
    notification = Notification.objects.get(verb="moderation.comment_auto_hidden")
    assert (notification.recipient_id, notification.target) == (comment.author_id, problem)
    assert notification.target_url == problem.get_absolute_url()


@pytest.mark.django_db
def test_flagging_a_comment_over_http_goes_back_to_the_comment(client, make_problem, make_comment, citizen):
    problem = make_problem()
    comment = make_comment(problem)
    client.force_login(citizen)
    response = client.post(url(comment), {"reason": "off_topic"})
    assert response.status_code == 302 and response["Location"] == f"{problem.get_absolute_url()}#comment-{comment.pk}"
    case = Case.objects.get()
    assert case.target_type == ContentType.objects.get_for_model(Comment) and case.target_id == comment.pk


@pytest.mark.django_db
def test_a_problem_in_a_challenge_belongs_to_the_challenges_queue(make_problem, exploring_challenge, flagged):
    problem = make_problem(category=None, challenge=exploring_challenge)
    case = flagged(problem)
    assert (case.organisation_id, case.challenge_id) == (exploring_challenge.organisation_id, exploring_challenge.pk)


@pytest.mark.django_db
def test_refused_flags_change_nothing(client, make_problem, citizen, settings):
    problem = make_problem(author=citizen)
    # Visitors are sent to sign in.
    response = client.post(url(problem), {"reason": "spam"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # Authors cannot flag their own contributions.
    client.force_login(citizen)
    assert client.post(url(problem), {"reason": "spam"}).status_code == 403
    # Unknown items are 404; so is anything that is neither a contribution nor a comment.
    assert client.post("/moderation/flag/problems/problem/999/", {"reason": "spam"}).status_code == 404
    assert client.post(f"/moderation/flag/accounts/user/{citizen.pk}/", {"reason": "spam"}).status_code == 404
    assert client.get(url(problem)).status_code == 403  # nor is the form shown to them
    assert client.put(url(problem)).status_code == 405
    assert Flag.objects.count() == 0 and Case.objects.count() == 0


@pytest.mark.django_db
def test_an_invalid_reason_or_a_filled_honeypot_changes_nothing(client, make_problem, citizen):
    problem = make_problem()
    client.force_login(citizen)
    response = client.post(url(problem), {"reason": "boring"}, follow=True)
    assert "Choose why you report this" in response.content.decode()
    assert client.post(url(problem), {"reason": "spam", "website": "http://spam.example"}).status_code == 403
    assert Flag.objects.count() == 0 and Case.objects.count() == 0
    with pytest.raises(UnknownReason):
        flag_add(user=citizen, item=problem, reason="boring")


@pytest.mark.django_db
def test_flags_are_rate_limited_per_account(client, make_problem, citizen, monkeypatch):
    monkeypatch.setattr(views, "FLAGS_PER_USER", (2, 3600))
    problems = [make_problem(title=f"Problem {n}") for n in range(3)]
    client.force_login(citizen)
    assert [client.post(url(p), {"reason": "spam"}).status_code for p in problems] == [302, 302, 429]
    assert Flag.objects.count() == 2


@pytest.mark.django_db
def test_a_hidden_item_cannot_be_flagged_again(make_problem, flagged, moderator):
    problem = make_problem()
    flagged(problem, 3)
    with pytest.raises(AlreadyHidden):
        flag_add(user=moderator, item=fresh(problem), reason="spam")
    assert Flag.objects.count() == 3


@pytest.mark.django_db
def test_the_flag_form_is_offered_to_signed_in_people_but_not_the_author(client, make_problem, make_comment, citizen):
    problem = make_problem()
    comment = make_comment(problem)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Report this" not in page
    client.force_login(citizen)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert page.count("Report this") == 2  # the problem and the comment
    assert f'href="{url(comment)}?next=' in page
    client.force_login(problem.author)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert page.count("Report this") == 1  # the comment only


@pytest.mark.django_db
def test_a_comment_is_reported_from_a_page_of_its_own_or_an_htmx_fragment(client, make_problem, make_comment, citizen):
    problem = make_problem()
    comment = make_comment(problem)
    back = problem.get_absolute_url()
    assert client.get(url(comment))["Location"].startswith("/accounts/login/")
    client.force_login(citizen)
    html = client.get(f"{url(comment)}?next={back}").content.decode()
    assert "<html" in html and comment.body in html and f'action="{url(comment)}"' in html
    assert f'name="next" value="{back}"' in html
    fragment = client.get(url(comment), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and f'action="{url(comment)}"' in fragment and "autofocus" in fragment
    # Without a usable ``next``, the form goes back to the comment itself.
    html = client.get(f"{url(comment)}?next=//evil.example/").content.decode()
    assert f'name="next" value="{back}#comment-{comment.pk}"' in html
    response = client.post(url(comment), {"reason": "spam", "next": back})
    assert response["Location"] == back and Flag.objects.get().user == citizen
    client.force_login(comment.author)
    assert client.get(url(comment)).status_code == 403  # nobody reports their own words
