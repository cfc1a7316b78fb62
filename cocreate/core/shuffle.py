"""Each visitor's own random order of a list (ideas, statements), kept in a small cookie.

A cookie rather than the session: a first visit then writes nothing to the database, and the random list stays
one of a few pages that the cache can share (one per shuffle).
"""

import secrets
from functools import wraps

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import Mod

from .inputs import parse_int

# A large prime below 2**31: (id * seed) mod P shuffles ids, stably for one seed, on any database.
RANDOM_MODULUS = 2_147_483_629
# The random order comes in a few fixed shuffles, so that the pages of each can be cached for anonymous visitors.
RANDOM_SEEDS = tuple((n * 2_654_435_761 + 97_531) % (RANDOM_MODULUS - 2) + 1 for n in range(1, 17))

COOKIE = "cocreate_shuffle"
COOKIE_MAX_AGE = 365 * 24 * 3600


def visitor_seed(request) -> int:
    """The visitor's shuffle: from their cookie, or a new one that ``remembers_visitor_seed`` sends them."""
    index = parse_int(request.COOKIES.get(COOKIE), minimum=0, maximum=len(RANDOM_SEEDS) - 1)
    if index is not None:
        return RANDOM_SEEDS[index]
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


def shuffled(queryset: QuerySet, seed: int, *first: str) -> QuerySet:
    """``queryset`` in the random order of ``seed``, after the ``first`` orderings if any."""
    return queryset.annotate(shuffle=Mod(F("id") * seed, RANDOM_MODULUS)).order_by(*first, "shuffle", "pk")
