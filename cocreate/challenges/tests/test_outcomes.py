"""Outcome indicators measured: recording and importing measurements, who may, the chart and the verdict."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.challenges.actions import IndicatorSpec, challenge_set_indicators
from cocreate.challenges.errors import (
    IndicatorHasMeasurements,
    MeasurementDateInvalid,
    MeasurementsFileInvalid,
    MeasurementTextInvalid,
    MeasurementValueOutOfRange,
)
from cocreate.challenges.models import IndicatorMeasurement
from cocreate.challenges.outcomes import (
    indicator_measurement_record,
    indicator_measurements_import,
    read_measurements_csv,
)
from cocreate.core.errors import NotPermitted

from .conftest import single_stage

TODAY = timezone.localdate()
GOOD_FILE = b"date,value,source,note\n2025-01-31,52.5,Survey,\n2025-02-28,55,Survey,New form online\n"


@pytest.fixture
def indicator(make_challenge):
    challenge = make_challenge(
        stage_specs=single_stage("information", -1, 10),
        indicators=[IndicatorSpec(name="Complete applications", unit="%", baseline=Decimal(48), target=Decimal(80))],
    )
    return challenge.indicators.get()


def record(actor, indicator, day=dt.date(2025, 3, 31), value="60", source="Survey", note=""):
    return indicator_measurement_record(
        actor=actor, indicator=indicator, measured_on=day, value=Decimal(value), source=source, note=note
    )


def rows(indicator):
    return list(
        indicator.measurements.order_by("measured_on", "source").values_list("measured_on", "value", "source", "note")
    )


# Recording one measurement


@pytest.mark.django_db
def test_an_official_of_the_owning_department_records_a_measurement(official, indicator):
    measurement = record(official, indicator, note="After the new form")
    assert rows(indicator) == [(dt.date(2025, 3, 31), Decimal("60.00"), "Survey", "After the new form")]
    assert measurement.recorded_by == official
    entry = Activity.objects.get(verb="indicator.measured")
    assert (entry.actor, entry.target_id, entry.is_public) == (official, indicator.challenge.pk, True)


@pytest.mark.django_db
def test_the_same_day_and_source_replaces_the_value(official, indicator):
    record(official, indicator, value="60")
    record(official, indicator, value="61.5", note="corrected")
    assert rows(indicator) == [(dt.date(2025, 3, 31), Decimal("61.50"), "Survey", "corrected")]


@pytest.mark.django_db
def test_another_source_on_the_same_day_is_a_second_measurement(official, indicator):
    record(official, indicator, source="Survey")
    record(official, indicator, source="Register")
    assert indicator.measurements.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "value", "error"),
    [
        (TODAY + dt.timedelta(days=1), "1", MeasurementDateInvalid),
        (dt.date(1899, 12, 31), "1", MeasurementDateInvalid),
        (dt.date(2025, 1, 1), "1000000000000", MeasurementValueOutOfRange),
        (dt.date(2025, 1, 1), "-1000000000000", MeasurementValueOutOfRange),
        (dt.date(2025, 1, 1), "1.005", MeasurementValueOutOfRange),
        (dt.date(2025, 1, 1), "NaN", MeasurementValueOutOfRange),
        (dt.date(2025, 1, 1), "Infinity", MeasurementValueOutOfRange),
    ],
)
def test_impossible_days_and_values_are_refused(official, indicator, day, value, error):
    with pytest.raises(error):
        record(official, indicator, day=day, value=value)
    assert indicator.measurements.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "note"), [("Sur\x00vey", ""), ("Survey", "bell\x07"), ("x" * 201, "")])
def test_unreadable_or_overlong_text_is_refused(official, indicator, source, note):
    with pytest.raises(MeasurementTextInvalid):
        record(official, indicator, source=source, note=note)
    assert indicator.measurements.count() == 0


# Who may record: officials of the owning department, the organisation's administrators, superusers


@pytest.fixture
def people(make_user, city, other_city, official, org_admin, moderator, citizen, superuser):
    from cocreate.organisations.actions import department_create, membership_grant

    other_department_official = make_user()
    membership_grant(
        user=other_department_official,
        organisation=city,
        role="official",
        department=department_create(organisation=city, name="Parks"),
    )
    other_city_official = make_user()
    membership_grant(
        user=other_city_official,
        organisation=other_city,
        role="official",
        department=department_create(organisation=other_city, name="Mobility"),
    )
    return {
        "official": official,
        "org_admin": org_admin,
        "superuser": superuser,
        "moderator": moderator,
        "citizen": citizen,
        "other_department_official": other_department_official,
        "other_city_official": other_city_official,
    }


ALLOWED = {"official", "org_admin", "superuser"}
ROLES = [
    "official",
    "org_admin",
    "superuser",
    "moderator",
    "citizen",
    "other_department_official",
    "other_city_official",
]


def state(indicator):
    return rows(indicator), Activity.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_recording_by_role(people, indicator, who):
    before = state(indicator)
    if who in ALLOWED:
        record(people[who], indicator)
        assert indicator.measurements.count() == 1
    else:
        with pytest.raises(NotPermitted):
            record(people[who], indicator)
        assert state(indicator) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_importing_by_role(people, indicator, who):
    before = state(indicator)
    if who in ALLOWED:
        indicator_measurements_import(actor=people[who], indicator=indicator, csv_file=GOOD_FILE)
        assert indicator.measurements.count() == 2
    else:
        with pytest.raises(NotPermitted):
            indicator_measurements_import(actor=people[who], indicator=indicator, csv_file=GOOD_FILE)
        assert state(indicator) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_the_record_page_by_role(client, people, indicator, with_second_factor, who):
    user = people[who]
    with_second_factor(user)
    client.force_login(user)
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements/"
    before = state(indicator)
    response = client.post(path, {"measurement-measured_on": "2025-03-31", "measurement-value": "60"})
    if who in ALLOWED:
        assert response.status_code == 302
        assert indicator.measurements.count() == 1
    else:
        assert response.status_code == 403
        assert state(indicator) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_the_api_write_by_role(client, people, indicator, with_second_factor, who):
    user = people[who]
    with_second_factor(user)
    client.force_login(user)
    path = f"/api/v1/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements"
    before = state(indicator)
    response = client.post(path, {"measured_on": "2025-03-31", "value": "60"}, content_type="application/json")
    if who in ALLOWED:
        assert response.status_code == 201
        assert response.json()["value"] == "60.00"
    else:
        assert response.status_code == 403
        assert state(indicator) == before


@pytest.mark.django_db
def test_the_api_write_needs_a_signed_in_person(client, indicator):
    path = f"/api/v1/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements"
    response = client.post(path, {"measured_on": "2025-03-31", "value": "60"}, content_type="application/json")
    assert response.status_code == 401
    assert indicator.measurements.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"measured_on": "2025-02-30", "value": "1"},
        {"measured_on": "0001-01-01", "value": "1"},
        {"measured_on": "2025-01-01", "value": "1e400"},
        {"measured_on": "2025-01-01", "value": "99999999999999999999"},
        {"measured_on": "2025-01-01", "value": "NaN"},
        {"measured_on": "2025-01-01", "value": "1", "source": "a\x00b"},
        {"measured_on": "2025-01-01", "value": "1", "note": "x" * 1001},
    ],
)
def test_the_api_refuses_bad_input_with_a_4xx(client, official, with_second_factor, indicator, body):
    with_second_factor(official)
    client.force_login(official)
    path = f"/api/v1/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements"
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert indicator.measurements.count() == 0


# Reading


@pytest.mark.django_db
def test_everyone_reads_the_measurements_of_a_public_challenge(client, official, indicator):
    record(official, indicator, day=dt.date(2025, 1, 31), value="50")
    record(official, indicator, day=dt.date(2025, 2, 28), value="55.25")
    body = client.get(f"/api/v1/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements").json()
    assert [(m["measured_on"], m["value"]) for m in body["measurements"]] == [
        ("2025-01-31", "50.00"),
        ("2025-02-28", "55.25"),
    ]
    assert body["indicator"]["id"] == indicator.pk
    assert body["lower_is_better"] is False


@pytest.mark.django_db
def test_a_draft_challenges_measurements_are_hidden_from_the_public(client, make_challenge):
    challenge = make_challenge(publish=False, indicators=[IndicatorSpec(name="Days", target=Decimal(5))])
    indicator = challenge.indicators.get()
    assert client.get(f"/challenges/{challenge.slug}/indicators/{indicator.pk}/").status_code == 404
    path = f"/api/v1/challenges/{challenge.slug}/indicators/{indicator.pk}/measurements"
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_indicator_of_another_challenge_is_not_found(client, make_challenge, indicator):
    other = make_challenge(title="Another one")
    assert client.get(f"/challenges/{other.slug}/indicators/{indicator.pk}/").status_code == 404
    assert client.get(f"/challenges/{other.slug}/indicators/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_the_indicator_page_draws_the_chart_and_its_table(client, official, indicator):
    record(official, indicator, day=dt.date(2025, 1, 31), value="50")
    record(official, indicator, day=dt.date(2025, 6, 30), value="66.5", source="Register", note="Online form")
    page = client.get(f"/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/").content.decode()
    assert page.count('<svg role="img"') == 1
    assert page.count("<circle ") == 2
    assert f'aria-describedby="chart-desc-{indicator.pk}"' in page
    assert "2 measurements, from" in page
    assert "<td>66.50</td><td>Register</td><td>Online form</td>" in page
    assert "Target reached" not in page  # the challenge is not finished


@pytest.mark.django_db
def test_an_indicator_without_measurements_says_so(client, indicator):
    page = client.get(f"/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/").content.decode()
    assert "No measurements have been recorded yet." in page
    assert '<svg role="img"' not in page


# The verdict of a finished challenge


@pytest.fixture
def finished(make_challenge, official):
    def make(baseline, target, latest):
        challenge = make_challenge(
            title=f"Finished {baseline} {target} {latest}",
            stage_specs=single_stage("information", -30, -2),
            indicators=[IndicatorSpec(name="Indicator", baseline=baseline, target=target)],
        )
        indicator = challenge.indicators.get()
        if latest is not None:
            record(official, indicator, day=dt.date(2024, 1, 1), value="0", source="older")
            record(official, indicator, day=dt.date(2025, 1, 1), value=str(latest))
        return challenge

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("baseline", "target", "latest", "verdict"),
    [
        (Decimal(48), Decimal(80), Decimal(80), "Yes, reached"),
        (Decimal(48), Decimal(80), Decimal("79.99"), "No, not reached"),
        (Decimal(47), Decimal(20), Decimal(19), "Yes, reached"),  # fewer days is better
        (Decimal(47), Decimal(20), Decimal(21), "No, not reached"),
        (None, Decimal(20), Decimal(25), "Yes, reached"),  # no baseline: higher is better
        (Decimal(48), Decimal(80), None, "not measured"),
        (Decimal(48), None, Decimal(90), "no target set"),
    ],
)
def test_a_finished_challenge_says_whether_each_target_was_reached(client, finished, baseline, target, latest, verdict):
    challenge = finished(baseline, target, latest)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Target reached?" in page
    assert verdict in page


@pytest.mark.django_db
def test_a_running_challenge_does_not_judge_its_targets(client, official, indicator):
    record(official, indicator, value="90")
    page = client.get(indicator.challenge.get_absolute_url()).content.decode()
    assert "Target reached?" not in page
    assert "90 %" in page


@pytest.mark.django_db
def test_the_finished_indicator_page_gives_the_verdict(client, finished):
    challenge = finished(Decimal(47), Decimal(20), Decimal(18))
    indicator = challenge.indicators.get()
    page = client.get(f"/challenges/{challenge.slug}/indicators/{indicator.pk}/").content.decode()
    assert "<strong>Target reached</strong>" in page
    assert "lower values are better" in page


# Saving the indicators keeps their measurements


@pytest.mark.django_db
def test_saving_the_indicators_keeps_them_and_their_measurements(superuser, official, indicator):
    record(official, indicator)
    challenge = indicator.challenge
    challenge_set_indicators(
        actor=superuser,
        challenge=challenge,
        indicators=[
            IndicatorSpec(name="Applications complete at once", unit="%", target=Decimal(85), id=indicator.pk),
            IndicatorSpec(name="Days to a decision", target=Decimal(20)),
        ],
    )
    kept = challenge.indicators.get(pk=indicator.pk)
    assert (kept.name, kept.target, kept.position) == ("Applications complete at once", Decimal(85), 0)
    assert kept.measurements.count() == 1
    assert challenge.indicators.count() == 2


@pytest.mark.django_db
def test_an_indicator_with_measurements_cannot_be_removed(superuser, official, indicator):
    record(official, indicator)
    with pytest.raises(IndicatorHasMeasurements):
        challenge_set_indicators(actor=superuser, challenge=indicator.challenge, indicators=[])
    assert indicator.challenge.indicators.count() == 1


@pytest.mark.django_db
def test_the_indicators_page_keeps_ids_through_a_save(client, official, with_second_factor, indicator):
    with_second_factor(official)
    client.force_login(official)
    record(official, indicator)
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/"
    data = {
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "1",
        "indicators-0-id": str(indicator.pk),
        "indicators-0-name": "Renamed",
        "indicators-0-unit": "%",
        "indicators-0-baseline": "48",
        "indicators-0-target": "80",
    }
    assert client.post(path, data).status_code == 302
    assert list(indicator.challenge.indicators.values_list("pk", "name")) == [(indicator.pk, "Renamed")]
    assert indicator.measurements.count() == 1
    deleted = {**data, "indicators-0-DELETE": "on"}
    response = client.post(path, deleted)
    assert response.status_code == 400
    assert "cannot be removed" in response.content.decode()
    assert indicator.challenge.indicators.count() == 1


# The pages officials use


@pytest.fixture
def official_client(client, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    return client


@pytest.mark.django_db
def test_a_refused_measurement_form_keeps_what_was_typed(official_client, indicator):
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements/"
    future = (TODAY + dt.timedelta(days=3)).isoformat()
    response = official_client.post(
        path,
        {
            "measurement-measured_on": future,
            "measurement-value": "61.5",
            "measurement-source": "Monthly survey",
            "measurement-note": "Kept note",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f'value="{future}"' in page
    assert 'value="Monthly survey"' in page
    assert "Kept note</textarea>" in page
    assert "to today" in page
    assert indicator.measurements.count() == 0


@pytest.mark.django_db
def test_a_recorded_measurement_shows_in_the_table(official_client, indicator):
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements/"
    response = official_client.post(
        path, {"measurement-measured_on": "2025-04-30", "measurement-value": "63.25", "measurement-source": "Survey"}
    )
    assert response["Location"] == f"/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/"
    page = official_client.get(response["Location"]).content.decode()
    assert "<td>63.25</td><td>Survey</td>" in page


@pytest.mark.django_db
def test_a_file_is_imported_from_the_page(official_client, indicator):
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements/import/"
    response = official_client.post(path, {"import-file": SimpleUploadedFile("m.csv", GOOD_FILE, "text/csv")})
    assert response.status_code == 302
    assert indicator.measurements.count() == 2
    assert Activity.objects.filter(verb="indicator.measurements_imported").count() == 1


@pytest.mark.django_db
def test_a_wrong_file_lists_its_rows_on_the_page_and_imports_nothing(official_client, indicator):
    path = f"/manage/challenges/{indicator.challenge.slug}/indicators/{indicator.pk}/measurements/import/"
    bad = b"date,value\n2025-01-31,52.5\n31.01.2025,53\n2025-03-31,lots\n"
    response = official_client.post(path, {"import-file": SimpleUploadedFile("m.csv", bad, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: “31.01.2025” is not a date" in page
    assert "Row 4: “lots” is not a number" in page
    assert indicator.measurements.count() == 0


# The CSV file


def errors_of(content: bytes) -> list[str]:
    with pytest.raises(MeasurementsFileInvalid) as raised:
        read_measurements_csv(content)
    return [str(e) for e in raised.value.errors]


def test_a_good_file_is_read_with_any_column_order_and_empty_rows():
    specs = read_measurements_csv(b"\xef\xbb\xbfValue,Date\n12.5,2025-01-31\n\n,\n-3,2025-02-28\n")
    assert [(s.measured_on, s.value, s.source) for s in specs] == [
        (dt.date(2025, 1, 31), Decimal("12.5"), ""),
        (dt.date(2025, 2, 28), Decimal("-3"), ""),
    ]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00d", "The file is not a UTF-8 text file. Save it as “CSV UTF-8”."),
        (b"date,value\n2025-01-01,1\n2025-01-02,\x002\n", "Row 3: contains a null character."),
        (
            b"day,amount\n2025-01-01,1\n",
            "Row 1 must name the columns date and value, and may name source and note (found: day, amount).",
        ),
        (
            b"date,value,value\n2025-01-01,1,2\n",
            "Row 1 must name the columns date and value, and may name source and note (found: date, value, value).",
        ),
        (b"date,value\n", "The file has no measurements below its header."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content, error):
    assert errors_of(content) == [error]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("2025-02-30,1", "Row 2: 2025-02-30 is not a day from 1900-01-01 to today."),
        ("1899-12-31,1", "Row 2: 1899-12-31 is not a day from 1900-01-01 to today."),
        ("2025/01/01,1", "Row 2: “2025/01/01” is not a date; write it as YYYY-MM-DD, like 2026-03-31."),
        ('2025-01-01,"1,5"', "Row 2: “1,5” is not a number; write it with a point for decimals, like 12.5."),
        ("2025-01-01,1e400", "Row 2: “1e400” is not a number; write it with a point for decimals, like 12.5."),
        ("2025-01-01,NaN", "Row 2: “NaN” is not a number; write it with a point for decimals, like 12.5."),
        ("2025-01-01,1000000000000", "Row 2: 1000000000000 is too large or has more than two decimals."),
        ("2025-01-01,1.125", "Row 2: 1.125 is too large or has more than two decimals."),
        ("2025-01-01," + "9" * 60, "Row 2: the value is too large."),
        ("2025-01-01,1,Sur\x07vey", "Row 2: the source contains control characters."),
        ("2025-01-01,1,Survey,note,extra", "Row 2: has more cells than the header names columns."),
        ("2025-01-01,1," + "s" * 201, "Row 2: the source is longer than 200 characters."),
    ],
)
def test_each_wrong_row_is_named(row, error):
    assert errors_of(f"date,value,source,note\n{row}\n".encode()) == [error]


def test_a_future_day_is_refused():
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert errors_of(f"date,value\n{tomorrow},1\n".encode()) == [
        f"Row 2: {tomorrow} is not a day from 1900-01-01 to today."
    ]


def test_a_day_and_source_twice_in_one_file_is_refused():
    content = b"date,value,source\n2025-01-01,1,A\n2025-01-01,2,B\n2025-01-01,3,A\n"
    assert errors_of(content) == ["Row 4: has the same date and source as row 2."]


def test_at_most_twenty_wrong_rows_are_listed():
    content = ("date,value\n" + "x,1\n" * 25).encode()
    errors = errors_of(content)
    assert len(errors) == 21
    assert errors[-1] == "… and 5 more rows."


@pytest.mark.django_db
def test_a_file_with_one_wrong_row_imports_nothing(official, indicator):
    record(official, indicator, day=dt.date(2025, 1, 31), value="40", source="Survey")
    before = state(indicator)
    with pytest.raises(MeasurementsFileInvalid):
        indicator_measurements_import(
            actor=official, indicator=indicator, csv_file=GOOD_FILE + b"2025-03-31,not a number,Survey,\n"
        )
    assert state(indicator) == before


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing_and_a_corrected_file_corrects(official, indicator):
    first = indicator_measurements_import(actor=official, indicator=indicator, csv_file=GOOD_FILE)
    again = indicator_measurements_import(actor=official, indicator=indicator, csv_file=GOOD_FILE)
    corrected = indicator_measurements_import(
        actor=official, indicator=indicator, csv_file=GOOD_FILE.replace(b"52.5", b"53")
    )
    assert (first.created, first.replaced, first.unchanged) == (2, 0, 0)
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 2)
    assert (corrected.created, corrected.replaced, corrected.unchanged) == (0, 1, 1)
    assert rows(indicator) == [
        (dt.date(2025, 1, 31), Decimal("53.00"), "Survey", ""),
        (dt.date(2025, 2, 28), Decimal("55.00"), "Survey", "New form online"),
    ]
    assert Activity.objects.filter(verb="indicator.measurements_imported").count() == 3


@pytest.mark.django_db
def test_the_demo_indicator_gets_a_year_of_monthly_measurements(make_user, city):
    from cocreate.challenges.demo import seed_demo_challenges, seed_demo_measurements
    from cocreate.organisations.actions import department_create, organisation_create

    for name in (
        "Benefits Office",
        "Mobility and Streets",
        "Digital Services",
        "Parks and Environment",
        "Public Transport",
    ):
        department_create(organisation=city, name=name)
    partners = {
        name: organisation_create(name=name, kind="partner")
        for name in ("Northbridge Cycling Association", "OpenStreet Labs", "University of Northbridge")
    }
    admin = make_user(is_superuser=True)
    seed_demo_challenges(city=city, actor=admin, partners_by_name=partners)
    assert seed_demo_measurements(city=city, actor=admin) == 12
    assert seed_demo_measurements(city=city, actor=admin) == 0
    measured = IndicatorMeasurement.objects.order_by("measured_on")
    days = [m.measured_on for m in measured]
    assert len({(d.year, d.month) for d in days}) == 12
    assert days[-1] < TODAY.replace(day=1)
    assert days[0] >= (TODAY.replace(day=1) - dt.timedelta(days=366))
