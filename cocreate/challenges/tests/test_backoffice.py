import pytest

from cocreate.activity.models import Activity
from cocreate.challenges.models import Challenge

from .conftest import single_stage

DETAILS = {
    "title": "Quieter streets at night",
    "summary": "Residents cannot sleep because of night traffic.",
    "problem_statement": "Lorries use residential streets as a shortcut between 22:00 and 6:00.",
    "affected": "",
    "evidence": "",
    "constraints": "",
    "budget": "",
    "response_days": "10",
    "visibility": "public",
}


def snapshot(challenge: Challenge):
    challenge = Challenge.objects.get(pk=challenge.pk)
    return (
        {f: getattr(challenge, f) for f in ("title", "summary", "visibility", "published_at", "response_days")},
        list(challenge.stages.values_list("type", "starts_at", "ends_at")),
        list(challenge.indicators.values_list("name", "baseline", "target")),
        Activity.objects.count(),
    )


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


@pytest.mark.django_db
def test_an_official_creates_a_challenge_from_a_template(official_client, city, department):
    response = official_client.post(
        "/manage/challenges/new/",
        {**DETAILS, "organisation": city.pk, "department": department.pk, "template": "co_design_studio"},
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/challenges/{challenge.slug}/"
    assert (challenge.title, challenge.response_days, challenge.is_published) == (
        "Quieter streets at night",
        10,
        False,
    )
    assert [s.type for s in challenge.ordered_stages] == ["information", "design", "vote", "delivery"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert sum("not available on this platform yet" in m for m in messages) == 0
    entry = Activity.objects.get()
    assert (entry.verb, entry.actor, entry.is_public) == ("challenge.created", challenge.created_by, False)


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed_and_saves_nothing(official_client, city, other_city, department):
    from cocreate.organisations.actions import department_create

    foreign = department_create(organisation=other_city, name="Foreign")
    response = official_client.post(
        "/manage/challenges/new/",
        {
            **DETAILS,
            "title": "",
            "organisation": city.pk,
            "department": foreign.pk,
            "template": "nope",
            "budget": "-5",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in body
    assert "Lorries use residential streets" in body
    assert not Challenge.objects.exists()


@pytest.mark.django_db
def test_stages_are_edited_and_validated(official_client, make_challenge):
    challenge = make_challenge(publish=False)
    url = f"/manage/challenges/{challenge.slug}/stages/"
    page = official_client.get(url)
    assert page.status_code == 200
    form = {
        "stages-TOTAL_FORMS": "2",
        "stages-INITIAL_FORMS": "0",
        "stages-0-type": "information",
        "stages-0-first_day": "2030-03-01",
        "stages-0-last_day": "2030-03-31",
        "stages-1-type": "information",
        "stages-1-title": "Results",
        "stages-1-first_day": "2030-03-15",
        "stages-1-last_day": "2030-03-10",
    }
    before = snapshot(challenge)
    response = official_client.post(url, form)
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()
    assert snapshot(challenge) == before

    form.update({"stages-1-first_day": "2030-04-01", "stages-1-last_day": "2030-04-30"})
    assert official_client.post(url, form).status_code == 302
    stages = list(Challenge.objects.get(pk=challenge.pk).stages.order_by("position"))
    assert [(s.display_title, str(s.first_day), str(s.last_day)) for s in stages] == [
        ("Information", "2030-03-01", "2030-03-31"),
        ("Results", "2030-04-01", "2030-04-30"),
    ]


@pytest.mark.django_db
def test_overlapping_stages_are_refused(official_client, make_challenge):
    challenge = make_challenge(publish=False)
    before = snapshot(challenge)
    response = official_client.post(
        f"/manage/challenges/{challenge.slug}/stages/",
        {
            "stages-TOTAL_FORMS": "2",
            "stages-INITIAL_FORMS": "0",
            "stages-0-type": "information",
            "stages-0-first_day": "2030-03-01",
            "stages-0-last_day": "2030-03-31",
            "stages-1-type": "information",
            "stages-1-first_day": "2030-03-31",
            "stages-1-last_day": "2030-04-30",
        },
    )
    assert response.status_code == 400
    assert "must start after the previous stage" in response.content.decode()
    assert snapshot(challenge) == before


@pytest.mark.django_db
def test_indicators_and_publishing(official_client, make_challenge):
    challenge = make_challenge(publish=False)
    response = official_client.post(
        f"/manage/challenges/{challenge.slug}/indicators/",
        {
            "indicators-TOTAL_FORMS": "2",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name": "Pupils who cycle",
            "indicators-0-unit": "%",
            "indicators-0-baseline": "9",
            "indicators-0-target": "20",
        },
    )
    assert response.status_code == 302
    assert list(challenge.indicators.values_list("name", "unit")) == [("Pupils who cycle", "%")]
    assert official_client.post(f"/manage/challenges/{challenge.slug}/publish/").status_code == 302
    challenge.refresh_from_db()
    assert challenge.is_published
    # Publishing twice is a named conflict, not a 500.
    assert official_client.post(f"/manage/challenges/{challenge.slug}/publish/").status_code == 409


@pytest.mark.django_db
def test_editing_details_records_what_changed(official_client, make_challenge):
    challenge = make_challenge()
    response = official_client.post(
        f"/manage/challenges/{challenge.slug}/",
        {**DETAILS, "department": challenge.department_id},
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "Quieter streets at night"
    entry = Activity.objects.filter(verb="challenge.updated").get()
    assert entry.is_public
    assert set(entry.data["fields"]) >= {"title", "summary", "problem_statement", "response_days"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["citizen", "moderator", "other_official"])
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "", DETAILS),
        ("post", "stages/", {"stages-TOTAL_FORMS": "0", "stages-INITIAL_FORMS": "0"}),
        ("post", "indicators/", {"indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0"}),
        ("post", "publish/", {}),
        ("get", "", None),
    ],
)
def test_people_without_the_role_are_refused_and_nothing_changes(
    client, request, make_challenge, make_user, other_city, with_second_factor, who, method, path, data
):
    from cocreate.organisations.actions import department_create, membership_grant

    challenge = make_challenge(publish=False, stage_specs=single_stage("information", -1, 5))
    if who == "other_official":
        user = make_user()
        membership_grant(
            user=user,
            organisation=other_city,
            role="official",
            department=department_create(organisation=other_city, name="Roads"),
        )
        with_second_factor(user)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    before = snapshot(challenge)
    response = getattr(client, method)(f"/manage/challenges/{challenge.slug}/{path}", data)
    assert response.status_code == 403
    assert snapshot(challenge) == before


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, make_challenge):
    challenge = make_challenge(publish=False)
    before = snapshot(challenge)
    response = client.post(f"/manage/challenges/{challenge.slug}/publish/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert snapshot(challenge) == before


@pytest.mark.django_db
def test_back_office_list_shows_drafts_of_the_own_organisation(official_client, make_challenge):
    make_challenge(title="Draft one", publish=False)
    body = official_client.get("/manage/challenges/").content.decode()
    assert "Draft one" in body


@pytest.mark.django_db
def test_back_office_list_names_the_running_stage_as_people_read_it(official_client, make_challenge):
    make_challenge(title="Compare ideas", stage_specs=single_stage("wiki_survey", -1, 5))
    body = official_client.get("/manage/challenges/").content.decode()
    assert "<td>Wiki survey</td>" in body
    assert "wiki_survey" not in body


@pytest.mark.django_db
def test_the_blank_row_at_the_end_of_the_stages_is_ignored(official_client, make_challenge):
    challenge = make_challenge(publish=False, stage_specs=single_stage("information", 1, 30))
    response = official_client.post(
        f"/manage/challenges/{challenge.slug}/stages/",
        {
            "stages-TOTAL_FORMS": "2",
            "stages-INITIAL_FORMS": "1",
            "stages-0-type": "information",
            "stages-0-first_day": "2030-03-01",
            "stages-0-last_day": "2030-03-31",
            "stages-1-type": "",
            "stages-1-first_day": "",
            "stages-1-last_day": "",
        },
    )
    assert response.status_code == 302
    assert challenge.stages.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first_day", "last_day"), [("0001-01-01", "2030-03-31"), ("2030-03-01", "9999-12-31"), ("9999-12-31", "")]
)
def test_stage_dates_outside_the_sane_range_are_field_errors(official_client, make_challenge, first_day, last_day):
    challenge = make_challenge(publish=False)
    url = f"/manage/challenges/{challenge.slug}/stages/"
    before = snapshot(challenge)
    response = official_client.post(
        url,
        {
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "0",
            "stages-0-type": "information",
            "stages-0-first_day": first_day,
            "stages-0-last_day": last_day,
        },
    )
    assert response.status_code == 400
    assert "Give a date from 1900-01-01 to 2200-12-31." in response.content.decode()
    assert snapshot(challenge) == before
    assert official_client.get(f"/challenges/{challenge.slug}/").status_code == 200


@pytest.mark.django_db
def test_a_challenge_cannot_start_in_year_one(official_client, city, department):
    response = official_client.post(
        "/manage/challenges/new/",
        {
            **DETAILS,
            "organisation": city.pk,
            "department": department.pk,
            "template": "idea_challenge",
            "starts_on": "0001-01-01",
        },
    )
    assert response.status_code == 400
    assert "Give a date from 1900-01-01 to 2200-12-31." in response.content.decode()
    assert not Challenge.objects.exists()


@pytest.mark.django_db
def test_stage_dates_out_of_range_are_refused_by_the_action_too(make_challenge, superuser):
    import datetime as dt

    from cocreate.challenges.actions import StageSpec, challenge_set_stages
    from cocreate.challenges.errors import StageDatesOutOfRange

    challenge = make_challenge(publish=False)
    before = snapshot(challenge)
    for starts_at, ends_at in [
        (dt.datetime(1, 1, 1, tzinfo=dt.UTC), None),
        (dt.datetime(2030, 1, 1, tzinfo=dt.UTC), dt.datetime(2201, 1, 2, tzinfo=dt.UTC)),
    ]:
        with pytest.raises(StageDatesOutOfRange):
            challenge_set_stages(
                actor=superuser,
                challenge=challenge,
                stage_specs=[StageSpec(type="information", starts_at=starts_at, ends_at=ends_at)],
            )
    assert snapshot(challenge) == before
    last_allowed = dt.datetime(2201, 1, 1, tzinfo=dt.UTC)
    challenge_set_stages(
        actor=superuser,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="information", starts_at=last_allowed - dt.timedelta(days=1), ends_at=last_allowed)
        ],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("budget", "-1"), ("budget", "1e20"), ("response_days", "0"), ("response_days", "100000")]
)
def test_negative_and_absurd_numbers_are_refused(official_client, make_challenge, field, value):
    challenge = make_challenge()
    before = (snapshot(challenge), Challenge.objects.get(pk=challenge.pk).budget)
    response = official_client.post(
        f"/manage/challenges/{challenge.slug}/", {**DETAILS, "department": challenge.department_id, field: value}
    )
    assert response.status_code == 400
    assert (snapshot(challenge), Challenge.objects.get(pk=challenge.pk).budget) == before
