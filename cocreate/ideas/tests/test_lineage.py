import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from cocreate.activity.models import Link
from cocreate.activity.queries import journey
from cocreate.challenges.actions import StageSpec, challenge_publish, challenge_set_stages, challenge_update
from cocreate.challenges.tests.conftest import days
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Notification
from cocreate.ideas.actions import idea_submit
from cocreate.problems.actions import problem_mark_duplicate, problem_report, problems_frame_challenge


def links_of(item):
    return list(
        Link.objects.filter(source_type=ContentType.objects.get_for_model(item), source_id=item.pk).values_list(
            "kind", "target_id"
        )
    )


@pytest.mark.django_db
def test_submitting_an_idea_links_it_to_its_challenge(make_idea, collection):
    idea = make_idea()
    assert links_of(idea) == [("proposed_in", collection.pk)]


@pytest.mark.django_db
def test_the_idea_journey_shows_its_challenge(client, make_idea, collection):
    idea = make_idea()
    steps = journey(idea, user=idea.author)
    assert [str(step.item) for step in steps] == ["Safer cycling to school", "Protected bike lanes on Station Road"]
    assert steps[1].outgoing == [("was proposed in", collection)]
    assert (
        "received the idea “Protected bike lanes on Station Road”"
        in client.get(f"/journey/challenges/challenge/{collection.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_the_backfill_links_ideas_once_however_often_it_runs(make_idea, collection):
    idea = make_idea()
    Link.objects.all().delete()
    migration = importlib.import_module("cocreate.ideas.migrations.0006_link_ideas_to_their_challenges")
    (backfill,) = migration.Migration.operations
    backfill.code(apps, None)
    backfill.code(apps, None)
    assert links_of(idea) == [("proposed_in", collection.pk)]


@pytest.fixture
def framed(city, department, official, admin_user, make_user):
    """Two city-wide problems framed into a challenge whose idea collection is open, and a duplicate merged into
    the first; each with people who took part."""
    people = {name: make_user(display_name=name) for name in ("reporter", "other reporter", "supporter", "follower")}
    people["duplicate reporter"] = make_user(display_name="duplicate reporter")
    first = problem_report(
        author=people["reporter"], organisation=city, title="Children hurt at Mill Lane", description="Twice."
    )
    second = problem_report(
        author=people["other reporter"], organisation=city, title="No cycle lane on Station Road", description="."
    )
    duplicate = problem_report(
        author=people["duplicate reporter"], organisation=city, title="Mill Lane crossing unsafe", description="."
    )
    for problem in (first, second):  # the supporter took part in both: still told once
        engagement.support_add(user=people["supporter"], target=problem)
    engagement.follow(user=people["follower"], target=second)
    engagement.follow(user=official, target=second)  # the official who acts is never told
    problem_mark_duplicate(actor=official, problem=duplicate, original=first, answer="Reported already.")
    challenge = problems_frame_challenge(
        actor=official,
        problems=[first, second],
        department=department,
        template="idea_challenge",
        title="Safer crossings",
    ).challenge
    challenge_set_stages(
        actor=official,
        challenge=challenge,
        stage_specs=[StageSpec(type="idea_collection", starts_at=days(-1), ends_at=days(10))],
    )
    return {"challenge": challenge, "people": people, "first": first, "duplicate": duplicate}


def notified(verb: str, about=None) -> list[int]:
    engagement.announcements_deliver_pending()  # the worker's part of telling the people upstream
    notices = Notification.objects.filter(verb=verb)
    if about is not None:
        notices = notices.filter(target_type=ContentType.objects.get_for_model(about), target_id=about.pk)
    return sorted(notices.values_list("recipient_id", flat=True))


def ids(people, *names) -> list[int]:
    return sorted(people[name].pk for name in names)


@pytest.mark.django_db
def test_publishing_a_framed_challenge_tells_the_people_of_its_problems_once_each(framed, official):
    challenge_publish(actor=official, challenge=framed["challenge"])

    assert notified("lineage.challenge_published") == ids(
        framed["people"], "reporter", "other reporter", "supporter", "follower", "duplicate reporter"
    )


@pytest.mark.django_db
def test_a_status_change_of_an_idea_reaches_the_people_of_the_problems_it_came_from_once_each(
    framed, official, make_user
):
    people = framed["people"]
    challenge = challenge_publish(actor=official, challenge=framed["challenge"])
    author, idea_supporter = make_user(), make_user()
    idea = idea_submit(author=author, challenge=challenge, title="Raised crossing", description="With lights.")
    engagement.support_add(user=idea_supporter, target=idea)
    engagement.support_add(user=people["supporter"], target=idea)  # told directly, so not told again

    engagement.status_change(actor=official, target=idea, status="accepted", answer="We build it.")

    assert notified("status.changed", about=idea) == sorted([author.pk, idea_supporter.pk, people["supporter"].pk])
    assert notified("lineage.status_changed") == ids(
        people, "reporter", "other reporter", "follower", "duplicate reporter"
    )
    notice = Notification.objects.filter(verb="lineage.status_changed").first()
    assert (notice.target_label, notice.text) == ("Raised crossing", "We build it.")


@pytest.mark.django_db
def test_an_idea_in_an_invited_challenge_tells_nobody_upstream(framed, official, admin_user):
    challenge = challenge_update(actor=official, challenge=framed["challenge"], visibility="invited")
    challenge = challenge_publish(actor=official, challenge=challenge)
    idea = idea_submit(author=admin_user, challenge=challenge, title="Raised crossing", description="With lights.")

    engagement.status_change(actor=official, target=idea, status="accepted", answer="We build it.")

    assert notified("lineage.status_changed") == []


@pytest.mark.django_db
def test_the_people_of_a_merged_duplicate_reach_the_original_and_its_challenge_through_the_journey(framed):
    people = framed["people"]
    titles = [str(step.item) for step in journey(framed["duplicate"], user=people["duplicate reporter"])]
    assert titles == ["Children hurt at Mill Lane", "Mill Lane crossing unsafe"]  # the challenge is still a draft
    challenge_publish(actor=framed["challenge"].created_by, challenge=framed["challenge"])
    steps = journey(framed["duplicate"], user=people["duplicate reporter"])
    assert [str(step.item) for step in steps] == [
        "Children hurt at Mill Lane",
        "Mill Lane crossing unsafe",
        "Safer crossings",
    ]
    assert steps[1].outgoing == [("is a duplicate of", framed["first"])]
