"""Demo challenges for the demo city: one from each process template, in different states."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cocreate.core.registry import DemoContext

from . import actions, outcomes
from .models import Challenge, OutcomeIndicator

DEMO = [
    {
        "title": "Applying for housing benefit takes too long",
        "template": "open_exploration",
        "department": "Benefits Office",
        "days_from_now": -38,  # the exploration stage (the second) is running
        "publish": True,
        "summary": "Many residents give up on the housing benefit form. We want to understand why before we change it.",
        "problem_statement": (
            "Half of all housing benefit applications are incomplete when they arrive, and the average decision "
            "takes 47 days. Residents tell us the form is long and asks for documents they do not have. We do not "
            "yet know which steps hurt most, or for whom."
        ),
        "affected": "Low-income households, older residents and people who do not read German or English well.",
        "evidence": (
            "Application statistics 2024–2025; 312 complaints to the citizens' office; a survey of caseworkers."
        ),
        "constraints": "Federal law fixes the documents that must be checked. Data protection rules apply.",
        "response_days": 10,
        "indicators": [
            ("Complete applications on first submission", "%", "48", "80"),
            ("Average days to a decision", "days", "47", "20"),
        ],
    },
    {
        "title": "Safer cycling routes to schools",
        "template": "idea_challenge",
        "department": "Mobility and Streets",
        "days_from_now": -31,  # the idea collection (the second stage) is running
        "publish": True,
        "partners": ["Northbridge Cycling Association"],
        "summary": (
            "Parents do not let children cycle to school because the routes feel unsafe. What would change that?"
        ),
        "problem_statement": (
            "Only 9% of pupils cycle to school, against 30% in comparable cities. Parents name three crossings and "
            "the lack of separated lanes on Station Road as the main reasons."
        ),
        "affected": "Pupils aged 10 to 16 and their parents; residents along the routes.",
        "evidence": "School travel survey 2025; accident data 2020–2025.",
        "budget": Decimal("450000"),
        "response_days": 15,
        "indicators": [("Pupils who cycle to school", "%", "9", "20")],
    },
    {
        "title": "A digital parking permit that works for everyone",
        "template": "co_design_studio",
        "department": "Digital Services",
        "days_from_now": -35,  # the design (the second stage) is running
        "publish": True,
        "partners": ["OpenStreet Labs", "University of Northbridge"],
        "summary": (
            "Residents' parking permits move online. We design the new service together with the people who use it."
        ),
        "problem_statement": (
            "Residents' parking permits are still renewed on paper at the citizens' office. The city has decided to "
            "offer them online; how the service should work, for residents with and without a smartphone, is open."
        ),
        "budget": Decimal("120000"),
        "response_days": 10,
        "indicators": [("Permit renewals done without a visit to the office", "%", "0", "80")],
    },
    {
        "title": "Spreading the new bulky-waste pickup",
        "template": "adoption_campaign",
        "department": "Parks and Environment",
        "days_from_now": -60,
        "publish": True,
        "summary": "The free bulky-waste pickup exists, but few people know it. Help it reach every neighbourhood.",
        "problem_statement": (
            "Illegal dumping costs the city 600,000 a year although a free pickup service exists. Only 4% of "
            "households have used it."
        ),
        "indicators": [("Households that used the pickup in a year", "%", "4", "15")],
    },
    {
        "title": "Greener school yards",
        "open_to_visitors": True,
        "template": "idea_challenge",
        "department": "Parks and Environment",
        "days_from_now": -60,  # the wiki survey (the third stage) is running
        "publish": True,
        "summary": "Asphalt school yards get hot in summer. Which ideas would make them greener and cooler?",
        "problem_statement": (
            "Most of the city's 38 school yards are sealed with asphalt; in July they reach 50 °C. Pupils, parents and "
            "teachers proposed ideas; now we want to know which ones matter most."
        ),
        "budget": Decimal("300000"),
        "response_days": 10,
    },
    {
        "title": "What should the old railway land become?",
        "open_to_visitors": True,
        "template": "open_exploration",
        "department": "Parks and Environment",
        "days_from_now": -58,  # the opinion map (the third stage) is running
        "publish": True,
        "summary": "Twelve hectares of former railway land will be opened. Tell us where you agree and disagree.",
        "problem_statement": (
            "The railway company hands over twelve hectares between the harbour and Mill Lane. Residents have very "
            "different wishes: housing, a park, allotments, sports. Before any plan, we want to see where people agree."
        ),
        "response_days": 15,
    },
    {
        "title": "Night buses for shift workers",
        "template": "idea_challenge",
        "department": "Public Transport",
        "days_from_now": 30,
        "publish": False,
        "summary": "Draft: how could shift workers get home safely after midnight?",
        "problem_statement": "The last bus leaves the hospital and the industrial estate at 23:40.",
    },
]


def seed_demo_challenges(*, city, actor, partners_by_name) -> int:
    """Create the demo challenges that do not exist yet; returns how many were created."""
    created = 0
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    departments = {d.name: d for d in city.departments.all()}
    for spec in DEMO:
        if Challenge.objects.filter(title=spec["title"], organisation=city).exists():
            continue
        result = actions.challenge_create(
            actor=actor,
            organisation=city,
            department=departments[spec["department"]],
            title=spec["title"],
            summary=spec["summary"],
            problem_statement=spec["problem_statement"],
            affected=spec.get("affected", ""),
            evidence=spec.get("evidence", ""),
            constraints=spec.get("constraints", ""),
            budget=spec.get("budget"),
            response_days=spec.get("response_days"),
            template=spec["template"],
            starts_at=today + dt.timedelta(days=spec["days_from_now"]),
            partners=[partners_by_name[name] for name in spec.get("partners", [])],
            indicators=[
                actions.IndicatorSpec(name=n, unit=u, baseline=Decimal(b), target=Decimal(t))
                for n, u, b, t in spec.get("indicators", [])
            ],
        )
        if spec.get("open_to_visitors"):
            for stage in result.challenge.ordered_stages:
                if hasattr(stage.settings, "open_to_visitors"):
                    actions.stage_settings_update(actor=actor, stage=stage, open_to_visitors=True)
        if spec["publish"]:
            actions.challenge_publish(actor=actor, challenge=result.challenge)
        created += 1
    return created


# A year of monthly measurements of one indicator, the share of households that used the pickup (baseline 4 %,
# target 15 %), as the waste services' register counted them: it rises as the campaign spreads the service.
MEASURED_INDICATOR = ("Spreading the new bulky-waste pickup", "Households that used the pickup in a year")
MONTHLY_VALUES = ["4.1", "4.4", "4.9", "5.5", "6.2", "6.8", "7.6", "8.1", "8.9", "9.6", "10.2", "10.9"]


def seed_demo_measurements(*, city, actor) -> int:
    """Give the measured indicator a year of monthly measurements (imported as a CSV file, as an official would),
    unless it has some; returns how many were imported."""
    title, name = MEASURED_INDICATOR
    indicator = OutcomeIndicator.objects.filter(challenge__organisation=city, challenge__title=title, name=name).first()
    if indicator is None or indicator.measurements.exists():
        return 0
    this_month = timezone.localdate().replace(day=1)
    months = []
    for back in range(len(MONTHLY_VALUES), 0, -1):
        year, month = divmod(this_month.year * 12 + this_month.month - 1 - back, 12)
        months.append(dt.date(year, month + 1, 1))
    rows = ["date,value,source,note"] + [
        f"{day.isoformat()},{value},Waste services register," for day, value in zip(months, MONTHLY_VALUES, strict=True)
    ]
    rows[-1] += "Pickups booked online count from this month"
    result = outcomes.indicator_measurements_import(actor=actor, indicator=indicator, csv_file="\n".join(rows).encode())
    return result.created


def seed_demo(context: DemoContext) -> None:
    things = context.things
    created = seed_demo_challenges(city=things["city"], actor=things["admin"], partners_by_name=things["partners"])
    if created:
        context.say(f"Created {created} demo challenges.")
    measured = seed_demo_measurements(city=things["city"], actor=things["admin"])
    if measured:
        context.say(f"Imported {measured} demo measurements of an outcome indicator.")
