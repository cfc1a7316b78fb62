"""Every write to feasibility reviews: asking a department to review a version of a design, and its verdict."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement import actions as engagement
from cocreate.engagement.queries import answer_due_for

from . import review_queries
from .errors import (
    DepartmentNotOfBody,
    NoSuchVersion,
    ReviewAlreadyGiven,
    ReviewIncomplete,
    ReviewOutstanding,
    VersionAlreadyReviewed,
)
from .models import Design, DesignVersion, FeasibilityReview
from .rules import author_ids


@transaction.atomic
def review_request(*, actor, design: Design, department, version: DesignVersion | None = None) -> FeasibilityReview:
    """Ask one department of the design's public body to review ``version`` (the newest unless given), due within
    the challenge's response commitment in working days. The department's officials are told."""
    design = (
        Design.objects.select_for_update(of=("self",)).select_related("challenge", "current_version").get(pk=design.pk)
    )
    require_perm(actor, "designs.request_review", design)
    version = version or design.current_version
    if version is None or version.design_id != design.pk:
        raise NoSuchVersion()
    if department.organisation_id != design.organisation_id:
        raise DepartmentNotOfBody()
    if design.reviews.filter(department=department, verdict="").exists():
        raise ReviewOutstanding()
    if design.reviews.filter(department=department, version=version).exists():
        raise VersionAlreadyReviewed()
    review = FeasibilityReview(
        design=design, version=version, organisation=design.organisation, department=department, requested_by=actor
    )
    review.answer_due = answer_due_for(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # asked at the same moment by someone else
        raise ReviewOutstanding() from error
    page_changed(design)
    activity_record(
        actor=actor,
        verb="design.review_requested",
        target=design,
        data={"review": review.pk, "department": department.name, "version": version.number},
    )
    if review.answer_due:
        text = _("%(department)s is asked to review version %(number)s by %(date)s.") % {
            "department": department.name,
            "number": version.number,
            "date": date_format(review.answer_due),
        }
    else:
        text = _("%(department)s is asked to review version %(number)s.") % {
            "department": department.name,
            "number": version.number,
        }
    engagement.notify(
        recipients=review_queries.department_officials(department),
        actor=actor,
        verb="design.review_requested",
        target=design,
        text=text,
        url=review_url(review),
    )
    return review


def review_url(review: FeasibilityReview) -> str:
    return reverse("designs:review", kwargs={"pk": review.design_id, "review": review.pk})


@transaction.atomic
def review_give(*, actor, review: FeasibilityReview, verdict: str, reasoning: str, private_notes: str = ""):
    """The department's verdict, final for this review. Public reasoning is required; ``private_notes`` are read only
    by the officials of the public body. The design's authors, supporters and followers are told, and who asked."""
    review = (
        FeasibilityReview.objects.select_for_update(of=("self",))
        .select_related("design", "version", "department")
        .get(pk=review.pk)
    )
    require_perm(actor, "designs.give_review", review)
    if review.is_given:
        raise ReviewAlreadyGiven()
    reasoning, private_notes = reasoning.strip(), private_notes.strip()
    if verdict not in FeasibilityReview.Verdict.values or not reasoning:
        raise ReviewIncomplete()
    review.verdict = verdict
    review.reasoning = reasoning[:5000]
    review.private_notes = private_notes[:5000]
    review.reviewer = actor
    review.given_at = timezone.now()
    review.save(update_fields=["verdict", "reasoning", "private_notes", "reviewer", "given_at"])
    design = review.design
    page_changed(design)
    activity_record(
        actor=actor,
        verb="design.review_given",
        target=design,
        data={
            "review": review.pk,
            "department": review.department.name,
            "version": review.version.number,
            "verdict": verdict,
        },
    )
    engagement.notify(
        recipients=author_ids(design)
        | engagement.supporters(design)
        | engagement.followers(design)
        | {review.requested_by_id},
        actor=actor,
        verb="design.review_given",
        target=design,
        text=_("%(department)s: %(verdict)s (version %(number)s).")
        % {
            "department": review.department.name,
            "verdict": review.get_verdict_display(),
            "number": review.version.number,
        },
        url=review.get_absolute_url(),
    )
    return review
