"""Officials open the next stage now, from the stages page that names stage types as people read them."""

import datetime as dt

import pytest
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.challenges.actions import StageSpec, challenge_open_next_stage
from cocreate.challenges.errors import NoNextStage
from cocreate.challenges.models import Challenge
from cocreate.challenges.tests.conftest import days
from cocreate.core.errors import NotPermitted


def midnight(n: int) -> dt.datetime:
    """The start of the day ``n`` days from today, as stages planned on the stages page begin and end."""
    return start_of_today() + dt.timedelta(days=n)


def three_stages():
    return [
        StageSpec(type="information", starts_at=midnight(-3), ends_at=midnight(5)),
        StageSpec(type="opinion_map", starts_at=midnight(5), ends_at=midnight(12)),
        StageSpec(type="idea_collection", starts_at=midnight(12), ends_at=midnight(20)),
    ]


def dates(challenge):
    return [
        (s.type, s.starts_at, s.ends_at) for s in Challenge.objects.get(pk=challenge.pk).stages.order_by("position")
    ]


def start_of_today():
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


@pytest.mark.django_db
def test_the_running_stage_ends_and_the_next_opens_today_keeping_its_end(make_challenge, official):
    challenge = make_challenge(stage_specs=three_stages())
    planned = dates(challenge)

    opened = challenge_open_next_stage(actor=official, challenge=challenge)

    today = start_of_today()
    assert opened.type == "opinion_map"
    assert dates(challenge) == [
        ("information", planned[0][1], today),
        ("opinion_map", today, planned[1][2]),
        planned[2],
    ]
    assert Challenge.objects.get(pk=challenge.pk).active_stage().type == "opinion_map"
    assert Activity.objects.filter(verb="challenge.next_stage_opened", actor=official).count() == 1


@pytest.mark.django_db
def test_a_stage_that_began_today_ends_at_this_moment(make_challenge, official):
    now = start_of_today() + dt.timedelta(hours=10)
    specs = [
        StageSpec(type="information", starts_at=start_of_today() + dt.timedelta(hours=1), ends_at=days(5)),
        StageSpec(type="opinion_map", starts_at=days(5), ends_at=days(12)),
    ]
    challenge = make_challenge(stage_specs=specs)

    challenge_open_next_stage(actor=official, challenge=challenge, now=now)

    assert dates(challenge)[0][2] == now  # the running stage ended
    assert dates(challenge)[1][1] == now  # the next one began


@pytest.mark.django_db
def test_before_the_first_stage_the_first_stage_opens(make_challenge, official):
    challenge = make_challenge(stage_specs=[StageSpec(type="information", starts_at=days(3), ends_at=days(9))])

    opened = challenge_open_next_stage(actor=official, challenge=challenge)

    assert opened.starts_at == start_of_today()
    assert opened.ends_at == dates(challenge)[0][2]


@pytest.mark.django_db
def test_in_the_last_stage_there_is_nothing_to_open(make_challenge, official):
    challenge = make_challenge(stage_specs=[StageSpec(type="information", starts_at=days(-3), ends_at=days(9))])
    before = dates(challenge)

    with pytest.raises(NoNextStage):
        challenge_open_next_stage(actor=official, challenge=challenge)
    assert dates(challenge) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_only_the_challenges_officials_may_open_the_next_stage(request, make_challenge, role):
    challenge = make_challenge(stage_specs=three_stages())
    before = dates(challenge)

    with pytest.raises(NotPermitted):
        challenge_open_next_stage(actor=request.getfixturevalue(role), challenge=challenge)
    assert dates(challenge) == before


@pytest.mark.django_db
def test_the_stages_page_names_stage_types_and_offers_to_open_the_next(official_client, make_challenge):
    challenge = make_challenge(stage_specs=three_stages())

    page = official_client.get(f"/manage/challenges/{challenge.slug}/stages/").content.decode()

    assert "<td>Opinion map</td>" in page
    assert "<td>opinion_map</td>" not in page
    assert "Open the next stage now" in page


@pytest.mark.django_db
def test_opening_the_next_stage_from_the_page_and_saving_the_stages_again(official_client, make_challenge):
    challenge = make_challenge(stage_specs=three_stages())
    url = f"/manage/challenges/{challenge.slug}/stages/"

    response = official_client.post(f"{url}open-next/")

    assert response.status_code == 302
    assert Challenge.objects.get(pk=challenge.pk).active_stage().type == "opinion_map"
    # The stages form, as the page shows it, saves again unchanged.
    stages = Challenge.objects.get(pk=challenge.pk).ordered_stages
    form = {"stages-TOTAL_FORMS": "3", "stages-INITIAL_FORMS": "3"}
    for number, stage in enumerate(stages):
        form[f"stages-{number}-type"] = stage.type
        form[f"stages-{number}-first_day"] = str(stage.first_day)
        form[f"stages-{number}-last_day"] = str(stage.last_day)
    before = dates(challenge)
    assert official_client.post(url, form).status_code == 302
    assert dates(challenge) == before


@pytest.mark.django_db
def test_a_citizen_posting_to_open_the_next_stage_changes_nothing(client, citizen, make_challenge):
    challenge = make_challenge(stage_specs=three_stages())
    before = dates(challenge)
    client.force_login(citizen)

    response = client.post(f"/manage/challenges/{challenge.slug}/stages/open-next/")

    assert response.status_code == 403
    assert dates(challenge) == before


@pytest.mark.django_db
def test_with_no_next_stage_the_page_refuses_with_a_conflict(official_client, make_challenge):
    challenge = make_challenge(stage_specs=[StageSpec(type="information", starts_at=days(-3), ends_at=days(9))])

    response = official_client.post(f"/manage/challenges/{challenge.slug}/stages/open-next/")

    assert response.status_code == 409
