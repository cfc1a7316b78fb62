import pytest

from cocreate.challenges.actions import StageSpec
from cocreate.organisations.actions import organisation_create

from .conftest import days, single_stage


@pytest.fixture
def challenges(make_challenge, participation_stage_type):
    return {
        "open": make_challenge(title="Cycling routes", stage_specs=single_stage("information", -2, 5)),
        "participation": make_challenge(title="Benefit forms", stage_specs=single_stage("test_participation", -2, 5)),
        "upcoming": make_challenge(title="Parking permits", stage_specs=single_stage("information", 5, 9)),
        "finished": make_challenge(title="Bulky waste", stage_specs=single_stage("information", -9, -5)),
        "draft": make_challenge(title="Night buses", publish=False),
        "invited": make_challenge(
            title="Staff canteen", visibility="invited", stage_specs=single_stage("information", -2, 5)
        ),
    }


def titles(response):
    return [c.title for c in response.context["page"].object_list]


@pytest.mark.django_db
def test_the_list_shows_what_a_visitor_may_see(client, challenges):
    assert sorted(titles(client.get("/challenges/"))) == [
        "Benefit forms",
        "Bulky waste",
        "Cycling routes",
        "Parking permits",
    ]


@pytest.mark.django_db
def test_officials_also_see_drafts_and_invited_challenges(client, challenges, official, with_second_factor):
    with_second_factor(official)
    client.force_login(official)
    assert {"Night buses", "Staff canteen"} <= set(titles(client.get("/challenges/")))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["Benefit forms", "Cycling routes"]),
        ("status=upcoming", ["Parking permits"]),
        ("status=finished", ["Bulky waste"]),
        ("stage=test_participation", ["Benefit forms"]),
        ("q=cycling", ["Cycling routes"]),
        ("q=CYCLING+routes", ["Cycling routes"]),
        ("organisation=town-of-elsewhere", []),
    ],
)
def test_filters_and_search(client, challenges, query, expected):
    organisation_create(name="Town of Elsewhere")
    assert sorted(titles(client.get(f"/challenges/?{query}"))) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["status=bogus", "stage=unregistered", "organisation=nowhere", "q=" + "x" * 201])
def test_bad_filters_are_a_clear_400(client, challenges, query):
    response = client.get(f"/challenges/?{query}")
    assert response.status_code == 400
    assert 'class="field-errors"' in response.content.decode()


@pytest.mark.django_db
def test_the_list_is_paginated(client, make_challenge):
    for n in range(14):
        make_challenge(title=f"Challenge {n:02}", stage_specs=single_stage("information", -1, 1))
    first, second = client.get("/challenges/"), client.get("/challenges/?page=2")
    assert len(titles(first)) == 12 and len(titles(second)) == 2
    assert client.get("/challenges/?page=99").status_code == 200  # the last page, not an error


@pytest.mark.django_db
def test_the_detail_page_shows_problem_indicators_timeline_and_what_to_do_now(client, make_challenge, superuser):
    from cocreate.challenges.actions import IndicatorSpec, challenge_set_indicators

    challenge = make_challenge(
        stage_specs=[
            StageSpec(type="information", starts_at=days(-3), ends_at=days(4), title="Kick-off"),
            StageSpec(type="information", starts_at=days(4), ends_at=days(30), title="Results"),
        ]
    )
    challenge_set_indicators(
        actor=superuser, challenge=challenge, indicators=[IndicatorSpec(name="Pupils who cycle", unit="%")]
    )
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert "Routes feel unsafe." in body
    assert "Pupils who cycle" in body
    assert "Kick-off</strong> (now)" in body and "Results</strong>" in body
    assert "follow the challenge" in body
    assert "sign in to take part" in body


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["draft", "invited"])
def test_hidden_challenges_are_404_for_visitors(client, challenges, which):
    assert client.get(challenges[which].get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/challenges/{challenges[which].slug}").status_code == 404


@pytest.mark.django_db
def test_invited_members_see_an_invited_challenge(client, challenges, citizen):
    challenges["invited"].invited.add(citizen)
    client.force_login(citizen)
    assert client.get(challenges["invited"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_home_shows_what_is_open_now_with_its_stage(client, challenges):
    body = client.get("/").content.decode()
    assert "Now: Information" in body
    assert "Now: Participation (test)" in body
    assert "Cycling routes" in body and "Benefit forms" in body
    assert "Parking permits" not in body and "Night buses" not in body and "Staff canteen" not in body


@pytest.mark.django_db
def test_api_lists_and_describes_challenges(client, challenges):
    listing = client.get("/api/v1/challenges/?status=open").json()
    assert listing["count"] == 2
    assert {c["title"] for c in listing["items"]} == {"Cycling routes", "Benefit forms"}
    detail = client.get(f"/api/v1/challenges/{challenges['participation'].slug}").json()
    assert detail["status"] == "open"
    assert detail["active_stage"] == "test_participation"
    assert detail["stages"][0]["features"] == ["comment", "create", "follow", "support", "vote"]
    assert client.get("/api/v1/challenges/?status=bogus").status_code == 422


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_the_number_of_challenges(client, make_challenge, django_assert_max_num_queries):
    for n in range(20):
        make_challenge(title=f"Challenge {n}", stage_specs=single_stage("information", -1, 1))
    with django_assert_max_num_queries(8):
        client.get("/challenges/")
    with django_assert_max_num_queries(10):
        client.get("/")


@pytest.mark.django_db
def test_the_timeline_links_each_stage_that_has_begun_to_its_pages(client, make_challenge):
    challenge = make_challenge(
        stage_specs=[
            StageSpec(type="vote", starts_at=days(-20), ends_at=days(-2), title="The vote"),
            StageSpec(type="delivery", starts_at=days(-2), ends_at=days(60), title="Building it"),
            StageSpec(type="adoption", starts_at=days(60), ends_at=days(90), title="Spreading it"),
        ]
    )
    body = client.get(challenge.get_absolute_url()).content.decode()

    assert f'<a href="/challenges/{challenge.slug}/decision/">The vote</a></strong>' in body
    assert f'<a href="/challenges/{challenge.slug}/delivery/">Building it</a></strong> (now)' in body
    assert "<strong>Spreading it</strong>" in body
