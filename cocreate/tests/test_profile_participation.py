"""A person's profile shows their participation (supports, comments, votes) as far as its viewer may see it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.decisions.queries import voted_in
from cocreate.engagement.actions import comment_add, support_add
from cocreate.ideas.actions import idea_submit
from cocreate.problems.actions import problem_report


@pytest.fixture
def public_idea(make_challenge_in, make_user):
    challenge = make_challenge_in(title="Safer cycling to school")
    return idea_submit(author=make_user(), challenge=challenge, title="Bike buses", description="Ride together.")


@pytest.fixture
def private_idea(make_challenge_in, admin_user, citizen):
    challenge = make_challenge_in(title="Invited-only plan", visibility="invited")
    challenge.invited.add(citizen)
    return idea_submit(author=admin_user, challenge=challenge, title="Secret shortcut", description="Through the park.")


@pytest.fixture
def public_problem(city, make_user):
    return problem_report(author=make_user(), organisation=city, title="Broken swing", description="Chain is loose.")


def profile(client, person) -> str:
    response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_supports_and_comments_show_on_the_profile(client, citizen, public_idea, public_problem):
    support_add(user=citizen, target=public_idea)
    support_add(user=citizen, target=public_problem)
    comment_add(author=citizen, target=public_idea, body="Count me in.")
    comment_add(author=citizen, target=public_problem, body="Same here.")

    html = profile(client, citizen)

    assert html.count(f'<a href="{public_idea.get_absolute_url()}">Bike buses</a>') == 2  # supported, commented on
    assert html.count(f'<a href="{public_problem.get_absolute_url()}">Broken swing</a>') == 2  # confirmed, commented
    for label in ("Ideas supported", "Ideas commented on", "Problems confirmed", "Problems commented on"):
        assert f"<h4>{label}</h4>" in html


def test_participation_in_a_private_challenge_shows_only_to_who_may_see_it(client, citizen, make_user, private_idea):
    support_add(user=citizen, target=private_idea)
    comment_add(author=citizen, target=private_idea, body="Good.")
    link = f'<a href="{private_idea.get_absolute_url()}">Secret shortcut</a>'

    assert link not in profile(client, citizen)  # a visitor
    client.force_login(make_user(display_name="Otto Outsider"))
    assert link not in profile(client, citizen)
    client.force_login(citizen)
    assert profile(client, citizen).count(link) == 2


def test_a_hidden_comment_is_not_listed(client, citizen, public_idea):
    comment = comment_add(author=citizen, target=public_idea, body="Rude words.")
    comment.is_hidden = True
    comment.save(update_fields=["is_hidden"])

    assert "Ideas commented on" not in profile(client, citizen)


def test_votes_are_listed_for_the_voter_alone(citizen, make_user):
    assert voted_in(citizen, viewer=AnonymousUser(), limit=5) == []
    assert voted_in(citizen, viewer=make_user(), limit=5) == []
    assert voted_in(citizen, viewer=citizen, limit=5) == []  # no ballot yet
