"""The two hand-written writes: insert unless present, and a counter that returns its new value."""

import pytest
from django.contrib.contenttypes.models import ContentType

from cocreate.core import sql
from cocreate.engagement.models import Support
from cocreate.problems.models import Problem


@pytest.fixture(params=["one statement", "through the ORM"])
def way(request, monkeypatch):
    if request.param == "through the ORM":
        monkeypatch.setattr(sql, "_returning_supported", lambda: False)
    return request.param


@pytest.mark.django_db
def test_insert_unless_present_says_whether_it_inserted(way, make_problem, citizen):
    problem = make_problem()
    where = {"target_type": ContentType.objects.get_for_model(Problem), "target_id": problem.pk, "user": citizen}
    first = sql.insert_unless_present(Support, ["target_type", "target_id", "user"], **where)
    assert first is not None and first.pk == Support.objects.get().pk and first.created_at is not None
    assert sql.insert_unless_present(Support, ["target_type", "target_id", "user"], **where) is None
    assert Support.objects.count() == 1


@pytest.mark.django_db
def test_add_to_counter_returns_the_stored_value(way, make_problem):
    problem = make_problem()
    stale = Problem.objects.get(pk=problem.pk)
    assert sql.add_to_counter(problem, "support_count", 2) == 2
    assert sql.add_to_counter(stale, "support_count", 1) == 3  # from the database, not the stale object
    assert stale.support_count == 3 and Problem.objects.get(pk=problem.pk).support_count == 3
    problem.pk = 999_999
    with pytest.raises(Problem.DoesNotExist):
        sql.add_to_counter(problem, "support_count", 1)
