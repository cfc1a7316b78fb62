"""Comment threads on a contribution's page: reply and report links, the reply page, and the shared rendering."""

import re

import pytest
from django.core.cache import cache

from cocreate.accounts.models import User
from cocreate.engagement import actions
from cocreate.engagement.models import Comment
from cocreate.moderation.actions import suspension_create


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def threads_of(html: str) -> str:
    """The comment threads of a page, without the CSRF tokens (each visitor has their own)."""
    start = html.index('<ul class="comments">')
    end = html.index("</section>", start)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start:end])


def reply_url(comment) -> str:
    return f"/engage/comments/{comment.pk}/reply/"


@pytest.mark.django_db
def test_each_comment_links_to_its_reply_and_report_forms(client, make_problem, citizen, make_user):
    problem = make_problem()
    comment = actions.comment_add(author=make_user(), target=problem, body="The lamp flickers at night.")
    own = actions.comment_add(author=citizen, target=problem, body="Mine too.")
    client.force_login(citizen)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert f'href="{reply_url(comment)}?next=' in page and f'hx-get="{reply_url(comment)}?next=' in page
    assert f'href="/moderation/flag/engagement/comment/{comment.pk}/?next=' in page
    assert f"/moderation/flag/engagement/comment/{own.pk}/" not in page  # nobody reports their own comment
    assert f'href="{reply_url(own)}?next=' in page  # but may answer it


@pytest.mark.django_db
def test_the_reply_page_works_without_javascript_and_htmx_gets_the_form_alone(client, make_problem, citizen):
    problem = make_problem()
    parent = actions.comment_add(author=problem.author, target=problem, body="Reported to the council.")
    client.force_login(citizen)
    page = client.get(f"{reply_url(parent)}?next={problem.get_absolute_url()}")
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html and "Reported to the council." in html
    assert f'name="parent" value="{parent.pk}"' in html
    assert f'name="next" value="{problem.get_absolute_url()}#comment-{parent.pk}"' in html
    fragment = client.get(reply_url(parent), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "<form" in fragment and "autofocus" in fragment
    # Posting the form answers the comment and goes back to it.
    response = client.post(
        f"/engage/problems/problem/{problem.pk}/comment/",
        {"body": "Thank you!", "parent": parent.pk, "next": f"{problem.get_absolute_url()}#comment-{parent.pk}"},
    )
    assert response["Location"] == f"{problem.get_absolute_url()}#comment-{parent.pk}"
    assert Comment.objects.get(parent=parent).body == "Thank you!"


@pytest.mark.django_db
def test_the_reply_page_refuses_what_cannot_be_answered(client, make_problem, citizen, moderator):
    problem = make_problem()
    parent = actions.comment_add(author=problem.author, target=problem, body="Reported.")
    assert client.get(reply_url(parent))["Location"].startswith("/accounts/login/")
    client.force_login(citizen)
    assert client.get("/engage/comments/999/reply/").status_code == 404
    # A foreign address in ``next`` is replaced by the comment's own.
    html = client.get(f"{reply_url(parent)}?next=https://evil.example/").content.decode()
    assert f'name="next" value="{problem.get_absolute_url()}#comment-{parent.pk}"' in html
    Comment.objects.filter(pk=parent.pk).update(is_hidden=True)
    assert client.get(reply_url(parent)).status_code == 404
    Comment.objects.filter(pk=parent.pk).update(is_hidden=False)
    actions.comment_add(author=citizen, target=problem, body="I was here before.")  # a participant, then
    suspension_create(actor=moderator, user=citizen, organisation=problem.organisation, reason="Spam", days=3)
    assert client.get(reply_url(parent)).status_code == 403
    assert client.post(reply_url(parent)).status_code == 405


@pytest.mark.django_db
def test_threads_are_rendered_once_and_shared_without_sharing_csrf_tokens(client, make_problem, make_user):
    problem = make_problem()
    for n in range(3):
        actions.comment_add(author=make_user(), target=problem, body=f"Comment number {n}")
    first, second = make_user(), make_user()
    client.force_login(first)
    page_one = client.get(problem.get_absolute_url()).content.decode()
    assert len(cache._cache) >= 1  # the threads are stored
    client.force_login(second)
    page_two = client.get(problem.get_absolute_url()).content.decode()
    assert threads_of(page_one) == threads_of(page_two)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_two).group(1)
    tokens_one = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_one))
    assert token not in tokens_one


@pytest.mark.django_db
def test_shared_threads_follow_every_change_they_show(client, make_problem, make_user, citizen):
    problem = make_problem()
    writer = make_user(display_name="Wanda Writer")
    comment = actions.comment_add(author=writer, target=problem, body="First words.")
    client.force_login(citizen)

    def threads():
        return threads_of(client.get(problem.get_absolute_url()).content.decode())

    assert "First words." in threads() and "Wanda Writer" in threads()
    Comment.objects.filter(pk=comment.pk).update(body="Edited words.")
    assert "Edited words." in threads()
    User.objects.filter(pk=writer.pk).update(display_name="Wanda Renamed")
    assert "Wanda Renamed" in threads()
    actions.comment_add(author=make_user(), target=problem, body="A reply.", parent=comment)
    assert "A reply." in threads()
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    assert "Edited words." not in threads()
    # Someone who wrote a comment on the page gets their own rendering: no report link on it.
    own = actions.comment_add(author=citizen, target=problem, body="My own view.")
    assert f"/moderation/flag/engagement/comment/{own.pk}/" not in threads()
    client.force_login(make_user())
    assert f"/moderation/flag/engagement/comment/{own.pk}/" in threads()


@pytest.mark.django_db
def test_a_comment_quoting_the_token_placeholder_stays_text(client, make_problem, make_user, citizen):
    problem = make_problem()
    actions.comment_add(author=make_user(), target=problem, body="__cocreate_csrf_token__")
    client.force_login(citizen)
    for _ in range(2):
        page = client.get(problem.get_absolute_url()).content.decode()
        assert "__cocreate_csrf_token__" in threads_of(page)


@pytest.mark.django_db
def test_tracking_parameters_share_the_threads_and_the_page_of_comments_is_kept(client, make_problem, make_user):
    problem = make_problem()
    comment = actions.comment_add(author=make_user(), target=problem, body="A first thought.")
    client.force_login(make_user())
    url = problem.get_absolute_url()
    client.get(url)
    stored = len(cache._cache)
    page = client.get(f"{url}?utm_source=newsletter&utm_campaign=spring").content.decode()
    assert len(cache._cache) == stored  # the same threads: nothing new stored
    assert f'href="{reply_url(comment)}?next={url}"' in page  # the campaign is not carried on
    # Replying from the second page of comments (twenty threads a page) comes back to the second page.
    for n in range(20):
        actions.comment_add(author=make_user(), target=problem, body=f"Thought {n}")
    page_two = client.get(f"{url}?comments=2&utm_source=newsletter").content.decode()
    assert f"reply/?next={url}%3Fcomments%3D2" in page_two
    assert "utm_source" not in page_two.split('<ul class="comments">', 1)[1]
