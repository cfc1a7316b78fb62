import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.conftest import PASSWORD
from cocreate.designs import actions
from cocreate.designs.models import Design, DesignVersion
from cocreate.engagement import actions as engagement

from .conftest import full_content

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def editor_post(version: int, **changes) -> dict:
    """The writing page's fields as a browser posts them: text sections, and a set of rows per table."""
    content = full_content(**changes)
    data = {"base_version": str(version), "note": "Changes", "website": ""}
    for key in ("problem", "target_groups", "resources"):
        data[key] = content[key]
    for key in ("blueprint", "costs", "risks", "measures"):
        rows = content[key]
        data[f"{key}-TOTAL_FORMS"] = str(len(rows) + 1)
        data[f"{key}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for column, value in row.items():
                data[f"{key}-{index}-{column}"] = str(value)
    return data


@pytest.fixture
def written(make_design, make_user):
    author = make_user(display_name="Dana Designer")
    design = make_design(author=author, content=full_content())
    actions.design_save_version(
        actor=author,
        design=design,
        content=full_content(problem="Permits are renewed on paper, with weeks of waiting."),
        note="Waiting times",
        base_version=1,
    )
    design.refresh_from_db()
    return design


def test_everyone_reads_a_design_its_versions_and_what_changed(client, written):
    detail = client.get(written.get_absolute_url())
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Permits are renewed on paper, with weeks of waiting." in body and "85,000 €" in body
    assert client.get(reverse("designs:list", args=[written.challenge.slug])).status_code == 200
    assert "Waiting times" in client.get(reverse("designs:versions", args=[written.pk])).content.decode()
    first = client.get(reverse("designs:version", args=[written.pk, 1])).content.decode()
    assert "This is an earlier version" in first and "with weeks of waiting" not in first
    compare = client.get(reverse("designs:compare", args=[written.pk]) + "?from=1&to=2").content.decode()
    assert "<ins>" in compare and "with weeks of waiting." in compare
    exported = client.get(reverse("designs:export_json", args=[written.pk])).json()
    assert [v["number"] for v in exported["versions"]] == [1, 2] and exported["versions"][0]["cost_one_off"] == 85000
    assert "email" not in str(exported)


@pytest.mark.parametrize("query", ["?from=²&to=2", "?from=abc", "?from=-1&to=99999999999999999999", "?from=%01"])
def test_a_comparison_with_odd_version_numbers_falls_back_to_the_latest_change(client, written, query):
    response = client.get(reverse("designs:compare", args=[written.pk]) + query)
    assert response.status_code == 200


def test_a_version_that_does_not_exist_is_404(client, written):
    assert client.get(reverse("designs:compare", args=[written.pk]) + "?from=7&to=2").status_code == 404
    assert client.get(reverse("designs:version", args=[written.pk, 9])).status_code == 404


def test_a_hidden_designs_versions_are_not_readable(client, written, make_user):
    Design.objects.filter(pk=written.pk).update(is_hidden=True)
    for url in (
        reverse("designs:version", args=[written.pk, 1]),
        reverse("designs:versions", args=[written.pk]),
        reverse("designs:compare", args=[written.pk]),
        reverse("designs:export_json", args=[written.pk]),
    ):
        assert client.get(url).status_code == 404
    assert "Permits are renewed" not in client.get(written.get_absolute_url()).content.decode()


def test_starting_a_design_from_the_page(client, studio, studio_idea, make_user):
    person = signed_in(client, make_user())
    response = person.post(
        reverse("designs:start", args=[studio.slug]),
        {"title": "Kiosk renewals", "summary": "At the library.", "ideas": [studio_idea.pk], "website": ""},
    )
    design = Design.objects.get(title="Kiosk renewals")
    assert response.status_code == 302 and response.url == reverse("designs:edit", args=[design.pk])
    refused = person.post(reverse("designs:start", args=[studio.slug]), {"title": "", "summary": "Typed summary"})
    assert refused.status_code == 400 and "Typed summary" in refused.content.decode()
    assert Design.objects.count() == 1


def test_writing_a_version_on_the_page(client, written):
    author = signed_in(client, written.author)
    page = author.get(reverse("designs:edit", args=[written.pk]))
    assert page.status_code == 200 and "with weeks of waiting" in page.content.decode()
    response = author.post(reverse("designs:edit", args=[written.pk]), editor_post(2, resources="Two new staff."))
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.current_version.content["resources"] == "Two new staff."
    assert written.current_version.note == "Changes"


def test_a_refused_version_comes_back_with_what_was_typed(client, written):
    author = signed_in(client, written.author)
    data = editor_post(2, resources="My long careful text.")
    data["costs-0-yearly"] = "-3"
    response = author.post(reverse("designs:edit", args=[written.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "My long careful text." in body and "Enter a whole number of euros" in body
    assert DesignVersion.objects.filter(design=written).count() == 2


def test_more_rows_keeps_what_was_typed_and_saves_nothing(client, written):
    author = signed_in(client, written.author)
    data = editor_post(2, resources="Unsaved words.")
    data["more_rows"] = "costs"
    response = author.post(reverse("designs:edit", args=[written.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Unsaved words." in body and 'name="costs-3-item"' in body
    assert DesignVersion.objects.filter(design=written).count() == 2


def test_a_stale_version_is_not_overwritten_and_the_text_comes_back(client, written):
    author = signed_in(client, written.author)
    response = author.post(reverse("designs:edit", args=[written.pk]), editor_post(1, resources="Written from v1."))
    assert response.status_code == 409
    assert "Written from v1." in response.content.decode()
    assert DesignVersion.objects.filter(design=written).count() == 2


def test_a_stranger_cannot_open_the_writing_page_or_post_to_it(client, written, make_user):
    stranger = signed_in(client, make_user())
    assert stranger.get(reverse("designs:edit", args=[written.pk])).status_code == 403
    response = stranger.post(reverse("designs:edit", args=[written.pk]), editor_post(2, resources="Not mine."))
    assert response.status_code == 403
    assert DesignVersion.objects.filter(design=written).count() == 2


def test_inviting_and_accepting_on_the_page(client, written, make_user):
    friend = make_user()
    starter = signed_in(client, written.author)
    assert starter.post(reverse("designs:invite", args=[written.pk]), {"email": friend.email}).status_code == 302
    client.logout()
    invited = signed_in(client, friend)
    assert "You are invited to write this design" in invited.get(written.get_absolute_url()).content.decode()
    invited.post(reverse("designs:answer_invitation", args=[written.pk]), {"answer": "accept"})
    assert invited.get(reverse("designs:edit", args=[written.pk])).status_code == 200


def test_the_design_page_reads_in_the_same_number_of_queries_however_long_its_history(client, make_design, make_user):
    def page_queries(versions: int) -> int:
        author = make_user()
        design = make_design(author=author, content=full_content())
        for number in range(2, versions + 1):
            actions.design_save_version(
                actor=author, design=design, content=full_content(problem=f"Take {number}"), base_version=number - 1
            )
        for _ in range(3):
            engagement.comment_add(author=make_user(), target=design, body="Good.")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(design.get_absolute_url()).status_code == 200
        return len(queries)

    assert page_queries(3) == page_queries(30)


def test_a_success_measure_shows_its_indicator_by_name_and_the_editor_offers_the_challenges(
    client, studio, make_design, make_user
):
    indicator = studio.indicators.create(name="Renewals without a visit", unit="%")
    author = make_user()
    design = make_design(
        author=author, content=full_content(measures=[{"measure": "Online", "indicator": indicator.pk}])
    )
    assert "Renewals without a visit" in client.get(design.get_absolute_url()).content.decode()
    editor = signed_in(client, author).get(reverse("designs:edit", args=[design.pk])).content.decode()
    assert f'<option value="{indicator.pk}" selected>Renewals without a visit</option>' in editor


def test_each_section_has_comments_of_its_own(client, written, make_user):
    commenter = make_user()
    signed_in(client, commenter)
    url = reverse("designs:section_comments", args=[written.pk, "costs"])
    response = client.post(
        reverse("engagement:comment", args=["designs", "design", written.pk]),
        {"body": "Is the help desk counted?", "anchor": "costs", "next": url},
    )
    assert response.status_code == 302 and response.url == url
    client.post(reverse("engagement:comment", args=["designs", "design", written.pk]), {"body": "Looks good overall."})
    section_page = client.get(url).content.decode()
    assert "Is the help desk counted?" in section_page and "Looks good overall." not in section_page
    design_page = client.get(written.get_absolute_url()).content.decode()
    assert "Looks good overall." in design_page and "Is the help desk counted?" not in design_page
    assert "1 comment on “Cost estimate”" in design_page
    refused = client.post(
        reverse("engagement:comment", args=["designs", "design", written.pk]), {"body": "X", "anchor": "budget"}
    )
    assert refused.status_code == 400
    assert client.get(reverse("designs:section_comments", args=[written.pk, "budget"])).status_code == 400


def test_other_contributions_take_no_comments_on_parts(make_user, make_challenge_in):
    from cocreate.engagement import actions as engagement
    from cocreate.engagement.errors import UnknownCommentAnchor
    from cocreate.engagement.models import Comment
    from cocreate.ideas.actions import idea_submit

    idea = idea_submit(author=make_user(), challenge=make_challenge_in(title="Ideas"), title="Bike bus", description="")
    with pytest.raises(UnknownCommentAnchor):
        engagement.comment_add(author=make_user(), target=idea, body="Hi", anchor="problem")
    assert not Comment.objects.exists()


def test_a_designs_journey_shows_the_idea_it_was_built_from(client, make_design, studio_idea):
    design = make_design(ideas=[studio_idea])
    response = client.get(reverse("activity:journey", args=["designs", "design", design.pk]))
    assert response.status_code == 200 and studio_idea.title in response.content.decode()
