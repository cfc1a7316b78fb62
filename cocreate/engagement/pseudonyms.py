"""Anonymous participation in a view: a visitor's pseudonym, kept in their session, and how often they may vote.

Any stage that counts people rather than accounts (a wiki survey, an opinion map) uses these with the
:class:`~cocreate.engagement.models.Participant` rows that ``engagement.actions.participant_get_or_create`` makes.
"""

from cocreate.core import ratelimit

from .queries import open_to_visitors, session_token

VOTES_PER_PARTICIPANT = (600, 3600)
VOTES_PER_ADDRESS = (3000, 3600)


def voter_token(request, challenge) -> str:
    """The pseudonym of an anonymous visitor, only where the stage lets them take part (no session otherwise)."""
    if request.user.is_authenticated or not open_to_visitors(challenge):
        return ""
    return session_token(request.session)


def check_vote_rate(request, action: str, token: str) -> None:
    ratelimit.check(request, action, per_user=VOTES_PER_PARTICIPANT, per_address=VOTES_PER_ADDRESS)
    if token and not ratelimit.hit(
        f"{action}:p:{token}", limit=VOTES_PER_PARTICIPANT[0], window=VOTES_PER_PARTICIPANT[1]
    ):
        raise ratelimit.RateLimited()
