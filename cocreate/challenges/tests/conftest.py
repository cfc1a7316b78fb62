import datetime as dt

import pytest
from django.utils import timezone

from cocreate.challenges import stages
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.stages import Feature, StageType

PARTICIPATION = StageType(
    key="test_participation",
    label="Participation (test)",
    description="A stage type that allows everything, registered only by the tests.",
    features={
        feature: ["challenges.challenge"]
        for feature in (Feature.FOLLOW, Feature.CREATE, Feature.COMMENT, Feature.SUPPORT, Feature.VOTE)
    },
)


@pytest.fixture
def participation_stage_type():
    stages.register(PARTICIPATION)
    yield PARTICIPATION
    stages.unregister(PARTICIPATION.key)


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.fixture
def make_challenge(city, department, superuser):
    def make(*, title="Safer routes to school", publish=True, stage_specs=None, template="idea_challenge", **extra):
        challenge = challenge_create(
            actor=superuser,
            organisation=city,
            department=department,
            title=title,
            summary="Children do not cycle to school.",
            problem_statement="Routes feel unsafe.",
            template=template,
            **extra,
        ).challenge
        if stage_specs is not None:
            challenge_set_stages(actor=superuser, challenge=challenge, stage_specs=stage_specs)
        if publish:
            challenge_publish(actor=superuser, challenge=challenge)
        challenge.refresh_from_db()
        challenge.__dict__.pop("_ordered_stages", None)
        return challenge

    return make


def days(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)


def single_stage(type_key: str, start: int, end: int) -> list[StageSpec]:
    return [StageSpec(type=type_key, starts_at=days(start), ends_at=days(end))]
