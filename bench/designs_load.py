"""Load benchmark of a design's pages (issue #12): a design with 50 versions, 100 amendments and 500 comments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_bench_designs .venv/bin/python bench/designs_load.py
    … --duration 5 --only design_anon,compare      # a subset, shorter
    … --workers ""                                 # only the in-process figures (comparison time, queries per page)
    … --fresh                                      # drop and recreate the database, then generate again

The data. The script migrates the database and, unless the challenge ``load-designs`` is there already, writes
everything through the application's own actions (nothing is bulk-created, so every stored count, follow,
notification and activity is what the application itself makes; it takes about a minute): one published challenge
with a running design stage and three outcome indicators, 160 residents, an official of the public body, and

- the design: started by one resident (``design_start``) with every section written (texts of about 300 words in
  three paragraphs; tables of 5-15 rows; measures tied to the indicators), a co-author invited and accepted, then
  49 more versions: 39 saved by the two authors (``design_save_version``, each changing one to three sections: a
  sentence or a word in a text, a cell, a row added, removed or moved in a table) and 10 from accepted amendments;
  100 amendments (``amendment_propose``), each by a different resident, spread over the history: 10 accepted,
  35 rejected and 10 sent back for changes (with the authors' answer), 45 still open; 500 comments
  (``comment_add``), 40 % about the whole design and 60 % about one section, a third of them replies; 40 supporters.
- a small design in the same challenge with 3 versions, 3 amendments (accepted, rejected, open) and 12 comments
  (some on sections, some replies), to compare the number of SQL queries per page with the large one.

The run. Serves the platform as docs/deploy.md recommends, through bench/ideas_load.py's functions (granian
``--interface wsgi --workers 2 --blocking-threads 4`` on 127.0.0.1:8100, DEBUG=false, static files collected into a
temporary directory and served by WhiteNoise, cache in Redis db 7 unless BENCH_REDIS_URL says otherwise), and drives
it with wrk (``-t2``, 1 and 16 connections, 10 s each) on four pages of the large design: the design page anonymous,
the design page signed in (100 residents who are not its authors, each with a session cookie written directly into
the session table), the comparison of versions 1 and 50 (anonymous) and the comment pages of its seven sections
(anonymous). Each page is requested once before its first run (the comment threads come from fragment caches). It
prints requests/s, p50, p99, granian's CPU time per request and the load average, with PASS/MISS against the target
p99 < 150 ms at 16 connections for every page.

Before the server runs, in-process: ``sections.compare(v1.content, v50.content)`` (the pure comparison, no database,
no template) timed over many repetitions, median and p99 against the 50 ms target (and versions 49 and 50 for
contrast). After it: the SQL queries of each page (second request, Django's test Client, the same settings) for the
small design and the large one, with the median time of a few more requests of each. When the counts differ, the
queries that the large design makes more often are printed with the line of the project's code that ran them.

The server is stopped at the end, on errors and on Ctrl-C. Needs wrk (apt-get install wrk) and Redis. If something
already listens on the port (another benchmark), the script stops: pass ``--port``.
"""

import argparse
import atexit
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas_generate as gen  # noqa: E402
import ideas_load as serve  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_designs"
SLUG = "load-designs"
N_RESIDENTS = 160
N_VERSIONS = 50
N_ACCEPTED = 10  # of the versions after the first, those that come from accepted amendments
OUTCOMES = {"rejected": 35, "changes_requested": 10, "open": 45}  # the other amendments
N_COMMENTS = 500
REPLY_SHARE = 1 / 3
WHOLE_DESIGN_SHARE = 0.4  # of the top-level comments; the rest are about one section
N_SUPPORTERS = 40
N_SESSIONS = 100
PAGE_P99_MS = 150  # at 16 connections
COMPARE_MS = 50


# --- Content -------------------------------------------------------------------------------------------------------

FILL = {
    "district": ["Northgate", "the Harbour", "Old Town", "Eastfield", "Riverside", "Hillcrest", "the Station quarter"],
    "group": [
        "residents over seventy-five",
        "carers who work shifts",
        "people who live alone",
        "families with a disabled child",
        "residents who do not read the local language well",
        "people leaving hospital",
        "neighbours who help informally",
        "residents without internet at home",
    ],
    "channel": ["the phone line", "the website", "the city app", "a letter", "the district office", "a home visit"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    "team": ["the district nursing team", "the home help service", "the social work desk", "the volunteer centre"],
}
TEMPLATES = {
    "problem": [
        "Today {group} in {district} wait on average {n} days between asking for help at home and the first visit.",
        "Requests arrive through {channel}, are typed again by {team} and often reach the wrong desk first.",
        "In the {year} survey, {p} % of {group} said they did not know whom to call when their needs changed.",
        "Visits are planned per organisation, so one person may see {n} different carers in a single week.",
        "Nobody holds the whole picture: {team} sees the visits, the doctor sees the prescriptions, the family sees "
        "the gaps.",
        "On {day}s the waiting time on {channel} rises to {n} minutes, and {p} % of callers hang up before anyone "
        "answers.",
        "Complaints to the ombudsman about home care doubled since {year}, most of them about visits that did not "
        "happen.",
        "When a visit is cancelled, the person is told by {channel} only in {p} % of cases.",
        "Carers spend about {n} minutes a day travelling between visits that could be grouped by street.",
        "People leaving hospital on a {day} usually get their first visit after the weekend, if at all.",
        "The forms ask the same questions {n} times across three services, and each service keeps its own file.",
    ],
    "target_groups": [
        "The service is first for {group}, about {k} people in {district} and the districts around it.",
        "It must also work for {group}, who are least likely to use {channel}.",
        "Relatives who arrange care from another city need to see the plan without calling {team}.",
        "We will not leave out {group}: {channel} stays, with a person who answers in their language.",
        "Carers themselves are users too: they need the plan on the day, not the week after.",
        "In {district}, {p} % of the people we spoke to care for someone without being paid for it.",
        "Small providers with fewer than {n} staff must be able to join without buying new software.",
        "People with dementia and their families need one name to call, the same every time.",
        "Young carers under eighteen are often not seen by any service; the plan should name them.",
        "Residents who moved here recently may not be registered with a family doctor yet.",
    ],
    "resources": [
        "A planning team of {n} people in {team}, working from the district office in {district}.",
        "The city's case system, extended with a shared visit plan that providers can read and write.",
        "{team} brings its volunteers, about {k} of them, for shopping and company between visits.",
        "The library in {district} lends tablets and helps people sign in on {day} mornings.",
        "Two housing associations give us a room for weekly drop-in hours.",
        "The hospital's discharge nurses tell the planning team {n} days before someone goes home.",
        "The language service interprets on the phone in {n} languages.",
        "The regional health insurer pays for nursing visits; the city pays for home help.",
        "Staff need a half-day training on the shared plan, given by {team}.",
        "A steering group of residents meets every {n} weeks to look at the figures and the complaints.",
    ],
}
WORDS = ["quickly", "reliably", "together", "in writing", "by name", "every week", "without cost", "at home"]

STEPS = [
    ("Calls the care line or fills in the short web form", "Records the request and books an intake call"),
    ("Answers questions about daily life at the intake call", "Writes the needs in the shared plan"),
    ("Agrees to the plan and names a contact person", "Assigns one coordinator for all visits"),
    ("Receives the week's visits by letter or text message", "Groups the visits by street and time"),
    ("Is visited by the same small team each week", "Notes what was done in the plan after each visit"),
    ("Asks for a change by phone or in the app", "Changes the plan within two working days"),
    ("Tells the coordinator when leaving hospital", "Plans the first visit for the day of return"),
    ("Sees who comes next and when", "Sends a reminder the evening before"),
    ("Gives feedback after a month", "Reads the feedback with the provider"),
    ("Is told in advance when a visit moves", "Finds a replacement carer the same day"),
    ("Invites a relative to see the plan", "Gives the relative read access"),
    ("Asks for extra help in a crisis", "Arranges an emergency visit within four hours"),
    ("Says when help is no longer needed", "Closes the plan and asks for a last review"),
    ("Meets the coordinator twice a year", "Reviews needs and adjusts the plan"),
    ("Pays the personal contribution by invoice", "Sends one invoice for all services"),
    ("Uses the library tablet to see the plan", "Helps sign in at the drop-in hours"),
]
CHANNELS = ["Phone", "Web form", "City app", "At home", "Letter", "Text message", "District office", "Library"]
COST_ITEMS = [
    "Shared visit-plan module in the case system",
    "Coordinators (3 full-time posts)",
    "Training for providers' staff",
    "Tablets for the library drop-in",
    "Interpreting on the phone",
    "Text-message reminders",
    "Printing and postage of weekly letters",
    "Evaluation by the university",
    "Drop-in room rent",
    "Volunteer expenses",
    "Data protection assessment",
    "Link with the hospital discharge system",
    "Help desk for relatives",
    "Accessibility audit of the web form",
    "Steering group meeting costs",
    "Pilot in one district",
]
RISKS = [
    ("Providers do not keep the shared plan up to date", "Visits are paid only once recorded in the plan"),
    ("Older residents do not use the app", "Letters and the phone line stay, with the same information"),
    ("Coordinators get too many cases", "A cap of 60 people per coordinator, reviewed every quarter"),
    ("Personal data reaches the wrong people", "Access per role, logged and checked every month"),
    ("The hospital does not tell us in time", "A named contact on each ward and a daily list"),
    ("Volunteers drop out in summer", "A summer roster agreed in spring"),
    ("The case system cannot be extended in time", "Start with a spreadsheet shared in the secure workspace"),
    ("Relatives and the person disagree about the plan", "The person decides; the coordinator mediates"),
    ("Costs rise above the estimate", "Quarterly review by the steering group, with a stop point"),
    ("Staff resist a new way of planning", "Design the plan with them in three workshops"),
    ("Interpreting is not available at night", "Translated letters for the most common questions"),
    ("Small providers cannot afford to join", "The city pays the first year of their access"),
    ("The pilot district is not typical", "Compare with a second district from month six"),
    ("Complaints are lost between services", "One complaint form, answered by the coordinator"),
    ("Visits cluster in the mornings", "Plan by need, not by the provider's rota"),
    ("People do not know the service exists", "Letters through doctors, pharmacies and churches"),
]
MEASURES = [
    "Days from first request to first visit",
    "Share of people who see at most three carers a week",
    "Visits cancelled without notice, per month",
    "Share of people leaving hospital visited within a day",
    "Satisfaction of relatives, from the half-yearly survey",
    "Minutes carers spend travelling per visit",
    "Complaints about home care per thousand users",
    "Share of requests answered within two working days",
    "People using the library drop-in each month",
    "Share of plans reviewed twice a year",
    "Calls to the care line answered within five minutes",
    "Carers who stay with the service for a year",
    "Emergency visits arranged within four hours",
    "Unpaid carers who say they get enough support",
]
COMMENTS = [
    "My mother had four different carers last week; one plan would help a lot.",
    "Who pays for the coordinator once the pilot is over?",
    "Please keep the phone line: not everyone can use an app.",
    "The hospital already has a discharge list, ask them for it.",
    "How will the plan handle weekends? That is when things go wrong.",
    "I volunteer at the library and would gladly help people sign in.",
    "This should name young carers explicitly, they are often invisible.",
    "The cost of interpreting looks low to me, our centre spends more than that.",
    "Could relatives get a text message when a visit is moved?",
    "Good to see the travel time measured, carers lose hours every week.",
    "What happens to the data when someone leaves the service?",
    "The survey figure is from before the pandemic; is it still right?",
    "Small providers will need help to join, the software is not cheap.",
    "I would add a step for the first visit after hospital.",
    "Thank you for writing this so clearly.",
    "The risk about staff resistance is real; involve the unions early.",
    "Can the plan be printed? My father reads everything on paper.",
    "Two working days to change the plan is too long in a crisis.",
    "Which district will the pilot start in?",
    "The library tablets are a great idea, but who maintains them?",
]
REPLIES = [
    "Good point, we will add it to the next version.",
    "Agreed, this happened to us too.",
    "The hospital list exists but is only shared on request.",
    "I think the insurer pays for that part.",
    "We discussed this at the drop-in last week; see the new risk row.",
    "Not sure I agree: paper letters also get lost.",
    "Yes, and the same goes for the evening visits.",
    "The coordinator would be the one person to call.",
]


def fill(rng: random.Random, template: str) -> str:
    values = {key: rng.choice(options) for key, options in FILL.items()}
    values.update(
        n=rng.randint(2, 40), p=rng.randint(5, 85), k=rng.randrange(200, 9000, 50), year=rng.randint(2019, 2024)
    )
    text = template.format(**values)
    return text[0].upper() + text[1:]


def new_sentence(rng: random.Random, section: str) -> str:
    sentence = fill(rng, rng.choice(TEMPLATES[section]))
    if rng.random() < 0.3:  # a little more variety than the templates give
        sentence = sentence[:-1] + f", {rng.choice(WORDS)}."
    return sentence


def text_words(paragraphs: list[list[str]]) -> int:
    return sum(len(s.split()) for p in paragraphs for s in p)


def render_text(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def new_text(rng: random.Random, section: str) -> list[list[str]]:
    paragraphs: list[list[str]] = [[], [], []]
    while text_words(paragraphs) < 300:
        rng.choice(paragraphs).append(new_sentence(rng, section))
    return paragraphs


def edit_text(rng: random.Random, section: str, paragraphs: list[list[str]]) -> list[list[str]]:
    """A copy with one sentence replaced, inserted, removed or reworded, keeping ~250-380 words."""
    out = [list(p) for p in paragraphs]
    words = text_words(out)
    para = rng.choice([p for p in out if p] or out)
    kind = rng.choice(["replace", "insert", "remove", "reword"])
    if words < 250:
        kind = "insert"
    elif words > 380:
        kind = "remove"
    i = rng.randrange(len(para)) if para else 0
    if kind == "insert" or not para:
        para.insert(i, new_sentence(rng, section))
    elif kind == "remove" and len(para) > 1:
        del para[i]
    elif kind == "replace":
        para[i] = new_sentence(rng, section)
    else:
        numbers = re.findall(r"\d+", para[i])
        if numbers:
            old = rng.choice(numbers)
            para[i] = para[i].replace(old, str(int(old) + rng.randint(1, 9)), 1)
        else:
            para[i] = para[i][:-1] + f", {rng.choice(WORDS)}."
    return out


def table_row(rng: random.Random, section: str, indicator_ids: list[int]) -> dict:
    if section == "blueprint":
        person, staff = rng.choice(STEPS)
        return {"person": person, "staff": staff, "channel": ", ".join(rng.sample(CHANNELS, rng.randint(1, 2)))}
    if section == "costs":
        return {
            "item": rng.choice(COST_ITEMS),
            "one_off": rng.choice([0, rng.randrange(1000, 150000, 500)]),
            "yearly": rng.randrange(0, 90000, 250),
        }
    if section == "risks":
        risk, mitigation = rng.choice(RISKS)
        return {"risk": risk, "mitigation": mitigation}
    return {"measure": rng.choice(MEASURES), "indicator": rng.choice([*indicator_ids, None])}


TEXT_COLUMNS = {"blueprint": ["person", "staff", "channel"], "risks": ["risk", "mitigation"], "measures": ["measure"]}


def edit_table(rng: random.Random, section: str, rows: list[dict], indicator_ids: list[int]) -> list[dict]:
    """A copy with one cell changed, or a row added, removed or moved, keeping 5-15 rows."""
    out = [dict(r) for r in rows]
    kind = rng.choice(["cell", "cell", "add", "remove", "move"])
    if len(out) <= 5:
        kind = rng.choice(["cell", "add"])
    elif len(out) >= 15:
        kind = rng.choice(["cell", "remove"])
    i = rng.randrange(len(out))
    if kind == "add":
        out.insert(rng.randrange(len(out) + 1), table_row(rng, section, indicator_ids))
    elif kind == "remove":
        del out[i]
    elif kind == "move":
        out.insert(rng.randrange(len(out)), out.pop(i))
    elif section == "costs":
        column = rng.choice(["one_off", "yearly"])
        out[i][column] = max(0, out[i][column] + rng.randrange(-5000, 10000, 250)) or 500
    elif section == "measures" and rng.random() < 0.3:
        out[i]["indicator"] = rng.choice([*indicator_ids, None])
    else:
        column = rng.choice(TEXT_COLUMNS[section])
        out[i][column] = (out[i][column].rstrip(".") + f" {rng.choice(WORDS)}")[:500]
    return out


class Writer:
    """A design's content as it is edited: texts as paragraphs of sentences, tables as rows."""

    TEXTS = ("problem", "target_groups", "resources")
    TABLES = ("blueprint", "costs", "risks", "measures")

    def __init__(self, rng: random.Random, indicator_ids: list[int]):
        self.rng, self.indicator_ids = rng, indicator_ids
        self.state = {key: new_text(rng, key) for key in self.TEXTS}
        for key in self.TABLES:
            self.state[key] = [table_row(rng, key, indicator_ids) for _ in range(rng.randint(5, 15))]

    def edited(self, key: str):
        """The section with one edit that changes what is stored (a row moved to its own place is no edit)."""
        while True:
            if key in self.TEXTS:
                value = edit_text(self.rng, key, self.state[key])
            else:
                value = edit_table(self.rng, key, self.state[key], self.indicator_ids)
            if self.shown(key, value) != self.shown(key, self.state[key]):
                return value

    @staticmethod
    def shown(key: str, value):
        return render_text(value) if key in Writer.TEXTS else value

    def content(self) -> dict:
        return {key: self.shown(key, value) for key, value in self.state.items()}


# --- Generation ----------------------------------------------------------------------------------------------------


def generate(seed: int) -> None:
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from cocreate.accounts.actions import user_create
    from cocreate.challenges.actions import (
        IndicatorSpec,
        StageSpec,
        challenge_create,
        challenge_publish,
        challenge_set_indicators,
        challenge_set_stages,
    )
    from cocreate.designs import actions as designs
    from cocreate.designs.models import Amendment
    from cocreate.engagement import actions as engagement
    from cocreate.organisations.actions import department_create, membership_grant, organisation_create
    from cocreate.organisations.models import Membership, Organisation

    rng = random.Random(seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        admin = user_create(
            email="designs-load-admin@example.org", password=None, display_name="Load admin", is_superuser=True
        )
        city = organisation_create(
            name="Design Load City",
            slug="design-load-city",
            is_host=not Organisation.objects.filter(is_host=True).exists(),
        )
        department = department_create(organisation=city, name="Care and Health")
        challenge = challenge_create(
            actor=admin,
            organisation=city,
            department=department,
            title="Load designs",
            summary="Home care that fits people's lives: one plan, fewer carers, visits that happen.",
            problem_statement="Home care is planned per organisation, and the people who need it wait and repeat.",
            template="co_design_studio",
        ).challenge
        assert challenge.slug == SLUG, challenge.slug
        now = timezone.now()
        challenge_set_stages(
            actor=admin,
            challenge=challenge,
            stage_specs=[
                StageSpec(type="design", starts_at=now - timedelta(days=30), ends_at=now + timedelta(days=60))
            ],
        )
        challenge_set_indicators(
            actor=admin,
            challenge=challenge,
            indicators=[
                IndicatorSpec("Days waiting for a first visit", "days"),
                IndicatorSpec("People who see at most three carers a week", "%"),
                IndicatorSpec("Complaints about home care", "per 1,000 users"),
            ],
        )
        challenge = challenge_publish(actor=admin, challenge=challenge)
        official = user_create(
            email="designs-load-official@example.org", password=None, display_name="Olga Official", email_verified=True
        )
        membership_grant(user=official, organisation=city, role=Membership.Role.OFFICIAL, department=department)
        residents = [
            user_create(
                email=f"designs-load{i}@example.org", password=None, display_name=f"Resident {i}", email_verified=True
            )
            for i in range(N_RESIDENTS)
        ]
        indicator_ids = list(challenge.indicators.values_list("pk", flat=True))
        print(f"  challenge, official and {N_RESIDENTS} residents in {time.perf_counter() - t0:.1f} s", flush=True)

        big = build_design(
            rng,
            challenge=challenge,
            residents=residents,
            indicator_ids=indicator_ids,
            title="One visit plan for home care",
            versions=N_VERSIONS,
            accepted=N_ACCEPTED,
            outcomes=OUTCOMES,
            comments=N_COMMENTS,
            supporters=N_SUPPORTERS,
            designs=designs,
            engagement=engagement,
            Amendment=Amendment,
        )
        print(f"  large design {big.pk} in {time.perf_counter() - t0:.1f} s", flush=True)
        small = build_design(
            rng,
            challenge=challenge,
            residents=residents,
            indicator_ids=indicator_ids,
            title="A home care helpline in every district",
            versions=3,
            accepted=1,
            outcomes={"rejected": 1, "open": 1},
            comments=12,
            supporters=5,
            designs=designs,
            engagement=engagement,
            Amendment=Amendment,
        )
        print(f"  small design {small.pk} in {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"Generated through the actions in {time.perf_counter() - t0:.1f} s.")


def build_design(
    rng, *, challenge, residents, indicator_ids, title, versions, accepted, outcomes, comments, supporters, **mods
):
    designs, engagement, Amendment = mods["designs"], mods["engagement"], mods["Amendment"]
    starter, coauthor = rng.sample(residents, 2)
    writer = Writer(rng, indicator_ids)
    design = designs.design_start(
        author=starter,
        challenge=challenge,
        title=title,
        summary="One plan per person, shared by every service that visits, with one coordinator to call.",
        content=writer.content(),
    )
    designs.coauthor_invite(actor=starter, design=design, user=coauthor)
    designs.coauthor_answer(user=coauthor, design=design, accept=True)
    authors = [starter, coauthor]
    others = [r for r in residents if r not in authors]
    proposers = iter(rng.sample(others, accepted + sum(outcomes.values())))
    for supporter in rng.sample(others, supporters):
        engagement.support_add(user=supporter, target=design)

    later = versions - 1
    from_amendment = set(rng.sample(range(later), accepted))
    pending = [kind for kind, n in outcomes.items() for _ in range(n)]
    rng.shuffle(pending)
    per_step = [pending[i::later] for i in range(later)]  # spread over the history
    for step in range(later):
        section = rng.choice(list(writer.state))
        if step in from_amendment:
            value = writer.edited(section)
            amendment = designs.amendment_propose(
                proposer=next(proposers),
                design=design,
                section=section,
                content=Writer.shown(section, value),
                reason="This reads more clearly and matches what we heard at the drop-in.",
            )
            designs.amendment_accept(actor=rng.choice(authors), amendment=amendment)
            writer.state[section] = value
        else:
            for key in rng.sample(list(writer.state), rng.randint(1, 3)):
                writer.state[key] = writer.edited(key)
            designs.design_save_version(
                actor=rng.choice(authors),
                design=design,
                content=writer.content(),
                note=rng.choice(["Clearer wording", "New figures from the survey", "After the workshop", ""]),
                base_version=step + 1,
            )
        for kind in per_step[step]:
            key = rng.choice(list(writer.state))
            amendment = designs.amendment_propose(
                proposer=next(proposers),
                design=design,
                section=key,
                content=Writer.shown(key, writer.edited(key)),
                reason=rng.choice(COMMENTS),
            )
            if kind == "rejected":
                designs.amendment_reject(
                    actor=rng.choice(authors), amendment=amendment, answer="Thank you; we keep the text as it is."
                )
            elif kind == "changes_requested":
                designs.amendment_request_changes(
                    actor=rng.choice(authors), amendment=amendment, answer="Could you keep the figures we had?"
                )

    written = []
    for i in range(comments):
        author = rng.choice(residents)
        if written and i > 5 and rng.random() < REPLY_SHARE:
            parent = rng.choice(written)
            comment = engagement.comment_add(author=author, target=design, body=rng.choice(REPLIES), parent=parent)
        else:
            anchor = "" if rng.random() < WHOLE_DESIGN_SHARE else rng.choice(list(writer.state))
            comment = engagement.comment_add(author=author, target=design, body=rng.choice(COMMENTS), anchor=anchor)
        written.append(comment)
    design.refresh_from_db()
    assert design.version_count == versions, (design.version_count, versions)
    assert Amendment.objects.filter(design=design).count() == accepted + sum(outcomes.values())
    return design


def check_counts(design) -> str:
    """The design's stored counts against its rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from cocreate.engagement.models import Comment, Follow, Support

    where = {"target_type": ContentType.objects.get_for_model(design), "target_id": design.pk}
    rows = {
        "version_count": design.versions.count(),
        "comment_count": Comment.objects.filter(**where, is_hidden=False).count(),
        "support_count": Support.objects.filter(**where).count(),
        "follower_count": Follow.objects.filter(**where).count(),
    }
    wrong = [
        f"{field} {getattr(design, field)} != {n} rows" for field, n in rows.items() if getattr(design, field) != n
    ]
    if design.current_version.number != rows["version_count"]:
        wrong.append("current_version is not the newest")
    statuses = dict(design.amendments.values_list("status").annotate(n=Count("pk")).order_by())
    comments = Comment.objects.filter(**where)
    return (
        f"{rows['version_count']} versions, {sum(statuses.values())} amendments {statuses}, "
        f"{rows['comment_count']} comments ({comments.exclude(anchor='').count()} on sections, "
        f"{comments.filter(parent__isnull=False).count()} replies), {rows['support_count']} supporters, "
        f"{rows['follower_count']} followers -> {'counts EXACT' if not wrong else 'WRONG: ' + '; '.join(wrong)}"
    )


# --- Data for the scenarios ----------------------------------------------------------------------------------------


class Data:
    def __init__(self):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from cocreate.accounts.models import User
        from cocreate.challenges.models import Challenge
        from cocreate.designs.rules import author_ids

        self.challenge = Challenge.objects.get(slug=SLUG)
        designs = list(self.challenge.designs.select_related("current_version").order_by("-version_count"))
        self.big, self.small = designs[0], designs[-1]
        self.big_v1 = self.big.versions.get(number=1)
        residents = User.objects.filter(email__regex=r"^designs-load[0-9]+@example\.org$")
        readers = list(residents.exclude(pk__in=author_ids(self.big) | author_ids(self.small)).order_by("pk"))
        self.keys: list[str] = []

        def session_for(user) -> str:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            self.keys.append(store.session_key)
            return store.session_key

        self.sessions = [session_for(u) for u in readers[:N_SESSIONS]]
        self.author_session = {d.pk: session_for(d.author) for d in (self.big, self.small)}
        self.official_session = session_for(User.objects.get(email="designs-load-official@example.org"))

    def drop_sessions(self) -> None:
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key__in=self.keys).delete()


def scenarios(data: Data, threads: int) -> list[dict]:
    pk, last = data.big.pk, data.big.version_count

    def per_thread(items):
        return [items[t::threads] for t in range(threads)]

    from cocreate.designs.sections import SECTIONS

    sections = [s.key for s in SECTIONS]
    return [
        {
            "name": "design_anon",
            "label": "design page, anonymous",
            "path": f"/designs/{pk}/",
            "requests": [[("GET", f"/designs/{pk}/", {}, "")]],
        },
        {
            "name": "design_signed_in",
            "label": f"design page, signed in ({len(data.sessions)} residents)",
            "path": f"/designs/{pk}/",
            "requests": per_thread(
                [("GET", f"/designs/{pk}/", {"Cookie": f"sessionid={key}"}, "") for key in data.sessions]
            ),
        },
        {
            "name": "compare",
            "label": f"comparison of versions 1 and {last}, anonymous",
            "path": f"/designs/{pk}/compare/?from=1&to={last}",
            "requests": [[("GET", f"/designs/{pk}/compare/?from=1&to={last}", {}, "")]],
        },
        {
            "name": "section_comments",
            "label": "section comments page, anonymous (7 sections)",
            "path": f"/designs/{pk}/sections/{sections[0]}/",
            "requests": per_thread([("GET", f"/designs/{pk}/sections/{key}/", {}, "") for key in sections]),
        },
    ]


# --- In-process figures --------------------------------------------------------------------------------------------


def time_compare(data: Data, repetitions: int, budget_s: float) -> None:
    from cocreate.designs.sections import compare

    pairs = [
        (f"versions 1 and {data.big.version_count}", data.big_v1.content, data.big.current_version.content),
        (
            f"versions {data.big.version_count - 1} and {data.big.version_count}",
            data.big.versions.get(number=data.big.version_count - 1).content,
            data.big.current_version.content,
        ),
    ]
    for label, old, new in pairs:
        changed = sum(c.changed for c in compare(old, new))
        times = []
        deadline = time.perf_counter() + budget_s
        for _ in range(repetitions):
            t = time.perf_counter()
            compare(old, new)
            times.append((time.perf_counter() - t) * 1000)
            if time.perf_counter() > deadline:
                break
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        mark = "PASS" if p99 < COMPARE_MS else "MISS"
        print(
            f"  compare({label}): {changed} of 7 sections changed; {len(times)} runs, median "
            f"{statistics.median(times):6.2f} ms, p99 {p99:6.2f} ms, max {times[-1]:6.2f} ms  "
            f"load {os.getloadavg()[0]:4.1f}  {mark} (p99<{COMPARE_MS} ms)",
            flush=True,
        )


class QueryLog:
    """Every SQL statement run inside the block, with the innermost line of the project's own code that ran it."""

    def __init__(self):
        self.queries: list[tuple[str, str]] = []

    def __call__(self, execute, sql, params, many, context):
        origin = ""
        for frame in reversed(traceback.extract_stack()[:-1]):
            if frame.filename.startswith(str(ROOT / "cocreate")):
                origin = f"{Path(frame.filename).relative_to(ROOT)}:{frame.lineno}"
                break
        self.queries.append((sql, origin))
        return execute(sql, params, many, context)


def normalised(sql: str) -> str:
    sql = re.sub(r"IN \([^()]*\)", "IN (…)", sql)
    return re.sub(r"\b\d+\b", "N", sql)


def page_queries(path: str, session: str | None, timed: int) -> tuple[int, QueryLog, float]:
    """(status, the queries of the second request, median milliseconds of ``timed`` more requests)."""
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME=serve.HOST)
    if session:
        client.cookies["sessionid"] = session
    client.get(path)  # warm: content types, the session, fragment caches
    log = QueryLog()
    with connection.execute_wrapper(log):
        response = client.get(path)
    times = []
    for _ in range(timed):
        t = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t) * 1000)
    return response.status_code, log, statistics.median(times) if times else float("nan")


def query_counts(data: Data, timed: int) -> None:
    reader = data.sessions[0]
    for_design = [
        ("design page, anonymous", lambda d: f"/designs/{d.pk}/", lambda d: None),
        ("design page, signed in", lambda d: f"/designs/{d.pk}/", lambda d: reader),
        ("design page, its starter", lambda d: f"/designs/{d.pk}/", lambda d: data.author_session[d.pk]),
        ("design page, an official", lambda d: f"/designs/{d.pk}/", lambda d: data.official_session),
        ("comparison 1 → newest", lambda d: f"/designs/{d.pk}/compare/?from=1&to={d.version_count}", lambda d: None),
        ("section comments page", lambda d: f"/designs/{d.pk}/sections/problem/", lambda d: None),
        ("section comments, signed in", lambda d: f"/designs/{d.pk}/sections/problem/", lambda d: reader),
        ("all versions", lambda d: f"/designs/{d.pk}/versions/", lambda d: None),
        ("one version (the first)", lambda d: f"/designs/{d.pk}/versions/1/", lambda d: None),
    ]
    small, big = data.small, data.big
    print(
        f"  small: design {small.pk} ({small.version_count} versions, {small.amendments.count()} amendments, "
        f"{small.comment_count} comments); large: design {big.pk} ({big.version_count} versions, "
        f"{big.amendments.count()} amendments, {big.comment_count} comments); load {os.getloadavg()[0]:.1f}"
    )
    print(f"  {'page':<30} {'queries: small':>14} {'large':>6}   {f'ms (median of {timed}): small':>24} {'large':>6}")
    differences = []
    for label, path, session in for_design:
        (s_status, s_log, s_ms), (b_status, b_log, b_ms) = (
            page_queries(path(d), session(d), timed) for d in (small, big)
        )
        same = len(s_log.queries) == len(b_log.queries)
        statuses = "" if s_status == b_status == 200 else f"  HTTP {s_status}/{b_status}"
        print(
            f"  {label:<30} {len(s_log.queries):>14} {len(b_log.queries):>6}   {s_ms:24.1f} {b_ms:6.1f}   "
            f"{'equal' if same else 'DIFFERENT'}{statuses}",
            flush=True,
        )
        if not same:
            differences.append((label, s_log, b_log))
    for label, s_log, b_log in differences:
        extra = Counter(normalised(sql) for sql, _ in b_log.queries) - Counter(
            normalised(sql) for sql, _ in s_log.queries
        )
        fewer = Counter(normalised(sql) for sql, _ in s_log.queries) - Counter(
            normalised(sql) for sql, _ in b_log.queries
        )
        print(f"\n  {label}: {sum(extra.values())} queries more, {sum(fewer.values())} fewer for the large design")
        for sql, n in extra.most_common():
            origins = Counter(origin for q, origin in b_log.queries if normalised(q) == sql)
            where = ", ".join(f"{o or '?'} ×{k}" for o, k in origins.most_common(3))
            print(f"    +{n:<4d} from {where}: {sql[:240]}")
        for sql, n in fewer.most_common():
            print(f"    -{n:<4d} {sql[:240]}")


# --- Main ------------------------------------------------------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((serve.HOST, port)) == 0


def verdict(p99: float) -> str:
    return f"{'PASS' if p99 < PAGE_P99_MS else 'MISS'} (p99<{PAGE_P99_MS} ms)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2", help="granian worker counts, e.g. 2,3 (empty: in-process only)")
    parser.add_argument("--blocking-threads", type=int, default=4, help="as docs/deploy.md recommends")
    parser.add_argument("--connections", default="1,16")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario and connection count")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=serve.PORT)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--compare-runs", type=int, default=500, help="repetitions of the pure comparison")
    parser.add_argument("--page-runs", type=int, default=10, help="in-process requests timed per page and design")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database, then generate")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--verbose", action="store_true", help="print wrk's own output")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    serve.PORT, serve.BASE = args.port, f"http://{serve.HOST}:{args.port}"
    shutil.rmtree(serve.TMP, ignore_errors=True)  # made when ideas_load was imported: this run has its own
    serve.TMP = Path(tempfile.mkdtemp(prefix="cocreate-designs-load-"))
    atexit.register(serve.cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = serve.server_env(secrets.token_urlsafe(64))
    os.environ.update(env)
    workers = [int(w) for w in args.workers.split(",") if w]
    if workers and not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    if workers and port_in_use(args.port):
        raise SystemExit(f"Something already listens on {serve.HOST}:{args.port}; choose another with --port.")
    if args.fresh:
        gen.recreate_database(os.environ["DATABASE_URL"])
    gen.setup_django()
    from django.core.management import call_command

    from cocreate.challenges.models import Challenge

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated {gen.db_name(os.environ['DATABASE_URL'])} in {time.perf_counter() - t:.1f} s.")
    if Challenge.objects.filter(slug=SLUG).exists():
        print(f"Challenge {SLUG!r} is already generated (--fresh rebuilds the database).")
    else:
        generate(args.seed)
    data = Data()
    atexit.register(data.drop_sessions)
    for design in (data.big, data.small):
        print(f"design {design.pk}: {check_counts(design)}")

    print(
        f"machine: {os.cpu_count()} cores, a reference Python loop in {serve.reference_loop_ms():.0f} ms (lower is "
        f"faster), load average {os.getloadavg()[0]:.1f} before the run (other processes on this machine lower the "
        "figures; 'app CPU' is granian's own CPU time per request)"
    )
    print("\n== The comparison alone (sections.compare, in-process, no database, no template)")
    time_compare(data, args.compare_runs, budget_s=30)

    items = scenarios(data, args.threads)
    if args.only:
        items = [i for i in items if i["name"] in set(args.only.split(","))]
    connections = [int(c) for c in args.connections.split(",")]
    if workers or not args.no_queries:  # pages are rendered with the collected files' manifest, in-process too
        t = time.perf_counter()
        serve.collectstatic(env)
        print(f"\ncollectstatic into {serve.TMP / 'var' / 'static'} in {time.perf_counter() - t:.1f} s")
    for n in workers:
        print(f"\n== granian --interface wsgi --workers {n} --blocking-threads {args.blocking_threads}")
        serve.start_server(n, env, args.blocking_threads)
        warm = serve.lua_requests("warm", [[("GET", f"/designs/{data.big.pk}/", {}, "")]])
        serve.run_wrk(warm, "/", 4, 3, args.threads)
        for item in items:
            script = serve.lua_requests(item["name"], item["requests"])
            serve.warm_up(item["requests"])
            for conns in connections:
                serve.drain()
                cpu0 = serve.server_cpu_seconds()
                r = serve.run_wrk(script, item["path"], conns, args.duration, args.threads)
                cpu_ms = (serve.server_cpu_seconds() - cpu0) * 1000 / max(r["requests"], 1)
                mark = verdict(r["p99"]) if conns == max(connections) else ""
                print(
                    f"  {item['label']:<48} c={conns:<3} {r['rps']:7.1f} req/s  p50 {r['p50']:7.1f} ms  "
                    f"p99 {r['p99']:7.1f} ms  app CPU {cpu_ms:5.1f} ms/req  errors {r['errors']:<4} "
                    f"load {os.getloadavg()[0]:4.1f}  {mark}",
                    flush=True,
                )
                if args.verbose or (r["errors"] and r["requests"] and r["errors"] == r["requests"]):
                    print(r["raw"])
        serve.stop_server()

    if not args.no_queries:
        print("\n== SQL queries per page (Django test Client, in-process, same database; second request)")
        query_counts(data, args.page_runs)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the server")
        sys.exit(130)
