import pytest

from cocreate.challenges.actions import challenge_set_stages
from cocreate.challenges.models import Challenge, Stage
from cocreate.challenges.tasks import announce_opened_stages, announce_stage_opening
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import Follow, Notification

from .conftest import single_stage


@pytest.fixture
def open_challenge(make_challenge):
    return make_challenge(title="Safer routes to school", stage_specs=single_stage("information", -2, 5))


@pytest.fixture
def upcoming_challenge(make_challenge):
    return make_challenge(title="Parking permits", stage_specs=single_stage("information", 5, 9))


def follow_url(challenge) -> str:
    return f"/challenges/{challenge.slug}/follow/"


def follower_ids(challenge) -> set[int]:
    return set(Follow.objects.filter(target_id=challenge.pk).values_list("user_id", flat=True))


@pytest.mark.django_db
def test_a_citizen_follows_a_challenge_from_its_page(client, citizen, open_challenge):
    client.force_login(citizen)
    page = client.get(open_challenge.get_absolute_url()).content.decode()
    assert "Follow the challenge" in page

    response = client.post(follow_url(open_challenge))

    assert response.status_code == 302
    assert response["Location"] == open_challenge.get_absolute_url()
    assert follower_ids(open_challenge) == {citizen.pk}
    assert Challenge.objects.get(pk=open_challenge.pk).follower_count == 1
    assert "Stop following the challenge" in client.get(open_challenge.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_following_with_htmx_returns_the_button_alone(client, citizen, open_challenge):
    client.force_login(citizen)

    fragment = client.post(follow_url(open_challenge), headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<div id="challenge-follow">')
    assert "Stop following the challenge" in fragment
    assert "1 person follows this challenge." in fragment
    assert "<h1>" not in fragment


@pytest.mark.django_db
def test_unfollowing_stops_it(client, citizen, open_challenge):
    engagement.follow(user=citizen, target=open_challenge)
    client.force_login(citizen)

    client.post(follow_url(open_challenge), {"undo": "1"})

    assert follower_ids(open_challenge) == set()
    assert Challenge.objects.get(pk=open_challenge.pk).follower_count == 0


@pytest.mark.django_db
def test_following_is_refused_when_no_stage_offers_it_and_nothing_changes(client, citizen, upcoming_challenge):
    client.force_login(citizen)
    assert "Follow the challenge" not in client.get(upcoming_challenge.get_absolute_url()).content.decode()

    response = client.post(follow_url(upcoming_challenge))

    assert response.status_code == 403
    assert follower_ids(upcoming_challenge) == set()
    assert Challenge.objects.get(pk=upcoming_challenge.pk).follower_count == 0


@pytest.mark.django_db
def test_a_visitor_is_offered_to_sign_in_and_cannot_post(client, open_challenge):
    page = client.get(open_challenge.get_absolute_url()).content.decode()
    assert "Sign in to follow the challenge" in page

    response = client.post(follow_url(open_challenge))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert follower_ids(open_challenge) == set()


@pytest.mark.django_db
def test_a_draft_cannot_be_followed(client, citizen, make_challenge):
    draft = make_challenge(title="Night buses", publish=False)
    client.force_login(citizen)

    assert client.post(follow_url(draft)).status_code == 404
    assert follower_ids(draft) == set()


def stage_opened_notices():
    return list(Notification.objects.filter(verb="stage.opened").values_list("recipient_id", flat=True))


@pytest.mark.django_db
def test_followers_hear_once_when_a_stage_opens(make_challenge, make_user, superuser):
    challenge = make_challenge(
        title="Safer routes to school",
        stage_specs=single_stage("information", -9, -3) + single_stage("idea_collection", -2, 5),
    )
    first, second = make_user(), make_user()
    for person in (first, second):
        engagement.follow(user=person, target=challenge)

    assert announce_opened_stages.call() == 1
    stage_id = Stage.objects.get(challenge=challenge, type="idea_collection").pk
    assert announce_stage_opening.call(stage_id=stage_id) == 2

    assert sorted(stage_opened_notices()) == sorted([first.pk, second.pk])
    notice = Notification.objects.filter(verb="stage.opened").first()
    assert notice.text.startswith("The stage “Idea collection” of “Safer routes to school” is open: ")
    assert notice.target_url == challenge.get_absolute_url()


@pytest.mark.django_db
def test_a_stage_is_never_announced_twice(make_challenge, citizen):
    challenge = make_challenge(title="Safer routes to school", stage_specs=single_stage("idea_collection", -2, 5))
    engagement.follow(user=citizen, target=challenge)
    stage_id = challenge.stages.get().pk

    assert announce_stage_opening.call(stage_id=stage_id) == 1
    assert announce_stage_opening.call(stage_id=stage_id) == 0
    assert announce_opened_stages.call() == 0
    assert stage_opened_notices() == [citizen.pk]


@pytest.mark.django_db
def test_editing_the_stages_does_not_announce_an_open_stage_again(make_challenge, citizen, superuser):
    challenge = make_challenge(title="Safer routes to school", stage_specs=single_stage("idea_collection", -2, 5))
    engagement.follow(user=citizen, target=challenge)
    announce_stage_opening.call(stage_id=challenge.stages.get().pk)

    challenge_set_stages(actor=superuser, challenge=challenge, stage_specs=single_stage("idea_collection", -2, 8))

    assert announce_opened_stages.call() == 0
    assert stage_opened_notices() == [citizen.pk]


@pytest.mark.django_db
def test_stages_not_open_or_of_drafts_are_not_announced(make_challenge, citizen):
    upcoming = make_challenge(title="Parking permits", stage_specs=single_stage("information", 5, 9))
    draft = make_challenge(title="Night buses", publish=False, stage_specs=single_stage("information", -2, 5))

    assert announce_opened_stages.call() == 0
    assert announce_stage_opening.call(stage_id=upcoming.stages.get().pk) == 0
    assert announce_stage_opening.call(stage_id=draft.stages.get().pk) == 0
    assert Stage.objects.filter(opening_announced_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_publishing_queues_each_stage_announcement_for_the_moment_it_opens(
    make_challenge, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        challenge = make_challenge(
            title="Safer routes to school",
            stage_specs=single_stage("information", -2, 5) + single_stage("idea_collection", 5, 9),
        )
    queued = [r for r in default_task_backend.results if r.task.name == "announce_stage_opening"]
    expected = {(stage.pk, stage.starts_at) for stage in challenge.stages.all()}
    assert {(r.kwargs["stage_id"], r.task.run_after) for r in queued} == expected
