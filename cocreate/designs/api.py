"""Designs in the JSON API: read by everyone who may see them; started and written by signed-in people (session
authentication with the CSRF token, as the pages use)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from cocreate.challenges.queries import challenge_for_page

from . import actions, queries
from .errors import IdeaNotInChallenge
from .models import Design, DesignVersion
from .sections import compare, cost_totals

router = Router()


class DesignOut(Schema):
    id: int
    challenge: str
    title: str
    summary: str
    status: str
    version: int
    support_count: int
    comment_count: int
    withdrawn: bool
    url: str


class VersionSummaryOut(Schema):
    number: int
    saved_by: str
    saved_at: datetime
    note: str


class VersionOut(VersionSummaryOut):
    content: dict[str, Any]
    cost_one_off: int
    cost_yearly: int


class DesignDetailOut(DesignOut):
    authors: list[str]
    ideas: list[int]
    problems: list[int]
    current: VersionOut
    versions: list[VersionSummaryOut]


class SectionChangeOut(Schema):
    section: str
    changed: bool


class ComparisonOut(Schema):
    older: int
    newer: int
    sections: list[SectionChangeOut]


class DesignFilters(Schema):
    challenge: str = Field(..., max_length=200)


class CompareFilters(Schema):
    older: int = Field(..., ge=1, le=10**6)
    newer: int = Field(..., ge=1, le=10**6)


class DesignIn(Schema):
    challenge: str = Field(..., max_length=200)
    title: str = Field(..., min_length=1, max_length=140)
    summary: str = Field(..., min_length=1, max_length=1000)
    ideas: list[int] = Field(default_factory=list, max_length=20)
    problems: list[int] = Field(default_factory=list, max_length=20)
    content: dict[str, Any] | None = None


class VersionIn(Schema):
    base_version: int = Field(..., ge=1, le=10**6)
    note: str = Field("", max_length=300)
    content: dict[str, Any]


class AmendmentIn(Schema):
    section: str = Field(..., max_length=30)
    content: str | list[dict[str, Any]]  # a text section's text, or a table's rows
    reason: str = Field(..., min_length=1, max_length=2000)


class AmendmentOut(Schema):
    id: int
    section: str
    status: str
    proposed_on_version: int
    content: str | list[dict[str, Any]]
    reason: str
    answer: str
    url: str


def _summary(design: Design) -> dict:
    return {
        "id": design.pk,
        "challenge": design.challenge.slug,
        "title": design.title,
        "summary": design.summary,
        "status": design.status,
        "version": design.version_count,
        "support_count": design.support_count,
        "comment_count": design.comment_count,
        "withdrawn": design.is_withdrawn,
        "url": design.get_absolute_url(),
    }


def _version(version: DesignVersion, *, with_content: bool = True) -> dict:
    data = {
        "number": version.number,
        "saved_by": version.author.public_name,
        "saved_at": version.created_at,
        "note": version.note,
    }
    if with_content:
        one_off, yearly = cost_totals(version.content)
        data |= {"content": version.content, "cost_one_off": one_off, "cost_yearly": yearly}
    return data


def _detail(design: Design) -> dict:
    coauthors = queries.coauthors(design)
    return {
        **_summary(design),
        "authors": [design.author.public_name]
        + [c.user.public_name for c in coauthors if c.status == c.Status.ACCEPTED and c.user],
        "ideas": [idea.pk for idea in queries.source_ideas(design)],
        "problems": [problem.pk for problem in queries.source_problems(design)],
        "current": _version(design.current_version),
        "versions": [_version(v, with_content=False) for v in queries.versions(design)],
    }


@router.get("/", response=list[DesignOut])
@paginate(PageNumberPagination, page_size=20)
def list_designs(request, filters: Query[DesignFilters]):
    challenge = challenge_for_page(filters.challenge, request.user)
    return [_summary(d) for d in queries.design_list(request.user, challenge).select_related("challenge")]


@router.get("/{int:design_id}", response=DesignDetailOut)
def get_design(request, design_id: int):
    return _detail(queries.design_for_page(design_id, request.user))


@router.get("/{int:design_id}/versions/{int:number}", response=VersionOut)
def get_version(request, design_id: int, number: int):
    design = queries.design_for_page(design_id, request.user)
    return _version(queries.version_of(design, number))


@router.get("/{int:design_id}/compare", response=ComparisonOut)
def compare_versions(request, design_id: int, filters: Query[CompareFilters]):
    design = queries.design_for_page(design_id, request.user)
    old, new = queries.version_of(design, filters.older), queries.version_of(design, filters.newer)
    return {
        "older": old.number,
        "newer": new.number,
        "sections": [{"section": c.section.key, "changed": c.changed} for c in compare(old.content, new.content)],
    }


@router.post("/", response={201: DesignDetailOut}, auth=django_auth)
def start_design(request, payload: DesignIn):
    challenge = challenge_for_page(payload.challenge, request.user)
    ideas = list(queries.ideas_to_build_on(request.user, challenge).filter(pk__in=payload.ideas))
    problems = list(queries.problems_to_build_on(request.user, challenge).filter(pk__in=payload.problems))
    if len(ideas) != len(set(payload.ideas)) or len(problems) != len(set(payload.problems)):
        raise IdeaNotInChallenge()
    design = actions.design_start(
        author=request.user,
        challenge=challenge,
        title=payload.title,
        summary=payload.summary,
        ideas=ideas,
        problems=problems,
        content=payload.content,
    )
    return Status(201, _detail(queries.design_for_page(design.pk, request.user)))


def _amendment(amendment) -> dict:
    return {
        "id": amendment.pk,
        "section": amendment.section,
        "status": amendment.status,
        "proposed_on_version": amendment.base_version.number,
        "content": amendment.content,
        "reason": amendment.reason,
        "answer": amendment.answer,
        "url": amendment.get_absolute_url(),
    }


@router.get("/{int:design_id}/amendments", response=list[AmendmentOut])
def list_amendments(request, design_id: int):
    design = queries.design_for_page(design_id, request.user)
    return [
        _amendment(a)
        for a in design.amendments.select_related("base_version").defer("base_version__content").order_by("pk")
    ]


@router.post("/{int:design_id}/amendments", response={201: AmendmentOut}, auth=django_auth)
def propose_amendment(request, design_id: int, payload: AmendmentIn):
    """Propose new content for one section of the design's current version (participants who are not its authors,
    while its stage takes amendments)."""
    design = queries.design_for_page(design_id, request.user)
    amendment = actions.amendment_propose(
        proposer=request.user,
        design=design,
        section=payload.section,
        content=payload.content,
        reason=payload.reason,
    )
    return Status(201, _amendment(amendment))


@router.post("/{int:design_id}/versions", response={201: VersionOut}, auth=django_auth)
def save_version(request, design_id: int, payload: VersionIn):
    design = queries.design_for_page(design_id, request.user)
    version = actions.design_save_version(
        actor=request.user,
        design=design,
        content=payload.content,
        note=payload.note,
        base_version=payload.base_version,
    )
    return Status(201, _version(version))


# Feasibility reviews


class ReviewOut(Schema):
    id: int
    department: str
    version: int
    of_current_version: bool
    verdict: str | None  # feasible, feasible_with_conditions, not_feasible; None while outstanding
    reasoning: str
    requested_at: datetime
    answer_due: date | None
    overdue: bool
    given_at: datetime | None
    reviewer: str | None
    private_notes: str | None  # only for officials of the public body


@router.get("/{int:design_id}/reviews", response=list[ReviewOut])
def list_reviews(request, design_id: int):
    """The design's feasibility reviews, by department: the version each applies to, the verdict and its public
    reasoning, or when it is due."""
    from . import review_queries

    design = queries.design_for_page(design_id, request.user)
    with_notes = request.user.has_perm("designs.view_review_notes", design)
    return [
        {
            "id": review.pk,
            "department": review.department.name,
            "version": review.version.number,
            "of_current_version": not review.is_of_older_version,
            "verdict": review.verdict or None,
            "reasoning": review.reasoning,
            "requested_at": review.created_at,
            "answer_due": review.answer_due,
            "overdue": review.is_overdue,
            "given_at": review.given_at,
            "reviewer": review.reviewer.public_name if review.reviewer else None,
            "private_notes": review.private_notes if with_notes else None,
        }
        for review in review_queries.reviews_of(design)
    ]


# Prototype test rounds: GET /{design_id}/test-rounds
from .testround_api import router as testround_router  # noqa: E402

router.add_router("", testround_router)
