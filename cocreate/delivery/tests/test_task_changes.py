"""Officials change, cancel and delete co-delivery tasks (actions, pages, API), and the organiser checks people in only
within the check-in window. A refused request changed nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.conftest import give_second_factor
from cocreate.core.errors import NotPermitted
from cocreate.delivery import actions, volunteering
from cocreate.delivery.models import TaskSignup, VolunteerTask
from cocreate.delivery.tests.conftest import move_task
from cocreate.delivery.volunteering_errors import (
    CapacityBelowSignedUp,
    CheckInClosed,
    CheckInNotYet,
    TaskCancelled,
    TaskHasVolunteers,
    TaskOver,
    TaskTimesInvalid,
)
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official, challenge):
    return actions.project_create(actor=official, challenge=challenge, title="Shade trees", description="Trees.")


@pytest.fixture
def task(official, project):
    starts_at = timezone.now() + dt.timedelta(days=3)
    return volunteering.task_create(
        actor=official,
        project=project,
        title="Planting day",
        description="Plant the trees with us.",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        place="Market square",
        capacity=2,
        skills=["digging"],
    )


@pytest.fixture
def residents(make_user):
    return [make_user(display_name=f"Resident {n}") for n in range(5)]


@pytest.fixture
def full_task(task, residents):
    """Two with a place (residents 0 and 1), three waiting (2, 3, 4, in that order)."""
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    task.refresh_from_db()
    return task


def statuses(task):
    return list(task.signups.order_by("person__display_name").values_list("status", "waiting_position"))


def snapshot(task):
    task = VolunteerTask.objects.get(pk=task.pk)
    fields = ("title", "starts_at", "ends_at", "place", "capacity", "signed_up_count", "cancelled_at")
    return ({name: getattr(task, name) for name in fields}, statuses(task), Notification.objects.count())


def _as(client, user):
    give_second_factor(user)
    client.force_login(user)
    return client


# --- Changing a task -------------------------------------------------------------------------------------------------


def test_an_official_changes_the_title_and_skills(official, task):
    volunteering.task_change(actor=official, task=task, title=" Tree planting ", skills=["digging", "watering"])
    task.refresh_from_db()
    assert (task.title, task.skills) == ("Tree planting", ["digging", "watering"])


def test_a_new_time_is_told_to_everyone_signed_up_or_waiting_once(official, full_task, residents):
    later = full_task.starts_at + dt.timedelta(days=1)
    volunteering.task_change(
        actor=official, task=full_task, starts_at=later, ends_at=later + dt.timedelta(hours=2), place="Town hall"
    )
    told = Notification.objects.filter(verb="delivery.task_changed")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in residents)


def test_a_change_of_title_alone_is_not_told(official, full_task):
    volunteering.task_change(actor=official, task=full_task, title="Tree planting")
    assert Notification.objects.filter(verb="delivery.task_changed").count() == 0


def test_a_new_time_gives_a_new_reminder(official, full_task, residents):
    TaskSignup.objects.filter(task=full_task).update(reminded_at=timezone.now())
    later = full_task.starts_at + dt.timedelta(days=1)
    volunteering.task_change(actor=official, task=full_task, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    assert TaskSignup.objects.filter(task=full_task, reminded_at=None).count() == 5


def test_people_who_cancelled_are_not_told_of_a_change(official, task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_signup_cancel(actor=citizen, task=task)
    volunteering.task_change(actor=official, task=task, place="Town hall")
    assert Notification.objects.filter(verb="delivery.task_changed").count() == 0


def test_changing_is_in_the_activity_log(official, task):
    volunteering.task_change(actor=official, task=task, place="Town hall")
    entry = Activity.objects.get(verb="delivery.task_edited")
    assert entry.data == {"task": task.pk, "fields": ["place"]}


def test_lowering_the_places_below_the_people_signed_up_is_refused(official, full_task):
    before = snapshot(full_task)
    with pytest.raises(CapacityBelowSignedUp) as refused:
        volunteering.task_change(actor=official, task=full_task, capacity=1)
    assert str(refused.value.message) == "2 people have a place already: give at least 2 places, or cancel the task."
    assert snapshot(full_task) == before


def test_lowering_the_places_to_the_people_signed_up_is_allowed(official, task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_change(actor=official, task=task, capacity=1)
    task.refresh_from_db()
    assert (task.capacity, task.places_left) == (1, 0)


def test_raising_the_places_moves_the_first_people_waiting_up_in_order(official, full_task, residents):
    volunteering.task_change(actor=official, task=full_task, capacity=4)
    full_task.refresh_from_db()
    assert full_task.signed_up_count == 4
    assert statuses(full_task) == [
        ("signed_up", None),
        ("signed_up", None),
        ("signed_up", None),
        ("signed_up", None),
        ("waiting", 1),
    ]


def test_the_people_moved_up_hear_of_it(official, full_task, residents):
    volunteering.task_change(actor=official, task=full_task, capacity=4)
    told = Notification.objects.filter(verb="delivery.task_place_freed").values_list("recipient_id", flat=True)
    assert sorted(told) == sorted([residents[2].pk, residents[3].pk])


def test_raising_the_places_beyond_the_waiting_list_leaves_places_free(official, full_task):
    volunteering.task_change(actor=official, task=full_task, capacity=10)
    full_task.refresh_from_db()
    assert (full_task.signed_up_count, full_task.places_left) == (5, 5)


def test_a_new_time_in_the_past_is_refused(official, full_task):
    before = snapshot(full_task)
    earlier = timezone.now() - dt.timedelta(hours=2)
    with pytest.raises(TaskTimesInvalid):
        volunteering.task_change(actor=official, task=full_task, starts_at=earlier, ends_at=earlier + dt.timedelta(1))
    assert snapshot(full_task) == before


def test_an_end_before_the_start_is_refused(official, task):
    before = snapshot(task)
    with pytest.raises(TaskTimesInvalid):
        volunteering.task_change(actor=official, task=task, ends_at=task.starts_at - dt.timedelta(hours=1))
    assert snapshot(task) == before


def test_a_citizen_cannot_change_a_task(citizen, full_task):
    before = snapshot(full_task)
    with pytest.raises(NotPermitted):
        volunteering.task_change(actor=citizen, task=full_task, place="My garden", capacity=5)
    assert snapshot(full_task) == before


def test_an_official_of_another_public_body_cannot_change_a_task(make_user, other_city, task):
    from cocreate.organisations.actions import department_create, membership_grant
    from cocreate.organisations.models import Membership

    stranger = make_user(display_name="Other Official")
    parks = department_create(organisation=other_city, name="Parks")
    membership_grant(user=stranger, organisation=other_city, role=Membership.Role.OFFICIAL, department=parks)
    with pytest.raises(NotPermitted):
        volunteering.task_change(actor=stranger, task=task, place="Elsewhere")
    task.refresh_from_db()
    assert task.place == "Market square"


# --- Cancelling a task -----------------------------------------------------------------------------------------------


def test_cancelling_a_task_frees_everyone_and_tells_them_once(official, full_task, residents):
    volunteering.task_cancel(actor=official, task=full_task, reason="Storm warning.")
    full_task.refresh_from_db()
    assert (full_task.is_cancelled, full_task.cancel_reason, full_task.signed_up_count) == (True, "Storm warning.", 0)
    assert {status for status, _ in statuses(full_task)} == {"cancelled"}
    told = Notification.objects.filter(verb="delivery.task_cancelled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in residents)
    assert told.first().text == "Planting day — Storm warning."


def test_a_cancelled_task_takes_no_sign_ups(official, task, citizen):
    volunteering.task_cancel(actor=official, task=task)
    with pytest.raises(TaskCancelled):
        volunteering.task_signup(actor=citizen, task=task)
    assert TaskSignup.objects.count() == 0


def test_a_cancelled_task_cannot_be_changed_or_cancelled_again(official, task):
    volunteering.task_cancel(actor=official, task=task)
    with pytest.raises(TaskCancelled):
        volunteering.task_change(actor=official, task=task, place="Town hall")
    with pytest.raises(TaskCancelled):
        volunteering.task_cancel(actor=official, task=task)
    task.refresh_from_db()
    assert task.place == "Market square"


def test_cancelling_keeps_the_hours_already_recorded(official, task, citizen, make_user):
    signup = volunteering.task_signup(actor=citizen, task=task)
    late = make_user(display_name="Late comer")
    volunteering.task_signup(actor=late, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(1))
    volunteering.task_cancel(actor=official, task=task, reason="Rain.")
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("attended", Decimal("1.00"))
    assert TaskSignup.objects.get(person=late).status == "cancelled"


def test_a_task_that_is_over_cannot_be_cancelled(official, full_task):
    move_task(full_task, starts_in=-dt.timedelta(days=1))
    before = snapshot(full_task)
    with pytest.raises(TaskOver):
        volunteering.task_cancel(actor=official, task=full_task)
    assert snapshot(full_task) == before


def test_a_citizen_cannot_cancel_a_task(citizen, full_task):
    before = snapshot(full_task)
    with pytest.raises(NotPermitted):
        volunteering.task_cancel(actor=citizen, task=full_task)
    assert snapshot(full_task) == before


def test_a_cancelled_task_leaves_the_lists_and_is_cancelled_in_the_calendar(client, official, challenge, task):
    volunteering.task_cancel(actor=official, task=task)
    assert "Planting day" not in client.get(f"/challenges/{challenge.slug}/delivery/help/").content.decode()
    assert "STATUS:CANCELLED" in client.get("/delivery/tasks.ics").content.decode()


# --- Deleting a task -------------------------------------------------------------------------------------------------


def test_a_task_nobody_signed_up_for_is_deleted(official, task):
    volunteering.task_delete(actor=official, task=task)
    assert VolunteerTask.objects.count() == 0
    assert Activity.objects.filter(verb="delivery.task_deleted").count() == 1


def test_a_task_people_signed_up_for_is_not_deleted(official, full_task):
    before = snapshot(full_task)
    with pytest.raises(TaskHasVolunteers):
        volunteering.task_delete(actor=official, task=full_task)
    assert snapshot(full_task) == before


def test_a_task_with_hours_recorded_is_not_deleted_even_once_cancelled(official, task, citizen):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(2))
    volunteering.task_cancel(actor=official, task=task)
    with pytest.raises(TaskHasVolunteers):
        volunteering.task_delete(actor=official, task=task)
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.00")


def test_a_task_whose_only_sign_up_was_withdrawn_is_deleted(official, task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_signup_cancel(actor=citizen, task=task)
    volunteering.task_delete(actor=official, task=task)
    assert (VolunteerTask.objects.count(), TaskSignup.objects.count()) == (0, 0)


def test_a_citizen_cannot_delete_a_task(citizen, task):
    with pytest.raises(NotPermitted):
        volunteering.task_delete(actor=citizen, task=task)
    assert VolunteerTask.objects.count() == 1


# --- The check-in window ---------------------------------------------------------------------------------------------


@pytest.fixture
def signup(task, citizen):
    return volunteering.task_signup(actor=citizen, task=task)


@pytest.mark.parametrize(
    "starts_in",
    [dt.timedelta(minutes=59), dt.timedelta(0), -dt.timedelta(hours=2), -dt.timedelta(days=30, hours=2)],
    ids=["59 minutes before", "at the start", "during", "29 days after the end"],
)
def test_the_organiser_checks_in_from_an_hour_before_until_30_days_after(official, task, signup, starts_in):
    move_task(task, starts_in=starts_in)
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(2))
    signup.refresh_from_db()
    assert signup.status == "attended"


def test_checking_in_earlier_than_an_hour_before_the_start_is_refused(official, task, signup):
    move_task(task, starts_in=dt.timedelta(minutes=61))
    with pytest.raises(CheckInNotYet):
        volunteering.task_check_in(actor=official, signup=signup, attended=True)
    signup.refresh_from_db()
    assert (signup.status, signup.hours, signup.checked_in_at) == ("signed_up", None, None)


def test_checking_in_more_than_30_days_after_the_end_is_refused(official, task, signup):
    move_task(task, starts_in=-dt.timedelta(days=30, hours=4))
    with pytest.raises(CheckInClosed):
        volunteering.task_check_in(actor=official, signup=signup, attended=True)
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_the_task_page_offers_check_in_only_once_it_opens(client, official, task, signup):
    _as(client, official)
    before = client.get(task.get_absolute_url()).content.decode()
    move_task(task, starts_in=dt.timedelta(minutes=30))
    after = client.get(task.get_absolute_url()).content.decode()
    assert ("Check people in" in before, "Check-in opens on" in before) == (False, True)
    assert ("Check people in" in after, "Check-in opens on" in after) == (True, False)


def test_the_check_in_page_lists_people_without_forms_before_it_opens(client, official, citizen, task, signup):
    body = _as(client, official).get(f"/delivery/tasks/{task.pk}/check-in/").content.decode()
    assert citizen.public_name in body
    assert f'name="s{signup.pk}-attended"' not in body


def test_a_check_in_posted_before_it_opens_is_409_and_records_nothing(client, official, task, signup):
    response = _as(client, official).post(
        f"/delivery/tasks/{task.pk}/check-in/",
        {"signup": signup.pk, f"s{signup.pk}-attended": "yes", f"s{signup.pk}-hours": "2"},
    )
    assert response.status_code == 409
    assert "Check-in opens one hour before the task starts." in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == "signed_up"


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_the_task_page_offers_officials_to_change_cancel_and_delete(client, official, task):
    body = _as(client, official).get(task.get_absolute_url()).content.decode()
    for link in ("edit", "call-off", "delete"):
        assert f'href="/delivery/tasks/{task.pk}/{link}/"' in body


def test_the_task_page_offers_residents_nothing_of_it(client, citizen, task):
    body = _as(client, citizen).get(task.get_absolute_url()).content.decode()
    assert f"/delivery/tasks/{task.pk}/edit/" not in body


def test_the_edit_form_is_filled_with_the_task(client, official, task):
    body = _as(client, official).get(f"/delivery/tasks/{task.pk}/edit/").content.decode()
    starts = timezone.localtime(task.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{starts}"' in body
    assert 'value="Market square"' in body


def _form(task, **changes):
    data = {
        "title": task.title,
        "description": task.description,
        "starts_at": timezone.localtime(task.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(task.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": task.place,
        "capacity": str(task.capacity),
        "skills": ", ".join(task.skills),
    }
    return data | changes


def test_an_official_changes_the_place_by_a_plain_post(client, official, full_task, residents):
    response = _as(client, official).post(f"/delivery/tasks/{full_task.pk}/edit/", _form(full_task, place="Park"))
    assert response.status_code == 302
    full_task.refresh_from_db()
    assert full_task.place == "Park"
    assert Notification.objects.filter(verb="delivery.task_changed").count() == 5


def test_lowering_the_places_by_page_comes_back_with_the_message(client, official, full_task):
    before = snapshot(full_task)
    response = _as(client, official).post(f"/delivery/tasks/{full_task.pk}/edit/", _form(full_task, capacity="1"))
    assert response.status_code == 409
    assert "2 people have a place already" in response.content.decode()
    assert snapshot(full_task) == before


def test_a_citizens_edit_post_is_refused_and_changes_nothing(client, citizen, full_task):
    before = snapshot(full_task)
    response = _as(client, citizen).post(f"/delivery/tasks/{full_task.pk}/edit/", _form(full_task, place="Mine"))
    assert response.status_code == 403
    assert snapshot(full_task) == before


def test_a_visitor_is_sent_to_sign_in_to_cancel(client, full_task):
    before = snapshot(full_task)
    response = client.post(f"/delivery/tasks/{full_task.pk}/call-off/", {"reason": "x"})
    assert response.status_code == 302
    assert snapshot(full_task) == before


def test_the_cancel_page_asks_for_a_reason(client, official, task):
    response = _as(client, official).get(f"/delivery/tasks/{task.pk}/call-off/")
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()


def test_an_official_cancels_by_a_plain_post(client, official, full_task):
    response = _as(client, official).post(f"/delivery/tasks/{full_task.pk}/call-off/", {"reason": "Storm."})
    assert response.status_code == 302
    page = client.get(full_task.get_absolute_url()).content.decode()
    assert "This task was cancelled." in page
    assert "Storm." in page


def test_deleting_a_task_people_signed_up_for_by_page_is_409(client, official, full_task):
    response = _as(client, official).post(f"/delivery/tasks/{full_task.pk}/delete/")
    assert response.status_code == 409
    assert VolunteerTask.objects.count() == 1


def test_an_official_deletes_an_empty_task_by_a_plain_post(client, official, project, task):
    assert _as(client, official).get(f"/delivery/tasks/{task.pk}/delete/").status_code == 200
    response = client.post(f"/delivery/tasks/{task.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert VolunteerTask.objects.count() == 0


def test_a_citizens_delete_post_is_refused(client, citizen, task):
    assert _as(client, citizen).post(f"/delivery/tasks/{task.pk}/delete/").status_code == 403
    assert VolunteerTask.objects.count() == 1


def test_the_project_page_leads_officials_to_the_check_in_of_a_task_that_is_over(
    client, official, citizen, project, task
):
    move_task(task, starts_in=-dt.timedelta(days=2))
    link = f'href="/delivery/tasks/{task.pk}/check-in/"'
    assert link in _as(client, official).get(project.get_absolute_url()).content.decode()
    assert link not in _as(client, citizen).get(project.get_absolute_url()).content.decode()


def test_the_project_page_no_longer_lists_a_task_whose_check_in_closed(client, official, project, task):
    move_task(task, starts_in=-dt.timedelta(days=31))
    body = _as(client, official).get(project.get_absolute_url()).content.decode()
    assert f"/delivery/tasks/{task.pk}/check-in/" not in body


def test_changing_the_description_of_a_task_that_began_by_page_keeps_its_times(client, official, full_task):
    move_task(full_task, starts_in=-dt.timedelta(minutes=20, seconds=17))
    starts_at = full_task.starts_at
    response = _as(client, official).post(
        f"/delivery/tasks/{full_task.pk}/edit/", _form(full_task, description="Bring gloves.")
    )
    assert response.status_code == 302
    full_task.refresh_from_db()
    assert (full_task.description, full_task.starts_at) == ("Bring gloves.", starts_at)
    assert Notification.objects.filter(verb="delivery.task_changed").count() == 0
