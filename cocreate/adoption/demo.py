"""Demo adoption campaign: the city's new online library card, delivered as a project and launched eight months ago,
with two target populations, three ambassadors, and a few hundred residents' reports spread over those months (some
brought by the ambassadors' links; their reasons in several wordings of a few things people say), written in bulk
with the counts they would have kept, and the reasons grouped."""

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.challenges.models import Challenge
from cocreate.core.registry import DemoContext

from .actions import campaign_create, month_of, segment_add
from .ambassadors import ambassador_start
from .models import ADOPTED, STEPS, AdoptionReport, Ambassador, Campaign, FunnelCount, Helped, MonthlyCount
from .voices import reason_groups_compute

TITLE = "A library card without queuing"
DEMO_RESIDENTS = ("citizen@example.org", "partner@cycling.example.org")
MONTHS = 8
# Per segment: name, area, languages, estimated size, goal, Bass p and q per month, market of reporters
SEGMENTS = [
    ("Parents of primary-school children", "North district", "English, Polish", 4000, 250, 0.03, 0.55, 260),
    ("Residents over 70", "City-wide", "English", 9000, 150, 0.02, 0.35, 160),
]
REASONS = {
    "yes": [
        "No more queue at the desk.",
        "No more queuing at the library desk!",
        "I did not have to queue at the desk.",
        "My children borrow e-books now.",
        "The kids borrow e-books from home.",
        "Quick, and it works on my phone.",
        "Works on my phone, quick.",
    ],
    "no": [
        "The sign-up asked for a document I do not have.",
        "It asked for a document I don't have.",
        "I could not read the small print.",
        "The print is too small to read.",
    ],
    "unsure": ["I have only used it once.", "Only used it once so far.", "My grandson set it up for me."],
}
SHARE_TEXTS = (
    "English: Get your library card online in five minutes, no queue. Here is how:\n\n"
    "Polski: Kartę biblioteczną założysz teraz online w pięć minut, bez stania w kolejce. Zobacz, jak:"
)
# The demo people who spread the word (when the demo city has them), and the share of reports each link brought.
AMBASSADORS = [
    ("citizen@example.org", 0.05),
    ("partner@cycling.example.org", 0.03),
    ("benefits@northbridge.example.org", 0.02),
]


def _bass(t: float, p: float, q: float, m: float) -> float:
    e = math.exp(-(p + q) * t)
    return m * (1 - e) / (1 + q / p * e)


def _reports(campaign, segments, launch, rng) -> list[AdoptionReport]:
    """Regular users arriving as a Bass curve, and people who heard of it or tried it besides."""
    reports = []
    now = timezone.now()
    for segment, (*_rest, p, q, m) in zip(segments, SEGMENTS, strict=True):
        for month in range(MONTHS):
            new = round(_bass(month + 1, p, q, m) - _bass(month, p, q, m))
            steps = ["regular"] * new + ["heard"] * (new // 2) + ["tried"] * (new // 3)
            steps = [("recommend" if step == "regular" and rng.random() < 0.3 else step) for step in steps]
            for step in steps:
                when = min(launch + dt.timedelta(days=30 * month + rng.uniform(0, 29.9)), now)
                helped = "" if step == "heard" else rng.choice(["yes", "yes", "yes", "no", "unsure"])
                reason = rng.choice(REASONS[helped]) if helped and rng.random() < 0.4 else ""
                reports.append(
                    AdoptionReport(
                        campaign=campaign,
                        segment=None if rng.random() < 0.1 else segment,
                        step=step,
                        helped=helped,
                        reason=reason,
                        created_at=when,
                        updated_at=when,
                    )
                )
    return reports


def _counts(campaign, reports) -> None:
    """The funnel and monthly counts, as the reports would have kept them one by one."""
    funnel: dict[tuple, int] = {}
    monthly: dict[tuple, dict[str, int]] = {}
    for report in reports:
        funnel[(report.segment_id, report.step)] = funnel.get((report.segment_id, report.step), 0) + 1
        month = monthly.setdefault((report.segment_id, month_of(report.created_at)), dict.fromkeys(STEPS, 0))
        month[report.step] += 1
    for ambassador in campaign.ambassadors.all():
        brought = [report.step for report in reports if report.ambassador_id == ambassador.pk]
        Ambassador.objects.filter(pk=ambassador.pk).update(**{step: brought.count(step) for step in STEPS})
    FunnelCount.objects.filter(campaign=campaign).delete()
    FunnelCount.objects.bulk_create(
        FunnelCount(campaign=campaign, segment_id=segment_id, step=step, count=funnel.get((segment_id, step), 0))
        for segment_id in {None, *campaign.segments.values_list("pk", flat=True)}
        for step in STEPS
    )
    MonthlyCount.objects.bulk_create(
        MonthlyCount(
            campaign=campaign,
            segment_id=segment_id,
            month=month,
            adopted=sum(counts[s] for s in ADOPTED),
            **counts,
        )
        for (segment_id, month), counts in monthly.items()
    )


def _attribute(reports, ambassadors, rng) -> None:
    """Some reports came by the ambassadors' links (a generator of its own, so the reports stay the same)."""
    for report in reports:
        draw = rng.random()
        for ambassador, (_email, share) in zip(ambassadors, AMBASSADORS, strict=False):
            if draw < share:
                report.ambassador = ambassador
                break
            draw -= share


@transaction.atomic
def seed_campaign(*, city, admin, ambassadors=()) -> Campaign | None:
    """The demo campaign; ``ambassadors`` (people) become its ambassadors, in the order of ``AMBASSADORS``."""
    if Challenge.objects.filter(organisation=city, title=TITLE).exists():
        return None
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    launch = today - dt.timedelta(days=30 * MONTHS)
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=city.departments.order_by("pk").first(),
        title=TITLE,
        summary="The online library card is ready. Help it reach the parents and older residents it is for.",
        problem_statement="Getting a library card meant queuing at a desk during working hours.",
        template="adoption_campaign",
        starts_at=launch - dt.timedelta(days=28),
    ).challenge
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[
            StageSpec(
                type="information", starts_at=launch - dt.timedelta(days=28), ends_at=launch - dt.timedelta(days=14)
            ),
            StageSpec(type="delivery", starts_at=launch - dt.timedelta(days=14), ends_at=launch),
            StageSpec(type="adoption", starts_at=launch, ends_at=None),
        ],
    )
    challenge = challenge_publish(actor=admin, challenge=challenge)
    project = _delivered_project(challenge, admin)
    campaign = campaign_create(
        actor=admin,
        stage=challenge.stages.get(type="adoption"),
        title="Online library card",
        service="A library card you get online in five minutes, valid at every branch and for e-books.",
        how_to_use="Open the library website, choose “Get a card”, and confirm with your ID card or passport.",
        where="Online at any time; every branch's front desk helps you sign up during opening hours.",
        languages="English, Polish",
        project=project,
        share_texts=SHARE_TEXTS,
    )
    segments = [
        segment_add(
            actor=admin,
            campaign=campaign,
            name=name,
            area=area,
            languages=languages,
            estimated_size=size,
            goal=goal,
            goal_date=(today + dt.timedelta(days=120)).date(),
        )
        for name, area, languages, size, goal, *_bass_parameters in SEGMENTS
    ]
    reports = _reports(campaign, segments, launch, random.Random(15))
    _attribute(reports, [ambassador_start(actor=user, campaign=campaign) for user in ambassadors], random.Random(16))
    reports = AdoptionReport.objects.bulk_create(reports)
    _counts(campaign, reports)
    Campaign.objects.filter(pk=campaign.pk).update(
        **{f"helped_{a}": sum(r.helped == a for r in reports) for a in Helped.values}
    )
    reason_groups_compute(campaign_id=campaign.pk)
    seed_events(campaign, admin, today)
    return campaign


def _delivered_project(challenge, admin):
    """The project that built the online sign-up, delivered before the campaign, so that the campaign's journey
    starts with it."""
    from cocreate.delivery.actions import project_create, project_set_status

    project = project_create(
        actor=admin,
        challenge=challenge,
        title="Online sign-up for library cards",
        description="A sign-up page on the library website, checked against the national ID service.",
        district="City-wide",
    )
    project_set_status(actor=admin, project=project, status="in_progress", answer="Building the sign-up page.")
    project_set_status(actor=admin, project=project, status="done", answer="The sign-up page is live.")
    return project


def seed_events(campaign, admin, today) -> None:
    """Two information events: a sign-up session at the central library with places (the demo residents have
    signed up), and an online talk open to everyone."""
    from django.contrib.auth import get_user_model

    from .events import event_create, event_signup

    session_start = today + dt.timedelta(days=9, hours=16)
    session = event_create(
        actor=admin,
        campaign=campaign,
        title="Get your card with the librarians",
        description="Bring your ID card or passport and your phone: we set up the card and the e-book app with you.",
        starts_at=session_start,
        ends_at=session_start + dt.timedelta(hours=2),
        place="Central library, reading room, 1 Market Street",
        language="English and Polish",
        capacity=12,
    )
    for person in get_user_model().objects.filter(email__in=DEMO_RESIDENTS).order_by("email"):
        event_signup(actor=person, event=session)
    talk_start = today + dt.timedelta(days=16, hours=18)
    event_create(
        actor=admin,
        campaign=campaign,
        title="Online library card: questions and answers",
        description="A short talk for older residents and their families, with time for questions.",
        starts_at=talk_start,
        ends_at=talk_start + dt.timedelta(hours=1),
        place="Online (the link is on the library's website)",
        language="English",
    )


def seed_demo(context: DemoContext) -> None:
    from cocreate.accounts.models import User

    people = {user.email: user for user in User.objects.filter(email__in=[email for email, _share in AMBASSADORS])}
    ambassadors = [people[email] for email, _share in AMBASSADORS if email in people]
    campaign = seed_campaign(city=context.things["city"], admin=context.things["admin"], ambassadors=ambassadors)
    if campaign is not None:
        context.say(
            f"Created the demo adoption campaign “{campaign.title}” with {campaign.reports.count()} reports "
            f"and {len(ambassadors)} ambassadors."
        )
