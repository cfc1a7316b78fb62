"""Demo ideas: an idea collection under way, and the ideas a wiki survey compares."""

import random

from cocreate.accounts.models import User
from cocreate.activity.actions import link_create
from cocreate.challenges.models import Challenge
from cocreate.challenges.stages import Feature
from cocreate.engagement import actions as engagement

from .models import Idea

CYCLING_IDEAS = [
    ("Protected bike lanes on Station Road", "Separate the lanes from traffic with kerbs, as on Harbour Street."),
    ("School streets", "Close the streets in front of schools to cars for 30 minutes at the start and end of the day."),
    ("Bike buses", "Parents take turns riding a fixed route with a group of pupils, like a bus with stops."),
    ("Safer crossing at Mill Lane", "A raised crossing with lights where pupils cross the ring road."),
    ("Cycling lessons in year 4", "Every pupil learns to ride safely in traffic, with a certificate."),
    ("Covered bike parking at schools", "Bikes stay dry and safe; many parents say theft stops them."),
    ("30 km/h around all schools", "Lower speed limits within 300 metres of every school."),
    ("Map of safe routes", "A printed and online map of the safest routes to each school, made with pupils."),
    ("Repair stations", "A pump and tools at each school, so a flat tyre is no excuse."),
    ("Reward scheme", "Pupils collect points for every ride, exchanged for cinema tickets."),
]
SCHOOLYARD_IDEAS = [
    ("Replace asphalt with grass and trees", "Unseal a third of each yard and plant shade trees."),
    ("Shade sails", "Quick to install over the hottest corners before next summer."),
    ("School gardens", "Pupils grow vegetables; lessons in biology move outdoors."),
    ("Water play areas", "Splash fountains that cool the yard in heat waves."),
    ("Green walls", "Climbing plants on the sunny facades."),
    ("Open yards after school", "Green yards become neighbourhood parks in the evening."),
    ("Rain gardens", "Collect rainwater from the roofs in planted hollows."),
    ("Natural playgrounds", "Logs, boulders and sand instead of metal frames."),
]
COMMENTS = [
    "Yes, please!",
    "This would help my children.",
    "How much would it cost?",
    "Good idea, but who maintains it?",
]


def seed_demo_ideas(*, city) -> int:
    rng = random.Random(7)
    residents = list(User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org"))
    if not residents:
        return 0
    created = 0
    for title, ideas in (
        ("Safer cycling routes to schools", CYCLING_IDEAS),
        ("Greener school yards", SCHOOLYARD_IDEAS),
    ):
        challenge = Challenge.objects.filter(organisation=city, title=title).first()
        if challenge is None or challenge.ideas.exists():
            continue
        for idea_title, description in ideas:
            # Demo data is written directly: the stage that took these ideas may already be over.
            idea = Idea.objects.create(
                author=rng.choice(residents),
                challenge=challenge,
                organisation=city,
                title=idea_title,
                description=description,
            )
            engagement.follow_without_check(user=idea.author, target=idea)
            link_create(source=idea, target=challenge, kind="proposed_in", actor=idea.author)  # as idea_submit does
            created += 1
            if challenge.stage_allows(Feature.SUPPORT, Idea):
                for supporter in rng.sample(residents, k=rng.randint(0, 12)):
                    if supporter.pk != idea.author_id:
                        engagement.support_add(user=supporter, target=idea)
            if challenge.stage_allows(Feature.COMMENT, Idea):
                for commenter in rng.sample(residents, k=rng.randint(0, 3)):
                    engagement.comment_add(author=commenter, target=idea, body=rng.choice(COMMENTS))
    return created


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


def seed_demo_votes(*, city, official) -> tuple[int, int]:
    """Pairwise votes for the wiki survey and statements with votes for the opinion map, then the map itself."""
    from .models import PairwiseVote, Statement
    from .opinionmap_actions import statement_seed, statement_vote
    from .tasks import recompute_opinion_map
    from .wikisurvey_actions import wikisurvey_vote

    rng = random.Random(3)
    residents = list(User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org"))
    pair_votes = statement_votes = 0
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
        recompute_opinion_map.call(challenge_id=railway.pk)
    return pair_votes, statement_votes
