"""Idea pages under load: comments come a page of threads at a time."""

import re

import pytest

from cocreate.engagement import actions as engagement
from cocreate.engagement.queries import THREADS_PER_PAGE


@pytest.mark.django_db
def test_comments_come_twenty_threads_a_page_with_their_replies(client, make_idea, make_user):
    idea = make_idea()
    person = make_user()
    first = None
    for n in range(50):
        comment = engagement.comment_add(author=person, target=idea, body=f"Thread {n}")
        first = first or comment
    engagement.comment_add(author=make_user(), target=idea, body="A reply to the first", parent=first)

    response = client.get(f"/ideas/{idea.pk}/")
    threads = response.context["engagement"].comments
    assert THREADS_PER_PAGE == 20
    assert [node.comment.body for node in threads] == [f"Thread {n}" for n in range(20)]
    assert [reply.comment.body for reply in threads[0].replies] == ["A reply to the first"]
    html = response.content.decode()
    assert 'href="?comments=2#comments-title"' in html
    assert "?comments=0" not in html
    assert "Thread 20" not in html

    last = client.get(f"/ideas/{idea.pk}/?comments=3")
    assert [node.comment.body for node in last.context["engagement"].comments] == [f"Thread {n}" for n in range(40, 50)]
    html = last.content.decode()
    assert 'href="?comments=2#comments-title"' in html
    assert "?comments=4" not in html
    assert client.get(f"/ideas/{idea.pk}/?comments=nonsense").context["engagement"].comments_page == 1


@pytest.fixture
def page_cache(settings):
    settings.COCREATE_LIST_CACHE_SECONDS = 15
    settings.COCREATE_PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["list", "idea"])
def test_a_second_anonymous_request_is_served_from_the_cache(client, make_idea, page_cache, path):
    idea = make_idea()
    url = f"/challenges/{idea.challenge.slug}/ideas/" if path == "list" else f"/ideas/{idea.pk}/"
    first = client.get(url)
    assert not getattr(first, "from_anonymous_page_cache", False)
    second = client.get(url)
    assert second.status_code == 200
    assert getattr(second, "from_anonymous_page_cache", False)
    assert idea.title in second.content.decode()


@pytest.mark.django_db
def test_cached_pages_carry_each_visitors_own_csrf_token(client, make_idea, page_cache):
    from django.test import Client

    idea = make_idea()
    url = f"/ideas/{idea.pk}/"
    first = client.get(url)
    other = Client()
    second = other.get(url)
    assert getattr(second, "from_anonymous_page_cache", False)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.findall(first.content.decode()) != token.findall(second.content.decode())
    assert "__cocreate_csrf_token__" not in second.content.decode()
    assert other.cookies["csrftoken"].value
    # The token served works: changing the language passes the CSRF check.
    other.handler.enforce_csrf_checks = True
    answer = other.post(
        "/i18n/setlang/",
        {"language": "de", "next": url, "csrfmiddlewaretoken": token.findall(second.content.decode())[0]},
    )
    assert answer.status_code == 302


@pytest.mark.django_db
def test_a_signed_in_request_is_never_served_from_the_cache(client, make_idea, make_user, page_cache):
    idea = make_idea()
    url = f"/ideas/{idea.pk}/"
    client.get(url)
    client.get(url)
    client.force_login(make_user())
    for _ in range(2):
        response = client.get(url)
        assert not getattr(response, "from_anonymous_page_cache", False)
        assert "Sign out" in response.content.decode()


@pytest.mark.django_db
def test_another_language_gets_another_page(client, make_idea, page_cache):
    idea = make_idea()
    url = f"/ideas/{idea.pk}/"
    english = client.get(url, headers={"accept-language": "en"})
    client.get(url, headers={"accept-language": "en"})
    german = client.get(url, headers={"accept-language": "de"})
    assert not getattr(german, "from_anonymous_page_cache", False)
    assert german.content != english.content
    assert german["Content-Language"] == "de"
    assert getattr(client.get(url, headers={"accept-language": "de"}), "from_anonymous_page_cache", False)


@pytest.mark.django_db
def test_no_cache_while_messages_wait(client, make_idea, page_cache):
    idea = make_idea()
    url = f"/ideas/{idea.pk}/"
    client.get(url)
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(20, "Your idea is online.")])
    response = client.get(url)
    assert not getattr(response, "from_anonymous_page_cache", False)
    assert "Your idea is online." in response.content.decode()


@pytest.mark.django_db
def test_a_new_thread_takes_its_author_to_the_page_it_is_on(client, make_idea, make_user):
    from django.urls import reverse

    idea = make_idea()
    person = make_user()
    for n in range(THREADS_PER_PAGE):
        engagement.comment_add(author=person, target=idea, body=f"Thread {n}")
    client.force_login(make_user())
    url = reverse("engagement:comment", args=["ideas", "idea", idea.pk])
    response = client.post(url, {"body": "The twenty-first"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"/ideas/{idea.pk}/?comments=2#comment-")
    page = client.get(response["Location"].split("#")[0])
    assert [n.comment.body for n in page.context["engagement"].comments] == ["The twenty-first"]
    # A reply returns to the page its thread is on.
    assert f"/reply/?next=/ideas/{idea.pk}/%3Fcomments%3D2" in page.content.decode()


@pytest.mark.django_db
def test_each_new_visitor_gets_a_shuffle_also_from_the_cache(make_idea, page_cache):
    from django.test import Client

    idea = make_idea()
    url = f"/challenges/{idea.challenge.slug}/ideas/"
    shuffles = set()
    served_from_cache = 0
    for _ in range(40):
        visitor = Client()
        response = visitor.get(url)
        shuffles.add(visitor.cookies["cocreate_shuffle"].value)
        served_from_cache += getattr(response, "from_anonymous_page_cache", False)
        again = visitor.get(url)  # the same shuffle, now from the cache, without a new cookie
        assert getattr(again, "from_anonymous_page_cache", False) and "cocreate_shuffle" not in again.cookies
    assert len(shuffles) > 1 and served_from_cache > 0


@pytest.mark.django_db
def test_a_page_past_its_time_is_rendered_again_by_one_visitor_while_others_get_the_stored_one(
    client, make_idea, page_cache, monkeypatch
):
    import time

    from django.test import Client

    from cocreate.core import pagecache

    def cached(response) -> bool:
        return getattr(response, "from_anonymous_page_cache", False)

    idea = make_idea()
    url = f"/ideas/{idea.pk}/"
    client.get(url)
    later = time.time() + 400  # past its freshness (at most 300 s), still in the cache (600 s)
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    monkeypatch.setattr(pagecache, "_claim_refresh", lambda key: False)  # another request is rendering it
    assert cached(Client().get(url))
    monkeypatch.setattr(pagecache, "_claim_refresh", lambda key: True)  # this one renders it
    assert not cached(Client().get(url))
    assert cached(Client().get(url))  # fresh again
