import rules

from cocreate.challenges.rules import can_participate, can_view_challenge
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import is_moderator_of, is_official_of, is_superuser


def author_ids(design) -> set[int]:
    """The starter and the co-authors who accepted; kept on the instance for the rest of the request."""
    cached = getattr(design, "_author_ids", None)
    if cached is None:
        from .models import CoAuthor

        accepted = CoAuthor.objects.filter(design=design, status=CoAuthor.Status.ACCEPTED, user__isnull=False)
        cached = {design.author_id, *accepted.values_list("user_id", flat=True)}
        design._author_ids = cached
    return cached


@rules.predicate
def is_starter(user, design) -> bool:
    return design is not None and user.is_authenticated and design.author_id == user.pk


@rules.predicate
def is_design_author(user, design) -> bool:
    return design is not None and user.is_authenticated and user.pk in author_ids(design)


@rules.predicate
def is_hidden(user, design) -> bool:
    return design is not None and design.is_hidden


@rules.predicate
def is_withdrawn(user, design) -> bool:
    return design is not None and design.is_withdrawn


can_manage_design = is_superuser | is_official_of
can_moderate_design = is_superuser | is_moderator_of
can_view_design = can_manage_design | can_moderate_design | (can_view_challenge & (~is_hidden | is_design_author))
can_write_design = is_design_author & ~is_withdrawn & ~is_hidden & can_participate(Feature.CREATE, "designs.design")

rules.add_perm("designs.view_design", can_view_design)
rules.add_perm("designs.view_design_page", can_view_design | (is_hidden & can_view_challenge))
rules.add_perm("designs.add_design", can_participate(Feature.CREATE, "designs.design"))  # the object is the challenge
rules.add_perm("designs.change_design", can_write_design)
rules.add_perm("designs.invite_design", is_starter & can_write_design)
rules.add_perm("designs.withdraw_design", is_starter & ~is_withdrawn)
rules.add_perm(
    "designs.support_design",
    can_view_design
    & ~is_hidden
    & ~is_design_author
    & ~is_withdrawn
    & can_participate(Feature.SUPPORT, "designs.design"),
)
rules.add_perm(
    "designs.comment_design",
    can_view_design & ~is_hidden & ~is_withdrawn & can_participate(Feature.COMMENT, "designs.design"),
)
rules.add_perm(
    "designs.amend_design",
    can_view_design & ~is_hidden & ~is_withdrawn & ~is_design_author & can_participate(Feature.AMEND, "designs.design"),
)
rules.add_perm("designs.follow_design", can_view_design & can_participate(Feature.FOLLOW, "designs.design"))
rules.add_perm("designs.answer_design", can_manage_design)
rules.add_perm("designs.note_design", can_manage_design)


# Feasibility reviews. Asking a department for a review and giving its verdict are the public body's own work on a
# design, not participation: they do not depend on the challenge's stage (so the `design` stage type declares no
# Feature.REVIEW). A department may be asked while a design is still drafted, and after the design stage has closed,
# when the decision needs the verdicts; only a withdrawn design takes no more reviews.


@rules.predicate
def is_of_review_department(user, review) -> bool:
    """An official (or administrator) of the review's public body whose membership is in the reviewing department."""
    from cocreate.organisations.predicates import PRIVILEGED_ROLES
    from cocreate.organisations.queries import user_roles

    return review is not None and any(
        r.organisation_id == review.organisation_id
        and r.department_id == review.department_id
        and r.role in PRIVILEGED_ROLES
        for r in user_roles(user)
    )


@rules.predicate
def is_reviewed_design_withdrawn(user, review) -> bool:
    return review is not None and review.design.is_withdrawn


rules.add_perm("designs.request_review", can_manage_design & ~is_withdrawn)  # the object is the design
rules.add_perm("designs.give_review", is_of_review_department & ~is_reviewed_design_withdrawn)  # the review
rules.add_perm("designs.view_review_notes", can_manage_design)  # the design or the review (same public body)
