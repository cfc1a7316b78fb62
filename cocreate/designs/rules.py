import rules

from cocreate.challenges.rules import can_participate, can_view_challenge
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import is_moderator_of, is_official_of, is_superuser, is_suspended


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


# --- Prototype test rounds: the object is the design (to start one) or the round --------------------------------


@rules.predicate
def is_round_author(user, test_round) -> bool:
    return is_design_author.test(user, test_round.design)


@rules.predicate
def is_round_official(user, test_round) -> bool:
    return can_manage_design.test(user, test_round.design)


@rules.predicate
def may_see_round(user, test_round) -> bool:
    return can_view_design.test(user, test_round.design)


@rules.predicate
def round_design_is_active(user, test_round) -> bool:
    return not test_round.design.is_hidden and not test_round.design.is_withdrawn


@rules.predicate
def is_confirmed_tester(user, test_round) -> bool:
    if not user.is_authenticated:
        return False
    from .models import RoundSignup

    return RoundSignup.objects.filter(round=test_round, user=user, status=RoundSignup.Status.CONFIRMED).exists()


# Officials confirm testers: the public body answers for who tests a service in its name, and authors should not
# pick their own friends. Authors read the results without names; only officials see who signed up.
rules.add_perm("designs.add_testround", can_write_design | (can_manage_design & ~is_withdrawn & ~is_hidden))
rules.add_perm("designs.view_testround", may_see_round)
rules.add_perm("designs.change_testround", is_round_author | is_round_official)
rules.add_perm("designs.confirm_testround", is_round_official)
rules.add_perm("designs.results_testround", is_round_author | is_round_official)
rules.add_perm("designs.finding_testround", is_round_author)
rules.add_perm(
    "designs.signup_testround",
    rules.is_authenticated & ~is_suspended & may_see_round & round_design_is_active & ~is_round_author,
)
rules.add_perm("designs.feedback_testround", rules.is_authenticated & ~is_suspended & is_confirmed_tester)
