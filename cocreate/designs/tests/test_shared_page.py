"""Visitors share a design's page from the cache; whatever changes what it shows renders it afresh."""

import pytest
from django.core.cache import cache
from django.test import Client

from cocreate.designs import actions, testround_actions
from cocreate.engagement import actions as engagement

from .conftest import full_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_pages(settings):
    settings.COCREATE_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def from_cache(response) -> bool:
    return getattr(response, "from_anonymous_page_cache", False)


def test_visitors_share_the_page_until_something_on_it_changes(
    make_design, make_user, official, django_capture_on_commit_callbacks
):
    author, visitor = make_user(), Client()
    design = make_design(author=author, content=full_content())
    url = design.get_absolute_url()
    assert not from_cache(visitor.get(url))
    assert from_cache(visitor.get(url))

    def changed_then(check: str):
        response = visitor.get(url)
        assert not from_cache(response) and check in response.content.decode()
        assert from_cache(visitor.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        actions.design_save_version(
            actor=author, design=design, content=full_content(resources="Four new staff."), base_version=1
        )
    changed_then("Four new staff.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.amendment_propose(
            proposer=make_user(), design=design, section="risks", content=[{"risk": "Fraud"}], reason="Risky."
        )
    changed_then("To “Risks and mitigations”")
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_add(author=make_user(), target=design, body="Looks promising.")
    changed_then("Looks promising.")
    with django_capture_on_commit_callbacks(execute=True):
        testround_actions.testround_create(
            actor=official,
            design=design,
            title="Paper prototype",
            version=design.current_version,
            tasks=["Renew the permit"],
            questions=[],
            criteria="Residents of the zone",
            places=5,
            starts_at=design.created_at.date(),
            ends_at=design.created_at.date(),
        )
    changed_then("Paper prototype")


def test_signed_in_people_are_never_served_a_visitors_page(make_design, make_user):
    author = make_user()
    design = make_design(author=author)
    Client().get(design.get_absolute_url())
    signed_in = Client()
    signed_in.force_login(author)
    response = signed_in.get(design.get_absolute_url())
    assert not from_cache(response) and "Write a new version" in response.content.decode()
