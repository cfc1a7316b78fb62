"""Anonymous participation: where visitors may take part without an account, under a pseudonym."""

import rules

from cocreate.challenges.rules import challenge_of

from .queries import open_to_visitors


@rules.predicate
def opened_to_visitors(user, obj) -> bool:
    """The stage running now lets visitors who are not signed in take part under a pseudonym."""
    challenge = challenge_of(obj)
    return challenge is not None and open_to_visitors(challenge)
