"""Demo data: an opinion map of the old railway land, with two camps and people in between, and its computed map."""

import random

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.core.registry import DemoContext

from .actions import statement_seed, statement_vote
from .models import Statement
from .tasks import recompute_opinion_map

RAILWAY_STATEMENTS = [
    "The railway land should become mainly a park.",
    "We need affordable housing there more than anything else.",
    "Allotment gardens would bring neighbours together.",
    "A sports ground for the schools nearby is missing.",
    "Cars should not be allowed on the site at all.",
    "The old railway sheds should be kept as a market hall.",
    "Building there will raise rents in the whole district.",
    "A cycle path along the old tracks would link the harbour and Mill Lane.",
    "The site should stay wild for birds and insects.",
    "Young people need a place of their own there.",
    "Private investors should pay for part of it.",
    "Residents should decide the plan in a vote.",
]


def seed_demo_statement_votes(*, city, official) -> int:
    rng = random.Random(3)
    residents = list(User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org"))
    statement_votes = 0
    railway = Challenge.objects.filter(organisation=city, title="What should the old railway land become?").first()
    if railway is not None and not Statement.objects.filter(challenge=railway).exists():
        statements = [statement_seed(actor=official, challenge=railway, text=text) for text in RAILWAY_STATEMENTS]
        # Two camps (green space, housing) and people in between, so that the map has something to show.
        leanings = {0: 1, 1: -1, 2: 1, 3: 0, 4: 1, 5: 0, 6: 1, 7: 1, 8: 1, 9: 0, 10: -1, 11: 0}
        for person in residents:
            camp = rng.choice([1, -1, 0])
            for statement in rng.sample(statements, k=rng.randint(7, len(statements))):
                index = statements.index(statement)
                lean = leanings[index] * camp
                roll = rng.random()
                vote = 1 if roll < 0.45 + 0.4 * lean else (-1 if roll < 0.85 else 0)
                if index == 7:
                    vote = 1 if roll < 0.85 else 0  # everyone likes the cycle path: a consensus statement
                statement_vote(user=person, statement=statement, vote=vote)
                statement_votes += 1
        recompute_opinion_map.call(stage_id=statements[0].stage_id)
    return statement_votes


def seed_demo(context: DemoContext) -> None:
    statement_votes = seed_demo_statement_votes(city=context.things["city"], official=context.things["official"])
    if statement_votes:
        context.say(f"Created {statement_votes} opinion-map votes.")
