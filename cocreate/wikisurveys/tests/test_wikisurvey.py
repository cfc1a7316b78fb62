import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.urls import reverse

from cocreate.challenges.actions import StageSpec, challenge_set_stages
from cocreate.challenges.models import Challenge, Stage
from cocreate.challenges.tests.conftest import days
from cocreate.engagement.models import Participant
from cocreate.ideas.models import Idea
from cocreate.wikisurveys import actions as survey
from cocreate.wikisurveys import queries as survey_queries
from cocreate.wikisurveys.models import PairwiseVote, WikiSurveySettings

TITLES = ["Protected bike lanes", "School streets", "Walking buses", "Bike parking at schools"]


@pytest.fixture
def make_survey(make_challenge_in, make_idea):
    def make(*, anonymous=False, stage="wiki_survey", n=4):
        challenge = make_challenge_in(stage="wiki_survey")
        for title in TITLES[:n]:
            make_idea(title=title, challenge=challenge, origin=Idea.Origin.COLLECTION)
        if anonymous:
            WikiSurveySettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
        if stage == "upcoming":
            Stage.objects.filter(challenge=challenge).update(starts_at=days(2), ends_at=days(9))
        elif stage != "wiki_survey":
            Stage.objects.filter(challenge=challenge).update(type=stage)
        return Challenge.objects.get(pk=challenge.pk)

    return make


def url(challenge, name="wikisurveys:survey"):
    return reverse(name, args=[challenge.slug])


def shown_pair(response) -> tuple[str, tuple[int, int]]:
    token = re.search(r'name="pair" value="([^"]+)"', response.content.decode()).group(1)
    _challenge, left, right, _voter, _nonce = signing.loads(token, salt=survey_queries.PAIR_SALT)
    return token, (left, right)


def any_token(challenge, user=None):
    """A token for the first two ideas, shown to ``user`` (a visitor without a session when None)."""
    left, right = survey_queries.survey_ideas(challenge)[:2]
    return survey_queries.pair_token(
        challenge, left, right, voter=survey_queries.voter_key(user or AnonymousUser(), "")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "anonymous", "stage", "allowed"),
    [
        ("visitor", False, "wiki_survey", False),
        ("visitor", True, "wiki_survey", True),
        ("visitor", True, "upcoming", False),
        ("visitor", True, "opinion_map", False),
        ("citizen", False, "wiki_survey", True),
        ("citizen", False, "upcoming", False),
        ("citizen", False, "idea_collection", False),
        ("citizen", False, "opinion_map", False),
        ("official", False, "wiki_survey", True),
        ("official", False, "upcoming", False),
    ],
)
def test_who_may_vote_by_role_and_stage(
    client, make_survey, citizen, official, with_second_factor, role, anonymous, stage, allowed
):
    challenge = make_survey(anonymous=anonymous, stage=stage)
    with_second_factor(official)  # officials must sign in with two factors
    if role != "visitor":
        client.force_login({"citizen": citizen, "official": official}[role])
    token = shown_pair(client.get(url(challenge)))[0] if allowed else any_token(challenge)
    response = client.post(url(challenge), {"pair": token, "choice": "left"})
    if allowed:
        assert response.status_code == 302
        assert PairwiseVote.objects.count() == 1
        vote = PairwiseVote.objects.get()
        assert vote.choice == "left"
        participant = vote.participant
        if role == "visitor":
            assert participant.user is None and len(participant.token) == 64
        else:
            assert participant.user == {"citizen": citizen, "official": official}[role]
    else:
        assert response.status_code == 403
        assert PairwiseVote.objects.count() == 0
        assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_the_same_pair_is_never_shown_twice_in_a_row(client, make_survey, citizen):
    challenge = make_survey()
    client.force_login(citizen)
    _token, previous = shown_pair(client.get(url(challenge)))
    for n in range(15):
        token, pair = shown_pair(client.get(url(challenge)))  # a reload shows another pair too
        assert set(pair) != set(previous)
        headers = {"HX-Request": "true"} if n % 2 else {}
        response = client.post(url(challenge), {"pair": token, "choice": "right"}, headers=headers)
        if headers:
            assert response.status_code == 200
            assert "<html" not in response.content.decode()
            assert "your vote was counted" in response.content.decode()
            _token, following = shown_pair(response)
        else:
            assert response.status_code == 302
            _token, following = shown_pair(client.get(url(challenge)))
        assert set(following) != set(pair)
        previous = following
    assert PairwiseVote.objects.count() == 15
    assert PairwiseVote.objects.filter(participant__user=citizen, choice="right").count() == 15


@pytest.mark.django_db
def test_the_previous_pair_comes_from_the_last_vote_in_a_new_session(client, make_survey, citizen):
    challenge = make_survey(n=3)
    client.force_login(citizen)
    token, pair = shown_pair(client.get(url(challenge)))
    client.post(url(challenge), {"pair": token, "choice": "left"})
    client.logout()
    client.force_login(citizen)  # a new session: the pair is remembered from the vote
    _token, following = shown_pair(client.get(url(challenge)))
    assert set(following) != set(pair)


@pytest.mark.django_db
def test_stale_or_forged_pairs_are_refused_and_nothing_is_stored(client, make_survey, make_challenge_in, citizen):
    challenge = make_survey()
    other = make_survey()
    client.force_login(citizen)
    a, b, c, _d = survey_queries.survey_ideas(challenge)
    voter = survey_queries.voter_key(citizen)
    forged = [
        any_token(challenge, citizen)[:-2] + "xx",  # tampered signature
        survey_queries.pair_token(other, *survey_queries.survey_ideas(other)[:2], voter=voter),  # another challenge's
        # an idea against itself
        signing.dumps([challenge.pk, a.pk, a.pk, voter, "n"], salt=survey_queries.PAIR_SALT, compress=True),
        signing.dumps([challenge.pk, a.pk, b.pk], salt=survey_queries.PAIR_SALT, compress=True),  # bound to nobody
        "",
    ]
    for token in forged:
        assert client.post(url(challenge), {"pair": token, "choice": "left"}).status_code == 400
    token = survey_queries.pair_token(challenge, b, c, voter=voter)
    assert client.post(url(challenge), {"pair": token, "choice": "middle"}).status_code == 400
    Idea.objects.filter(pk=c.pk).update(withdrawn_at=days(0))  # withdrawn after the pair was shown
    assert client.post(url(challenge), {"pair": token, "choice": "left"}).status_code == 400
    assert PairwiseVote.objects.count() == 0
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_pairs_use_only_approved_visible_ideas_and_need_two(client, make_survey, citizen):
    challenge = make_survey(n=2)
    Idea.objects.filter(title="School streets").update(is_hidden=True)
    client.force_login(citizen)
    response = client.get(url(challenge))
    assert response.status_code == 200
    assert 'name="pair"' not in response.content.decode()
    assert "not enough ideas to compare" in response.content.decode()


@pytest.mark.django_db
def test_added_ideas_wait_for_moderation_before_joining_the_pairs(client, make_survey, citizen, moderator):
    challenge = make_survey(n=2)
    add = url(challenge, "wikisurveys:add")
    assert client.get(add).status_code == 302  # visitors are sent to sign in
    client.force_login(citizen)
    assert client.post(add, {"title": ""}).status_code == 400
    response = client.post(add, {"title": "Lollipop crossing guards", "description": ""})
    assert response.status_code == 302
    idea = Idea.objects.get(title="Lollipop crossing guards")
    assert (idea.origin, idea.awaiting_moderation, idea.author) == ("wiki_survey", True, citizen)
    assert idea not in survey_queries.survey_ideas(challenge)

    manage = url(challenge, "wikisurveys:manage")
    assert client.get(manage).status_code == 403
    assert client.post(manage, {"idea": idea.pk, "decision": "approve"}).status_code == 403
    idea.refresh_from_db()
    assert idea.awaiting_moderation is True

    client.force_login(moderator)
    assert "Lollipop crossing guards" in client.get(manage).content.decode()
    assert client.post(manage, {"idea": idea.pk, "decision": "approve"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.awaiting_moderation, idea.is_hidden) == (False, False)
    assert idea in survey_queries.survey_ideas(challenge)
    assert client.post(manage, {"idea": idea.pk, "decision": "reject"}).status_code == 409


@pytest.mark.django_db
def test_rejected_ideas_stay_hidden(make_survey, make_idea, citizen, official):
    from cocreate.ideas.actions import idea_submit

    challenge = make_survey(n=2)
    idea = idea_submit(author=citizen, challenge=challenge, title="Ban cars", description="", origin="wiki_survey")
    survey.wikisurvey_idea_moderate(actor=official, idea=idea, approve=False)
    idea.refresh_from_db()
    assert (idea.awaiting_moderation, idea.is_hidden) == (False, True)
    assert list(survey_queries.survey_ideas(challenge).values_list("title", flat=True)) == TITLES[:2]


@pytest.mark.django_db
def test_results_show_scores_strengths_and_comparisons_to_everyone(client, make_survey, citizen):
    challenge = make_survey(n=3)
    a, b, c = survey_queries.survey_ideas(challenge)
    participant = Participant.objects.create(challenge=challenge, user=citizen)
    vote = {"challenge": challenge, "stage": challenge.stages.get(), "participant": participant}
    for _ in range(3):
        PairwiseVote.objects.create(**vote, left=a, right=b, choice="left")
    PairwiseVote.objects.create(**vote, left=c, right=b, choice="right")
    PairwiseVote.objects.create(**vote, left=a, right=c, choice="cant_decide")

    rows = survey_queries.wikisurvey_results(challenge)
    assert [(r["idea"], r["wins"], r["losses"], r["comparisons"]) for r in rows] == [
        (a, 3, 0, 3),
        (b, 1, 3, 4),  # tied with c on the score; b beat c, so Bradley-Terry ranks it higher
        (c, 0, 1, 1),
    ]
    assert [round(r["score"], 2) for r in rows] == [80.0, 33.33, 33.33]
    for row in rows:
        assert 0 <= row["bt"].low <= row["bt"].score <= row["bt"].high <= 100

    response = client.get(url(challenge, "wikisurveys:results"))  # a visitor
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Protected bike lanes") < body.index("School streets") < body.index("Walking buses")
    assert "<td>80</td>" in body


@pytest.mark.django_db
def test_visitors_of_an_invited_only_challenge_see_nothing(client, make_challenge_in):
    challenge = make_challenge_in(stage="wiki_survey", visibility="invited")
    WikiSurveySettings.objects.create(stage=challenge.stages.get(), open_to_visitors=True)
    for name in ("wikisurveys:survey", "wikisurveys:results"):
        assert client.get(url(challenge, name)).status_code == 404
    assert client.post(url(challenge), {"pair": "x", "choice": "left"}).status_code == 404
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_the_stage_links_to_the_survey(client, make_survey):
    challenge = make_survey()
    body = client.get(challenge.get_absolute_url()).content.decode()
    assert url(challenge) in body


@pytest.mark.django_db
def test_each_wiki_survey_stage_of_a_challenge_is_a_round_of_its_own(make_survey, citizen, admin_user):
    challenge = make_survey(n=2)
    first_round = challenge.stages.get()
    a, b = survey_queries.survey_ideas(challenge)
    survey.wikisurvey_vote(user=citizen, challenge=challenge, left=a, right=b, choice="left")
    assert [(r["idea"], r["wins"]) for r in survey_queries.wikisurvey_results(challenge)] == [(a, 1), (b, 0)]

    challenge_set_stages(
        actor=admin_user,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="wiki_survey", starts_at=days(-3), ends_at=days(-1)),
            StageSpec(type="wiki_survey", starts_at=days(-1), ends_at=days(9), title="Second round"),
        ],
    )
    challenge = Challenge.objects.get(pk=challenge.pk)
    survey.wikisurvey_vote(user=citizen, challenge=challenge, left=a, right=b, choice="right")

    second_round = challenge.active_stage()
    assert second_round != first_round
    assert list(PairwiseVote.objects.order_by("pk").values_list("stage", flat=True)) == [
        first_round.pk,
        second_round.pk,
    ]
    assert [(r["idea"], r["wins"]) for r in survey_queries.wikisurvey_results(challenge)] == [(b, 1), (a, 0)]


@pytest.mark.django_db
@pytest.mark.parametrize("idea", ["abc", "²³", "-1", "9" * 30])
def test_moderating_an_idea_that_is_no_number_is_404_and_changes_nothing(
    client, make_survey, moderator, with_second_factor, idea
):
    challenge = make_survey()
    with_second_factor(moderator)
    client.force_login(moderator)
    before = list(Idea.objects.values_list("pk", "status"))
    response = client.post(url(challenge, "wikisurveys:manage"), {"idea": idea, "decision": "approve"})
    assert response.status_code == 404
    assert list(Idea.objects.values_list("pk", "status")) == before
