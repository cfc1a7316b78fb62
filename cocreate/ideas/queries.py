"""Reads of ideas for a person: the list with its sorts, suggestions while typing, one idea's page."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from cocreate.challenges.queries import visible_challenges
from cocreate.core.errors import NotFound
from cocreate.core.shuffle import shuffled
from cocreate.organisations.queries import organisation_ids_where

from .models import Idea

SORTS = {
    "newest": ("-created_at", "-pk"),
    "supported": ("-support_count", "-created_at", "-pk"),
    "discussed": ("-comment_count", "-created_at", "-pk"),
}


def visible_ideas(user) -> QuerySet[Idea]:
    ideas = Idea.objects.all()
    if getattr(user, "is_superuser", False):
        return ideas
    visible = Q(is_hidden=False, awaiting_moderation=False, challenge__in=visible_challenges(user).values("pk"))
    staff_of = organisation_ids_where(user, {"official", "admin", "moderator"})
    if staff_of:
        visible |= Q(organisation_id__in=staff_of)
    if user.is_authenticated:
        visible |= Q(author=user, challenge__in=visible_challenges(user).values("pk"))
    return ideas.filter(visible)


def idea_list(user, challenge, *, sort: str = "random", seed: int = 1, text: str = "", tag: str = "", status: str = ""):
    ideas = visible_ideas(user).filter(challenge=challenge, withdrawn_at__isnull=True).prefetch_related("tags")
    if tag:
        ideas = ideas.filter(tags__slug=tag)
    if status:
        ideas = ideas.filter(status=status)
    for word in text.split()[:8]:
        ideas = ideas.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if sort == "random":
        return shuffled(ideas, seed)
    return ideas.order_by(*SORTS.get(sort, SORTS["newest"]))


def idea_for_page(pk: int, user, *, perm: str = "ideas.view_idea") -> Idea:
    idea = (
        Idea.objects.select_related("challenge", "organisation", "author")
        .prefetch_related("tags")
        .filter(pk=pk)
        .first()
    )
    if idea is None or not user.has_perm(perm, idea):
        raise NotFound()
    return idea


def similar_ideas(user, challenge, text: str, *, exclude=()) -> list[Idea]:
    from cocreate.sensemaking.similar import SimilarTexts

    text = " ".join(text.split())[:300]
    if len(text) < 4:
        return []
    rows = list(
        visible_ideas(user)
        .filter(challenge=challenge, withdrawn_at__isnull=True, is_hidden=False)
        .exclude(pk__in=exclude)
        .values_list("pk", "title", "description")[:20000]
    )
    if not rows:
        return []
    index = SimilarTexts()
    index.add_many((pk, f"{title} {title} {description[:200]}", None) for pk, title, description in rows)
    ids = [key for key, score in index.query(text, k=5) if score >= 0.25]
    by_id = Idea.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def overdue_in_department(user, department) -> QuerySet[Idea]:
    """Ideas in the department's challenges past their answer's due date that the person may see, oldest due first.

    Ideas waiting for a moderator or withdrawn by their authors are not listed: they are not up for an answer.
    """
    return (
        visible_ideas(user)
        .filter(
            challenge__department=department,
            is_hidden=False,
            awaiting_moderation=False,
            withdrawn_at__isnull=True,
            status__in=Idea.workflow.awaiting_answer,
            answer_due__lt=timezone.localdate(),
        )
        .order_by("answer_due", "created_at", "pk")
    )


def ballot_candidates(challenge) -> QuerySet[Idea]:
    """The challenge's ideas that may go on its ballot: accepted ones, shown and not withdrawn."""
    return Idea.objects.filter(
        challenge=challenge,
        status=Idea.Status.ACCEPTED,
        is_hidden=False,
        awaiting_moderation=False,
        withdrawn_at__isnull=True,
    )


def proposed_by(person, *, viewer, limit: int):
    """For a profile: the ideas ``person`` proposed that ``viewer`` may see (their own awaiting moderation too)."""
    return visible_ideas(viewer).filter(author=person, withdrawn_at__isnull=True).order_by("-created_at")[:limit]


def supported_by(person, *, viewer, limit: int):
    from cocreate.engagement.queries import supported_by as supported

    return supported(person, visible_ideas(viewer), limit=limit)


def commented_on_by(person, *, viewer, limit: int):
    from cocreate.engagement.queries import commented_on_by as commented_on

    return commented_on(person, visible_ideas(viewer), limit=limit)


def personal_data(user) -> list[dict]:
    return [
        {
            "id": idea.pk,
            "challenge": idea.challenge_id,
            "title": idea.title,
            "description": idea.description,
            "status": idea.status,
            "created_at": idea.created_at.isoformat(),
            "withdrawn_at": idea.withdrawn_at.isoformat() if idea.withdrawn_at else None,
        }
        for idea in Idea.objects.filter(author=user).order_by("pk")
    ]


SEARCH_FIELDS = ("title", "description")


def searchable_ideas(user) -> QuerySet[Idea]:
    """For site-wide search: the ideas the person may see, but not those withdrawn by their authors."""
    return visible_ideas(user).filter(withdrawn_at__isnull=True)


def search_result(idea: Idea) -> dict:
    return {
        "title": idea.title,
        "summary": idea.description[:240],
        "url": idea.get_absolute_url(),
        "status": idea.status,
        "status_label": idea.get_status_display(),
    }
