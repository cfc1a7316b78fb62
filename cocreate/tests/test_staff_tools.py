"""The staff strip under the header: who sees which tool, the counts, their caching, and life without a cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.core import staff
from cocreate.moderation.actions import flag_add
from cocreate.organisations.actions import membership_grant
from cocreate.organisations.models import Membership
from cocreate.organisations.queries import load_standing
from cocreate.problems.tests.conftest import lights, make_problem  # noqa: F401


def strip(client, path="/"):
    page = client.get(path).content.decode()
    if 'class="staff-tools"' not in page:
        return None
    start = page.index('class="staff-tools"')
    return page[start : page.index("</nav>", start)]


def tool_keys(html):
    return [part.split('"')[0] for part in html.split('data-staff-tool="')[1:]]


@pytest.fixture
def login(client, with_second_factor):
    def sign_in(user):
        if user.memberships.exclude(role=Membership.Role.MODERATOR).exists() or user.is_superuser:
            with_second_factor(user)
        client.force_login(user)
        return client

    return sign_in


@pytest.mark.django_db
def test_visitors_and_citizens_see_no_staff_tools(client, citizen):
    assert strip(client) is None
    client.force_login(citizen)
    assert strip(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "tools"),
    [
        ("moderator", ["moderation"]),
        ("official", ["triage", "back_office"]),
        ("org_admin", ["triage", "moderation", "back_office", "activity_log"]),
        ("admin_user", ["triage", "moderation", "back_office", "activity_log"]),
    ],
)
def test_each_role_sees_its_tools(request, login, role, tools):
    client = login(request.getfixturevalue(role))

    assert tool_keys(strip(client)) == tools


@pytest.mark.django_db
def test_the_counts_say_what_waits(login, official, moderator, make_problem, citizen):  # noqa: F811
    problem = make_problem()
    make_problem(title="Another light out")
    flag_add(user=citizen, item=problem, reason="spam")

    html = strip(login(official))
    assert '<span class="badge badge--waiting" aria-hidden="true">2</span>' in html
    assert "2 problems wait for a first answer" in html

    html = strip(login(moderator))
    assert "1 report waits for a decision" in html


@pytest.mark.django_db
def test_the_tool_in_use_is_marked(login, official, department):
    html = strip(login(official), f"/manage/problems/departments/{department.pk}/")

    assert 'data-staff-tool="triage" aria-current="page"' in html


@pytest.mark.django_db
def test_counts_are_kept_briefly_per_person(login, official, make_problem, settings):  # noqa: F811
    settings.COCREATE_STAFF_TOOL_COUNTS_SECONDS = 60
    client = login(official)
    strip(client)
    make_problem()

    assert "0 problems wait" in strip(client)  # still the kept count
    staff.forget_counts(official)
    assert "1 problem waits" in strip(client)


@pytest.mark.django_db
def test_each_count_costs_one_query(org_admin):
    load_standing(org_admin)  # the roles, read once per request anyway
    with CaptureQueriesContext(connection) as queries:
        staff.staff_tools_for(org_admin)

    assert len(queries) == 4


@pytest.mark.django_db
def test_a_broken_cache_costs_only_the_caching(login, official, make_problem, monkeypatch):  # noqa: F811
    make_problem()

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)

    assert "1 problem waits" in strip(login(official))


@pytest.mark.django_db
def test_a_moderator_of_two_public_bodies_counts_every_open_case(
    login, moderator, other_city, citizen, make_user, request
):
    new_problem = request.getfixturevalue("make_problem")
    membership_grant(user=moderator, organisation=other_city, role=Membership.Role.MODERATOR)
    flag_add(user=citizen, item=new_problem(), reason="spam")
    flag_add(user=make_user(), item=new_problem(title="Second"), reason="spam")

    assert "2 reports wait for a decision" in strip(login(moderator))
