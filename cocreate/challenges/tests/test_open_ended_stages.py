import datetime as dt

import pytest
from django.utils.dateformat import format as format_date

from cocreate.challenges import processes, stages
from cocreate.challenges.actions import StageSpec, challenge_set_stages, stages_from_template
from cocreate.challenges.errors import StageOpenEndedNotLast
from cocreate.challenges.models import Challenge
from cocreate.challenges.queries import stages_opened_unannounced

from .conftest import days
from .test_backoffice import snapshot

OPEN_ENDED = stages.StageType(
    key="test_open_ended",
    label="Delivery (test)",
    description="A stage type that stays open by default, registered only by the tests.",
    features={stages.Feature.FOLLOW: ["challenges.challenge"]},
    default_days=None,
)
SHORT = stages.StageType(key="test_short", label="Short (test)", description="", default_days=10)


@pytest.fixture
def test_stage_types():
    for stage_type in (OPEN_ENDED, SHORT):
        stages.register(stage_type)
    yield
    for stage_type in (OPEN_ENDED, SHORT):
        stages.unregister(stage_type.key)


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


def template_of(*stage_types: str) -> processes.ProcessTemplate:
    return processes.ProcessTemplate(key="t", label="T", context="", description="", stage_types=stage_types)


def open_from(start: int, *, after: tuple[int, int] | None = None) -> list[StageSpec]:
    """An information stage from ``start`` days from now with no end, after a stage of ``after`` days if given."""
    earlier = [StageSpec(type="information", starts_at=days(after[0]), ends_at=days(after[1]))] if after else []
    return [*earlier, StageSpec(type="information", starts_at=days(start), ends_at=None, title="Delivery")]


@pytest.mark.django_db
def test_an_open_ended_stage_is_active_from_its_start_for_ever(make_challenge):
    challenge = make_challenge(stage_specs=open_from(-5))
    assert challenge.active_stage(now=days(-6)) is None
    assert challenge.active_stage().title == "Delivery"
    assert challenge.active_stage(now=days(36500)).title == "Delivery"
    assert challenge.status(now=days(36500)) == "open"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("specs", "status", "active_stage_type"),
    [
        (open_from(-5), "open", "information"),
        (open_from(3), "upcoming", None),
        (open_from(-1, after=(-10, -1)), "open", "information"),
        (open_from(3, after=(-10, -1)), "upcoming", None),
    ],
    ids=["started", "not started", "after a finished stage", "in the gap before it"],
)
def test_with_status_agrees_with_status_for_an_open_ended_stage(make_challenge, specs, status, active_stage_type):
    challenge = make_challenge(stage_specs=specs)
    annotated = Challenge.objects.with_status().get(pk=challenge.pk)
    assert challenge.status() == status
    assert annotated.status_code == status
    assert annotated.active_stage_type == active_stage_type


@pytest.mark.django_db
def test_a_stage_with_no_end_never_changes_again_once_open(make_challenge):
    challenge = make_challenge(stage_specs=open_from(3, after=(-10, -1)))
    assert challenge.next_stage_change() == challenge.ordered_stages[1].starts_at
    assert challenge.next_stage_change(now=days(4)) is None


@pytest.mark.django_db
def test_the_next_stage_is_the_first_that_opens_after_now(make_challenge):
    challenge = make_challenge(stage_specs=open_from(3, after=(-10, -1)))
    assert challenge.next_stage().title == "Delivery"
    assert challenge.next_stage(now=days(4)) is None


@pytest.mark.django_db
def test_an_open_ended_stage_that_opened_is_announced(make_challenge):
    challenge = make_challenge(stage_specs=open_from(-1, after=(-10, -1)))
    assert stages_opened_unannounced() == [challenge.ordered_stages[1].pk]


@pytest.mark.django_db
def test_an_open_ended_stage_that_is_not_last_is_refused_and_nothing_changes(make_challenge, superuser):
    challenge = make_challenge(stage_specs=open_from(-5))
    before = snapshot(challenge)
    with pytest.raises(StageOpenEndedNotLast):
        challenge_set_stages(
            actor=superuser,
            challenge=challenge,
            stage_specs=[
                StageSpec(type="information", starts_at=days(-5), ends_at=None),
                StageSpec(type="information", starts_at=days(10), ends_at=days(20)),
            ],
        )
    assert snapshot(challenge) == before


def test_a_template_gives_each_stage_its_types_default_length(test_stage_types):
    start = days(0)
    specs = stages_from_template(template_of("information", "test_short", "test_open_ended"), start)
    assert [(s.type, s.starts_at, s.ends_at) for s in specs] == [
        ("information", start, start + dt.timedelta(days=28)),
        ("test_short", start + dt.timedelta(days=28), start + dt.timedelta(days=38)),
        ("test_open_ended", start + dt.timedelta(days=38), None),
    ]


def test_a_type_that_stays_open_by_default_lasts_four_weeks_when_a_stage_follows_it(test_stage_types):
    start = days(0)
    specs = stages_from_template(template_of("test_open_ended", "information"), start)
    assert [s.ends_at for s in specs] == [start + dt.timedelta(days=28), start + dt.timedelta(days=56)]


def test_a_template_leaves_out_a_type_not_registered_after_the_open_ended_one(test_stage_types):
    start = days(0)
    specs = stages_from_template(template_of("information", "test_open_ended", "no_such_type"), start)
    assert [s.ends_at for s in specs] == [start + dt.timedelta(days=28), None]


STAGES_FORM = {
    "stages-TOTAL_FORMS": "2",
    "stages-INITIAL_FORMS": "0",
    "stages-0-type": "information",
    "stages-0-first_day": "2030-03-01",
    "stages-0-last_day": "2030-03-31",
    "stages-1-type": "information",
    "stages-1-title": "Delivery",
    "stages-1-first_day": "2030-04-01",
    "stages-1-last_day": "",
}


@pytest.mark.django_db
def test_the_stage_editor_accepts_an_empty_end_for_the_last_stage(official_client, make_challenge):
    challenge = make_challenge(publish=False)
    response = official_client.post(f"/manage/challenges/{challenge.slug}/stages/", STAGES_FORM)
    stages_saved = list(Challenge.objects.get(pk=challenge.pk).stages.order_by("position"))
    assert response.status_code == 302
    assert [(s.display_title, str(s.first_day), s.last_day) for s in stages_saved] == [
        ("Information", "2030-03-01", dt.date(2030, 3, 31)),
        ("Delivery", "2030-04-01", None),
    ]
    assert stages_saved[1].ends_at is None


@pytest.mark.django_db
def test_the_stage_editor_shows_an_empty_end_before_the_last_stage_beside_the_field(official_client, make_challenge):
    challenge = make_challenge(publish=False)
    before = snapshot(challenge)
    form = {**STAGES_FORM, "stages-0-last_day": "", "stages-1-last_day": "2030-04-30"}
    response = official_client.post(f"/manage/challenges/{challenge.slug}/stages/", form)
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        '<ul class="field-errors" id="id_stages-0-last_day_error"><li>'
        "Only the last stage may stay open with no end. Give this stage a last day.</li></ul>"
    ) in body
    assert snapshot(challenge) == before


@pytest.mark.django_db
def test_the_stage_editor_shows_an_open_stage_with_an_empty_last_day(official_client, make_challenge):
    challenge = make_challenge(publish=False, stage_specs=open_from(3))
    response = official_client.get(f"/manage/challenges/{challenge.slug}/stages/")
    assert response.context["formset"].forms[0].initial["last_day"] is None


@pytest.mark.django_db
def test_the_page_says_an_open_ended_stage_stays_open(client, make_challenge):
    challenge = make_challenge(stage_specs=open_from(-1, after=(-10, -1)))
    body = client.get(challenge.get_absolute_url()).content.decode()
    first_day = format_date(challenge.ordered_stages[1].first_day, "j M Y")
    assert "The stage “Delivery” is open, with no set end: it stays open until the organisers set one." in body
    assert f"from {first_day}, open, with no set end" in body
    assert "Next:" not in body


@pytest.mark.django_db
def test_the_page_shows_the_current_stage_and_the_next_with_its_date(client, make_challenge):
    challenge = make_challenge(stage_specs=open_from(4, after=(-3, 4)))
    current, following = challenge.ordered_stages
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert f"The stage “Information” runs until {format_date(current.last_day, 'j F Y')}." in body
    assert f"Next: “Delivery” from {format_date(following.first_day, 'j F Y')}." in body


@pytest.mark.django_db
def test_the_page_shows_when_the_next_stage_starts_while_nothing_is_open(client, make_challenge):
    challenge = make_challenge(stage_specs=open_from(3, after=(-10, -1)))
    following = challenge.ordered_stages[1]
    body = client.get(challenge.get_absolute_url()).content.decode()
    start = format_date(following.first_day, "j F Y")
    assert f"Nothing is open at the moment. The next stage, “Delivery”, starts on {start}." in body


@pytest.mark.django_db
def test_the_api_gives_no_end_for_an_open_ended_stage(client, make_challenge):
    challenge = make_challenge(stage_specs=open_from(-1, after=(-10, -1)))
    detail = client.get(f"/api/v1/challenges/{challenge.slug}").json()
    assert detail["stages"][1]["ends_at"] is None
    assert detail["status"] == "open"
