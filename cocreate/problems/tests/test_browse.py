import pytest
from django.contrib.auth.models import AnonymousUser

from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.tests.conftest import days
from cocreate.engagement import actions as engagement
from cocreate.problems.actions import problem_report
from cocreate.problems.models import Problem
from cocreate.problems.queries import similar_problems


@pytest.fixture
def exploration(city, department, make_user):
    admin = make_user(is_superuser=True)

    def make(visibility="public", start=-1, end=5):
        challenge = challenge_create(
            actor=admin,
            organisation=city,
            department=department,
            title=f"What makes benefits hard ({visibility})",
            summary="s",
            problem_statement="p",
            template="open_exploration",
            visibility=visibility,
        ).challenge
        challenge_set_stages(
            actor=admin,
            challenge=challenge,
            stage_specs=[StageSpec(type="exploration", starts_at=days(start), ends_at=days(end))],
        )
        return challenge_publish(actor=admin, challenge=challenge)

    return make


@pytest.mark.django_db
def test_the_list_filters_sorts_and_paginates(client, make_problem, category, make_user):
    popular = make_problem(title="Popular pothole", category=category, answers={"size": "small"})
    for _ in range(3):
        engagement.support_add(user=make_user(), target=popular)
    for n in range(22):
        make_problem(title=f"Light {n}")
    first = client.get("/problems/?sort=supported")
    assert first.context["page"].object_list[0] == popular
    assert len(first.context["page"].object_list) == 20
    assert [p.title for p in client.get("/problems/?category=potholes").context["page"].object_list] == [
        "Popular pothole"
    ]
    assert len(client.get("/problems/?page=2").context["page"].object_list) == 3
    assert client.get("/problems/?q=popular").context["page"].paginator.count == 1
    for bad in ("sort=worst", "status=bogus", "since=yesterday", "bbox=1,2"):
        assert client.get(f"/problems/?{bad}").status_code == 400


@pytest.mark.django_db
def test_the_map_shows_rounded_locations_to_the_public_and_exact_ones_to_officials(
    client, make_problem, official, with_second_factor
):
    make_problem(latitude="52.520008", longitude="13.404954")
    make_problem(title="Confusing form")  # no location: not on the map
    public = client.get("/problems/map.geojson").json()["features"]
    assert len(public) == 1
    assert public[0]["geometry"]["coordinates"] == [13.4025, 52.5225]
    assert public[0]["properties"]["exact"] is False
    with_second_factor(official)
    client.force_login(official)
    exact = client.get("/problems/map.geojson").json()["features"][0]
    assert exact["geometry"]["coordinates"] == [13.404954, 52.520008]
    assert client.get("/problems/map.geojson?bbox=0,0,1,1").json()["features"] == []
    assert client.get("/problems/map.geojson?bbox=nonsense").status_code == 400


@pytest.mark.django_db
def test_the_detail_page_shows_the_rounded_place_to_the_public(client, make_problem):
    problem = make_problem(latitude="52.520008", longitude="13.404954")
    body = client.get(problem.get_absolute_url()).content.decode()
    assert "latitude 52.523, longitude 13.403 (within about 400 metres)" in body  # in words, for everyone
    assert 'data-point="52.522500,13.402500" data-exact="0"' in body  # the map draws the neighbourhood
    assert "52.520008" not in body


@pytest.mark.django_db
def test_officials_see_the_exact_point_on_the_map_and_the_address(client, make_problem, official, with_second_factor):
    problem = make_problem(latitude="52.520008", longitude="13.404954", address="Mill Lane 7")
    with_second_factor(official)
    client.force_login(official)
    body = client.get(problem.get_absolute_url()).content.decode()
    assert 'data-point="52.520008,13.404954" data-exact="1"' in body
    assert "Mill Lane 7" in body
    assert "latitude 52.52001, longitude 13.40495" in body


@pytest.mark.django_db
def test_a_problem_without_a_place_has_no_map(client, make_problem):
    body = client.get(make_problem(title="Confusing form").get_absolute_url()).content.decode()
    assert "problem-location-map" not in body
    assert "leaflet.js" not in body


@pytest.mark.django_db
def test_the_typed_address_is_shown_to_officials_only(
    client, make_problem, make_user, official, moderator, with_second_factor
):
    """The address would give the rounded location away: visitors, participants, moderators and the reporter see the
    neighbourhood, on the problem's page, in the list and in the API."""
    reporter = make_user()
    problem = make_problem(latitude="52.520008", longitude="13.404954", address="Mill Lane 7", author=reporter)
    pages = (problem.get_absolute_url(), "/problems/", f"/api/v1/problems/{problem.pk}", "/api/v1/problems/")
    for person in (None, make_user(), moderator, reporter):
        if person is not None:
            with_second_factor(person)
            client.force_login(person)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200
            assert "Mill Lane" not in response.content.decode(), (person, page)
    assert "address" not in client.get(f"/api/v1/problems/{problem.pk}").json()
    with_second_factor(official)
    client.force_login(official)
    for page in pages[:2]:
        assert "Mill Lane 7" in client.get(page).content.decode()


@pytest.mark.django_db
def test_similar_problems_are_suggested_but_never_hidden_or_private_ones(make_problem, exploration, citizen):
    visible = make_problem(title="Street light out on Elm Road")
    hidden = make_problem(title="Street light out on Elm Road, again")
    Problem.objects.filter(pk=hidden.pk).update(is_hidden=True)
    challenge = exploration(visibility="invited")
    challenge.invited.add(citizen)
    problem_report(
        author=citizen,
        organisation=visible.organisation,
        challenge=challenge,
        title="Street light out on Elm Road too",
        description="d",
    )
    make_problem(title="Overflowing bins in the park")
    found = similar_problems(AnonymousUser(), "street lite out elm road", organisation=visible.organisation)
    assert found == [visible]


@pytest.mark.django_db
def test_on_postgresql_a_typod_title_finds_its_original_first_and_never_a_hidden_one(
    make_problem, exploration, citizen
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the words table and its trigram index of migration 0005 exist on PostgreSQL only")
    original = make_problem(title="Street light out on Elm Road")
    make_problem(title="Street light out on Oak Road")
    make_problem(title="Pothole on Elm Road")
    hidden = make_problem(title="Street light out on Elm Road!")
    Problem.objects.filter(pk=hidden.pk).update(is_hidden=True)
    challenge = exploration(visibility="invited")
    challenge.invited.add(citizen)
    private = problem_report(
        author=citizen,
        organisation=original.organisation,
        challenge=challenge,
        title="Street light out on Elm Road",
        description="d",
    )
    # The words of new titles reach the words table through its trigger.
    found = similar_problems(AnonymousUser(), "Stret lihgt out on Elm Raod", organisation=original.organisation)
    assert found[0] == original
    assert hidden not in found and private not in found
    assert private in similar_problems(citizen, "Stret lihgt out on Elm Raod", organisation=original.organisation)


def _on_postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the words table of migrations 0005 and 0006 exists on PostgreSQL only")


def _counts(words):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT word, n FROM problems_title_word WHERE word = ANY(%s)", [list(words)])
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_refreshing_the_title_word_counts_counts_titles_and_does_nothing_on_sqlite(make_problem):
    from django.db import connection

    from cocreate.problems.tasks import refresh_title_word_counts

    make_problem(title="Pothole on Elm Road")
    make_problem(title="Pothole pothole on Oak Road")
    renamed = make_problem(title="Graffiti on Birch Lane")
    if connection.vendor != "postgresql":
        assert refresh_title_word_counts.call() == 0
        return
    # New words count 1 until the refresh (the trigger does not count, to lock no row of a common word).
    assert _counts(["pothole", "road"]) == {"pothole": 1, "road": 1}
    Problem.objects.filter(pk=renamed.pk).update(title="Graffiti on Elm Lane")
    assert refresh_title_word_counts.call() > 0
    # A title holding a word twice counts once; a word no title holds any more counts 0.
    assert _counts(["pothole", "road", "elm", "birch", "graffiti"]) == {
        "pothole": 2,
        "road": 2,
        "elm": 2,
        "birch": 0,
        "graffiti": 1,
    }
    assert refresh_title_word_counts.call() == 0  # nothing changed


@pytest.mark.django_db
def test_on_postgresql_a_slip_is_corrected_to_a_common_word_rather_than_to_a_rare_slip(make_problem):
    _on_postgresql_only()
    from cocreate.problems.tasks import refresh_title_word_counts

    original = make_problem(title="Blocked drain on Elm Road")
    for street in ("Oak", "Birch", "Maple", "Willow", "Linden", "Cedar"):
        make_problem(title=f"Blocked drain on {street} Lane")
    # "draan" is closer to the typed "dran" in trigrams than "drain", but a slip in one title only.
    make_problem(title="Blocked draan on Hill Street")
    make_problem(title="Blocked draan on Park Street")
    refresh_title_word_counts.call()
    found = similar_problems(AnonymousUser(), "Blocked dran on Elm Road", organisation=original.organisation)
    assert found and found[0] == original


@pytest.mark.django_db
def test_on_postgresql_a_common_unfinished_word_is_searched_as_its_most_used_completions(make_problem, monkeypatch):
    _on_postgresql_only()
    from cocreate.problems import queries
    from cocreate.problems.tasks import refresh_title_word_counts

    boulevard = make_problem(title="Pothole on Elm Boulevard")
    make_problem(title="Graffiti on Boulevard Haussmann")
    bourgondie = make_problem(title="Pothole on Elm Bourgondiëlaan")
    make_problem(title="Pothole on Elm Lane")
    refresh_title_word_counts.call()
    organisation = boulevard.organisation
    # While the words "bou…" may begin are rare: a prefix search.
    assert set(similar_problems(AnonymousUser(), "Pothole on Elm Bou", organisation=organisation)) == {
        boulevard,
        bourgondie,
    }
    # As if they were in many titles: the most used of them ("boulevard", in two titles) instead.
    monkeypatch.setattr(queries, "SUGGESTION_PREFIX_TITLES", 0)
    monkeypatch.setattr(queries, "SUGGESTION_COMPLETIONS", 1)
    assert similar_problems(AnonymousUser(), "Pothole on Elm Bou", organisation=organisation) == [boulevard]
    monkeypatch.setattr(queries, "SUGGESTION_COMPLETIONS", 5)
    assert set(similar_problems(AnonymousUser(), "Pothole on Elm Bou", organisation=organisation)) == {
        boulevard,
        bourgondie,
    }
    # A finished word ("bou.") is no prefix.
    assert similar_problems(AnonymousUser(), "Pothole on Elm Bou.", organisation=organisation) == []


@pytest.mark.django_db
def test_problems_of_invitation_only_challenges_stay_private(client, exploration, citizen, make_user):
    challenge = exploration(visibility="invited")
    challenge.invited.add(citizen)
    problem = problem_report(
        author=citizen, organisation=challenge.organisation, challenge=challenge, title="Form too long", description="d"
    )
    assert client.get(problem.get_absolute_url()).status_code == 404
    assert similar_problems(AnonymousUser(), "form too long") == []
    assert client.get("/problems/").context["page"].paginator.count == 0
    client.force_login(citizen)
    assert client.get(problem.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_suggestions_fragment(client, make_problem):
    make_problem(title="Street light out on Elm Road")
    body = client.get("/problems/suggestions/?title=streetlight+elm+road").content.decode()
    assert "Already reported?" in body and "Street light out on Elm Road" in body
    assert "Already reported?" not in client.get("/problems/suggestions/?title=ab").content.decode()


@pytest.mark.django_db
def test_reports_in_an_exploration_stage_follow_the_stage(client, exploration, citizen):
    open_challenge, closed_challenge = exploration(), exploration(start=-9, end=-2)
    client.force_login(citizen)
    data = {"title": "The form asks for documents I do not have", "description": "Rent certificate"}
    response = client.post("/problems/report/", {**data, "challenge": open_challenge.slug})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.challenge, problem.category, problem.department) == (
        open_challenge,
        None,
        open_challenge.department,
    )
    assert client.post("/problems/report/", {**data, "challenge": closed_challenge.slug}).status_code == 403
    assert Problem.objects.count() == 1


@pytest.mark.django_db
def test_page_queries_stay_constant(client, make_problem, django_assert_max_num_queries, make_user):
    for n in range(30):
        problem = make_problem(title=f"Problem {n}")
        engagement.comment_add(author=make_user(), target=problem, body="me too")
    with django_assert_max_num_queries(10):
        client.get("/problems/")
    with django_assert_max_num_queries(20):
        client.get(problem.get_absolute_url())


@pytest.mark.django_db
def test_the_api_lists_public_problems_with_rounded_locations(client, make_problem, official):
    problem = make_problem(latitude="52.520008", longitude="13.404954")
    engagement.status_change(actor=official, target=problem, status="accepted", answer="Planned.")
    hidden = make_problem(title="Hidden")
    Problem.objects.filter(pk=hidden.pk).update(is_hidden=True)
    listing = client.get("/api/v1/problems/").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert (item["latitude"], item["longitude"], item["status"]) == (52.5225, 13.4025, "accepted")
    detail = client.get(f"/api/v1/problems/{problem.pk}").json()
    assert detail["status_history"][0]["answer"] == "Planned."
    assert client.get(f"/api/v1/problems/{hidden.pk}").status_code == 404
