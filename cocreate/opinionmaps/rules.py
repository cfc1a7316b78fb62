"""Who may vote on statements, add them, moderate them and export the map. The object is the challenge or a
statement (which has a ``challenge``)."""

import rules

from cocreate.challenges.rules import can_take_part
from cocreate.challenges.stages import Feature
from cocreate.engagement.rules import opened_to_visitors
from cocreate.organisations.predicates import is_moderator_of, is_official_of, is_superuser

STATEMENT = "opinionmaps.statement"

rules.add_perm(
    "opinionmaps.vote_statement", can_take_part(Feature.VOTE, STATEMENT, opened_to_visitors=opened_to_visitors)
)
rules.add_perm(
    "opinionmaps.add_statement", can_take_part(Feature.CREATE, STATEMENT, opened_to_visitors=opened_to_visitors)
)
rules.add_perm("opinionmaps.moderate_statement", is_superuser | is_official_of | is_moderator_of)
rules.add_perm("opinionmaps.export", is_superuser | is_official_of)
