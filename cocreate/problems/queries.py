"""Reads of problems for a person: lists with filters, the map, suggestions while typing, the triage board."""

import datetime as dt
import functools
import itertools
import operator
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, Func, Q, QuerySet
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.challenges.queries import visible_challenges
from cocreate.core.errors import NotFound
from cocreate.organisations.models import Department, Membership
from cocreate.organisations.queries import (
    department_subtree_ids,
    organisation_ids_where,
    staff_department_ids,
    staff_organisation_ids,
)

from .models import Photo, Problem

SUGGESTION_LIMIT = 5
SUGGESTION_MIN_SCORE = 0.25
SUGGESTION_RADIUS_M = 500
# PostgreSQL: how many word matches are ranked, how many typed words count, how long the relaxed search may take.
SUGGESTION_CANDIDATES = 300
SUGGESTION_MAX_WORDS = 10
SUGGESTION_FALLBACK_MS = 25
# PostgreSQL: how many known words may stand in for each typed word, and how much a word's frequency weighs against
# its likeness in choosing them (the score is similarity × (1 + ln(1 + titles holding the word) × weight)).
SUGGESTION_CORRECTIONS = 3
SUGGESTION_FREQUENCY_WEIGHT = 0.1
SUGGESTION_RELAXED_WORDS = 6
# PostgreSQL: an unfinished last word is searched as a prefix (``word:*``) while the words it may begin are in at
# most this many titles in all; a prefix search reads every posting list it matches in full ("lea" → "leak",
# "lead"…), so a more common one is searched as its SUGGESTION_COMPLETIONS most frequent completions instead.
SUGGESTION_PREFIX_TITLES = 5000
SUGGESTION_COMPLETIONS = 5
SUGGESTION_ORDER = ("-similarity", "-closeness", "-support_count", "-pk")


def visible_problems(user) -> QuerySet[Problem]:
    """The problems a person may see, in SQL (the same rule as ``problems.view_problem``)."""
    problems = Problem.objects.all()
    if getattr(user, "is_superuser", False):
        return problems
    visible = Q(is_hidden=False) & (Q(challenge__isnull=True) | Q(challenge__in=visible_challenges(user).values("pk")))
    staff_of = organisation_ids_where(user, {"official", "admin", "moderator"})
    if staff_of:
        visible |= Q(organisation_id__in=staff_of)
    return problems.filter(visible)


@dataclass(frozen=True)
class ProblemFilters:
    organisation: str = ""
    category: str = ""
    status: str = ""
    challenge: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    text: str = ""
    sort: str = "newest"


SORTS = {"newest": ("-created_at", "-pk"), "supported": ("-support_count", "-created_at", "-pk")}


def problem_list(user, filters: ProblemFilters) -> QuerySet[Problem]:
    problems = visible_problems(user).select_related("category", "organisation", "challenge")
    if filters.organisation:
        problems = problems.filter(organisation__slug=filters.organisation)
    if filters.category:
        problems = problems.filter(category__code=filters.category)
    if filters.status == "open":
        problems = problems.filter(status__in=Problem.workflow.open)
    elif filters.status:
        problems = problems.filter(status=filters.status)
    if filters.challenge:
        problems = problems.filter(challenge__slug=filters.challenge)
    if filters.since:
        problems = problems.filter(created_at__date__gte=filters.since)
    if filters.until:
        problems = problems.filter(created_at__date__lte=filters.until)
    if filters.bbox:
        west, south, east, north = filters.bbox
        problems = problems.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    for word in filters.text.split()[:8]:
        problems = problems.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return problems.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def problem_for_page(pk: int, user, *, perm: str = "problems.view_problem") -> Problem:
    """The one way to fetch a problem for a person: 404 when it does not exist or they may not see it.

    Its page asks ``problems.view_problem_page``, which also admits a hidden problem, to show the moderation notice.
    """
    problem = (
        Problem.objects.select_related(
            "organisation", "category", "department", "challenge", "author", "assigned_to", "duplicate_of"
        )
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )
    if problem is None or not user.has_perm(perm, problem):
        raise NotFound()
    return problem


def similar_problems(user, text: str, *, organisation=None, challenge=None, near=None, exclude=()) -> list[Problem]:
    """Problems like the one being typed, that the person may see and support, best first.

    PostgreSQL ranks in the database (trigram similarity on an index); SQLite ranks with the sensemaking engine
    over the visible open problems.
    """
    text = " ".join(text.split())[:300]
    if len(text) < 4:
        return []
    candidates = visible_problems(user).filter(is_hidden=False, status__in=Problem.workflow.open)
    candidates = candidates.exclude(pk__in=exclude)
    if organisation is not None:
        candidates = candidates.filter(organisation=organisation)
    if challenge is not None:
        candidates = candidates.filter(challenge=challenge)
    if connection.vendor == "postgresql":
        return _similar_in_postgresql(candidates, text)
    return _similar_in_memory(candidates, text, near)


def _similar_in_postgresql(candidates, text):
    """Rank in the database, on indexes, with the viewer's permissions in the same SQL.

    1. Each typed word of three letters or more is corrected to the known title words most like it and most used
       (the words table of migration 0005, on its trigram index, with the counts of 0006), so a typing slip still
       finds the intended word.
    2. The full-text index of migration 0004 finds titles with, at every typed position, the word or one of its
       corrections (the last word may be unfinished: also the words it may begin), the rarer positions first. When
       that finds nothing, any one position of four letters or more may be missing, a search that stops after
       SUGGESTION_FALLBACK_MS: suggestions are a help while typing, and a late one is worth nothing.
    3. At most SUGGESTION_CANDIDATES of those titles are ranked by trigram similarity to the whole typed text.
    """
    # Words of one or two letters ("on", "de") are in most titles: they would cost much and filter little. Lower
    # case as to_tsvector('simple') does it (casefold() would turn "ß" into "ss", a word no title has).
    words = [word for word in re.findall(r"\w+", text.lower()) if len(word) >= 3][:SUGGESTION_MAX_WORDS]
    if not words:
        return []
    positions = _corrected(words, unfinished=text[-1].isalnum())
    # Rarer positions first: the index reads the short posting lists first and skips through the long ones.
    order = sorted(range(len(words)), key=lambda i: positions[i][1])
    found = _words_query(candidates, text, [" & ".join(_any(positions[i][0]) for i in order)])
    content = [_any(positions[i][0]) for i in order if len(words[i]) >= 4]
    if found or len(content) < 2:
        return found
    # Each search leaves out one word; the index answers each on its own (a bitmap per search, then their union),
    # which is much cheaper than one search for "all words but any one". The most common words are the ones left
    # out of the relaxed search when there are too many: they filter least.
    content = content[:SUGGESTION_RELAXED_WORDS]
    relaxed = [" & ".join(kept) for kept in itertools.combinations(content, len(content) - 1)]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                [f"{SUGGESTION_FALLBACK_MS}ms"],
            )
            previous = cursor.fetchone()[0]
            found = _words_query(candidates, text, relaxed)
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled: the time is up
            raise
        found = []
    return found


def _corrected(words: list[str], *, unfinished: bool = False) -> list[tuple[list[str], int]]:
    """For each typed word, itself and the known title words most like it, as tsquery lexemes, with the number of
    titles holding any of them (an estimate: the counts are refreshed daily, a newer word counts 1).

    Like in trigrams (``%``: a similarity of at least pg_trgm.similarity_threshold, 0.3 by default), the more used
    the better (a slip is more likely a slip of a common word than of another slip), or the typed word with two
    neighbouring letters swapped, a slip that trigrams hardly see ("lihgt" shares few with "light"). An
    ``unfinished`` last word also stands for the words it begins: as a prefix when they are rare, else as the most
    used of them.
    """
    swaps = [
        (position, word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        for position, word in enumerate(words, 1)
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    ]
    prefix = words[-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            # The typed words that are known, and the words most like them.
            "SELECT t.position, w.word, w.n FROM unnest(%s::text[]) WITH ORDINALITY AS t (typed, position) "
            "JOIN problems_title_word AS w ON w.word = t.typed "
            "UNION SELECT t.position, w.word, w.n FROM unnest(%s::text[]) WITH ORDINALITY AS t (typed, position) "
            "CROSS JOIN LATERAL (SELECT word, n FROM problems_title_word WHERE word %% t.typed AND n > 0 "
            "ORDER BY similarity(word, t.typed) * (1 + ln(1 + n) * %s) DESC, word LIMIT %s) AS w "
            # Swapped letters.
            "UNION SELECT s.position, s.word, w.n FROM unnest(%s::int[], %s::text[]) AS s (position, word) "
            "JOIN problems_title_word AS w ON w.word = s.word AND w.n > 0 "
            # The words the last one may begin (position 0), with the titles holding any of them.
            "UNION SELECT 0, c.word, c.total FROM (SELECT word, sum(n) OVER () AS total FROM problems_title_word "
            "WHERE %s AND word LIKE %s AND word <> %s AND n > 0 ORDER BY n DESC, word LIMIT %s) AS c",
            [
                words,
                words,
                SUGGESTION_FREQUENCY_WEIGHT,
                SUGGESTION_CORRECTIONS,
                [p for p, _ in swaps],
                [w for _, w in swaps],
                unfinished,
                prefix,
                words[-1],
                SUGGESTION_COMPLETIONS,
            ],
        )
        rows = cursor.fetchall()
    positions = [{word: 0} for word in words]
    completions, completed = [], 0
    for position, word, n in rows:
        if position:
            positions[position - 1][word] = n
        else:
            completions.append(word)
            completed = n
    lexemes = [([_lexeme(word) for word in position], sum(position.values())) for position in positions]
    if unfinished:
        last, n = lexemes[-1]
        # A prefix search reads the typed word's own posting list too.
        if completed + positions[-1][words[-1]] <= SUGGESTION_PREFIX_TITLES:
            last.append(_lexeme(words[-1]) + ":*")
        else:
            last.extend(_lexeme(word) for word in completions if word not in positions[-1])
        lexemes[-1] = (last, n + completed)
    return lexemes


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _any(lexemes: list[str]) -> str:
    return lexemes[0] if len(lexemes) == 1 else f"({' | '.join(lexemes)})"


def _words_query(candidates, text, tsqueries):
    """At most SUGGESTION_LIMIT candidates matching one of ``tsqueries`` (words in the title), best first."""
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchVectorField,
        TrigramSimilarity,
        TrigramWordSimilarity,
    )

    # The expression of the index of migration 0004, exactly.
    words = Func(
        F("title"), template="to_tsvector('simple'::regconfig, %(expressions)s)", output_field=SearchVectorField()
    )
    matches = (
        candidates.alias(words=words)
        .filter(
            functools.reduce(
                operator.or_, (Q(words=SearchQuery(query, search_type="raw", config="simple")) for query in tsqueries)
            )
        )
        .order_by()
        .values("pk")[:SUGGESTION_CANDIDATES]
    )
    return list(
        Problem.objects.filter(pk__in=matches)
        .select_related("category")
        .annotate(similarity=TrigramWordSimilarity(text, "title"), closeness=TrigramSimilarity("title", text))
        .order_by(*SUGGESTION_ORDER)[:SUGGESTION_LIMIT]
    )


def _similar_in_memory(candidates, text, near):
    from cocreate.sensemaking.similar import SimilarTexts

    rows = list(
        candidates.values_list("pk", "title", "description", "latitude", "longitude")[: settings.COCREATE_SIMILAR_MAX]
    )
    if not rows:
        return []
    index = SimilarTexts()
    index.add_many(
        (pk, f"{title} {title} {description[:200]}", (float(lat), float(lon)) if lat is not None else None)
        for pk, title, description, lat, lon in rows
    )
    hits = [(key, score) for key, score in index.query(text, k=SUGGESTION_LIMIT * 2) if score >= SUGGESTION_MIN_SCORE]
    if near is not None:
        # Close by counts too: a nearby report of the same kind is the likeliest duplicate.
        nearby = {key for key, _ in index.query(text, k=SUGGESTION_LIMIT * 2, near=near, radius_m=SUGGESTION_RADIUS_M)}
        hits.sort(key=lambda hit: (hit[0] not in nearby, -hit[1]))
    ids = [key for key, _ in hits[:SUGGESTION_LIMIT]]
    by_id = Problem.objects.select_related("category").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class TriageBoard:
    new: list[Problem]
    overdue: list[Problem]
    assigned: list[Problem]
    unassigned: list[Problem]  # answered and still open, but nobody works on them


def triage_board(department, *, limit: int = 100) -> TriageBoard:
    """The department's problems and those of its sub-departments, in the board's four lists."""
    today = timezone.localdate()
    awaiting, still_open = Problem.workflow.awaiting_answer, Problem.workflow.open
    problems = Problem.objects.filter(
        department_id__in=department_subtree_ids(department), is_hidden=False
    ).select_related("category", "assigned_to", "author", "department")
    return TriageBoard(
        new=list(problems.filter(status__in=awaiting, assigned_to=None).order_by("answer_due", "pk")[:limit]),
        overdue=list(problems.filter(status__in=awaiting, answer_due__lt=today).order_by("answer_due", "pk")[:limit]),
        assigned=list(
            problems.filter(status__in=still_open, assigned_to__isnull=False).order_by("answer_due", "pk")[:limit]
        ),
        unassigned=list(
            problems.filter(status__in=still_open - awaiting, assigned_to=None).order_by("status_changed_at", "pk")[
                :limit
            ]
        ),
    )


def assignable_officials(organisation) -> QuerySet:
    """The people a problem of the public body may be assigned to: its officials and administrators."""
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Membership.Role.OFFICIAL, Membership.Role.ADMIN],
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def waiting_for_triage_count(user) -> int:
    """How many problems wait for a first answer in the departments the person works for (their own and their
    sub-departments; all of an organisation they administer), in one query."""
    organisation_ids = staff_organisation_ids(user)
    departments = Department.objects.all()
    if organisation_ids is not None:
        departments = departments.filter(organisation_id__in=organisation_ids)
    rows = departments.annotate(
        waiting=Count(
            "problems",
            filter=Q(problems__status__in=Problem.workflow.awaiting_answer, problems__is_hidden=False),
        )
    ).values_list("pk", "parent_id", "organisation_id", "waiting")
    rows = list(rows)
    mine = staff_department_ids(user, [row[:3] for row in rows])
    return sum(row[3] for row in rows if row[0] in mine)


def overdue_count(organisation) -> int:
    return Problem.objects.filter(
        organisation=organisation,
        status__in=Problem.workflow.awaiting_answer,
        answer_due__lt=timezone.localdate(),
        is_hidden=False,
    ).count()


def overdue_in_department(user, department) -> QuerySet[Problem]:
    """The department's problems past their answer's due date that the person may see, oldest due first."""
    return (
        visible_problems(user)
        .filter(
            department=department,
            is_hidden=False,
            status__in=Problem.workflow.awaiting_answer,
            answer_due__lt=timezone.localdate(),
        )
        .order_by("answer_due", "created_at", "pk")
    )


def _public():
    from django.contrib.auth.models import AnonymousUser

    return visible_problems(AnonymousUser())


def reported_by(person, *, viewer, limit: int):
    """For a profile: the problems ``person`` reported that ``viewer`` may see; all of them for the person."""
    problems = visible_problems(viewer).filter(author=person)
    if viewer == person:
        problems = Problem.objects.filter(author=person)
    return problems.order_by("-created_at")[:limit]


def supported_by(person, *, viewer, limit: int):
    from cocreate.engagement.queries import supported_by as supported

    return supported(person, visible_problems(viewer), limit=limit)


def commented_on_by(person, *, viewer, limit: int):
    from cocreate.engagement.queries import commented_on_by as commented_on

    return commented_on(person, visible_problems(viewer), limit=limit)


PERSONAL_DATA_COVERS = ("problems.Problem.author", "problems.Problem.assigned_to", "problems.Photo.uploaded_by")


def personal_data(user) -> dict:
    """The problems the person reported (with what only officials see of them), those assigned to them, and the
    photos they uploaded (a duplicate's photos move to the original problem)."""
    return {
        "reported": [
            {
                "id": p.pk,
                "title": p.title,
                "description": p.description,
                "latitude": str(p.latitude) if p.latitude is not None else None,
                "longitude": str(p.longitude) if p.longitude is not None else None,
                "address": p.address,
                "answers": p.answers,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
            }
            for p in Problem.objects.filter(author=user).order_by("pk")
        ],
        "assigned_to_you": list(Problem.objects.filter(assigned_to=user).order_by("pk").values_list("pk", flat=True)),
        "photos": [
            {"problem": photo.problem_id, "file": photo.image.name, "uploaded_at": photo.created_at.isoformat()}
            for photo in Photo.objects.filter(uploaded_by=user).order_by("pk")
        ],
    }


SEARCH_FIELDS = ("title", "description")


def searchable_problems(user) -> QuerySet[Problem]:
    """For site-wide search: the problems the person may see."""
    return visible_problems(user)


def search_result(problem: Problem) -> dict:
    return {
        "title": problem.title,
        "summary": problem.description[:240],
        "url": problem.get_absolute_url(),
        "status": problem.status,
        "status_label": problem.get_status_display(),
    }


def recent_problems(user, *, limit: int = 6) -> list[Problem]:
    """For the home page: the problems reported last that the person may see."""
    return list(visible_problems(user).select_related("category").order_by("-created_at", "-pk")[:limit])
