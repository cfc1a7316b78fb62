"""Reads of designs for a person: the list of a challenge, one design with its authors, versions and lineage."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Q, QuerySet, When

from cocreate.activity.models import Link
from cocreate.challenges.queries import visible_challenges
from cocreate.core.errors import NotFound
from cocreate.ideas.models import Idea
from cocreate.ideas.queries import visible_ideas
from cocreate.organisations.queries import organisation_ids_where

from .errors import NoSuchVersion
from .models import Amendment, CoAuthor, Design, DesignVersion
from .sections import SECTIONS, cost_totals


def visible_designs(user) -> QuerySet[Design]:
    designs = Design.objects.all()
    if getattr(user, "is_superuser", False):
        return designs
    visible = Q(is_hidden=False, challenge__in=visible_challenges(user).values("pk"))
    staff_of = organisation_ids_where(user, {"official", "admin", "moderator"})
    if staff_of:
        visible |= Q(organisation_id__in=staff_of)
    if user.is_authenticated:
        writes = CoAuthor.objects.filter(user=user, status=CoAuthor.Status.ACCEPTED).values("design_id")
        visible |= Q(Q(author=user) | Q(pk__in=writes), challenge__in=visible_challenges(user).values("pk"))
    return designs.filter(visible)


def design_list(user, challenge) -> QuerySet[Design]:
    return (
        visible_designs(user)
        .filter(challenge=challenge)
        .select_related("author", "current_version")
        .order_by("withdrawn_at", "-support_count", "-created_at", "-pk")
    )


def design_for_page(pk: int, user, *, perm: str = "designs.view_design") -> Design:
    design = (
        Design.objects.select_related("challenge", "organisation", "author", "current_version__author")
        .filter(pk=pk)
        .first()
    )
    if design is None or not user.has_perm(perm, design):
        raise NotFound()
    return design


def version_of(design: Design, number: int) -> DesignVersion:
    if design.current_version and design.current_version.number == number:
        return design.current_version
    version = design.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise NoSuchVersion()
    return version


def versions(design: Design, *, limit: int | None = None) -> list[DesignVersion]:
    """Newest first, without their content (a long history stays light)."""
    rows = design.versions.select_related("author", "credited_to").defer("content").order_by("-number")
    return list(rows[:limit] if limit is not None else rows)


def amendments(design: Design, *, limit: int | None = None) -> list[Amendment]:
    """Open ones first, then by date, newest first; what a list shows of them (not their text)."""
    rows = (
        design.amendments.select_related("proposer")
        .defer("content", "reason", "answer")
        .order_by(Case(When(status=Amendment.Status.OPEN, then=0), default=1), "-created_at", "-pk")
    )
    return list(rows[:limit] if limit is not None else rows)


def amendment_for_page(design: Design, pk: int) -> Amendment:
    amendment = (
        design.amendments.select_related("proposer", "base_version", "answered_by", "result_version", "spun_off")
        .filter(pk=pk)
        .first()
    )
    if amendment is None:
        raise NotFound()
    return amendment


def coauthors(design: Design) -> list[CoAuthor]:
    return list(design.coauthors.select_related("user").order_by("created_at", "pk"))


def invitation_for(user, design: Design) -> CoAuthor | None:
    """The open invitation to write ``design`` addressed to this person's account or verified e-mail address."""
    if not user.is_authenticated:
        return None
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return (
        design.coauthors.filter(status=CoAuthor.Status.INVITED)
        .filter(Q(user=user) | Q(user__isnull=True, email__in=emails))
        .first()
    )


def open_invitations(user) -> list[CoAuthor]:
    if not user.is_authenticated:
        return []
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return list(
        CoAuthor.objects.filter(status=CoAuthor.Status.INVITED)
        .filter(Q(user=user) | Q(user__isnull=True, email__in=emails))
        .select_related("design", "invited_by")
    )


def source_ideas(design: Design) -> list[Idea]:
    idea_ids = Link.objects.filter(
        source_type__app_label="designs",
        source_type__model="design",
        source_id=design.pk,
        target_type__app_label="ideas",
        target_type__model="idea",
        kind="designed_from",
    ).values("target_id")
    return list(visible_ideas(AnonymousUser()).filter(pk__in=idea_ids).order_by("title"))


def source_problems(design: Design):
    from cocreate.problems.queries import visible_problems

    problem_ids = Link.objects.filter(
        source_type__app_label="designs",
        source_type__model="design",
        source_id=design.pk,
        target_type__app_label="problems",
        target_type__model="problem",
        kind="designed_from",
    ).values("target_id")
    return list(visible_problems(AnonymousUser()).filter(pk__in=problem_ids).order_by("title"))


def problems_to_build_on(user, challenge):
    """Problems a design in this challenge may be built from: those raised in it, that the person can see."""
    from cocreate.problems.queries import visible_problems

    return visible_problems(user).filter(challenge=challenge, is_hidden=False).order_by("-support_count", "title")


def ideas_to_build_on(user, challenge) -> QuerySet[Idea]:
    """Ideas a design in this challenge may be built from: the challenge's own, that the person can see."""
    return (
        visible_ideas(user)
        .filter(challenge=challenge, withdrawn_at__isnull=True, is_hidden=False)
        .order_by("-support_count", "title")
    )


def sections_of(version: DesignVersion | None) -> list[tuple]:
    """(section, its content) in the order a design is read."""
    content = version.content if version else {}
    return [(s, content.get(s.key) or ([] if s.is_table else "")) for s in SECTIONS]


def indicator_names(challenge) -> dict[int, str]:
    return dict(challenge.indicators.values_list("pk", "name"))


def totals_of(version: DesignVersion | None) -> tuple[int, int]:
    return cost_totals(version.content if version else {})


def ballot_candidates(challenge) -> QuerySet[Design]:
    """The challenge's designs that may go on its ballot: those ready for a decision, shown and not withdrawn."""
    return Design.objects.filter(
        challenge=challenge, status=Design.Status.READY, is_hidden=False, withdrawn_at__isnull=True
    ).select_related("current_version")


def estimated_cost(design: Design) -> int | None:
    """The one-off total of the design's cost estimate, or None when it estimates nothing."""
    one_off, _yearly = totals_of(design.current_version)
    return one_off or None


def proposed_by(person, *, viewer, limit: int):
    """For a profile: the designs ``person`` wrote or co-writes that ``viewer`` may see."""
    return (
        visible_designs(viewer)
        .filter(Q(author=person) | Q(coauthors__user=person, coauthors__status=CoAuthor.Status.ACCEPTED))
        .filter(withdrawn_at__isnull=True)
        .distinct()
        .order_by("-created_at")[:limit]
    )


PERSONAL_DATA_COVERS = (
    "designs.Design.author",
    "designs.DesignVersion.author",
    "designs.DesignVersion.credited_to",
    "designs.CoAuthor.user",
    "designs.CoAuthor.invited_by",
    "designs.Amendment.proposer",
    "designs.Amendment.answered_by",
)


def personal_data(user) -> dict:
    return {
        "designs_started": [
            {"id": d.pk, "challenge": d.challenge_id, "title": d.title, "summary": d.summary, "status": d.status}
            for d in Design.objects.filter(author=user).order_by("pk")
        ],
        "design_versions_saved": [
            {
                "design": v.design_id,
                "number": v.number,
                "note": v.note,
                "content": v.content,
                "saved": v.created_at.isoformat(),
            }
            for v in DesignVersion.objects.filter(author=user).order_by("design_id", "number")
        ],
        "design_versions_credited_to_you": [
            {"design": v.design_id, "number": v.number}
            for v in DesignVersion.objects.filter(credited_to=user).order_by("design_id", "number")
        ],
        "design_coauthorships": [
            {"design": c.design_id, "status": c.status, "invited": c.created_at.isoformat()}
            for c in CoAuthor.objects.filter(user=user).order_by("pk")
        ],
        # Whom the person invited is the invitees' data: the export says only which designs and how it went.
        "design_invitations_sent": [
            {"design": c.design_id, "status": c.status, "invited": c.created_at.isoformat()}
            for c in CoAuthor.objects.filter(invited_by=user).order_by("pk")
        ],
        "design_amendments_proposed": [
            {
                "id": a.pk,
                "design": a.design_id,
                "section": a.section,
                "content": a.content,
                "reason": a.reason,
                "status": a.status,
                "proposed": a.created_at.isoformat(),
            }
            for a in Amendment.objects.filter(proposer=user).order_by("pk")
        ],
        "design_amendments_answered": [
            {"id": a.pk, "design": a.design_id, "status": a.status, "answer": a.answer}
            for a in Amendment.objects.filter(answered_by=user).order_by("pk")
        ],
    }


SEARCH_FIELDS = ("title", "summary")


def searchable_designs(user) -> QuerySet[Design]:
    """For site-wide search: the designs the person may see."""
    return visible_designs(user)


def search_result(design: Design) -> dict:
    return {
        "title": design.title,
        "summary": design.summary[:240],
        "url": design.get_absolute_url(),
        "status": design.status,
        "status_label": design.get_status_display(),
    }


def commented_on_by(person, *, viewer, limit: int):
    from cocreate.engagement.queries import commented_on_by as commented_on

    return commented_on(person, visible_designs(viewer), limit=limit)


def participants_of_designs(items) -> set[int]:
    """For the lineage's notifications: the co-authors and amenders of the designs among ``items``."""
    design_ids = [item.pk for item in items if isinstance(item, Design)]
    if not design_ids:
        return set()
    people = set(
        CoAuthor.objects.filter(
            design_id__in=design_ids, status=CoAuthor.Status.ACCEPTED, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    people.update(Amendment.objects.filter(design_id__in=design_ids).values_list("proposer_id", flat=True))
    return people
