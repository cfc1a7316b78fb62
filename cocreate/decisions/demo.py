"""Demo decisions: a neighbourhood budget open for voting (a city-wide budget and one for Riverside, with projects
from the challenge's designs), and last year's budget, closed and counted, with published results anyone can check."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.models import Challenge
from cocreate.core.registry import DemoContext

from .actions import decision_for_stage
from .models import Ballot, Budget, Decision, Project

OPEN = "Neighbourhood budget 2026: which projects should be funded?"
CLOSED = "Neighbourhood budget 2025"

# (title, summary, cost, district or "" for city-wide)
OPEN_PROJECTS = [
    ("Shade trees for the market square", "Twenty large trees with seating beneath them.", 120_000, ""),
    ("Drinking fountains in every park", "Eight fountains, cleaned weekly.", 60_000, ""),
    ("A library of things", "Borrow tools, tents and sewing machines at the central library.", 45_000, ""),
    ("Safe crossing at Mill Lane school", "A raised crossing and a warden at school times.", 80_000, "Riverside"),
    ("Riverside community garden", "Raised beds and a tool shed on the empty lot by the quay.", 35_000, "Riverside"),
    ("Benches along the river path", "Thirty benches every two hundred metres.", 25_000, "Riverside"),
]
CLOSED_PROJECTS = [
    ("Playground for the harbour district", "Climbing frames and a sandpit.", 90_000),
    ("Bicycle racks at every school", "Covered racks for 600 bicycles.", 40_000),
    ("Free wifi in the old town", "Hotspots on the main squares.", 70_000),
    ("Repair café in the youth centre", "Tools and a monthly volunteer evening.", 15_000),
    ("Flower meadows on road verges", "Mowing twice a year instead of ten times.", 20_000),
    ("Outdoor gym by the lake", "Ten exercise stations.", 55_000),
]


def _challenge(city, admin, title, *, vote_starts, vote_ends) -> Challenge | None:
    """A co-design challenge whose design stage ran before a vote; the designs are written while it runs."""
    if Challenge.objects.filter(organisation=city, title=title).exists():
        return None
    department = city.departments.order_by("pk").first()
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=department,
        title=title,
        summary="Residents proposed and designed projects for their neighbourhoods; now residents vote.",
        problem_statement="Small improvements matter to residents, but the city never asked them which ones.",
        budget=Decimal("300000"),
        template="co_design_studio",
        starts_at=today - dt.timedelta(days=90),
    ).challenge
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="design", starts_at=today - dt.timedelta(days=90), ends_at=today + dt.timedelta(days=1)),
            StageSpec(type="vote", starts_at=today + dt.timedelta(days=1), ends_at=today + dt.timedelta(days=30)),
        ],
    )
    challenge = challenge_publish(actor=admin, challenge=challenge)
    challenge.__dict__.pop("_ordered_stages", None)
    challenge._vote_dates = (today + dt.timedelta(days=vote_starts), today + dt.timedelta(days=vote_ends))
    return challenge


def _designs(challenge, residents, projects):
    """The residents' designs, started while the design stage runs and handed in for decision."""
    from cocreate.designs.actions import design_start
    from cocreate.designs.models import Design
    from cocreate.engagement.actions import status_change

    designs = []
    for number, (title, summary, *_rest) in enumerate(projects):
        author = residents[number % len(residents)]
        design = design_start(author=author, challenge=challenge, title=title, summary=summary)
        status_change(actor=author, target=design, status=Design.Status.READY, check_permission=False)
        designs.append(design)
    return designs


def _open_vote(challenge, admin):
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    vote_starts, vote_ends = challenge._vote_dates
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="design", starts_at=today - dt.timedelta(days=90), ends_at=vote_starts),
            StageSpec(type="vote", starts_at=vote_starts, ends_at=vote_ends),
        ],
    )
    challenge.__dict__.pop("_ordered_stages", None)
    return challenge.stages.get(type="vote")


def seed_open_vote(*, city, admin, residents) -> Decision | None:
    challenge = _challenge(city, admin, OPEN, vote_starts=-3, vote_ends=18)
    if challenge is None:
        return None
    designs = _designs(challenge, residents, OPEN_PROJECTS)
    decision = decision_for_stage(_open_vote(challenge, admin))
    Decision.objects.filter(pk=decision.pk).update(
        eligibility="I live in the city.", description="Choose the projects you support in each budget."
    )
    city_wide = decision.budgets.get()
    Budget.objects.filter(pk=city_wide.pk).update(name="City-wide", amount=Decimal("200000"))
    riverside = Budget.objects.create(
        decision=decision, name="Riverside", amount=Decimal("100000"), district="Riverside", position=1
    )
    for position, (design, (title, summary, cost, district)) in enumerate(zip(designs, OPEN_PROJECTS, strict=True)):
        Project.objects.create(
            decision=decision,
            budget=riverside if district else city_wide,
            title=title,
            description=summary,
            cost=Decimal(cost),
            district=district,
            source=design,
            position=position,
            added_by=admin,
        )
    return decision


def seed_closed_vote(*, city, admin, residents) -> Decision | None:
    """Last year's vote: ballots from 240 residents and visitors, closed, counted and published."""
    from .results_actions import run_queued_count
    from .tally import count  # noqa: F401  (the count is the real one, run as the worker runs it)

    challenge = _challenge(city, admin, CLOSED, vote_starts=-40, vote_ends=-10)
    if challenge is None:
        return None
    designs = _designs(challenge, residents, CLOSED_PROJECTS)
    decision = decision_for_stage(_open_vote(challenge, admin))
    budget = decision.budgets.get()
    Budget.objects.filter(pk=budget.pk).update(name="City-wide", amount=Decimal("150000"))
    projects = [
        Project.objects.create(
            decision=decision,
            budget=budget,
            title=title,
            description=summary,
            cost=Decimal(cost),
            source=design,
            position=position,
            added_by=admin,
        )
        for position, (design, (title, summary, cost)) in enumerate(zip(designs, CLOSED_PROJECTS, strict=True))
    ]
    rng = random.Random(2025)
    weights = [6, 3, 5, 2, 3, 4]
    ballots = []
    for number in range(240):
        user = residents[number] if number < len(residents) else None
        chosen = sorted({p.pk for p in rng.choices(projects, weights=weights, k=rng.randint(1, 3))})
        ballots.append(
            Ballot(
                decision=decision,
                budget=budget,
                voter_key=f"u{user.pk}" if user else f"c{number}",
                user=user,
                channel=Ballot.Channel.ONLINE if user else Ballot.Channel.PAPER,
                receipt=f"{rng.getrandbits(40):010x}",
                choices=chosen,
            )
        )
    Ballot.objects.bulk_create(ballots)
    from .models import TallyRun

    Decision.objects.filter(pk=decision.pk).update(results=Decision.Results.TALLYING)
    TallyRun.objects.create(decision=decision, budget=budget, rule=Decision.Rule.MES_COMPLETE, requested_by=admin)
    run_queued_count(decision.pk)
    return decision


def seed_demo(context: DemoContext) -> None:
    city, admin = context.things["city"], context.things["admin"]
    residents = list(
        User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org").order_by("pk")
    )
    if len(residents) < 3:
        return
    if seed_closed_vote(city=city, admin=admin, residents=residents):
        context.say(f"Created the closed demo vote “{CLOSED}”, counted and published.")
    if seed_open_vote(city=city, admin=admin, residents=residents):
        context.say(f"Created the demo vote “{OPEN}”, open for voting.")
