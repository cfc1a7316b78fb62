"""Site-wide search: challenges, problems, ideas and designs found together, each as its viewer may see it.

Core imports no domain app, so each app registers what it makes searchable from its ``AppConfig.ready()`` with
:func:`register_search`: which rows the viewer may see (the app's own visibility query), which text fields are
searched, and how a found row is shown. :func:`site_search` asks every source and merges their answers by rank.

On PostgreSQL the text is matched with full-text search (``to_tsvector('simple', …) @@ to_tsquery`` of every
typed word as a prefix) and ranked with ``ts_rank``; each app's migration ``NNNN_<app>_search_index`` builds a GIN
index on the very expression that :func:`search_document` gives (:func:`search_index` writes it), so the search
reads the index. The 'simple' configuration neither stems nor drops stop words: one installation speaks several
languages. On SQLite every typed word must appear in one of the fields (``icontains``), newest first.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, migrations
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from .errors import CocreateError
from .inputs import has_control_characters, parse_int

SEARCH_CONFIG = "simple"
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12  # on SQLite, each word is one more LIKE over every field
PAGE_SIZE = 20
MAX_PAGE = 25  # results beyond the 500th are not worth reading; refining the words is


class InvalidSearch(CocreateError):
    code = "invalid_search"
    status = 400
    default_message = _("This search cannot be run.")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # the source's key: "challenge", "problem", "idea", "design"
    kind_label: str
    title: str
    summary: str
    url: str
    status: str
    status_label: str
    rank: float
    sort_key: Any  # breaks ties between equal ranks: newer first


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: Any  # the kind, for people: "Problem"
    plural_label: Any  # for the filter: "Problems"
    order: int
    fields: tuple[str, ...]
    visible: Callable  # (user) -> QuerySet of what the person may see
    describe: Callable  # (row) -> dict(title, summary, url, status, status_label)


search_sources: dict[str, SearchSource] = {}


def register_search(
    *,
    kind: str,
    label,
    plural_label,
    order: int,
    fields: tuple[str, ...],
    visible: Callable,
    describe: Callable,
) -> None:
    """Make a model searchable: ``visible(user)`` gives the rows the person may see, ``fields`` the text searched
    (in the order of the app's search index), ``describe(row)`` what a result shows."""
    search_sources[kind] = SearchSource(kind, label, plural_label, order, tuple(fields), visible, describe)


def sources_in_order() -> list[SearchSource]:
    return sorted(search_sources.values(), key=lambda source: source.order)


def search_document(*fields: str) -> SearchVector:
    """The text of ``fields`` as one tsvector: the expression the search indexes are built on."""
    return SearchVector(*fields, config=SEARCH_CONFIG)


def search_index(*, app_label: str, model_name: str, name: str, fields: tuple[str, ...]) -> migrations.RunPython:
    """A migration step: on PostgreSQL, a GIN index on ``search_document(*fields)`` of the model; elsewhere nothing."""

    def index(apps):
        return GinIndex(search_document(*fields), name=name)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(apps.get_model(app_label, model_name), index(apps))

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(apps.get_model(app_label, model_name), index(apps))

    return migrations.RunPython(create, drop)


def clean_query(text: str | None) -> str:
    """The typed words, trimmed; refused with a 400 that says why when they cannot be searched for."""
    text = " ".join((text or "").split())
    if has_control_characters(text):
        raise InvalidSearch(_("The search contains characters that cannot be searched for."))
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidSearch(
            _("The search is too long: use at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}
        )
    if text and len(text) < MIN_QUERY_LENGTH:
        raise InvalidSearch(
            _("The search is too short: type at least %(limit)d characters.") % {"limit": MIN_QUERY_LENGTH}
        )
    return text


def clean_kind(kind: str | None) -> str:
    if not kind:
        return ""
    if kind not in search_sources:
        raise InvalidSearch(_("There is nothing of this kind to search."))
    return kind


def clean_page(page) -> int:
    if page in (None, ""):
        return 1
    number = parse_int(page, minimum=1, maximum=MAX_PAGE)
    if number is None:
        raise InvalidSearch(_("Give a page number from 1 to %(last)d.") % {"last": MAX_PAGE})
    return number


def search_words(text: str) -> list[str]:
    """The words of ``text`` that are searched for: letters and digits, lower case; operators and quotes drop out."""
    return re.findall(r"\w+", text.lower())[:MAX_QUERY_WORDS]


def matching(rows: QuerySet, fields: tuple[str, ...], text: str) -> QuerySet:
    """The rows whose ``fields`` hold every typed word, or a word it begins ("lantern" finds "lanterns"),
    annotated with ``search_rank``."""
    words = search_words(text)
    if not words:
        return rows.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        # Each word is letters and digits only (``\w``), so it cannot break out of its quotes.
        query = SearchQuery(" & ".join(f"'{word}':*" for word in words), config=SEARCH_CONFIG, search_type="raw")
        document = search_document(*fields)
        return (
            rows.annotate(search_document=document)
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(F("search_document"), query))
        )
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(any_field)
    return rows.annotate(search_rank=Value(0.0, output_field=FloatField()))


@dataclass(frozen=True)
class SearchResults:
    query: str
    kind: str
    page: int
    hits: list[SearchHit]
    total: int
    counts: dict[str, int]  # kind -> how many matched

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PAGE_SIZE)))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def site_search(user, text: str, *, kind: str = "", page: int = 1) -> SearchResults:
    """One page of what ``user`` may see that matches ``text``, best first, from every source (or only ``kind``).

    Each source gives at most as many rows as the pages up to this one hold, so a page costs one count and one
    bounded, ranked query per source."""
    text, kind, page = clean_query(text), clean_kind(kind), clean_page(page)
    if not text:
        return SearchResults(text, kind, page, [], 0, {})
    wanted = page * PAGE_SIZE
    hits: list[SearchHit] = []
    counts: dict[str, int] = {}
    for source in sources_in_order():
        found = matching(source.visible(user), source.fields, text)
        counts[source.kind] = found.count()
        if kind and source.kind != kind:
            continue
        for row in found.order_by("-search_rank", "-pk")[:wanted]:
            shown = source.describe(row)
            hits.append(
                SearchHit(
                    kind=source.kind,
                    kind_label=str(source.label),
                    rank=float(row.search_rank),
                    sort_key=row.pk,
                    **shown,
                )
            )
    # Best rank first; among equals (all of them on SQLite), sources in their order, newest first within each.
    order = {source.kind: index for index, source in enumerate(sources_in_order())}
    hits.sort(key=lambda hit: (-hit.rank, order[hit.kind], -hit.sort_key))
    total = counts.get(kind, 0) if kind else sum(counts.values())
    return SearchResults(text, kind, page, hits[wanted - PAGE_SIZE : wanted], total, counts)
