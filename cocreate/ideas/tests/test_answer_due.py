"""An idea's answer is due when its challenge promises to answer within some working days."""

import datetime as dt

import pytest
from django.utils import timezone

from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Idea
from cocreate.organisations.models import PublicHoliday


def working_days_later(start: dt.date, days: int, holidays: set[dt.date]) -> dt.date:
    """Counted by hand: Monday to Friday, less the holidays; a start on a day off counts from the next working day."""

    def is_day_off(day):
        return day.weekday() >= 5 or day in holidays

    day = start
    while is_day_off(day):
        day += dt.timedelta(days=1)
    for _ in range(days):
        day += dt.timedelta(days=1)
        while is_day_off(day):
            day += dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def promising(collection):
    Challenge.objects.filter(pk=collection.pk).update(response_days=5)
    collection.refresh_from_db()
    return collection


@pytest.mark.django_db
def test_an_idea_is_answered_within_the_challenges_working_days(make_idea, promising, city):
    today = timezone.localdate()
    holiday = next_working_day(today)
    PublicHoliday.objects.create(organisation=city, date=holiday, name="Founders' Day")
    idea = make_idea(challenge=promising)
    assert Idea.objects.get(pk=idea.pk).answer_due == working_days_later(today, 5, {holiday})


@pytest.mark.django_db
def test_an_idea_of_a_challenge_without_a_promise_has_no_due_date(make_idea, collection):
    idea = make_idea()
    assert Idea.objects.get(pk=idea.pk).answer_due is None


@pytest.mark.django_db
def test_the_ideas_page_says_when_the_answer_is_due(client, make_idea, promising):
    idea = make_idea(challenge=promising)
    due = Idea.objects.get(pk=idea.pk).answer_due
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f"An answer is due by {due:%-d %B %Y}." in page
    assert "It is overdue." not in page


@pytest.mark.django_db
def test_the_ideas_page_says_when_the_answer_is_overdue(client, make_idea, promising):
    idea = make_idea(challenge=promising)
    Idea.objects.filter(pk=idea.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "It is overdue." in page


@pytest.mark.django_db
def test_an_answered_idea_no_longer_shows_a_due_date(client, make_idea, promising, official):
    from cocreate.engagement.actions import status_change

    idea = make_idea(challenge=promising)
    Idea.objects.filter(pk=idea.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=1))
    status_change(actor=official, target=idea, status="under_review", answer="We are costing it.")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "An answer is due by" not in page
