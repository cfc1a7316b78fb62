"""The execution dashboard takes the same number of queries for 3 projects as for 30."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.delivery.models import ImplementationProject, Milestone
from cocreate.organisations.actions import department_create

pytestmark = pytest.mark.django_db


def _make(challenge, count: int, departments):
    stage = next(s for s in challenge.ordered_stages if s.type == "delivery")
    statuses = list(ImplementationProject.Status)
    today = timezone.localdate()
    for n in range(count):
        project = ImplementationProject.objects.create(
            author=challenge.created_by,
            challenge=challenge,
            organisation_id=challenge.organisation_id,
            stage=stage,
            title=f"Project {n}",
            description="A project.",
            status=statuses[n % len(statuses)],
            district=f"District {n % 7}",
            budget_planned=100 + n,
        )
        project.departments.set([departments[n % len(departments)]])
        Milestone.objects.create(project=project, title="Step", planned_on=today - dt.timedelta(days=n % 3))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/delivery/dashboard/", "/delivery/dashboard.csv", "/api/v1/delivery/dashboard"])
def test_queries_do_not_grow_with_projects(client, challenge, city, url, django_assert_num_queries):
    departments = [department_create(organisation=city, name=f"Department {n}") for n in range(5)]
    _make(challenge, 3, departments)
    few = _count(client, url)
    _make(challenge, 27, departments)
    with django_assert_num_queries(few):
        client.get(url)


def test_the_page_takes_eight_queries(client, challenge, city, django_assert_num_queries):
    _make(challenge, 30, [department_create(organisation=city, name="Parks")])
    # four for the filters' choices, three for the figures, one of the layout (the site's public bodies)
    with django_assert_num_queries(8):
        client.get("/delivery/dashboard/?district=District+1")
