"""Feasibility review pages: a design's reviews in its page's aside, asking a department for a review, the form on
which the department gives its verdict, and the public CSV of reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocreate.core.errors import NotPermitted

from . import queries, review_actions, review_queries
from .errors import ReviewAlreadyGiven, ReviewIncomplete, ReviewOutstanding, VersionAlreadyReviewed
from .review_forms import ReviewForm, ReviewRequestForm


def review_context(user, design) -> dict:
    """What the design's page shows of its reviews (one query)."""
    return {
        "reviews": review_queries.reviews_of(design, user),
        "can_request_review": user.has_perm("designs.request_review", design),
        "can_see_review_notes": user.has_perm("designs.view_review_notes", design),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_request(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    if not request.user.has_perm("designs.request_review", design):
        raise NotPermitted(
            _("Only officials of the design's public body can ask for a review, and not of a withdrawn design.")
        )
    form = ReviewRequestForm(
        request.POST or None, departments=review_queries.departments_to_ask(design), versions=queries.versions(design)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = review_actions.review_request(
                    actor=request.user,
                    design=design,
                    department=form.cleaned_data["department"],
                    version=queries.version_of(design, form.cleaned_data["version"]),
                )
            except (ReviewOutstanding, VersionAlreadyReviewed) as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("%(department)s is asked to review version %(number)s.")
                    % {"department": review.department.name, "number": review.version.number},
                )
                return redirect(review.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "designs/reviews/request.html",
        {"design": design, "form": form, **review_context(request.user, design)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_give(request, pk: int, review: int):
    design = queries.design_for_page(pk, request.user)
    review = review_queries.review_for_page(design, review)
    if not request.user.has_perm("designs.give_review", review):
        raise NotPermitted(_("Only officials of the department that was asked can give this review."))
    if review.is_given and request.method == "POST":
        raise ReviewAlreadyGiven()
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_actions.review_give(actor=request.user, review=review, **form.cleaned_data)
            except (ReviewAlreadyGiven, ReviewIncomplete) as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your department's verdict is given and shown on the design's page."))
                return redirect(review.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "designs/reviews/give.html",
        {
            "design": design,
            "review": review,
            "form": form,
            "can_see_review_notes": request.user.has_perm("designs.view_review_notes", design),
        },
        status=status,
    )
