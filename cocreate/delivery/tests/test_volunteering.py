import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.core.errors import NotPermitted
from cocreate.delivery import actions, volunteering, volunteering_queries
from cocreate.delivery.models import TaskSignup, VolunteerTask
from cocreate.delivery.tests.conftest import move_task
from cocreate.delivery.volunteering_errors import (
    AlreadySignedUp,
    CheckInNotOpen,
    HoursInvalid,
    NotSignedUp,
    OrganiserNotOfficial,
    TaskStarted,
    TaskTimesInvalid,
)
from cocreate.delivery.volunteering_tasks import remind_volunteers
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official, challenge):
    return actions.project_create(actor=official, challenge=challenge, title="Shade trees", description="Trees.")


def make_task(official, project, *, capacity=2, starts_in=dt.timedelta(days=3), hours=3, **extra):
    starts_at = timezone.now() + starts_in
    return volunteering.task_create(
        actor=official,
        project=project,
        title="Planting day",
        description="Plant the trees with us.",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        place="Market square",
        capacity=capacity,
        skills=["digging", " digging", "watering"],
        **extra,
    )


@pytest.fixture
def task(official, project):
    return make_task(official, project)


@pytest.fixture
def residents(make_user):
    return [make_user(display_name=f"Resident {n}") for n in range(4)]


def status_of(task, person):
    return TaskSignup.objects.get(task=task, person=person).status


# --- Making tasks ----------------------------------------------------------------------------------------------------


def test_a_task_is_organised_by_the_official_who_made_it(task, official):
    assert task.organiser == official


def test_a_task_keeps_each_skill_once(task):
    assert task.skills == ["digging", "watering"]


def test_making_a_task_is_in_the_activity_log(task):
    assert Activity.objects.filter(verb="delivery.task_created", data__task=task.pk).count() == 1


def test_a_citizen_cannot_make_a_task(citizen, project):
    with pytest.raises(NotPermitted):
        make_task(citizen, project)
    assert VolunteerTask.objects.count() == 0


def test_a_task_that_ends_before_it_starts_is_refused(official, project):
    with pytest.raises(TaskTimesInvalid):
        make_task(official, project, hours=-1)
    assert VolunteerTask.objects.count() == 0


def test_a_task_in_the_past_is_refused(official, project):
    with pytest.raises(TaskTimesInvalid):
        make_task(official, project, starts_in=dt.timedelta(days=-1))
    assert VolunteerTask.objects.count() == 0


def test_a_citizen_cannot_be_the_organiser(official, project, citizen):
    with pytest.raises(OrganiserNotOfficial):
        make_task(official, project, organiser=citizen)
    assert VolunteerTask.objects.count() == 0


# --- Signing up ------------------------------------------------------------------------------------------------------


def test_signing_up_takes_a_place(task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    task.refresh_from_db()
    assert task.places_left == 1


def test_signing_up_once_full_puts_people_on_the_waiting_list_in_order(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    positions = list(TaskSignup.objects.filter(task=task).order_by("pk").values_list("status", "waiting_position"))
    assert positions == [("signed_up", None), ("signed_up", None), ("waiting", 1), ("waiting", 2)]


def test_a_full_task_keeps_its_count_at_the_capacity(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    task.refresh_from_db()
    assert task.signed_up_count == 2


def test_signing_up_twice_is_refused(task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    with pytest.raises(AlreadySignedUp):
        volunteering.task_signup(actor=citizen, task=task)
    assert TaskSignup.objects.filter(task=task).count() == 1


def test_signing_up_is_in_the_activity_log(task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    assert Activity.objects.filter(verb="delivery.task_signed_up", actor=citizen).count() == 1


def test_a_task_that_started_takes_no_sign_ups(official, project, citizen):
    task = make_task(official, project)
    VolunteerTask.objects.filter(pk=task.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(TaskStarted):
        volunteering.task_signup(actor=citizen, task=task)
    assert TaskSignup.objects.count() == 0


def test_a_visitor_may_not_sign_up(task):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotPermitted):
        volunteering.task_signup(actor=AnonymousUser(), task=task)
    assert TaskSignup.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_people_signing_up_at_once_for_the_last_place_get_one_place_and_one_wait(official, project, residents):
    task = make_task(official, project, capacity=1)
    start = threading.Barrier(2)
    outcomes = []

    def sign_up(person):
        start.wait()
        try:
            for _attempt in range(300):
                try:
                    outcomes.append(volunteering.task_signup(actor=person, task=task).status)
                    return
                except OperationalError:  # SQLite's in-memory test database locks instead of waiting
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(person,)) for person in residents[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["signed_up", "waiting"]
    assert VolunteerTask.objects.get(pk=task.pk).signed_up_count == 1


# --- Cancelling ------------------------------------------------------------------------------------------------------


def test_cancelling_moves_the_first_waiting_person_up(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    volunteering.task_signup_cancel(actor=residents[0], task=task)
    assert status_of(task, residents[2]) == "signed_up"


def test_the_person_moved_up_hears_of_it(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    volunteering.task_signup_cancel(actor=residents[0], task=task)
    assert Notification.objects.filter(verb="delivery.task_place_freed").values_list("recipient", flat=True)[::1] == [
        residents[2].pk
    ]


def test_the_rest_of_the_waiting_list_moves_one_up(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    volunteering.task_signup_cancel(actor=residents[0], task=task)
    assert TaskSignup.objects.get(task=task, person=residents[3]).waiting_position == 1


def test_a_place_freed_without_anyone_waiting_is_left(task, residents):
    volunteering.task_signup(actor=residents[0], task=task)
    volunteering.task_signup_cancel(actor=residents[0], task=task)
    task.refresh_from_db()
    assert task.places_left == 2


def test_leaving_the_waiting_list_closes_its_gap(task, residents):
    for person in residents:
        volunteering.task_signup(actor=person, task=task)
    volunteering.task_signup_cancel(actor=residents[2], task=task)
    assert TaskSignup.objects.get(task=task, person=residents[3]).waiting_position == 1


def test_cancelling_without_a_sign_up_is_refused(task, citizen):
    with pytest.raises(NotSignedUp):
        volunteering.task_signup_cancel(actor=citizen, task=task)
    assert Activity.objects.filter(verb="delivery.task_signup_cancelled").count() == 0


def test_signing_up_again_after_cancelling_is_allowed(task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_signup_cancel(actor=citizen, task=task)
    volunteering.task_signup(actor=citizen, task=task)
    assert status_of(task, citizen) == "signed_up"


def test_cancelling_is_in_the_activity_log(task, citizen):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_signup_cancel(actor=citizen, task=task)
    assert Activity.objects.filter(verb="delivery.task_signup_cancelled", actor=citizen).count() == 1


# --- Checking in -----------------------------------------------------------------------------------------------------


@pytest.fixture
def signup(task, citizen):
    """A place on the task, which has begun half an hour ago."""
    made = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    return made


def test_the_organiser_records_attendance_with_hours(official, signup):
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal("2.5"))
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("attended", Decimal("2.50"))


def test_attendance_without_hours_counts_the_tasks_length(official, signup):
    volunteering.task_check_in(actor=official, signup=signup, attended=True)
    signup.refresh_from_db()
    assert signup.hours == Decimal("3.00")


def test_a_no_show_gives_no_hours(official, signup):
    volunteering.task_check_in(actor=official, signup=signup, attended=False, hours=Decimal(2))
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("no_show", None)


def test_hours_beyond_a_day_are_refused(official, signup):
    with pytest.raises(HoursInvalid):
        volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(25))
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_a_volunteer_cannot_check_themselves_in(citizen, signup):
    with pytest.raises(NotPermitted):
        volunteering.task_check_in(actor=citizen, signup=signup, attended=True, hours=Decimal(8))
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("signed_up", None)


def test_someone_waiting_cannot_be_checked_in(official, task, residents):
    for person in residents[:3]:
        volunteering.task_signup(actor=person, task=task)
    waiting = TaskSignup.objects.get(task=task, person=residents[2])
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    with pytest.raises(CheckInNotOpen):
        volunteering.task_check_in(actor=official, signup=waiting, attended=True)
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_checking_in_is_in_the_activity_log(official, signup):
    volunteering.task_check_in(actor=official, signup=signup, attended=True)
    assert Activity.objects.filter(verb="delivery.task_checked_in", actor=official).count() == 1


def test_the_hours_given_add_up_over_tasks(official, project, citizen, signup):
    other = make_task(official, project, starts_in=dt.timedelta(days=5))
    second = volunteering.task_signup(actor=citizen, task=other)
    move_task(other, starts_in=-dt.timedelta(days=2))
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal("1.5"))
    volunteering.task_check_in(actor=official, signup=second, attended=True, hours=Decimal(2))
    assert volunteering_queries.hours_given(citizen) == Decimal("3.50")


# --- Reminders -------------------------------------------------------------------------------------------------------


def test_the_day_before_each_person_signed_up_is_reminded_once(official, project, residents):
    task = make_task(official, project, starts_in=dt.timedelta(hours=20))
    for person in residents[:3]:
        volunteering.task_signup(actor=person, task=task)
    sent = remind_volunteers.call(), remind_volunteers.call()
    assert sent == (2, 0)
    assert Notification.objects.filter(verb="delivery.task_reminder").count() == 2


def test_a_task_further_away_is_not_reminded_yet(signup):
    assert remind_volunteers.call() == 0
    signup.refresh_from_db()
    assert signup.reminded_at is None


# --- Personal data ---------------------------------------------------------------------------------------------------


def test_the_export_holds_the_persons_hours(official, citizen, signup):
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(2))
    data = volunteering_queries.personal_data(citizen)
    assert [(s["status"], s["hours"]) for s in data["signups"]] == [("attended", "2.00")]


def test_erasure_removes_the_sign_ups_and_frees_the_place(task, citizen, signup):
    volunteering.erase_person(citizen, emails=[])
    task.refresh_from_db()
    assert TaskSignup.objects.filter(person=citizen).count() == 0
    assert task.places_left == 2


# --- Demo ------------------------------------------------------------------------------------------------------------


def test_the_demo_task_has_volunteers_with_hours_and_is_made_once(admin_user, project, make_user):
    from cocreate.core.registry import DemoContext
    from cocreate.delivery.volunteering_demo import seed_tasks

    make_user(email="citizen@example.org")
    make_user(email="partner@cycling.example.org")
    context = DemoContext(say=lambda text: None, warn=lambda text: None)
    seed_tasks(context, project, admin_user)
    seed_tasks(context, project, admin_user)
    attended = TaskSignup.objects.filter(status="attended").order_by("hours").values_list("hours", flat=True)
    assert list(attended) == [Decimal("2.50"), Decimal("3.00")]
    assert VolunteerTask.objects.count() == 2


def test_erasure_moves_the_first_waiting_person_up(task, residents):
    for person in residents[:3]:
        volunteering.task_signup(actor=person, task=task)
    volunteering.erase_person(residents[0], emails=[])
    assert status_of(task, residents[2]) == "signed_up"


def test_erasure_keeps_the_tasks_organised_without_the_name(official, task):
    volunteering.erase_person(official, emails=[])
    task.refresh_from_db()
    assert (task.organiser, VolunteerTask.objects.count()) == (None, 1)
