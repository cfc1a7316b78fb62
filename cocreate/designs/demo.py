"""Demo designs: the digital parking permit challenge in its design stage, with two designs written in versions."""

import random

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.core.registry import DemoContext
from cocreate.engagement import actions as engagement
from cocreate.organisations.actions import department_create

from . import actions, review_actions
from .models import Design, FeasibilityReview

CHALLENGE = "A digital parking permit that works for everyone"
APP_TITLE = "Permit in the city app, with a paper route kept"

APP_FIRST = [
    {
        "problem": "Permits are renewed on paper at the citizens' office: a morning off work for many residents.",
        "target_groups": "Residents with a car in the permit zones, about 14,000 households.",
    },
    {
        "problem": (
            "Permits are renewed on paper at the citizens' office: a morning off work for many residents, and "
            "four weeks of waiting in spring."
        ),
        "target_groups": (
            "Residents with a car in the permit zones, about 14,000 households; carers who visit them; residents "
            "without a smartphone (about one in six in the survey)."
        ),
        "blueprint": [
            {"person": "Opens the city app or website and signs in", "staff": "", "channel": "App, web"},
            {"person": "Enters the number plate; the address is checked", "staff": "", "channel": "App, web"},
            {"person": "Pays by card or direct debit", "staff": "", "channel": "App, web"},
            {"person": "Receives the permit as a digital record", "staff": "Wardens check plates", "channel": "-"},
        ],
        "resources": "The city app team; the payment provider the city already uses.",
    },
    {
        "costs": [
            {"item": "Permit module in the city app", "one_off": 85000, "yearly": 9000},
            {"item": "Plate-reading devices for wardens", "one_off": 24000, "yearly": 3000},
            {"item": "Help desk hours", "one_off": 0, "yearly": 18000},
        ],
        "risks": [
            {"risk": "Residents without a smartphone are left out", "mitigation": "A paper and phone route stays"},
            {"risk": "Address checks fail for new residents", "mitigation": "A person checks within two days"},
        ],
        "measures": [
            {"measure": "Share of renewals done without a visit", "indicator": ""},
            {"measure": "Average days from request to permit", "indicator": ""},
        ],
    },
]
KIOSK = [
    {
        "problem": "Not everyone can or wants to use an app to renew a permit.",
        "target_groups": "Older residents and those without a smartphone or bank card.",
        "blueprint": [
            {
                "person": "Calls the permit line or visits a library kiosk",
                "staff": "Answers, checks the address",
                "channel": "Phone, kiosk",
            },
            {"person": "Pays at the kiosk or by invoice", "staff": "Sends the invoice", "channel": "Kiosk, post"},
        ],
    },
    {
        "costs": [
            {"item": "Kiosks in four libraries", "one_off": 32000, "yearly": 6000},
            {"item": "Phone line staff", "one_off": 0, "yearly": 41000},
        ],
    },
]


def _content(steps: list[dict], upto: int) -> dict:
    content = {}
    for step in steps[:upto]:
        content.update(step)
    return content


def seed_demo_designs(*, city) -> int:
    challenge = Challenge.objects.filter(organisation=city, title=CHALLENGE).first()
    if challenge is None or challenge.designs.exists() or not challenge.active_stage():
        return 0
    residents = list(
        User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org").order_by("pk")
    )
    if len(residents) < 6:
        return 0
    rng = random.Random(11)
    indicator = challenge.indicators.first()
    for measure in APP_FIRST[2]["measures"][:1]:
        measure["indicator"] = indicator.pk if indicator else None
    starter, coauthor, second = residents[0], residents[1], residents[2]
    app = actions.design_start(
        author=starter,
        challenge=challenge,
        title=APP_TITLE,
        summary=(
            "Renew the permit in the city app or on the website in two minutes; paper and phone stay for those who "
            "need them."
        ),
        content=_content(APP_FIRST, 1),
    )
    actions.coauthor_invite(actor=starter, design=app, user=coauthor)
    actions.coauthor_answer(user=coauthor, design=app, accept=True)
    for number, note, author in (
        (2, "Who it serves, and the steps of the service", coauthor),
        (3, "Costs, risks and measures", starter),
    ):
        actions.design_save_version(
            actor=author, design=app, content=_content(APP_FIRST, number), note=note, base_version=number - 1
        )
    kiosk = actions.design_start(
        author=second,
        challenge=challenge,
        title="Renew by phone or at a library kiosk",
        summary="For residents who do not use apps: a phone line and kiosks in four libraries.",
        content=_content(KIOSK, 1),
    )
    actions.design_save_version(
        actor=second, design=kiosk, content=_content(KIOSK, 2), note="Added the costs", base_version=1
    )
    for design in (app, kiosk):
        for supporter in rng.sample(residents[3:], k=min(len(residents) - 3, rng.randint(3, 8))):
            engagement.support_add(user=supporter, target=design)
    engagement.comment_add(author=residents[4], target=app, body="Please keep the paper route: my mother has no phone.")
    # Two amendments: one taken into the design, one rejected with a reason.
    accepted = actions.amendment_propose(
        proposer=residents[4],
        design=app,
        section="resources",
        content="The city app team; the payment provider the city already uses; the libraries' help desks.",
        reason="Libraries already help people with online forms; they could help with the permit too.",
    )
    actions.amendment_accept(actor=starter, amendment=accepted)
    rejected = actions.amendment_propose(
        proposer=residents[5],
        design=app,
        section="target_groups",
        content="Every resident of the city, whether they own a car or not.",
        reason="Everyone should be able to get a permit for visitors.",
    )
    actions.amendment_reject(
        actor=coauthor,
        amendment=rejected,
        answer="Visitor permits are a separate service; this design is about residents' own permits.",
    )
    return Design.objects.filter(challenge=challenge).count()


# Feasibility reviews of the first design: the administrator asked Mobility and Streets (whose wardens would check
# the digital permits) about its second version, which found it feasible with conditions; Legal Affairs is asked
# about the newest version and has not answered yet.
REVIEWING = "Mobility and Streets"
REVIEW_REASONING = (
    "Wardens can check digital permits by number plate. Two conditions: the plate-reading devices are bought through "
    "the city's framework contract, and enforcement gets three months to train its wardens before paper permits end."
)
REVIEW_NOTES = "The framework contract is renewed in spring; the devices could be ordered with it."


def _department(city, name: str):
    return city.departments.filter(name=name).first() or department_create(organisation=city, name=name)


def seed_demo_reviews(*, city, asker, reviewer) -> int:
    design = Design.objects.filter(challenge__organisation=city, title=APP_TITLE).first()
    if design is None or design.reviews.exists() or design.version_count < 3:
        return 0
    if not reviewer.memberships.filter(organisation=city, department__name=REVIEWING).exists():
        return 0
    streets = review_actions.review_request(
        actor=asker, design=design, department=_department(city, REVIEWING), version=design.versions.get(number=2)
    )
    review_actions.review_give(
        actor=reviewer,
        review=streets,
        verdict=FeasibilityReview.Verdict.CONDITIONS,
        reasoning=REVIEW_REASONING,
        private_notes=REVIEW_NOTES,
    )
    review_actions.review_request(actor=asker, design=design, department=_department(city, "Legal Affairs"))
    return 2


def seed_demo(context: DemoContext) -> None:
    created = seed_demo_designs(city=context.things["city"])
    if created:
        context.say(f"Created {created} demo designs.")
    reviews = seed_demo_reviews(
        city=context.things["city"], asker=context.things["admin"], reviewer=context.things["official"]
    )
    if reviews:
        context.say(f"Created {reviews} feasibility reviews of a demo design.")
    testers = seed_demo_test_round(city=context.things["city"], official=context.things["official"])
    if testers:
        context.say(f"Created a finished demo test round with {testers} testers' feedback.")


# --- A finished prototype test round of the app design, and a version that answers one of its findings -------------

TEST_TASKS = [
    "Sign in and find the permit renewal",
    "Renew the permit for your car's number plate",
    "Pay for the permit",
    "Find out until when your permit is valid",
]
TEST_QUESTIONS = ["What was hardest?", "Would you renew this way next year? Why?"]
# How each of the eight testers fared in the four tasks, and their ten SUS answers (odd items positive).
TEST_FEEDBACK = [
    (["yes", "yes", "help", "yes"], [4, 2, 4, 1, 4, 2, 4, 2, 4, 1]),
    (["yes", "yes", "no", "yes"], [3, 2, 4, 2, 3, 2, 4, 3, 3, 2]),
    (["yes", "help", "help", "yes"], [4, 1, 5, 1, 4, 2, 5, 1, 4, 2]),
    (["yes", "yes", "yes", "help"], [5, 1, 5, 1, 4, 1, 5, 1, 5, 1]),
    (["help", "yes", "no", "no"], [2, 4, 2, 4, 3, 3, 3, 4, 2, 4]),
    (["yes", "yes", "help", "yes"], [4, 2, 4, 2, 4, 2, 4, 2, 4, 2]),
    (["yes", "yes", "yes", "yes"], [4, 1, 4, 1, 5, 1, 5, 2, 4, 1]),
    (["yes", "help", "no", "yes"], [3, 3, 3, 2, 3, 3, 4, 3, 3, 3]),
]
TEST_ANSWERS = [
    ("The card payment page: I was not sure it had gone through.", "Yes, it is quicker than the office."),
    ("Paying. The bank app opened and I lost the permit page.", "Only if the payment works better."),
    ("Finding where the number plate goes.", "Yes."),
    ("Nothing really.", "Yes, certainly."),
    ("Everything after signing in; the words are like a form from the tax office.", "No, I would rather phone."),
    ("The payment step.", "Yes."),
    ("", "Yes, and I would like a reminder."),
    ("Paying by direct debit: I could not find it.", "Maybe."),
]


def seed_demo_test_round(*, city, official) -> int:
    """A round on the app design's newest version: eight residents confirmed by the official, their feedback, two
    findings, and a new version that answers the critical one."""
    import datetime as dt

    from django.utils import timezone

    from . import testround_actions
    from .models import TestRound

    design = Design.objects.filter(organisation=city, title__startswith="Permit in the city app").first()
    if design is None or TestRound.objects.filter(design=design).exists():
        return 0
    authors = {design.author_id, *design.coauthors.values_list("user_id", flat=True)}
    people = list(
        User.objects.filter(email__startswith="resident", email__endswith="@demo.example.org")
        .exclude(pk__in=authors)
        .order_by("pk")[: len(TEST_FEEDBACK) + 2]
    )
    if len(people) < len(TEST_FEEDBACK) + 2:
        return 0
    today = timezone.localdate()
    test_round = testround_actions.testround_create(
        actor=design.author,
        design=design,
        version=design.current_version,
        title="Renewing a permit in the app prototype",
        tasks=TEST_TASKS,
        questions=TEST_QUESTIONS,
        criteria=(
            "Residents of a permit zone who renew a parking permit each year; we especially welcome people over 65 "
            "and people who rarely use apps."
        ),
        places=10,
        starts_at=today - dt.timedelta(days=14),
        ends_at=today,
    )
    signups = [
        testround_actions.signup_create(
            user=person, test_round=test_round, motivation="I live in zone B and renew my permit every March."
        )
        for person in people
    ]
    for signup in signups[: len(TEST_FEEDBACK)]:
        testround_actions.signup_decide(actor=official, signup=signup, confirm=True)
    testround_actions.signup_decide(actor=official, signup=signups[-1], confirm=False)
    testround_actions.testround_set_status(actor=design.author, test_round=test_round, status=TestRound.Status.RUNNING)
    for signup, (tasks, sus), answers in zip(signups, TEST_FEEDBACK, TEST_ANSWERS, strict=False):
        testround_actions.feedback_give(
            user=signup.user, test_round=test_round, task_outcomes=tasks, sus_answers=sus, answers=list(answers)
        )
    testround_actions.testround_set_status(actor=design.author, test_round=test_round, status=TestRound.Status.FINISHED)
    critical = testround_actions.finding_record(
        actor=design.author,
        test_round=test_round,
        text=(
            "Three of eight testers could not finish paying: the bank's page opens outside the app and the way back "
            "to the permit is lost."
        ),
        severity="critical",
    )
    testround_actions.finding_record(
        actor=design.author,
        test_round=test_round,
        text="The words of the renewal form read like an official letter; two testers needed help to start.",
        severity="major",
    )
    content = dict(design.current_version.content)
    content["blueprint"] = [
        *content["blueprint"][:2],
        {
            "person": "Pays by card or direct debit without leaving the app; a receipt confirms the payment",
            "staff": "",
            "channel": "App, web",
        },
        *content["blueprint"][3:],
    ]
    version = actions.design_save_version(
        actor=design.author,
        design=design,
        content=content,
        note="Payment stays in the app, after the test round",
        base_version=design.current_version.number,
    )
    testround_actions.findings_answered_by(actor=design.author, version=version, findings=[critical])
    return len(TEST_FEEDBACK)
