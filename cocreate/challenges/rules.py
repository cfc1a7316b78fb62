"""Who may see and change challenges, and what the active stage lets people do.

Participation permissions of later apps are built with :func:`can_participate`:
``rules.add_perm("ideas.add_idea", can_participate(Feature.CREATE, "ideas.idea"))``: the active stage must allow
that feature for that model. The object passed may be a challenge or anything with a ``challenge`` attribute.
(Django lets active superusers pass every ``has_perm`` check.)
"""

import rules

from cocreate.organisations.predicates import (
    is_admin_of,
    is_authenticated,
    is_official_anywhere,
    is_official_of,
    is_superuser,
    is_suspended,
)

from .stages import Feature, model_label


def challenge_of(obj):
    from .models import Challenge

    if isinstance(obj, Challenge):
        return obj
    return getattr(obj, "challenge", None)


@rules.predicate
def is_published(user, obj) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and challenge.is_published


@rules.predicate
def is_public(user, obj) -> bool:
    from .models import Challenge

    challenge = challenge_of(obj)
    return challenge is not None and challenge.visibility == Challenge.Visibility.PUBLIC


@rules.predicate
def is_invited(user, obj) -> bool:
    challenge = challenge_of(obj)
    if challenge is None or not user.is_authenticated:
        return False
    return challenge.invited.filter(pk=user.pk).exists()


@rules.predicate
def is_challenge_official(user, obj) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and is_official_of(user, challenge)


def stage_allows(feature: str, model):
    """True when the challenge's active stage allows ``feature`` for ``model`` (a class or "app_label.model")."""
    label = model_label(model)

    @rules.predicate(name=f"stage_allows_{feature}_{label}")
    def predicate(user, obj) -> bool:
        challenge = challenge_of(obj)
        return challenge is not None and challenge.stage_allows(feature, label)

    return predicate


@rules.predicate
def may_create_challenges(user, organisation) -> bool:
    if organisation is None:
        return is_official_anywhere(user)
    return is_official_of(user, organisation)


can_manage_challenge = is_superuser | is_challenge_official
can_view_challenge = can_manage_challenge | (is_published & (is_public | is_invited))

rules.add_perm("challenges.view_challenge", can_view_challenge)
rules.add_perm("challenges.add_challenge", is_superuser | may_create_challenges)
rules.add_perm("challenges.change_challenge", can_manage_challenge)
rules.add_perm("challenges.view_activity_log", is_superuser | is_challenge_official)


def can_participate(feature: str, model):
    """Signed in and not suspended, may see the challenge, it is published, and its active stage allows ``feature``
    for ``model``."""
    return is_authenticated & ~is_suspended & can_view_challenge & is_published & stage_allows(feature, model)


def can_participate_without_account(feature: str, model, *, opened_to_visitors):
    """A visitor who is not signed in, where the active stage allows ``feature`` for ``model`` and the predicate
    ``opened_to_visitors`` (a setting of the stage) says visitors may take part under a pseudonym."""
    return ~is_authenticated & can_view_challenge & is_published & stage_allows(feature, model) & opened_to_visitors


def can_take_part(feature: str, model, *, opened_to_visitors):
    """Signed-in participants, and visitors without an account where ``opened_to_visitors`` holds."""
    return can_participate(feature, model) | can_participate_without_account(
        feature, model, opened_to_visitors=opened_to_visitors
    )


rules.add_perm("challenges.follow_challenge", can_participate(Feature.FOLLOW, "challenges.challenge"))


# Outcome measurements are the owning department's own work, not participation: they do not depend on the stage (a
# challenge's indicators are measured long after its last stage). The object is the challenge or an indicator.
@rules.predicate
def is_of_owning_department(user, obj) -> bool:
    """An official (or administrator) of the challenge's public body whose membership is in its owning department."""
    from cocreate.organisations.predicates import PRIVILEGED_ROLES
    from cocreate.organisations.queries import user_roles

    challenge = challenge_of(obj)
    return challenge is not None and any(
        r.organisation_id == challenge.organisation_id
        and r.department_id == challenge.department_id
        and r.role in PRIVILEGED_ROLES
        for r in user_roles(user)
    )


rules.add_perm("challenges.record_measurement", is_superuser | is_admin_of | is_of_owning_department)
