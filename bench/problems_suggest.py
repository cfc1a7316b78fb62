"""Benchmark of Cocreate's suggestions of similar problems while a person types a title, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_bench .venv/bin/python bench/problems_suggest.py \
        [--problems 1000000] [--queries 500] [--fresh] [--seed 7]

Migrates the database named by DATABASE_URL (its name must contain "bench": the script empties the problem table
when it rebuilds), then fills it with synthetic problems of one public body: titles from templates in five
languages × street names × house numbers, some with typos; a mix of statuses; about 1 % hidden by moderation; a few
per cent in a public challenge, in two invitation-only challenges and in an unpublished one; a few hundred authors.
The data is kept and reused when it is already there (``--fresh`` rebuilds it).

Then times ``similar_problems(user, text, organisation=...)`` as an anonymous visitor and as a signed-in citizen
(invited to one of the two invitation-only challenges) for typed prefixes and typo'd near-duplicates of existing
titles, and prints p50/p95/p99 in ms, the result quality (the near-duplicate's title first, in the top 5, the share
of queries with at least one suggestion), the number of suggestions a viewer may not see (must be 0), and EXPLAIN
ANALYZE of one query. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cocreate.accounts.models import User  # noqa: E402
from cocreate.challenges.models import Challenge  # noqa: E402
from cocreate.organisations.models import Department, Organisation  # noqa: E402
from cocreate.problems.models import Category, Problem  # noqa: E402
from cocreate.problems.queries import SUGGESTION_LIMIT, similar_problems  # noqa: E402
from cocreate.problems.tasks import refresh_title_word_counts  # noqa: E402

ORGANISATION = "bench-city"
AUTHORS = 300

# Issue phrasings per language; {s} is the street, {n} an optional house number part.
ISSUES = {
    "en": [
        "Pothole on {s}{n}",
        "Deep pothole in the road on {s}{n}",
        "Broken streetlight on {s}{n}",
        "Street lamp not working in {s}{n}",
        "Overflowing rubbish bin on {s}{n}",
        "Litter and rubbish dumped on {s}{n}",
        "Graffiti on the wall in {s}{n}",
        "Blocked drain causing flooding on {s}{n}",
        "Broken pavement tiles on {s}{n}",
        "Traffic light out of order at {s}{n}",
        "Abandoned bicycle on {s}{n}",
        "Fallen tree blocking {s}{n}",
        "Broken bench in the park by {s}{n}",
        "Damaged road sign on {s}{n}",
        "Illegal parking on the cycle lane in {s}{n}",
        "Water leak from a pipe on {s}{n}",
        "Noise from the construction site on {s}{n}",
        "Missing manhole cover on {s}{n}",
        "Bus stop shelter glass broken on {s}{n}",
        "Dog fouling on the pavement of {s}{n}",
    ],
    "fr": [
        "Nid-de-poule {s}{n}",
        "Trou dans la chaussée {s}{n}",
        "Lampadaire en panne {s}{n}",
        "Éclairage public éteint {s}{n}",
        "Poubelle qui déborde {s}{n}",
        "Dépôt sauvage d'ordures {s}{n}",
        "Tags sur la façade {s}{n}",
        "Égout bouché, inondation {s}{n}",
        "Trottoir abîmé {s}{n}",
        "Feu tricolore en panne {s}{n}",
        "Vélo abandonné {s}{n}",
        "Arbre tombé sur la route {s}{n}",
        "Banc cassé dans le square {s}{n}",
        "Panneau de signalisation arraché {s}{n}",
        "Voitures garées sur la piste cyclable {s}{n}",
        "Fuite d'eau sur la voirie {s}{n}",
        "Bruit du chantier la nuit {s}{n}",
        "Plaque d'égout manquante {s}{n}",
    ],
    "de": [
        "Schlagloch in der {s}{n}",
        "Tiefes Loch in der Fahrbahn {s}{n}",
        "Straßenlaterne defekt in der {s}{n}",
        "Straßenbeleuchtung ausgefallen {s}{n}",
        "Überfüllter Mülleimer in der {s}{n}",
        "Illegale Müllablagerung {s}{n}",
        "Graffiti an der Hauswand {s}{n}",
        "Gully verstopft, Überschwemmung {s}{n}",
        "Gehweg beschädigt in der {s}{n}",
        "Ampel ausgefallen an der {s}{n}",
        "Fahrrad abgestellt und verlassen {s}{n}",
        "Umgestürzter Baum blockiert die {s}{n}",
        "Parkbank kaputt {s}{n}",
        "Falschparker auf dem Radweg {s}{n}",
        "Wasserrohrbruch in der {s}{n}",
        "Baustellenlärm in der Nacht {s}{n}",
    ],
    "nl": [
        "Gat in de weg {s}{n}",
        "Kuil in het wegdek {s}{n}",
        "Straatlantaarn kapot {s}{n}",
        "Openbare verlichting doet het niet {s}{n}",
        "Volle prullenbak {s}{n}",
        "Zwerfvuil en dumping {s}{n}",
        "Graffiti op de muur {s}{n}",
        "Verstopte put, wateroverlast {s}{n}",
        "Losse stoeptegels {s}{n}",
        "Verkeerslicht defect {s}{n}",
        "Weesfiets {s}{n}",
        "Omgevallen boom op de {s}{n}",
        "Kapotte bank in het park {s}{n}",
        "Foutparkeerders op het fietspad {s}{n}",
    ],
    "es": [
        "Bache en la {s}{n}",
        "Agujero en la calzada {s}{n}",
        "Farola fundida en la {s}{n}",
        "Alumbrado público apagado {s}{n}",
        "Contenedor de basura desbordado {s}{n}",
        "Vertido ilegal de basura {s}{n}",
        "Pintadas en la fachada {s}{n}",
        "Alcantarilla atascada {s}{n}",
        "Acera rota en la {s}{n}",
        "Semáforo averiado {s}{n}",
        "Árbol caído en la {s}{n}",
        "Banco roto en el parque {s}{n}",
        "Coches aparcados en el carril bici {s}{n}",
        "Fuga de agua en la {s}{n}",
    ],
}
NAMES = (  # noqa: SIM905 (a hundred names read better as text)
    "Victor Hugo, Jean Jaurès, Pasteur, Voltaire, Molière, Gambetta, Carnot, Foch, Goethe, Schiller, Mozart, "
    "Beethoven, Bismarck, Rembrandt, Vondel, Erasmus, Cervantes, Picasso, Goya, Colón, Lincoln, Churchill, "
    "Victoria, Albert, Queen, King, Station, Church, Market, Mill, Bridge, Castle, Park, Garden, Harbour, "
    "Oak, Maple, Birch, Willow, Elm, Chestnut, Linden, Rose, Tulip, Lily, Meadow, River, Lake, Hill, Valley, "
    "Forest, Spring, Summer, Orchard, Windmill, Lighthouse, School, College, Hospital, Library, Museum, Theatre, "
    "Cathedral, Abbey, Monastery, Fortress, Tower, Gate, Wall, Canal, Dock, Quay, Fountain, Square, Cross, "
    "Saint Martin, Saint Michel, Sainte Anne, Notre Dame, Liberté, République, Nation, Europe, Paix, "
    "Lindenberg, Kirchberg, Rosenheim, Eichendorff, Heine, Brahms, Wagner, Dürer, Kant, Humboldt, Leibniz"
).split(", ")
STREETS = {
    "en": ["{} Street", "{} Road", "{} Avenue", "{} Lane"],
    "fr": ["rue {}", "avenue {}", "boulevard {}", "place {}"],
    "de": ["{}straße", "{}weg", "{}allee", "{}platz"],
    "nl": ["{}straat", "{}laan", "{}weg", "{}plein"],
    "es": ["calle {}", "avenida {}", "paseo {}", "plaza {}"],
}
NUMBERS = {"en": " near no. {}", "fr": " devant le n° {}", "de": " {}", "nl": " {}", "es": " n.º {}"}
LANGUAGES = ["en", "fr", "de", "nl", "es"]
LANGUAGE_WEIGHTS = [40, 25, 15, 10, 10]
# Status mix: about 70 % open.
STATUSES = ["submitted", "under_review", "accepted", "in_progress", "done", "not_accepted", "duplicate"]
STATUS_WEIGHTS = [40, 10, 8, 12, 20, 5, 5]
NEARBY_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def typo(text: str, rng: random.Random) -> str:
    """One typing slip: a swapped, dropped, doubled or wrong letter."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(4)
    if kind == 0 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice(NEARBY_KEYS) + text[i + 1 :]


def make_title(rng: random.Random) -> str:
    language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
    street = rng.choice(STREETS[language]).format(rng.choice(NAMES))
    number = NUMBERS[language].format(rng.randint(1, 250)) if rng.random() < 0.5 else ""
    title = rng.choice(ISSUES[language]).format(s=street, n=number)
    if rng.random() < 0.1:
        title = typo(title, rng)
    if rng.random() < 0.05:
        title = title.lower()
    return title[:160]


# --- data -----------------------------------------------------------------------------------------------------------


def fixtures(rng: random.Random):
    """The public body, its departments and categories, the authors and the challenges (idempotent)."""
    organisation, _ = Organisation.objects.get_or_create(slug=ORGANISATION, defaults={"name": "Bench City"})
    departments = [
        Department.objects.get_or_create(organisation=organisation, slug=slug, defaults={"name": name})[0]
        for slug, name in [("roads", "Roads"), ("cleanliness", "Cleanliness"), ("parks", "Parks"), ("water", "Water")]
    ]
    categories = [
        Category.objects.get_or_create(
            organisation=organisation, code=code, defaults={"name": code.title(), "department": department}
        )[0]
        for code, department in [
            ("roads", departments[0]),
            ("lighting", departments[0]),
            ("waste", departments[1]),
            ("graffiti", departments[1]),
            ("trees", departments[2]),
            ("water", departments[3]),
        ]
    ]
    existing = set(User.objects.filter(email__startswith="bench-").values_list("email", flat=True))
    User.objects.bulk_create(
        User(email=email, display_name=f"Resident {i}", password="!")
        for i in range(AUTHORS)
        if (email := f"bench-{i}@example.org") not in existing
    )
    authors = list(User.objects.filter(email__startswith="bench-").order_by("pk").values_list("pk", flat=True))
    citizen = User.objects.get(email="bench-0@example.org")
    now = timezone.now()
    challenges = {}
    for slug, visibility, published in [
        ("bench-public", Challenge.Visibility.PUBLIC, True),
        ("bench-invited-citizen", Challenge.Visibility.INVITED, True),
        ("bench-invited-others", Challenge.Visibility.INVITED, True),
        ("bench-draft", Challenge.Visibility.PUBLIC, False),
    ]:
        challenges[slug], _ = Challenge.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": organisation,
                "department": departments[0],
                "title": slug.replace("-", " ").title(),
                "summary": "Benchmark challenge.",
                "problem_statement": "Benchmark challenge.",
                "visibility": visibility,
                "created_by": citizen,
                "published_at": now if published else None,
            },
        )
    challenges["bench-invited-citizen"].invited.add(citizen)
    challenges["bench-invited-others"].invited.add(*User.objects.filter(pk__in=authors[1:20]))
    return organisation, departments, categories, authors, citizen, challenges


def generate(count: int, rng: random.Random, organisation, categories, authors, challenges) -> float:
    """Empty the problem table and COPY ``count`` problems into it, indexes built afterwards. Returns seconds."""
    started = time.perf_counter()
    in_challenge = [
        (0.02, challenges["bench-public"].pk),
        (0.01, challenges["bench-invited-citizen"].pk),
        (0.01, challenges["bench-invited-others"].pk),
        (0.005, challenges["bench-draft"].pk),
    ]
    ours = [
        "status", "status_changed_at", "answer_due", "support_count", "comment_count", "is_hidden", "created_at",
        "updated_at", "title", "description", "latitude", "longitude", "author_id", "category_id", "challenge_id",
        "department_id", "organisation_id",
    ]  # fmt: skip
    # Every other column gets the model field's default, so that the script keeps up with new fields.
    others = {}
    for field in Problem._meta.concrete_fields:
        if field.primary_key or field.attname in ours:
            continue
        value = field.get_default()
        others[field.column] = json.dumps(value) if isinstance(value, (dict, list)) else value
    columns = ", ".join([*ours, *others])
    defaults = tuple(others.values())
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE problems_problem CASCADE")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'problems_problem' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'problems_problem'::regclass)"
        )
        indexes = cursor.fetchall()
        with transaction.atomic():
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            # The rows are consistent by construction: skip the per-row foreign-key triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
            with cursor.cursor.copy(f"COPY problems_problem ({columns}) FROM STDIN") as copy:
                for _ in range(count):
                    category = rng.choice(categories)
                    created = now - dt.timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60))
                    challenge = None
                    draw = rng.random()
                    for share, pk in in_challenge:
                        if draw < share:
                            challenge = pk
                            break
                        draw -= share
                    title = make_title(rng)
                    located = rng.random() < 0.8
                    copy.write_row(
                        (
                            rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                            created,
                            (created + dt.timedelta(days=14)).date(),
                            min(int(rng.expovariate(0.3)), 500),
                            min(int(rng.expovariate(0.5)), 200),
                            rng.random() < 0.01,
                            created,
                            created,
                            title,
                            f"{title}. Reported by a resident; please have a look soon.",
                            f"{50.80 + rng.random() * 0.1:.6f}" if located else None,
                            f"{4.30 + rng.random() * 0.15:.6f}" if located else None,
                            rng.choice(authors),
                            category.pk,
                            challenge,
                            category.department_id,
                            organisation.pk,
                            *defaults,
                        )
                    )
        copied = time.perf_counter()
        print(f"  COPY of {count:,} rows: {copied - started:.1f} s")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            began = time.perf_counter()
            cursor.execute(definition)
            if time.perf_counter() - began > 2:
                print(f"  index {name}: {time.perf_counter() - began:.1f} s")
        cursor.execute("RESET maintenance_work_mem")
        # The COPY ran without triggers (replica role): fill the words table of migration 0005 as it does.
        began = time.perf_counter()
        cursor.execute(
            "INSERT INTO problems_title_word (word) SELECT DISTINCT unnest(tsvector_to_array("
            "to_tsvector('simple'::regconfig, title))) FROM problems_problem ON CONFLICT DO NOTHING"
        )
        # And their counts, as the daily task does (migration 0006).
        refresh_title_word_counts.call()
        cursor.execute("ANALYZE problems_title_word")
        print(f"  title words and their counts: {time.perf_counter() - began:.1f} s")
        cursor.execute("VACUUM ANALYZE problems_problem")
    return time.perf_counter() - started


# --- queries --------------------------------------------------------------------------------------------------------


def workload(rng: random.Random, organisation, count: int, forbidden: list[int]) -> list[dict]:
    """Typed prefixes and typo'd near-duplicates of visible open problems, and probes from problems a visitor may
    not see (hidden, or in a challenge that is not public)."""
    open_statuses = list(Problem.workflow.open)

    # Drawn with the seeded generator (not ORDER BY random()), so that runs with the same seed compare.
    def sample(problems, k):
        ids = sorted(problems.values_list("pk", flat=True))
        chosen = rng.sample(ids, min(k, len(ids)))
        titles = Problem.objects.in_bulk(chosen)
        return [titles[pk].title for pk in chosen]

    sources = sample(
        Problem.objects.filter(organisation=organisation, is_hidden=False, challenge=None, status__in=open_statuses),
        count,
    )
    probes = sample(
        Problem.objects.filter(organisation=organisation, status__in=open_statuses).filter(
            Q(is_hidden=True) | Q(challenge__in=forbidden)
        ),
        max(count // 10, 10),
    )
    queries = []
    for title in sources:
        kind = rng.choice(["prefix", "near-duplicate"])
        if kind == "prefix":
            text = title[: rng.randint(min(10, len(title)), min(35, len(title)))]
        else:
            text = typo(title, rng)
            if rng.random() < 0.5:
                text = typo(text, rng)
            if rng.random() < 0.2:
                text = text.lower()
        queries.append({"kind": kind, "text": text, "title": title})
    queries += [{"kind": "probe", "text": title, "title": title} for title in probes]
    rng.shuffle(queries)
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(viewer: str, user, organisation, queries: list[dict], forbidden: set[int]) -> None:
    for query in queries[:20]:  # warm the cache and the connection
        similar_problems(user, query["text"], organisation=organisation)
    timings, kinds, leaks = [], {}, 0
    quality = {kind: {"n": 0, "first": 0, "top": 0, "any": 0} for kind in ("near-duplicate", "prefix")}
    for query in queries:
        began = time.perf_counter()
        found = similar_problems(user, query["text"], organisation=organisation)
        elapsed = (time.perf_counter() - began) * 1000
        timings.append(elapsed)
        kinds.setdefault(query["kind"], []).append(elapsed)
        leaks += sum(1 for p in found if p.is_hidden or p.challenge_id in forbidden)
        if query["kind"] == "probe":
            continue
        titles = [p.title.casefold() for p in found]
        wanted, typed = query["title"].casefold(), query["text"].casefold()
        counts = quality[query["kind"]]
        counts["n"] += 1
        counts["any"] += bool(titles)
        counts["top"] += wanted in titles
        # A near-duplicate should bring its original first; a prefix, a title that goes on from what was typed.
        if query["kind"] == "prefix":
            counts["first"] += bool(titles) and titles[0].startswith(typed)
        else:
            counts["first"] += bool(titles) and titles[0] == wanted
    print(
        f"  {viewer:<9} n={len(timings):<4} p50 {percentile(timings, 0.5):7.1f} ms  "
        f"p95 {percentile(timings, 0.95):7.1f} ms  p99 {percentile(timings, 0.99):7.1f} ms  "
        f"max {max(timings):7.1f} ms  mean {statistics.fmean(timings):6.1f} ms"
    )
    for kind, values in sorted(kinds.items()):
        print(
            f"    {kind:<15} n={len(values):<4} p50 {percentile(values, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f}"
            f"  p99 {percentile(values, 0.99):7.1f} ms"
        )
    for kind, counts in quality.items():
        n = max(counts["n"], 1)
        first = "original first" if kind == "near-duplicate" else "first goes on from the text"
        print(
            f"    quality {kind:<15} {first} {counts['first'] / n:6.1%}, original in top {SUGGESTION_LIMIT} "
            f"{counts['top'] / n:6.1%}, at least one suggestion {counts['any'] / n:6.1%}"
        )
    print(f"    suggestions the viewer may not see: {leaks}")


def explain(user, organisation, text: str) -> None:
    """EXPLAIN ANALYZE of the suggestion query, replayed with the statements that ran before it (SET LOCAL…)."""
    with CaptureQueriesContext(connection) as captured:
        similar_problems(user, text, organisation=organisation)
    statements = [q["sql"] for q in captured.captured_queries]
    select = next(
        (i for i, sql in enumerate(statements) if "problems_problem" in sql and sql.upper().startswith("SELECT")),
        None,
    )
    if select is None:
        print("  (no suggestion query ran)")
        return
    print(f"  query for {text!r}:\n    {statements[select]}")
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements[:select]:
            if sql.upper().startswith(("SET", "SELECT SET_CONFIG")):
                cursor.execute(sql)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statements[select])
        for (line,) in cursor.fetchall():
            print("    " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--fresh", action="store_true", help="rebuild the data even if it is there")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench' (it is emptied on rebuild).")
    rng = random.Random(args.seed)

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Database {connection.settings_dict['NAME']}: migrated in {time.perf_counter() - began:.1f} s")
    organisation, _, categories, authors, citizen, challenges = fixtures(rng)
    present = Problem.objects.filter(organisation=organisation).count()
    if args.fresh or present != args.problems:
        print(f"Generating {args.problems:,} problems (found {present:,})…")
        seconds = generate(args.problems, rng, organisation, categories, authors, challenges)
        print(f"  generated, indexed and analysed in {seconds:.1f} s")
    else:
        print(f"Reusing {present:,} problems (--fresh rebuilds them)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_index "
            "WHERE indrelid = 'problems_problem'::regclass AND indexrelid::regclass::text LIKE '%%title%%'"
        )
        print("  title indexes: " + ", ".join(f"{name} ({size})" for name, size in cursor.fetchall()))
        cursor.execute("SELECT pg_size_pretty(pg_table_size('problems_problem'))")
        print(f"  table size: {cursor.fetchone()[0]}")
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('problems_title_word')), "
            "count(*) FILTER (WHERE n > 5000) FROM problems_title_word"
        )
        print("  title words: {:,} ({}), {:,} of them in more than 5,000 titles".format(*cursor.fetchone()))

    invited_others, draft = challenges["bench-invited-others"].pk, challenges["bench-draft"].pk
    invited_citizen = challenges["bench-invited-citizen"].pk
    queries = workload(rng, organisation, args.queries, [invited_others, draft, invited_citizen])
    print(
        f"\nsimilar_problems(user, text, organisation=…) — {len(queries)} queries "
        f"({sum(q['kind'] == 'probe' for q in queries)} built from titles the visitor may not see):"
    )
    run("visitor", AnonymousUser(), organisation, queries, {invited_others, draft, invited_citizen})
    run("citizen", citizen, organisation, queries, {invited_others, draft})

    print("\nEXPLAIN ANALYZE (citizen, a near-duplicate):")
    sample = next(q for q in queries if q["kind"] == "near-duplicate")
    explain(citizen, organisation, sample["text"])


if __name__ == "__main__":
    main()
