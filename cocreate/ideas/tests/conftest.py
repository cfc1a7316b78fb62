import pytest

from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.tests.conftest import days
from cocreate.ideas.actions import idea_submit


@pytest.fixture
def admin_user(make_user):
    return make_user(is_superuser=True)


@pytest.fixture
def make_challenge_in(city, department, admin_user):
    def make(stage="idea_collection", start=-1, end=10, visibility="public", title="Safer cycling to school"):
        challenge = challenge_create(
            actor=admin_user,
            organisation=city,
            department=department,
            title=title,
            summary="Children do not cycle to school.",
            problem_statement="Routes feel unsafe.",
            template="idea_challenge",
            visibility=visibility,
        ).challenge
        challenge_set_stages(
            actor=admin_user,
            challenge=challenge,
            stage_specs=[StageSpec(type=stage, starts_at=days(start), ends_at=days(end))],
        )
        return challenge_publish(actor=admin_user, challenge=challenge)

    return make


@pytest.fixture
def collection(make_challenge_in):
    return make_challenge_in()


@pytest.fixture
def make_idea(collection, make_user):
    def make(title="Protected bike lanes on Station Road", author=None, challenge=None, **extra):
        return idea_submit(
            author=author or make_user(),
            challenge=challenge or collection,
            title=title,
            description="Separated lanes with kerbs.",
            **extra,
        )

    return make
