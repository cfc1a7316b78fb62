"""Who may see and change challenges, and what the active stage lets people do.

Participation permissions of later apps are built with :func:`can_participate`:
``rules.add_perm("ideas.add_idea", can_participate(Feature.CREATE))``. The object passed may be a challenge or
anything with a ``challenge`` attribute. (Django lets active superusers pass every ``has_perm`` check.)
"""

import rules

from cocreate.organisations.predicates import (
    is_authenticated,
    is_official_anywhere,
    is_official_of,
    is_superuser,
    is_suspended,
)

from .stages import Feature


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


def stage_allows(feature: str):
    """True when the challenge's active stage allows ``feature``."""

    @rules.predicate(name=f"stage_allows_{feature}")
    def predicate(user, obj) -> bool:
        challenge = challenge_of(obj)
        if challenge is None:
            return False
        stage = challenge.active_stage()
        return stage is not None and stage.allows(feature)

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


def can_participate(feature: str):
    """Signed in and not suspended, may see the challenge, it is published, and its active stage allows ``feature``."""
    return is_authenticated & ~is_suspended & can_view_challenge & is_published & stage_allows(feature)


rules.add_perm("challenges.follow_challenge", can_participate(Feature.FOLLOW))
