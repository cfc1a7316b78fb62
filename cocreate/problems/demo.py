"""Demo problems for the demo city: categories with their questions, and a few hundred generated reports."""

import datetime as dt
import random

from django.utils import timezone

from cocreate.accounts.actions import user_create
from cocreate.accounts.models import User
from cocreate.activity.actions import link_create
from cocreate.core.registry import DemoContext
from cocreate.engagement import actions as engagement
from cocreate.engagement.models import NotificationSettings
from cocreate.engagement.queries import answer_due_for

from . import actions
from .models import Category, CategoryQuestion, Problem

CATEGORIES = [
    ("potholes", "Potholes and road damage", "Road Maintenance", 5),
    ("street-lights", "Street lights", "Mobility and Streets", 5),
    ("bus-stops", "Bus and tram stops", "Public Transport", 10),
    ("benefits", "Benefits and forms", "Benefits Office", 10),
    ("parks", "Parks, trees and playgrounds", "Parks and Environment", 10),
    ("dumping", "Illegal dumping", "Parks and Environment", 3),
    ("online", "Online services", "Digital Services", 15),
]
QUESTIONS = {
    "potholes": [
        (
            "size",
            "How big is it?",
            CategoryQuestion.Datatype.SINGLEVALUELIST,
            True,
            [
                {"key": "small", "name": "Smaller than a plate"},
                {"key": "medium", "name": "Up to a car tyre"},
                {"key": "large", "name": "Larger than a car tyre"},
            ],
        ),
    ],
    "street-lights": [
        ("pole", "Number on the lamp post (if you can see one)", CategoryQuestion.Datatype.STRING, False, [])
    ],
    "dumping": [
        (
            "kind",
            "What was dumped?",
            CategoryQuestion.Datatype.MULTIVALUELIST,
            False,
            [
                {"key": "furniture", "name": "Furniture"},
                {"key": "electrical", "name": "Electrical items"},
                {"key": "building", "name": "Building rubble"},
                {"key": "bags", "name": "Household bags"},
            ],
        ),
    ],
}
STREETS = [
    "Station Road",
    "Elm Road",
    "Mill Lane",
    "Harbour Street",
    "Church Street",
    "Park Avenue",
    "Bridge Street",
    "Market Square",
    "School Lane",
    "Riverside Walk",
    "Hospital Road",
    "North Street",
    "Canal Path",
    "Oak Close",
]
REPORTS = {
    "potholes": [
        ("Deep pothole on {street}", "A deep hole in the road near number {n}. Cyclists have to swerve into traffic."),
        ("Broken pavement on {street}", "Paving stones are loose and people trip, especially at night."),
    ],
    "street-lights": [
        ("Street light out on {street}", "The lamp near number {n} has been dark for a week. The street is very dark."),
        ("Flickering street light on {street}", "The light flickers all night and shines into bedrooms."),
    ],
    "bus-stops": [
        ("No shelter at the {street} bus stop", "There is no shelter and no bench; older people wait in the rain."),
        ("Timetable missing at {street} stop", "The timetable display has been missing for weeks."),
    ],
    "benefits": [
        (
            "Housing benefit form asks for documents I do not have",
            "The form wants a rent certificate my landlord will not sign.",
        ),
        ("No answer to my benefit application", "I applied ten weeks ago and have heard nothing."),
        (
            "Benefits form not available in plain language",
            "The form is very hard to understand for people who do not read German well.",
        ),
    ],
    "parks": [
        ("Broken swing in the {street} playground", "One swing is broken and the chain hangs loose."),
        ("Fallen tree blocks the path near {street}", "A tree fell in the storm and blocks the footpath."),
    ],
    "dumping": [
        ("Rubbish dumped on {street}", "Someone left mattresses and bags of rubbish next to the bins."),
        ("Old fridge left on {street}", "An old fridge has stood on the pavement for days."),
    ],
    "online": [
        ("Cannot book an appointment online", "The booking page shows no free dates at all for the next months."),
        ("Parking permit renewal page crashes", "The payment step fails with an error every time."),
    ],
}
ANSWERS = {
    Problem.Status.UNDER_REVIEW: "Thank you, we are looking into it.",
    Problem.Status.ACCEPTED: "We agree this needs fixing and have planned the work.",
    Problem.Status.IN_PROGRESS: "Our team is working on it this week.",
    Problem.Status.DONE: "This has been fixed. Thank you for reporting it.",
    Problem.Status.NOT_ACCEPTED: "This is private land; we have told the owner.",
}
PROBLEMS = 300
RESIDENTS = 40


def seed_demo_problems(*, city, official) -> int:
    """Create the categories and generated problems once; returns how many problems were created."""
    departments = {d.name: d for d in city.departments.all()}
    categories = {}
    for n, (code, name, department, days) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            organisation=city,
            code=code,
            defaults={"name": name, "department": departments[department], "response_days": days, "position": n},
        )
        categories[code] = category
        for m, (q_code, label, datatype, required, choices) in enumerate(QUESTIONS.get(code, [])):
            CategoryQuestion.objects.get_or_create(
                category=category,
                code=q_code,
                defaults={
                    "label": label,
                    "datatype": datatype,
                    "required": required,
                    "choices": choices,
                    "position": m,
                },
            )
    if Problem.objects.filter(organisation=city).exists():
        return 0

    rng = random.Random(20261122)  # the demo is the same on every machine
    residents = [
        User.objects.filter(email=f"resident{i}@demo.example.org").first()
        or user_create(
            email=f"resident{i}@demo.example.org", password=None, display_name=f"Resident {i}", email_verified=True
        )
        for i in range(1, RESIDENTS + 1)
    ]
    # Demo people get news as a daily digest, so that loading the demo sends no burst of e-mails.
    for person in [*residents, official]:
        NotificationSettings.objects.get_or_create(user=person, defaults={"email": NotificationSettings.Email.DAILY})
    center_lat, center_lon = 52.52, 13.405
    now = timezone.now()
    created = 0
    for _ in range(PROBLEMS):
        code = rng.choice(list(REPORTS))
        title, description = rng.choice(REPORTS[code])
        street = rng.choice(STREETS)
        answers = {}
        if code == "potholes":
            answers = {"size": rng.choice(["small", "medium", "large"])}
        located = code not in {"benefits", "online"}
        problem = actions.problem_report(
            author=rng.choice(residents),
            organisation=city,
            category=categories[code],
            title=title.format(street=street),
            description=description.format(n=rng.randint(1, 120)),
            latitude=round(center_lat + rng.uniform(-0.04, 0.04), 6) if located else None,
            longitude=round(center_lon + rng.uniform(-0.06, 0.06), 6) if located else None,
            address=f"{street} {rng.randint(1, 120)}" if located else "",
            answers=answers,
        )
        reported_at = now - dt.timedelta(days=rng.uniform(0, 120))
        Problem.objects.filter(pk=problem.pk).update(created_at=reported_at)
        problem.refresh_from_db()
        Problem.objects.filter(pk=problem.pk).update(answer_due=answer_due_for(problem))
        for supporter in rng.sample(residents, k=min(len(residents) - 1, int(rng.paretovariate(1.5)) - 1)):
            if supporter.pk != problem.author_id:
                engagement.support_add(user=supporter, target=problem)
        path = _status_path(rng, reported_at, now)
        for status in path:
            engagement.status_change(actor=official, target=problem, status=status, answer=ANSWERS[status])
        created += 1
    return created


EXPLORATION_REPORTS = [
    ("I do not have a rent certificate", "My landlord refuses to fill in the rent certificate the form asks for."),
    ("The form is only online", "I have no computer at home; the library closes before I finish work."),
    ("Nobody answers the phone", "I called the benefits office five times and never got through."),
    ("I did not understand the letter", "The decision letter uses legal words; I still do not know if I get money."),
    ("The form asks the same things twice", "Income and household appear on pages 2 and 7 again."),
    ("Documents get lost", "I sent my payslips twice and was asked for them a third time."),
    ("No help in my language", "There is no help in Turkish or Arabic, and my neighbours cannot translate forms."),
    ("Deadlines are too short", "Two weeks to bring documents is not enough when you depend on others."),
]


FRAMED_REPORTS = 5


def seed_demo_exploration(*, city) -> int:
    """Reports made in the housing-benefit challenge's exploration stage; the challenge was framed from the first
    city-wide reports about benefit forms (linked as ``problems_frame_challenge`` links them)."""
    from cocreate.challenges.models import Challenge

    challenge = Challenge.objects.filter(organisation=city, title="Applying for housing benefit takes too long").first()
    if challenge is None or challenge.problems.exists():
        return 0
    rng = random.Random(11)
    residents = list(User.objects.filter(email__endswith="@demo.example.org"))
    for title, description in EXPLORATION_REPORTS:
        problem = actions.problem_report(
            author=rng.choice(residents), organisation=city, challenge=challenge, title=title, description=description
        )
        for supporter in rng.sample(residents, k=rng.randint(1, 15)):
            if supporter.pk != problem.author_id:
                engagement.support_add(user=supporter, target=problem)
    framed_from = Problem.objects.filter(organisation=city, challenge=None, category__code="benefits").order_by("pk")
    for problem in framed_from[:FRAMED_REPORTS]:
        link_create(source=problem, target=challenge, kind="framed_as", actor=challenge.created_by)
    return len(EXPLORATION_REPORTS)


def _status_path(rng, reported_at, now):
    age = (now - reported_at).days
    if age < 4:
        return []
    roll = rng.random()
    if roll < 0.15:
        return []  # waiting for an answer: some are overdue
    if roll < 0.3:
        return [Problem.Status.UNDER_REVIEW]
    if roll < 0.4:
        return [Problem.Status.NOT_ACCEPTED]
    if roll < 0.6:
        return [Problem.Status.ACCEPTED, Problem.Status.IN_PROGRESS]
    return [Problem.Status.ACCEPTED, Problem.Status.IN_PROGRESS, Problem.Status.DONE]


def seed_demo(context: DemoContext) -> None:
    city = context.things["city"]
    created = seed_demo_problems(city=city, official=context.things["official"]) + seed_demo_exploration(city=city)
    if created:
        context.say(f"Created {created} demo problems.")
