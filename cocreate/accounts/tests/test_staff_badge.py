"""Staff comments and answers carry their role and department, so that nobody can pass for an official by name."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.engagement.actions import comment_add, status_change
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership
from cocreate.problems.actions import problem_report
from cocreate.problems.models import Category, Problem


@pytest.fixture
def problem(city, department, citizen):
    category = Category.objects.create(organisation=city, department=department, name="Street lights", code="lights")
    return problem_report(
        author=citizen, organisation=city, title="Street light out", description="Dark for a week.", category=category
    )


def badges(html: str) -> list[str]:
    return re.findall(r'<strong>([^<]+)</strong> <span class="staff-badge">([^<]+)</span>', html)


@pytest.mark.django_db
def test_an_officials_comment_and_answer_show_their_role_and_department_and_an_impostors_do_not(
    client, problem, official, moderator, make_user
):
    impostor = make_user(display_name="Omar Official")
    comment_add(author=impostor, target=problem, body="I am the official here.")
    comment_add(author=official, target=problem, body="We are on it.")
    comment_add(author=moderator, target=problem, body="Please stay on topic.")
    status_change(actor=official, target=problem, status=Problem.Status.ACCEPTED, answer="A crew comes on Monday.")

    html = client.get(f"/problems/{problem.pk}/").content.decode()
    assert sorted(badges(html)) == [
        ("Mo Moderator", "Moderator"),
        ("Omar Official", "Official, Mobility"),  # the comment
    ]
    assert html.count('<span class="staff-badge">Official, Mobility</span>') == 2  # the comment and the answer
    assert html.count('<span class="staff-badge">') == 3


@pytest.mark.django_db
def test_a_role_in_another_organisation_is_not_shown(client, problem, other_city, make_user):
    elsewhere = make_user(display_name="Elsa Elsewhere")
    membership_grant(
        user=elsewhere,
        organisation=other_city,
        role=Membership.Role.OFFICIAL,
        department=department_create(organisation=other_city, name="Roads"),
    )
    comment_add(author=elsewhere, target=problem, body="In our town we did this.")
    html = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "Elsa Elsewhere" in html
    assert 'class="staff-badge"' not in html


@pytest.mark.django_db
def test_staff_are_read_once_per_page_however_many_comments_it_shows(client, problem, city, make_user):
    def staff_comments(count):
        for _ in range(count):
            person = make_user()
            membership_grant(user=person, organisation=city, role=Membership.Role.MODERATOR)
            comment_add(author=person, target=problem, body="Noted.")

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(f"/problems/{problem.pk}/").content.decode()
        return len(captured.captured_queries), html.count('<span class="staff-badge">Moderator</span>')

    staff_comments(2)
    queries_with_two, shown = queries_for_page()
    assert shown == 2
    staff_comments(8)
    queries_with_ten, shown = queries_for_page()
    assert shown == 10
    assert queries_with_ten == queries_with_two
