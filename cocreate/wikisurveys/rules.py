"""Who may vote in a wiki survey, add ideas to it and moderate those ideas. The object is the challenge."""

import rules

from cocreate.challenges.rules import can_participate, can_take_part
from cocreate.challenges.stages import Feature
from cocreate.engagement.rules import opened_to_visitors
from cocreate.organisations.predicates import is_moderator_of, is_official_of, is_superuser

IDEA = "ideas.idea"

# A wiki survey is a stage that allows voting on ideas: people compare them pair by pair.
rules.add_perm("wikisurveys.vote", can_take_part(Feature.VOTE, IDEA, opened_to_visitors=opened_to_visitors))
rules.add_perm("wikisurveys.add_idea", can_participate(Feature.VOTE, IDEA) & can_participate(Feature.CREATE, IDEA))
rules.add_perm("wikisurveys.moderate_idea", is_superuser | is_moderator_of | is_official_of)
