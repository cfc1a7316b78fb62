"""Demo data: pairwise votes in the demo city's wiki survey, leaning towards some ideas more than others."""

import random

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.core.registry import DemoContext

from .actions import wikisurvey_vote
from .models import PairwiseVote


def seed_demo_pair_votes(*, city) -> int:
    rng = random.Random(3)
    residents = list(User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org"))
    pair_votes = 0
    survey = Challenge.objects.filter(organisation=city, title="Greener school yards").first()
    if survey is not None and not PairwiseVote.objects.filter(challenge=survey).exists():
        ideas = list(survey.ideas.filter(awaiting_moderation=False))
        strength = {idea.pk: rng.uniform(0.2, 3.0) for idea in ideas}
        for person in residents:
            for _ in range(rng.randint(3, 12)):
                left, right = rng.sample(ideas, 2)
                p_left = strength[left.pk] / (strength[left.pk] + strength[right.pk])
                choice = "cant_decide" if rng.random() < 0.08 else ("left" if rng.random() < p_left else "right")
                wikisurvey_vote(user=person, challenge=survey, left=left, right=right, choice=choice)
                pair_votes += 1
    return pair_votes


def seed_demo(context: DemoContext) -> None:
    pair_votes = seed_demo_pair_votes(city=context.things["city"])
    if pair_votes:
        context.say(f"Created {pair_votes} wiki-survey votes.")
