"""Reads of feasibility reviews: a design's reviews for its page, one review for the form of its department, what a
department owes past its due date, and what a person asked for or gave."""

from django.db.models import QuerySet
from django.utils import timezone

from cocreate.core.errors import NotFound
from cocreate.organisations.models import Department, Membership

from .models import Design, FeasibilityReview
from .queries import visible_designs


def reviews_of(design: Design, user=None) -> list[FeasibilityReview]:
    """The design's reviews by department name, newest first within a department, in one query. With ``user``, each
    says whether that person may give it (``can_give``)."""
    reviews = list(
        design.reviews.select_related("department", "version", "reviewer", "requested_by").order_by(
            "department__name", "department_id", "-created_at", "-pk"
        )
    )
    for review in reviews:
        review.design = design
        review.can_give = bool(user) and not review.is_given and user.has_perm("designs.give_review", review)
    return reviews


def review_for_page(design: Design, review_id: int) -> FeasibilityReview:
    """One review of a design the person may already see."""
    review = (
        FeasibilityReview.objects.select_related("department", "version", "reviewer", "requested_by")
        .filter(design=design, pk=review_id)
        .first()
    )
    if review is None:
        raise NotFound()
    review.design = design
    return review


def departments_to_ask(design: Design) -> QuerySet[Department]:
    return Department.objects.filter(organisation_id=design.organisation_id).order_by("name")


def department_officials(department: Department) -> set[int]:
    """Who hears that their department is asked for a review: its officials and administrators."""
    return set(
        Membership.objects.filter(
            department=department, role__in=[Membership.Role.OFFICIAL, Membership.Role.ADMIN]
        ).values_list("user_id", flat=True)
    )


def overdue_in_department(user, department: Department) -> QuerySet[FeasibilityReview]:
    """The department's reviews still without a verdict past their due date, of designs the person may see that are
    neither withdrawn nor hidden, oldest due first."""
    return (
        FeasibilityReview.objects.filter(
            department=department,
            verdict="",
            answer_due__lt=timezone.localdate(),
            design__in=visible_designs(user).filter(is_hidden=False, withdrawn_at__isnull=True).values("pk"),
        )
        .select_related("design", "version")
        .order_by("answer_due", "created_at", "pk")
    )


def reviews_for_export(designs: QuerySet[Design]) -> QuerySet[FeasibilityReview]:
    return (
        FeasibilityReview.objects.filter(design__in=designs.values("pk"))
        .select_related("design", "version", "department")
        .order_by("design_id", "department__name", "created_at", "pk")
    )


def personal_data(user) -> dict:
    return {
        "reviews_given": [
            {
                "design": r.design_id,
                "version": r.version.number,
                "department": r.department.name,
                "verdict": r.verdict,
                "reasoning": r.reasoning,
                "private_notes": r.private_notes,
                "given": r.given_at.isoformat(),
            }
            for r in FeasibilityReview.objects.filter(reviewer=user)
            .select_related("version", "department")
            .order_by("given_at", "pk")
        ],
        "reviews_requested": [
            {
                "design": r.design_id,
                "version": r.version.number,
                "department": r.department.name,
                "requested": r.created_at.isoformat(),
            }
            for r in FeasibilityReview.objects.filter(requested_by=user)
            .select_related("version", "department")
            .order_by("created_at", "pk")
        ],
    }
