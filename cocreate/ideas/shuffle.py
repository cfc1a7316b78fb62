"""Each visitor's own random order of ideas and statements, kept in a small cookie.

A cookie rather than the session: a first visit then writes nothing to the database, and the random list stays
one of a few pages that the cache can share (one per shuffle).
"""

import secrets
from functools import wraps

from django.conf import settings

from .queries import RANDOM_SEEDS

COOKIE = "cocreate_shuffle"
COOKIE_MAX_AGE = 365 * 24 * 3600


def visitor_seed(request) -> int:
    """The visitor's shuffle: from their cookie, or a new one that ``remembers_visitor_seed`` sends them."""
    value = request.COOKIES.get(COOKIE, "")
    if value.isdigit() and int(value) < len(RANDOM_SEEDS):
        return RANDOM_SEEDS[int(value)]
    index = getattr(request, "new_visitor_shuffle", None)
    if index is None:
        index = request.new_visitor_shuffle = secrets.randbelow(len(RANDOM_SEEDS))
    return RANDOM_SEEDS[index]


def remembers_visitor_seed(view):
    """Send the cookie of a shuffle chosen while answering (outside any page cache: the cookie is the visitor's)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        index = getattr(request, "new_visitor_shuffle", None)
        if index is not None:
            response.set_cookie(
                COOKIE,
                str(index),
                max_age=COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return wrapper
