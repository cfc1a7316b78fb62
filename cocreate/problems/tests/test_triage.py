import datetime as dt

import pytest
from django.utils import timezone

from cocreate.activity.models import Activity, Link
from cocreate.challenges.models import Challenge
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Follow, Notification, StatusChange, Support
from cocreate.problems.actions import problem_confirm_fixed, problem_mark_duplicate
from cocreate.problems.errors import DuplicateOfItself, NotDone
from cocreate.problems.models import Photo, Problem
from cocreate.problems.tasks import ask_whether_fixed


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


def fresh(problem):
    return Problem.objects.get(pk=problem.pk)


@pytest.mark.django_db
def test_the_board_shows_new_overdue_and_assigned(official_client, make_problem, department, official):
    make_problem(title="New one")
    overdue = make_problem(title="Old one")
    Problem.objects.filter(pk=overdue.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=2))
    assigned = make_problem(title="Taken one")
    official_client.post(f"/manage/problems/{assigned.pk}/assign/", {"assignee": official.pk})
    accepted = make_problem(title="Accepted, nobody on it")
    engagement.status_change(actor=official, target=accepted, status="accepted", answer="We will fix it.")
    done = make_problem(title="Done one")
    engagement.status_change(actor=official, target=done, status="in_progress")
    engagement.status_change(actor=official, target=done, status="done", answer="Fixed.")
    response = official_client.get(f"/manage/problems/departments/{department.pk}/")
    board = response.context["board"]
    assert [p.title for p in board.overdue] == ["Old one"]
    assert [p.title for p in board.new] == ["Old one", "New one"]
    assert [p.title for p in board.assigned] == ["Taken one"]
    assert [p.title for p in board.unassigned] == ["Accepted, nobody on it"]  # open problems never drop off
    assert "Done one" not in response.content.decode()
    assert fresh(assigned).assigned_to == official
    assert official_client.get("/manage/problems/")["Location"] == f"/manage/problems/departments/{department.pk}/"


@pytest.mark.django_db
def test_citizens_never_reach_the_board(client, citizen, department):
    client.force_login(citizen)
    assert client.get(f"/manage/problems/departments/{department.pk}/").status_code == 403
    assert client.get("/manage/problems/").status_code == 403


@pytest.mark.django_db
def test_assigning_to_someone_outside_the_public_body_is_refused(official_client, make_problem, citizen):
    problem = make_problem()
    response = official_client.post(f"/manage/problems/{problem.pk}/assign/", {"assignee": citizen.pk})
    assert response.status_code == 302
    assert fresh(problem).assigned_to is None


@pytest.mark.django_db
def test_bulk_answers_are_all_or_nothing(official_client, make_problem, department, official):
    first, second = make_problem(title="First"), make_problem(title="Second")
    engagement.status_change(actor=official, target=second, status="accepted", answer="ok")
    url = f"/manage/problems/departments/{department.pk}/status/"
    # "under review" is allowed from submitted but not from accepted: nothing changes.
    response = official_client.post(url, {"problems": [first.pk, second.pk], "status": "under_review", "answer": "x"})
    assert response.status_code == 302
    assert "Nothing was changed" in str(next(iter(response.wsgi_request._messages)))
    assert (fresh(first).status, fresh(second).status) == ("submitted", "accepted")
    response = official_client.post(
        url, {"problems": [first.pk, second.pk], "status": "in_progress", "answer": "Crew on the way."}
    )
    assert response.status_code == 302
    assert (fresh(first).status, fresh(second).status) == ("in_progress", "in_progress")


@pytest.mark.django_db
def test_merging_a_duplicate_moves_supports_followers_and_photos(
    official, make_problem, make_user, photo_upload, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    original = make_problem(title="Street light out on Elm Road")
    duplicate = make_problem(title="Elm Road lamp dark", photos=[photo_upload()])
    both, only_duplicate = make_user(), make_user()
    for person in (both, only_duplicate):
        engagement.support_add(user=person, target=duplicate)
    engagement.support_add(user=both, target=original)

    problem_mark_duplicate(actor=official, problem=duplicate, original=original, answer="Reported already.")

    duplicate, original = fresh(duplicate), fresh(original)
    assert (duplicate.status, duplicate.duplicate_of, duplicate.support_count) == ("duplicate", original, 0)
    assert original.support_count == 2
    assert set(Support.objects.filter(target_id=original.pk).values_list("user_id", flat=True)) == {
        both.pk,
        only_duplicate.pk,
    }
    assert Follow.objects.filter(target_id=original.pk, user=duplicate.author).exists()
    assert Photo.objects.get().problem == original
    assert Link.objects.filter(kind="duplicate_of", source_id=duplicate.pk, target_id=original.pk).exists()
    assert Notification.objects.filter(recipient=duplicate.author, verb="status.changed").exists()
    with pytest.raises(DuplicateOfItself):
        problem_mark_duplicate(actor=official, problem=original, original=original, answer="x")


@pytest.mark.django_db
def test_framing_a_challenge_from_problems_links_them(official_client, make_problem, department, official):
    first, second = make_problem(title="Dark Elm Road"), make_problem(title="Dark Mill Lane")
    response = official_client.post(
        f"/manage/problems/departments/{department.pk}/frame/",
        {"problems": [first.pk, second.pk], "template": "open_exploration"},
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == f"/manage/challenges/{challenge.slug}/"
    assert not challenge.is_published
    assert "Dark Elm Road" in challenge.problem_statement and "Dark Mill Lane" in challenge.problem_statement
    from cocreate.challenges import processes

    assert [s.type for s in challenge.ordered_stages] == processes.get("open_exploration").available_stage_types()
    assert "exploration" in [s.type for s in challenge.ordered_stages]
    assert Link.objects.filter(kind="framed_as", target_id=challenge.pk).count() == 2
    journey = official_client.get(f"/journey/problems/problem/{first.pk}/").content.decode()
    assert challenge.title in journey


@pytest.mark.django_db
def test_the_reporter_is_asked_whether_it_was_fixed_and_a_no_reopens(make_problem, official, citizen, settings):
    problem = make_problem(author=citizen)
    engagement.status_change(actor=official, target=problem, status="accepted", answer="Planned")
    engagement.status_change(actor=official, target=problem, status="done", answer="Fixed")
    assert ask_whether_fixed.call() == 0  # too early
    Problem.objects.filter(pk=problem.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=settings.COCREATE_FIXED_CHECK_DAYS + 1)
    )
    assert ask_whether_fixed.call() == 1
    assert ask_whether_fixed.call() == 0  # asked once
    assert Notification.objects.filter(recipient=citizen, verb="problem.fixed_check").count() == 1

    problem_confirm_fixed(user=citizen, problem=fresh(problem), fixed=False, comment="Still dark.")
    assert fresh(problem).status == "in_progress"
    assert StatusChange.objects.last().answer == "The reporter says it is not fixed. Still dark."


@pytest.mark.django_db
def test_only_the_reporter_answers_was_it_fixed(client, make_problem, official, citizen, make_user):
    problem = make_problem(author=citizen)
    engagement.status_change(actor=official, target=problem, status="accepted", answer="Planned")
    engagement.status_change(actor=official, target=problem, status="done", answer="Fixed")
    client.force_login(make_user())
    assert client.post(f"/problems/{problem.pk}/fixed/", {"fixed": "no"}).status_code == 403
    assert fresh(problem).status == "done"
    client.force_login(citizen)
    assert client.post(f"/problems/{problem.pk}/fixed/", {"fixed": "no"}).status_code == 302
    assert fresh(problem).status == "in_progress"


@pytest.mark.django_db
def test_was_it_fixed_is_refused_for_a_problem_not_done_and_nothing_changes(client, make_problem, official, citizen):
    problem = make_problem(author=citizen)
    engagement.status_change(actor=official, target=problem, status="accepted", answer="Planned")
    client.force_login(citizen)
    assert "Was it fixed?" not in client.get(problem.get_absolute_url()).content.decode()
    activities = Activity.objects.count()
    response = client.post(f"/problems/{problem.pk}/fixed/", {"fixed": "yes", "comment": "Looks fine to me."})
    assert response.status_code == 409
    assert "Only a problem marked as done can be confirmed as fixed or not fixed." in response.content.decode()
    assert "Looks fine to me." in response.content.decode()  # what was typed comes back
    assert fresh(problem).status == "accepted"
    assert Activity.objects.count() == activities
    with pytest.raises(NotDone):
        problem_confirm_fixed(user=citizen, problem=fresh(problem), fixed=False)
    assert fresh(problem).status == "accepted"


@pytest.mark.django_db
def test_was_it_fixed_without_an_answer_keeps_the_comment(client, make_problem, official, citizen):
    problem = make_problem(author=citizen)
    engagement.status_change(actor=official, target=problem, status="accepted", answer="Planned")
    engagement.status_change(actor=official, target=problem, status="done", answer="Fixed")
    client.force_login(citizen)
    response = client.post(f"/problems/{problem.pk}/fixed/", {"comment": "The lamp flickers."})
    assert response.status_code == 400
    assert "The lamp flickers." in response.content.decode()
    assert 'id="id_fixed_error"' in response.content.decode()
    assert fresh(problem).status == "done"


@pytest.mark.django_db
def test_assigning_never_redirects_off_site(official_client, make_problem, official):
    problem = make_problem()
    response = official_client.post(
        f"/manage/problems/{problem.pk}/assign/", {"assignee": official.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == problem.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("original", ["abc", "²³", "-1", "9" * 30, ""])
def test_a_duplicate_of_a_problem_that_is_no_number_is_refused_and_changes_nothing(
    official_client, make_problem, original
):
    problem = make_problem()
    response = official_client.post(
        f"/manage/problems/{problem.pk}/duplicate/", {"original": original, "answer": "Known."}
    )
    assert response.status_code == 302
    assert "Give the number of an existing problem" in str(next(iter(response.wsgi_request._messages)))
    assert fresh(problem).status == "submitted"
    assert not Link.objects.exists()


@pytest.mark.django_db
def test_framing_from_problems_that_are_no_numbers_makes_no_challenge(official_client, make_problem, department):
    make_problem()
    response = official_client.post(
        f"/manage/problems/departments/{department.pk}/frame/",
        {"problems": ["²", "abc"], "template": "open_exploration"},
    )
    assert response.status_code == 302
    assert not Challenge.objects.exists()
