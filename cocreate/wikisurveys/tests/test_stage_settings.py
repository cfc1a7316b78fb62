"""A wiki-survey stage's own settings: officials open it to visitors in the stage editor; the stage, not the
challenge, decides."""

import pytest
from django.urls import reverse

from cocreate.activity.models import Activity
from cocreate.challenges.actions import StageSpec, challenge_set_stages
from cocreate.challenges.errors import StageHasContributions
from cocreate.challenges.tests.conftest import days
from cocreate.ideas.actions import idea_submit
from cocreate.wikisurveys.models import WikiSurveySettings

from .test_wikisurvey import TITLES


def settings_url(challenge, stage) -> str:
    return reverse("challenges_manage:stage_settings", args=[challenge.slug, stage.pk])


@pytest.mark.django_db
def test_an_official_opens_the_stage_to_visitors_who_may_then_vote(
    client, make_challenge_in, make_idea, official, with_second_factor
):
    challenge = make_challenge_in(stage="wiki_survey")
    for title in TITLES[:2]:
        make_idea(title=title, challenge=challenge, origin="collection")
    stage = challenge.stages.get()
    survey = reverse("wikisurveys:survey", args=[challenge.slug])
    assert 'name="pair"' not in client.get(survey).content.decode()

    with_second_factor(official)
    client.force_login(official)
    stages_page = client.get(reverse("challenges_manage:stages", args=[challenge.slug])).content.decode()
    assert settings_url(challenge, stage) in stages_page
    response = client.post(settings_url(challenge, stage), {"open_to_visitors": "on"})
    assert response.status_code == 302
    assert WikiSurveySettings.objects.get(stage=stage).open_to_visitors is True
    assert Activity.objects.filter(verb="challenge.stage_settings_changed").count() == 1

    client.logout()
    assert 'name="pair"' in client.get(survey).content.decode()


@pytest.mark.django_db
def test_a_citizen_cannot_change_a_stages_settings_and_nothing_changes(client, make_challenge_in, citizen):
    challenge = make_challenge_in(stage="wiki_survey")
    stage = challenge.stages.get()
    client.force_login(citizen)
    assert client.post(settings_url(challenge, stage), {"open_to_visitors": "on"}).status_code == 403
    assert WikiSurveySettings.objects.count() == 0


@pytest.mark.django_db
def test_a_stage_without_settings_has_no_settings_page(client, make_challenge_in, official, with_second_factor):
    challenge = make_challenge_in(stage="idea_collection")
    with_second_factor(official)
    client.force_login(official)
    assert client.get(settings_url(challenge, challenge.stages.get())).status_code == 404


@pytest.mark.django_db
def test_ideas_know_the_stage_they_were_proposed_in_and_that_stage_cannot_be_removed(
    client, make_challenge_in, citizen, admin_user, official, with_second_factor
):
    challenge = make_challenge_in(stage="wiki_survey")
    stage = challenge.stages.get()
    idea = idea_submit(author=citizen, challenge=challenge, title="Walking buses", description="")
    assert idea.stage == stage

    with pytest.raises(StageHasContributions):
        challenge_set_stages(
            actor=admin_user,
            challenge=challenge,
            stage_specs=[StageSpec(type="idea_collection", starts_at=days(-1), ends_at=days(10))],
        )
    assert list(challenge.stages.values_list("pk", "type")) == [(stage.pk, "wiki_survey")]

    with_second_factor(official)
    client.force_login(official)
    response = client.post(
        reverse("challenges_manage:stages", args=[challenge.slug]),
        {
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "1",
            "stages-0-type": "idea_collection",
            "stages-0-title": "Ideas, please",
            "stages-0-first_day": days(-1).date().isoformat(),
            "stages-0-last_day": days(10).date().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "cannot be removed" in response.content.decode()
    assert 'value="Ideas, please"' in response.content.decode()  # what was typed is kept
    assert list(challenge.stages.values_list("pk", "type")) == [(stage.pk, "wiki_survey")]


@pytest.mark.django_db
def test_the_challenge_page_tells_visitors_whether_voting_needs_an_account(client, make_challenge_in):
    challenge = make_challenge_in(stage="wiki_survey")
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "vote on ideas — <a" in page  # a link to sign in
    WikiSurveySettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "vote on ideas — no account needed" in page
