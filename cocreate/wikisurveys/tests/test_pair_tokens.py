"""A pair token is answered once, by the participant it was shown to: a replay or another person's token stores
nothing and gets a 4xx beside the next pair."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client

from cocreate.engagement.models import Participant
from cocreate.wikisurveys import actions as survey
from cocreate.wikisurveys import queries as survey_queries
from cocreate.wikisurveys.errors import PairAlreadyAnswered
from cocreate.wikisurveys.models import PairwiseVote
from cocreate.wikisurveys.tests.test_wikisurvey import make_survey, shown_pair, url  # noqa: F401 -- fixture

ANSWERED = "Your vote on this pair was already counted. Here is the next pair."
ANOTHERS = "This pair was shown to someone else. Here is a pair for you."


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_a_pair_token_counts_once(client, make_survey, citizen, htmx):  # noqa: F811
    challenge = make_survey()
    client.force_login(citizen)
    token, _pair = shown_pair(client.get(url(challenge)))
    headers = {"HX-Request": "true"} if htmx else {}
    assert client.post(url(challenge), {"pair": token, "choice": "left"}, headers=headers).status_code in (200, 302)
    assert PairwiseVote.objects.count() == 1
    for choice in ["left"] * 49 + ["right"]:
        response = client.post(url(challenge), {"pair": token, "choice": choice}, headers=headers)
        assert response.status_code == 409
        assert ANSWERED in response.content.decode()
        next_token, _next_pair = shown_pair(response)  # the next pair to vote on instead
        assert next_token != token
    assert list(PairwiseVote.objects.values_list("choice", flat=True)) == ["left"]
    assert client.post(url(challenge), {"pair": next_token, "choice": "right"}, headers=headers).status_code in (
        200,
        302,
    )
    assert PairwiseVote.objects.count() == 2


@pytest.mark.django_db
def test_an_anonymous_visitors_pair_token_counts_once(make_survey):  # noqa: F811
    challenge = make_survey(anonymous=True)
    visitor = Client()
    token, _pair = shown_pair(visitor.get(url(challenge)))
    assert visitor.post(url(challenge), {"pair": token, "choice": "left"}).status_code == 302
    for _ in range(5):
        response = visitor.post(url(challenge), {"pair": token, "choice": "left"})
        assert response.status_code == 409 and ANSWERED in response.content.decode()
    assert PairwiseVote.objects.count() == 1
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_a_token_shown_to_another_participant_is_refused(make_survey, make_user):  # noqa: F811
    challenge = make_survey(anonymous=True)
    alice, bob = Client(), Client()
    alice.force_login(make_user())
    bob.force_login(make_user())
    first_visitor, second_visitor = Client(), Client()
    alices, _ = shown_pair(alice.get(url(challenge)))
    visitors, _ = shown_pair(first_visitor.get(url(challenge)))
    for thief, token in [(bob, alices), (second_visitor, alices), (second_visitor, visitors), (bob, visitors)]:
        response = thief.post(url(challenge), {"pair": token, "choice": "left"})
        assert response.status_code == 403
        assert ANOTHERS in response.content.decode()
        shown_pair(response)  # with a pair of their own
    assert PairwiseVote.objects.count() == 0
    assert Participant.objects.count() == 0
    # the people they were shown to can still use them
    assert alice.post(url(challenge), {"pair": alices, "choice": "left"}).status_code == 302
    assert first_visitor.post(url(challenge), {"pair": visitors, "choice": "left"}).status_code == 302
    assert PairwiseVote.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_token_sent_many_times_at_once_is_counted_once(make_survey, citizen):  # noqa: F811
    challenge = make_survey()
    pair = survey_queries.pair_from_token(
        challenge,
        survey_queries.pair_token(
            challenge, *survey_queries.survey_ideas(challenge)[:2], voter=survey_queries.voter_key(citizen)
        ),
        voter=survey_queries.voter_key(citizen),
    )
    attempts = 6
    start = threading.Barrier(attempts)
    outcomes = []

    def vote():
        start.wait()
        try:
            for _attempt in range(200):
                try:
                    survey.wikisurvey_vote(
                        user=citizen,
                        challenge=challenge,
                        left=pair.left,
                        right=pair.right,
                        choice="left",
                        pair_nonce=pair.nonce,
                    )
                    outcomes.append("counted")
                    return
                except PairAlreadyAnswered:
                    outcomes.append("refused")
                    return
                except OperationalError:  # SQLite's in-memory test database locks the table instead of waiting
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted"] + ["refused"] * (attempts - 1)
    assert PairwiseVote.objects.count() == 1
