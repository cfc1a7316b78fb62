import pytest
from django.contrib.contenttypes.models import ContentType

from cocreate.activity.models import Link
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.tests.conftest import days


@pytest.fixture
def exploration(city, department, make_user):
    admin = make_user(is_superuser=True)
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=department,
        title="What makes applying for benefits hard?",
        summary="s",
        problem_statement="p",
        template="open_exploration",
    ).challenge
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[StageSpec(type="exploration", starts_at=days(-1), ends_at=days(10))],
    )
    return challenge_publish(actor=admin, challenge=challenge)


def links_of(problem):
    problem_type = ContentType.objects.get_for_model(problem)
    return list(Link.objects.filter(source_type=problem_type, source_id=problem.pk).values_list("kind", "target_id"))


@pytest.mark.django_db
def test_a_problem_reported_in_a_challenge_is_linked_to_it(make_problem, exploration):
    problem = make_problem(challenge=exploration, category=None)
    assert links_of(problem) == [("raised_in", exploration.pk)]


@pytest.mark.django_db
def test_a_city_wide_problem_is_linked_to_nothing(make_problem):
    assert links_of(make_problem()) == []


@pytest.mark.django_db
def test_the_problem_journey_shows_the_challenge_it_was_raised_in(client, make_problem, exploration):
    problem = make_problem(challenge=exploration, category=None)
    page = client.get(f"/journey/problems/problem/{problem.pk}/").content.decode()
    assert "was raised in “What makes applying for benefits hard?”" in page
    assert "Nothing is linked to this item yet." not in page
