"""Site-wide search (``core.search``) through its page and the JSON API: what each viewer finds, and refusals."""

import pytest
from django.db import connection

from cocreate.core.search import MAX_QUERY_LENGTH, PAGE_SIZE, site_search
from cocreate.ideas.actions import idea_submit
from cocreate.problems.actions import problem_report
from cocreate.problems.models import Problem


@pytest.fixture
def public_things(make_challenge_in, city, make_user):
    """A public challenge about lanterns, an idea in it and a city-wide problem, all mentioning lanterns."""
    challenge = make_challenge_in(title="Brighter lanterns in the old town")
    author = make_user()
    idea = idea_submit(author=author, challenge=challenge, title="Solar lanterns", description="Cheap and bright.")
    problem = problem_report(
        author=author, organisation=city, title="Lantern broken on Elm Road", description="Dark for a week."
    )
    return {"challenge": challenge, "idea": idea, "problem": problem}


@pytest.fixture
def private_things(make_challenge_in, admin_user, make_user):
    """An invited-only challenge in idea collection and one in exploration, each with a secret contribution."""
    ideas_stage = make_challenge_in(title="Secret zebra crossing plan", visibility="invited")
    exploring = make_challenge_in(stage="exploration", title="Closed zebra question", visibility="invited")
    member = make_user(display_name="Ivy Invited")
    ideas_stage.invited.add(member)
    idea = idea_submit(author=admin_user, challenge=ideas_stage, title="Zebra idea", description="Stripes.")
    problem = problem_report(
        author=admin_user,
        organisation=exploring.organisation,
        challenge=exploring,
        title="Zebra problem",
        description="Hidden stripes.",
    )
    return {"challenges": [ideas_stage, exploring], "idea": idea, "problem": problem, "member": member}


def titles(response) -> list[str]:
    return [hit["title"] for hit in response.json()["results"]]


def test_a_visitor_finds_challenges_problems_and_ideas_together(client, public_things):
    response = client.get("/api/v1/search", {"q": "lanterns"})

    assert response.status_code == 200
    body = response.json()
    assert sorted(titles(response)) == ["Brighter lanterns in the old town", "Solar lanterns"]
    assert body["counts"] == {"challenge": 1, "problem": 0, "idea": 1, "design": 0}
    challenge_hit = next(hit for hit in body["results"] if hit["kind"] == "challenge")
    assert challenge_hit["url"] == "http://testserver" + public_things["challenge"].get_absolute_url()
    assert challenge_hit["status"] == "open"
    assert challenge_hit["status_label"] == "Open · Idea collection"


def test_every_word_must_match_and_each_result_says_its_kind_and_status(client, public_things):
    response = client.get("/api/v1/search", {"q": "lantern broken"})

    assert response.json()["results"] == [
        {
            "kind": "problem",
            "title": "Lantern broken on Elm Road",
            "summary": "Dark for a week.",
            "url": "http://testserver" + public_things["problem"].get_absolute_url(),
            "status": "submitted",
            "status_label": "Submitted",
            "rank": response.json()["results"][0]["rank"],
        }
    ]


def test_the_search_page_lists_results_with_type_status_and_link(client, public_things):
    response = client.get("/search/", {"q": "lanterns"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{public_things["idea"].get_absolute_url()}"' in html
    assert '<span class="search-result__kind">Idea</span>' in html
    assert "2 results for “lanterns”" in html
    assert 'value="lanterns"' in html  # the typed words stay in the boxes


def test_the_type_filter_keeps_one_kind(client, public_things):
    response = client.get("/api/v1/search", {"q": "lanterns", "type": "idea"})

    assert titles(response) == ["Solar lanterns"]
    assert response.json()["count"] == 1


def test_a_private_challenges_items_never_reach_outsiders(client, make_user, public_things, private_things):
    for viewer in (None, make_user(display_name="Otto Outsider")):
        if viewer is not None:
            client.force_login(viewer)
        for query in ("zebra", "stripes"):
            api = client.get("/api/v1/search", {"q": query})
            page = client.get("/search/", {"q": query})

            assert api.json()["results"] == []
            assert api.json()["counts"] == {"challenge": 0, "problem": 0, "idea": 0, "design": 0}
            assert "Zebra" not in page.content.decode()
            assert "Secret zebra" not in page.content.decode()


def test_an_invited_member_finds_the_challenge_and_an_official_finds_everything(
    client, official, with_second_factor, private_things
):
    client.force_login(private_things["member"])
    assert titles(client.get("/api/v1/search", {"q": "zebra", "type": "challenge"})) == ["Secret zebra crossing plan"]

    with_second_factor(official)
    client.force_login(official)
    found = client.get("/api/v1/search", {"q": "zebra"}).json()["counts"]
    assert found == {"challenge": 2, "problem": 1, "idea": 1, "design": 0}


def test_a_hidden_problem_is_not_found(client, public_things):
    Problem.objects.filter(pk=public_things["problem"].pk).update(is_hidden=True)

    assert titles(client.get("/api/v1/search", {"q": "broken"})) == []


def test_results_come_in_pages(client, city, make_user):
    author = make_user()
    for number in range(PAGE_SIZE + 5):
        problem_report(author=author, organisation=city, title=f"Pothole number {number}", description="Deep.")

    first = client.get("/api/v1/search", {"q": "pothole"}).json()
    second = client.get("/api/v1/search", {"q": "pothole", "page": "2"}).json()

    assert (first["count"], first["pages"], len(first["results"])) == (PAGE_SIZE + 5, 2, PAGE_SIZE)
    assert len(second["results"]) == 5
    seen = {hit["url"] for hit in first["results"]} | {hit["url"] for hit in second["results"]}
    assert len(seen) == PAGE_SIZE + 5
    page_two = client.get("/search/", {"q": "pothole", "page": "2"}).content.decode()
    assert "Page 2 of 2" in page_two
    assert 'rel="prev"' in page_two


def test_no_words_shows_the_form_only(client, public_things):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "results for" not in response.content.decode()
    assert client.get("/api/v1/search").json()["results"] == []


BAD_QUERIES = [
    ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "too long"),
    ({"q": "a"}, "too short"),
    ({"q": "lanterns", "type": "secrets"}, "nothing of this kind"),
    ({"q": "lanterns", "page": "0"}, "page number"),
    ({"q": "lanterns", "page": "abc"}, "page number"),
    ({"q": "lanterns", "page": "9999"}, "page number"),
]


@pytest.mark.parametrize(("params", "message"), BAD_QUERIES, ids=[m + str(i) for i, (_, m) in enumerate(BAD_QUERIES)])
def test_a_bad_query_is_refused_with_a_clear_400(client, public_things, params, message):
    api = client.get("/api/v1/search", params)
    page = client.get("/search/", params)

    assert api.status_code == 400
    assert api.json()["code"] == "invalid_search"
    assert message in api.json()["detail"]
    assert page.status_code == 400
    assert message in page.content.decode()


def test_a_nul_character_is_refused(client, db):
    assert client.get("/search/?q=lan%00terns").status_code == 400
    assert client.get("/api/v1/search?q=lan%00terns").status_code == 400


def test_control_characters_are_refused_by_the_search_itself(public_things):
    from django.contrib.auth.models import AnonymousUser

    from cocreate.core.search import InvalidSearch

    with pytest.raises(InvalidSearch):
        site_search(AnonymousUser(), "lan\x07terns")


def test_every_page_has_the_search_box_in_its_header(client, db):
    html = client.get("/").content.decode()

    assert 'role="search" method="get" action="/search/"' in html
    assert 'id="site-search-input" type="search" name="q"' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes exist on PostgreSQL only")
def test_postgresql_searches_on_the_full_text_indexes(city, make_user):
    # Thousands of published problems, none about potholes, with fresh statistics: a rare word is then cheapest to
    # find through the full-text index, whatever other indexes the planner could also walk.
    template = problem_report(author=make_user(), organisation=city, title="Bench", description="Wobbly.")
    fields = {f.attname: getattr(template, f.attname) for f in Problem._meta.concrete_fields if not f.primary_key}
    Problem.objects.bulk_create(
        Problem(**{**fields, "title": f"Bench number {n}", "description": f"Wobbly seat {n}."}) for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE problems_problem")
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s ORDER BY indexname", ["%_search"])
        names = [row[0] for row in cursor.fetchall()]
        assert names == [
            "challenges_challenge_search",
            "designs_design_search",
            "ideas_idea_search",
            "problems_problem_search",
        ]
        # With sequential scans priced out, the planner can answer the search's WHERE clause from the index: the
        # indexed expression is the very one the search writes.
        from django.contrib.auth.models import AnonymousUser

        from cocreate.core.search import matching
        from cocreate.problems.queries import SEARCH_FIELDS, searchable_problems

        found = matching(searchable_problems(AnonymousUser()), SEARCH_FIELDS, "pothole")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = found.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "problems_problem_search" in plan


def test_a_word_finds_the_words_it_begins(client, public_things):
    assert sorted(titles(client.get("/api/v1/search", {"q": "lantern"}))) == [
        "Brighter lanterns in the old town",
        "Lantern broken on Elm Road",
        "Solar lanterns",
    ]


def test_operators_and_quotes_are_plain_characters(client, public_things):
    assert titles(client.get("/api/v1/search", {"q": "'solar' & !lantern:*"})) == ["Solar lanterns"]
    assert titles(client.get("/api/v1/search", {"q": "&& !!"})) == []


def test_the_home_page_offers_reporting_and_shows_recent_problems_the_visitor_may_see(
    client, public_things, private_things
):
    html = client.get("/").content.decode()

    assert html.count('href="/problems/report/"') == 2  # the header and the home page
    assert "Recently reported" in html
    assert f'href="{public_things["problem"].get_absolute_url()}"' in html
    assert "Zebra problem" not in html
    assert "Now: Idea collection" in html  # an open challenge with its current stage
    assert "Secret zebra" not in html
