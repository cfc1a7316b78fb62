import pytest
from django.test import Client

from cocreate.conftest import PASSWORD
from cocreate.designs import actions
from cocreate.designs.models import Design, DesignVersion

from .conftest import full_content

pytestmark = pytest.mark.django_db


def signed_in_with_csrf(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=user.email, password=PASSWORD)
    client.get("/")  # sets the CSRF cookie
    return client


def post_json(client, url, data):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(url, data, content_type="application/json", headers={"X-CSRFToken": token})


def test_designs_are_read_through_the_api(client, make_design, make_user):
    author = make_user()
    design = make_design(author=author, content=full_content())
    actions.design_save_version(
        actor=author, design=design, content=full_content(resources="More staff."), note="Staff", base_version=1
    )
    listed = client.get(f"/api/v1/designs/?challenge={design.challenge.slug}").json()
    assert [d["id"] for d in listed["items"]] == [design.pk]
    detail = client.get(f"/api/v1/designs/{design.pk}").json()
    assert detail["current"]["number"] == 2 and detail["current"]["cost_one_off"] == 85000
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    first = client.get(f"/api/v1/designs/{design.pk}/versions/1").json()
    assert first["content"]["resources"] == "The app team."
    compared = client.get(f"/api/v1/designs/{design.pk}/compare?older=1&newer=2").json()
    assert [s["section"] for s in compared["sections"] if s["changed"]] == ["resources"]
    assert client.get(f"/api/v1/designs/{design.pk}/versions/7").status_code == 404
    assert client.get(f"/api/v1/designs/{design.pk}/compare?older=²&newer=2").status_code in (400, 422)


def test_a_signed_in_person_starts_and_writes_a_design_through_the_api(studio, studio_idea, make_user):
    person = make_user()
    client = signed_in_with_csrf(person)
    started = post_json(
        client,
        "/api/v1/designs/",
        {"challenge": studio.slug, "title": "Kiosks", "summary": "In libraries.", "ideas": [studio_idea.pk]},
    )
    assert started.status_code == 201, started.content
    design_id = started.json()["id"]
    assert started.json()["ideas"] == [studio_idea.pk]
    saved = post_json(client, f"/api/v1/designs/{design_id}/versions", {"base_version": 1, "content": full_content()})
    assert saved.status_code == 201 and saved.json()["number"] == 2
    stale = post_json(client, f"/api/v1/designs/{design_id}/versions", {"base_version": 1, "content": full_content()})
    assert stale.status_code == 409 and stale.json()["code"] == "design_version_conflict"
    bad = post_json(
        client,
        f"/api/v1/designs/{design_id}/versions",
        {"base_version": 2, "content": full_content(costs=[{"item": "A", "one_off": -4}])},
    )
    assert bad.status_code == 400 and "costs.0.one_off" in bad.json()["errors"]
    assert DesignVersion.objects.filter(design_id=design_id).count() == 2


def test_writes_need_a_signed_in_author_and_the_csrf_token(studio, make_design, make_user):
    design = make_design()
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.get("/")
    assert (
        post_json(anonymous, "/api/v1/designs/", {"challenge": studio.slug, "title": "X", "summary": "Y"}).status_code
        == 401
    )
    stranger = signed_in_with_csrf(make_user())
    refused = post_json(
        stranger, f"/api/v1/designs/{design.pk}/versions", {"base_version": 1, "content": full_content()}
    )
    assert refused.status_code == 403
    no_token = stranger.post(
        f"/api/v1/designs/{design.pk}/versions", {"base_version": 1, "content": {}}, content_type="application/json"
    )
    assert no_token.status_code == 403
    assert (Design.objects.count(), DesignVersion.objects.count()) == (1, 1)


def test_a_participant_proposes_an_amendment_through_the_api(make_design, make_user):
    from cocreate.designs.models import Amendment

    design = make_design(content=full_content())
    client = signed_in_with_csrf(make_user())
    url = f"/api/v1/designs/{design.pk}/amendments"
    proposed = post_json(
        client, url, {"section": "costs", "content": [{"item": "Help desk", "yearly": 18000}], "reason": "Staff."}
    )
    assert proposed.status_code == 201, proposed.content
    assert proposed.json()["content"] == [{"item": "Help desk", "one_off": 0, "yearly": 18000}]
    assert proposed.json()["proposed_on_version"] == 1
    unknown = post_json(client, url, {"section": "budget", "content": "x", "reason": "Why not."})
    assert unknown.status_code == 400 and unknown.json()["code"] == "design_unknown_section"
    author = signed_in_with_csrf(design.author)
    assert post_json(author, url, {"section": "problem", "content": "Mine.", "reason": "R"}).status_code == 403
    assert Amendment.objects.count() == 1
    assert [a["section"] for a in Client().get(url).json()] == ["costs"]
