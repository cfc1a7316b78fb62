"""The spam trap of the forms rendered field by field is hidden from people, as on every other form."""

import re

import pytest
from django.urls import reverse

from cocreate.opinionmaps.models import OpinionMapSettings

HIDDEN_TRAP = re.compile(
    r'<div class="visually-hidden" aria-hidden="true"><label for="id_website">Leave this empty</label>'
    r'<input type="text" name="website" tabindex="-1" autocomplete="off"[^>]*id="id_website"[^>]*>\s*</div>'
)


def trap_count(page: str) -> int:
    return page.count('name="website"')


@pytest.mark.django_db
def test_the_wiki_survey_form_hides_its_spam_trap(client, make_challenge_in, citizen):
    challenge = make_challenge_in(stage="wiki_survey")
    client.force_login(citizen)
    page = client.get(reverse("wikisurveys:add", args=[challenge.slug])).content.decode()
    assert trap_count(page) == 1
    assert HIDDEN_TRAP.search(page)
    assert "Leave this empty <span" not in page  # never drawn as a visible, optional field


@pytest.mark.django_db
def test_the_opinion_map_form_hides_its_spam_trap_from_visitors_too(client, make_challenge_in):
    challenge = make_challenge_in(stage="opinion_map")
    OpinionMapSettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
    page = client.get(reverse("opinionmaps:page", args=[challenge.slug])).content.decode()
    assert trap_count(page) == 1
    assert HIDDEN_TRAP.search(page)


@pytest.mark.django_db
def test_a_filled_trap_comes_back_as_a_form_error_with_the_text_and_stores_nothing(client, make_challenge_in, citizen):
    challenge = make_challenge_in(stage="opinion_map")
    client.force_login(citizen)
    url = reverse("opinionmaps:add", args=[challenge.slug])
    response = client.post(url, {"text": "Crossings need lights.", "website": "http://spam.example"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A field meant to stay empty was filled in" in page
    assert "Crossings need lights." in page
    assert "http://spam.example" not in page  # drawn empty: sending the form again works
    assert challenge.statements.count() == 0


@pytest.mark.django_db
def test_a_filled_trap_in_the_wiki_survey_keeps_the_idea(client, make_challenge_in, citizen):
    challenge = make_challenge_in(stage="wiki_survey")
    client.force_login(citizen)
    url = reverse("wikisurveys:add", args=[challenge.slug])
    response = client.post(url, {"title": "Night buses", "description": "Every hour.", "website": "x"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A field meant to stay empty was filled in" in page
    assert 'value="Night buses"' in page
    assert challenge.ideas.count() == 0
