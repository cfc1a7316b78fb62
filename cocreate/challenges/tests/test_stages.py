import datetime as dt

import pytest

from cocreate.challenges import processes, stages
from cocreate.challenges.actions import StageSpec, challenge_set_stages, stages_from_template
from cocreate.challenges.errors import StageDatesInvalid, UnknownStageType
from cocreate.challenges.models import Challenge

from .conftest import days, single_stage


def test_information_stage_is_registered_and_allows_only_following():
    information = stages.get("information")
    assert information is not None
    assert information.features == {"follow": frozenset({"challenges.challenge"})}
    assert not information.allows("create", "challenges.challenge")


def test_registering_a_different_stage_type_under_a_taken_key_is_refused():
    clash = stages.StageType(key="information", label="Other", description="", features={"vote": ["ideas.idea"]})
    with pytest.raises(ValueError, match="already registered"):
        stages.register(clash)


def test_templates_leave_out_stage_types_not_registered(participation_stage_type):
    template = processes.ProcessTemplate(
        key="t",
        label="T",
        context="",
        description="",
        stage_types=("information", "no_such_type", "test_participation"),
    )
    assert template.available_stage_types() == ["information", "test_participation"]
    assert template.missing_stage_types() == ["no_such_type"]
    start = days(0)
    specs = stages_from_template(template, start)
    assert [(s.type, s.starts_at, s.ends_at) for s in specs] == [
        ("information", start, start + dt.timedelta(days=28)),
        ("test_participation", start + dt.timedelta(days=28), start + dt.timedelta(days=56)),
    ]


@pytest.mark.parametrize("template", processes.TEMPLATES, ids=lambda t: t.key)
def test_every_template_starts_with_information_and_names_four_kinds_of_context(template):
    assert template.stage_types[0] == "information"
    assert {t.key for t in processes.TEMPLATES} == {
        "open_exploration",
        "idea_challenge",
        "co_design_studio",
        "adoption_campaign",
    }


@pytest.mark.django_db
def test_creating_from_a_template_copies_its_available_stages(make_challenge):
    challenge = make_challenge(template="co_design_studio", publish=False)
    assert [s.type for s in challenge.ordered_stages] == processes.get("co_design_studio").available_stage_types()
    assert challenge.process_template == "co_design_studio"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "active", "status"),
    [(-5, 5, True, "open"), (2, 9, False, "upcoming"), (-9, -2, False, "finished")],
)
def test_active_stage_and_status_follow_the_dates(make_challenge, start, end, active, status):
    challenge = make_challenge(stage_specs=single_stage("information", start, end))
    assert (challenge.active_stage() is not None) is active
    assert challenge.status() == status
    annotated = Challenge.objects.with_status().get(pk=challenge.pk)
    assert annotated.status_code == status
    assert annotated.active_stage_type == ("information" if active else None)


@pytest.mark.django_db
def test_the_stage_running_now_is_the_active_one(make_challenge, participation_stage_type):
    challenge = make_challenge(
        stage_specs=[
            StageSpec(type="information", starts_at=days(-20), ends_at=days(-1)),
            StageSpec(type="test_participation", starts_at=days(-1), ends_at=days(10)),
            StageSpec(type="information", starts_at=days(10), ends_at=days(20)),
        ]
    )
    assert challenge.active_stage().type == "test_participation"
    assert challenge.active_stage(now=days(15)).type == "information"
    assert challenge.active_stage(now=days(25)) is None


@pytest.mark.django_db
def test_drafts_have_draft_status_whatever_the_dates(make_challenge):
    challenge = make_challenge(publish=False, stage_specs=single_stage("information", -5, 5))
    assert challenge.status() == "draft"
    assert Challenge.objects.with_status().get(pk=challenge.pk).status_code == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("specs", "error"),
    [
        ([StageSpec(type="nonexistent", starts_at=days(0), ends_at=days(1))], UnknownStageType),
        ([StageSpec(type="information", starts_at=days(2), ends_at=days(1))], StageDatesInvalid),
        (
            [
                StageSpec(type="information", starts_at=days(0), ends_at=days(10)),
                StageSpec(type="information", starts_at=days(5), ends_at=days(15)),
            ],
            StageDatesInvalid,
        ),
    ],
    ids=["unregistered type", "ends before start", "overlap"],
)
def test_invalid_stages_are_refused_and_nothing_changes(make_challenge, superuser, specs, error):
    challenge = make_challenge(stage_specs=single_stage("information", -5, 5))
    before = list(challenge.stages.values_list("type", "starts_at", "ends_at"))
    with pytest.raises(error):
        challenge_set_stages(actor=superuser, challenge=challenge, stage_specs=specs)
    assert list(challenge.stages.values_list("type", "starts_at", "ends_at")) == before


@pytest.mark.django_db
def test_editing_the_stages_keeps_each_stage_of_a_type_in_its_order(
    make_challenge, superuser, participation_stage_type
):
    challenge = make_challenge(
        stage_specs=[
            StageSpec(type="information", starts_at=days(-10), ends_at=days(-5)),
            StageSpec(type="test_participation", starts_at=days(-5), ends_at=days(5)),
        ]
    )
    before = {s.type: s.pk for s in challenge.stages.all()}
    challenge_set_stages(
        actor=superuser,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="information", starts_at=days(-12), ends_at=days(-6)),
            StageSpec(type="test_participation", starts_at=days(-6), ends_at=days(9)),
            StageSpec(type="information", starts_at=days(9), ends_at=days(12), title="Results"),
        ],
    )
    after = list(challenge.stages.order_by("position").values_list("pk", "type", "title", "ends_at"))
    assert [pk for pk, *_ in after[:2]] == [before["information"], before["test_participation"]]
    assert after[1][3] > days(8)  # its new end
    assert after[2][1:3] == ("information", "Results")


@pytest.mark.django_db
def test_stages_stored_before_dates_were_bounded_move_within_the_bounds_and_their_pages_render_again(
    client, make_challenge, superuser, with_second_factor
):
    import importlib

    from django.apps import apps as django_apps
    from django.db import DataError, connection

    from cocreate.challenges.models import Stage

    migration = importlib.import_module("cocreate.challenges.migrations.0007_stage_dates_within_bounds")
    challenge = make_challenge(stage_specs=single_stage("information", -1, 5))
    far = make_challenge(title="Far future", stage_specs=single_stage("information", -1, 5))
    stage, far_stage = challenge.stages.get(), far.stages.get()
    # 0001-01-01 00:00 in Berlin is 0000-12-31 23:00 UTC: year 0, which Python cannot read back.
    year_zero = "0001-12-31 23:00:00+00 BC" if connection.vendor == "postgresql" else "0000-12-31 23:00:00"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE challenges_stage SET starts_at = %s WHERE id = %s", [year_zero, stage.pk])
    Stage.objects.filter(pk=far_stage.pk).update(
        starts_at=dt.datetime(9999, 12, 30, tzinfo=dt.UTC), ends_at=dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
    )
    with pytest.raises((ValueError, DataError), match=r"year 0 is out of range|before year 1"):
        client.get(f"/challenges/{challenge.slug}/")  # the fault the migration repairs

    migration.move_within_bounds(django_apps, None)

    stage.refresh_from_db()
    far_stage.refresh_from_db()
    assert (stage.starts_at, stage.type) == (dt.datetime(1900, 1, 1, tzinfo=dt.UTC), "information")
    assert (far_stage.starts_at, far_stage.ends_at) == (
        dt.datetime(2200, 12, 31, tzinfo=dt.UTC),
        dt.datetime(2201, 1, 1, tzinfo=dt.UTC),
    )
    with_second_factor(superuser)
    client.force_login(superuser)
    for item in (challenge, far):
        assert client.get(f"/challenges/{item.slug}/").status_code == 200
        assert client.get(f"/api/v1/challenges/{item.slug}").status_code == 200
        assert client.get(f"/manage/challenges/{item.slug}/stages/").status_code == 200


@pytest.mark.parametrize("when", ["0001-01-01 00:00:00", "9999-12-31 23:00:00"])
def test_forms_built_from_the_models_as_the_admin_builds_them_refuse_dates_out_of_range(when):
    from django.forms import modelform_factory

    from cocreate.challenges.models import Stage
    from cocreate.moderation.models import Suspension

    for model in (Stage, Suspension):
        form = modelform_factory(model, fields=["starts_at", "ends_at"])({"starts_at": when, "ends_at": when})
        assert not form.is_valid()
        assert form.errors["starts_at"] == ["Give a date from 1900-01-01 to 2200-12-31."]
        assert form.errors["ends_at"] == ["Give a date from 1900-01-01 to 2200-12-31."]
