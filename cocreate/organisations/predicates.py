"""Predicates shared by every app's ``rules.py``: who the person is, relative to the object's organisation.

Each app's rules combine these with its own (the active stage's features, the object's visibility). An object
belongs to an organisation when it is one, or has an ``organisation`` attribute.
"""

import rules

from .models import Organisation
from .queries import load_standing, user_roles

MODERATOR = "moderator"
OFFICIAL = "official"
ADMIN = "admin"
PRIVILEGED_ROLES = frozenset({OFFICIAL, ADMIN})


def organisation_id_of(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


def _holds(user, obj, roles) -> bool:
    organisation_id = organisation_id_of(obj)
    if organisation_id is None:
        return False
    return any(r.organisation_id == organisation_id and r.role in roles for r in user_roles(user))


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_admin_of(user, obj) -> bool:
    return _holds(user, obj, {ADMIN})


@rules.predicate
def is_official_of(user, obj) -> bool:
    return _holds(user, obj, {OFFICIAL, ADMIN})


@rules.predicate
def is_moderator_of(user, obj) -> bool:
    return _holds(user, obj, {MODERATOR, ADMIN})


@rules.predicate
def is_official_anywhere(user) -> bool:
    return any(r.role in PRIVILEGED_ROLES for r in user_roles(user))


@rules.predicate
def is_self(user, obj) -> bool:
    return getattr(user, "is_authenticated", False) and obj is not None and obj.pk == user.pk


@rules.predicate
def is_suspended(user) -> bool:
    """A moderator suspended the person until a date: they may read but not write. Read once per request."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "_cocreate_suspended", None) is None:
        load_standing(user)  # with the person's roles, in one query
    return user._cocreate_suspended


is_authenticated = rules.is_authenticated
always_allow = rules.always_allow


def needs_second_factor(user) -> bool:
    """Officials, administrators and superusers must sign in with a second factor."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.is_staff or any(r.role in PRIVILEGED_ROLES for r in user_roles(user))
    )
