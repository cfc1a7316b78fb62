"""Participants share an idea's page when they would see the same thing; nobody ever sees another's page."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.engagement import actions as engagement
from cocreate.ideas.actions import idea_edit
from cocreate.moderation.actions import suspension_create

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def shared_pages(settings):
    settings.COCREATE_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shared(response) -> bool:
    return getattr(response, "from_member_page_cache", False)


@pytest.mark.django_db
def test_a_second_participant_gets_the_shared_page_with_their_own_header_and_token(make_idea, make_user):
    idea = make_idea()
    first, second = make_user(display_name="Fiona First"), make_user(display_name="Sam Second")
    one = signed_in(first).get(f"/ideas/{idea.pk}/")
    assert one.status_code == 200 and not shared(one)
    two = signed_in(second).get(f"/ideas/{idea.pk}/")
    html = two.content.decode()
    assert shared(two) and idea.title in html
    assert "Sam Second" in html and "Fiona First" not in html
    assert f'href="{reverse("accounts:profile", args=[second.pk])}"' in html
    assert set(TOKEN.findall(html)).isdisjoint(TOKEN.findall(one.content.decode()))
    assert "cocreate:account-nav:placeholder" not in html and "__cocreate_csrf_token__" not in html
    # The page is the one the view renders, apart from what is the person's own.
    fresh = signed_in(second)
    cache.clear()
    rendered = fresh.get(f"/ideas/{idea.pk}/").content.decode()

    def without_tokens(page):
        return TOKEN.sub("", page)

    assert without_tokens(rendered) == without_tokens(html)


@pytest.mark.django_db
def test_authors_people_with_a_role_and_pages_not_everyone_may_see_are_never_shared(
    make_idea, make_user, official, moderator, make_challenge_in
):
    idea = make_idea()
    commenter = make_user()
    engagement.comment_add(author=commenter, target=idea, body="Yes, and on Mill Lane too.")
    signed_in(make_user()).get(f"/ideas/{idea.pk}/")  # someone renders it for participants
    author_page = signed_in(idea.author).get(f"/ideas/{idea.pk}/")
    assert not shared(author_page) and "Withdraw my idea" in author_page.content.decode()
    assert not shared(signed_in(commenter).get(f"/ideas/{idea.pk}/"))  # their comment has no report link
    for person in (official, moderator, make_user(is_superuser=True)):
        assert not shared(signed_in(person).get(f"/ideas/{idea.pk}/"))
    assert shared(signed_in(make_user()).get(f"/ideas/{idea.pk}/"))

    invited = make_challenge_in(visibility="invited", title="Invited only")
    guests = [make_user(), make_user()]
    invited.invited.add(*guests)
    private_idea = make_idea(challenge=invited, author=guests[0])
    signed_in(guests[1]).get(f"/ideas/{private_idea.pk}/")
    assert not shared(signed_in(guests[1]).get(f"/ideas/{private_idea.pk}/"))
    assert signed_in(make_user()).get(f"/ideas/{private_idea.pk}/").status_code == 404


@pytest.mark.django_db
def test_what_is_the_participants_own_varies_the_page(
    make_idea, make_user, moderator, django_capture_on_commit_callbacks
):
    idea = make_idea()
    supporter, other = make_user(), make_user()
    signed_in(other).get(f"/ideas/{idea.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        engagement.support_add(user=supporter, target=idea)
    page = signed_in(supporter).get(f"/ideas/{idea.pk}/")
    assert not shared(page) and 'name="undo"' in page.content.decode()
    assert 'name="undo"' not in signed_in(other).get(f"/ideas/{idea.pk}/").content.decode()

    suspended = make_user()
    engagement.comment_add(author=suspended, target=make_idea(title="Elsewhere"), body="I took part.")
    suspension_create(actor=moderator, user=suspended, organisation=idea.organisation, reason="Spam", days=3)
    page = signed_in(suspended).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Post comment" not in page
    assert "Post comment" in signed_in(make_user()).get(f"/ideas/{idea.pk}/").content.decode()


@pytest.mark.django_db
def test_every_change_to_the_idea_shows_at_once(
    client, make_idea, make_user, moderator, django_capture_on_commit_callbacks
):
    idea = make_idea()
    reader = signed_in(make_user())
    reader.get(f"/ideas/{idea.pk}/")
    assert shared(reader.get(f"/ideas/{idea.pk}/"))
    with django_capture_on_commit_callbacks(execute=True):
        engagement.comment_add(author=make_user(), target=idea, body="A brand new comment.")
    page = reader.get(f"/ideas/{idea.pk}/")
    assert not shared(page) and "A brand new comment." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        idea_edit(actor=moderator, idea=idea, title="Kerbs on Station Road", description="Kerbs everywhere.")
    assert "Kerbs on Station Road" in reader.get(f"/ideas/{idea.pk}/").content.decode()


@pytest.mark.django_db
def test_a_shared_page_ends_when_the_stage_changes(make_idea, make_user, monkeypatch):
    idea = make_idea()
    reader = signed_in(make_user())
    reader.get(f"/ideas/{idea.pk}/")
    assert shared(reader.get(f"/ideas/{idea.pk}/"))
    stage_end = idea.challenge.ordered_stages[-1].ends_at
    later = stage_end + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = reader.get(f"/ideas/{idea.pk}/")
    assert not shared(page) and "Post comment" not in page.content.decode()


@pytest.mark.django_db
def test_pages_with_messages_are_not_shared(make_idea, make_user):
    idea = make_idea()
    reader = signed_in(make_user())
    reader.get(f"/ideas/{idea.pk}/")
    reader.post(f"/moderation/flag/ideas/idea/{idea.pk}/", {"reason": "spam", "next": f"/ideas/{idea.pk}/"})
    page = reader.get(f"/ideas/{idea.pk}/")
    assert not shared(page) and "Thank you. The moderators will look at it." in page.content.decode()


@pytest.mark.django_db
def test_what_moderators_hide_leaves_the_visitors_pages_at_once(
    client, settings, make_idea, make_user, moderator, django_capture_on_commit_callbacks
):
    from cocreate.moderation.actions import case_decide, flag_add

    settings.COCREATE_LIST_CACHE_SECONDS = 15
    idea = make_idea(title="Call Jo Bloggs on 0123 456 789")
    list_url = f"/challenges/{idea.challenge.slug}/ideas/?sort=newest"
    for url in (f"/ideas/{idea.pk}/", list_url):
        client.get(url)
        assert getattr(client.get(url), "from_anonymous_page_cache", False)
    case = flag_add(user=make_user(), item=idea, reason="personal_data").case
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(moderator=moderator, case=case, action="hide", public_reason="It names a private person.")
    page = client.get(f"/ideas/{idea.pk}/")
    assert not getattr(page, "from_anonymous_page_cache", False)
    assert "0123 456 789" not in page.content.decode() and "It names a private person." in page.content.decode()
    assert "0123 456 789" not in client.get(list_url).content.decode()
    # A new idea shows in the list at once too.
    with django_capture_on_commit_callbacks(execute=True):
        make_idea(title="Bike parking at the station")
    assert "Bike parking at the station" in client.get(list_url).content.decode()
