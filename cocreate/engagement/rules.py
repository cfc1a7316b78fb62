"""Anonymous participation: where visitors may take part without an account, under a pseudonym."""

import rules

from cocreate.challenges.rules import challenge_of


@rules.predicate
def opened_to_visitors(user, obj) -> bool:
    """The challenge lets visitors who are not signed in vote (and add statements) under a pseudonym."""
    challenge = challenge_of(obj)
    return challenge is not None and challenge.anonymous_voting
