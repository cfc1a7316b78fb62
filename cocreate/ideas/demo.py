"""Demo ideas: an idea collection under way, and the ideas a wiki survey compares."""

import random

from cocreate.accounts.models import User
from cocreate.activity.actions import link_create
from cocreate.challenges.models import Challenge
from cocreate.challenges.stages import Feature
from cocreate.core.registry import DemoContext
from cocreate.engagement import actions as engagement
from cocreate.engagement.queries import answer_due_for

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
                stage=challenge.stage_for(Feature.CREATE, Idea),
                organisation=city,
                title=idea_title,
                description=description,
            )
            Idea.objects.filter(pk=idea.pk).update(answer_due=answer_due_for(idea))
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


def seed_demo(context: DemoContext) -> None:
    created = seed_demo_ideas(city=context.things["city"])
    if created:
        context.say(f"Created {created} demo ideas.")
