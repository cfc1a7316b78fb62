"""Fixtures shared by every app's tests."""

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.tasks import default_task_backend
from django.utils import timezone

from cocreate.accounts.actions import user_create
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.organisations.actions import department_create, membership_grant, organisation_create
from cocreate.organisations.models import Membership, Organisation

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_queue_and_cache():
    """Each test starts with an empty task queue and empty rate-limit counters."""
    default_task_backend.clear()
    cache.clear()
    yield


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(email=None, display_name=None, **extra):
        n = next(counter)
        return user_create(
            email=email or f"person{n}@example.org",
            password=PASSWORD,
            display_name=display_name or f"Person {n}",
            email_verified=True,
            **extra,
        )

    return make


@pytest.fixture
def city(db):
    return organisation_create(name="City of Testbridge", kind=Organisation.Kind.PUBLIC_BODY, is_host=True)


@pytest.fixture
def other_city(db):
    return organisation_create(name="Town of Elsewhere", kind=Organisation.Kind.PUBLIC_BODY)


@pytest.fixture
def department(city):
    return department_create(organisation=city, name="Mobility")


@pytest.fixture
def citizen(make_user):
    return make_user(display_name="Cleo Citizen")


@pytest.fixture
def official(make_user, city, department):
    user = make_user(display_name="Omar Official")
    membership_grant(user=user, organisation=city, role=Membership.Role.OFFICIAL, department=department)
    return user


@pytest.fixture
def moderator(make_user, city):
    user = make_user(display_name="Mo Moderator")
    membership_grant(user=user, organisation=city, role=Membership.Role.MODERATOR)
    return user


@pytest.fixture
def org_admin(make_user, city):
    user = make_user(display_name="Ada Admin")
    membership_grant(user=user, organisation=city, role=Membership.Role.ADMIN)
    return user


def give_second_factor(user):
    """Record a TOTP authenticator, as allauth does once a person has scanned the code."""
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})


@pytest.fixture
def with_second_factor():
    return give_second_factor


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
            stage_specs=[StageSpec(type=stage, starts_at=days_from_now(start), ends_at=days_from_now(end))],
        )
        return challenge_publish(actor=admin_user, challenge=challenge)

    return make


def days_from_now(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)
