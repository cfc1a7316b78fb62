import rules

from cocreate.challenges.rules import can_participate, can_view_challenge
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import is_moderator_of, is_official_of, is_superuser


@rules.predicate
def is_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


@rules.predicate
def is_hidden_or_pending(user, idea) -> bool:
    return idea is not None and (idea.is_hidden or idea.awaiting_moderation)


@rules.predicate
def is_hidden(user, idea) -> bool:
    return idea is not None and idea.is_hidden


@rules.predicate
def is_editable(user, idea) -> bool:
    return idea is not None and idea.is_editable_by_author


@rules.predicate
def is_withdrawn(user, idea) -> bool:
    return idea is not None and idea.is_withdrawn


can_manage_idea = is_superuser | is_official_of
can_moderate_idea = is_superuser | is_moderator_of
can_view_idea = can_manage_idea | can_moderate_idea | (can_view_challenge & (~is_hidden_or_pending | is_author))

rules.add_perm("ideas.view_idea", can_view_idea)
# The page of a hidden idea shows only the moderation notice to those who may not see the idea itself.
rules.add_perm("ideas.view_idea_page", can_view_idea | (is_hidden & can_view_challenge))
rules.add_perm("ideas.add_idea", can_participate(Feature.CREATE))  # the object is the challenge
rules.add_perm("ideas.change_idea", (is_author & is_editable & can_participate(Feature.CREATE)) | can_moderate_idea)
rules.add_perm("ideas.withdraw_idea", is_author & ~is_withdrawn)
rules.add_perm(
    "ideas.support_idea", can_view_idea & ~is_hidden & ~is_author & ~is_withdrawn & can_participate(Feature.SUPPORT)
)
rules.add_perm("ideas.comment_idea", can_view_idea & ~is_hidden & ~is_withdrawn & can_participate(Feature.COMMENT))
rules.add_perm("ideas.follow_idea", can_view_idea & can_participate(Feature.FOLLOW))
rules.add_perm("ideas.answer_idea", can_manage_idea)
rules.add_perm("ideas.note_idea", can_manage_idea)


# Wiki survey and opinion map. The object is the challenge (or a statement, which has a ``challenge``).
from cocreate.challenges.rules import challenge_of, is_published, stage_allows  # noqa: E402
from cocreate.organisations.predicates import is_authenticated  # noqa: E402


@rules.predicate
def allows_anonymous_voting(user, obj) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and challenge.anonymous_voting


def stage_is(key: str):
    """The active stage is of type ``key``: a wiki survey takes votes in its own stage, not in an opinion map's."""

    @rules.predicate(name=f"stage_is_{key}")
    def predicate(user, obj) -> bool:
        challenge = challenge_of(obj)
        stage = challenge.active_stage() if challenge is not None else None
        return stage is not None and stage.type == key

    return predicate


def can_vote_in(key: str):
    """Signed-in participants; visitors without an account too when the challenge opens voting to them."""
    anonymous = ~is_authenticated & can_view_challenge & is_published & stage_allows(Feature.VOTE)
    return stage_is(key) & (can_participate(Feature.VOTE) | (anonymous & allows_anonymous_voting))


can_moderate_statements = is_superuser | is_official_of | is_moderator_of
can_add_statement = stage_is("opinion_map") & (
    can_participate(Feature.CREATE)
    | (~is_authenticated & can_view_challenge & is_published & stage_allows(Feature.CREATE) & allows_anonymous_voting)
)

rules.add_perm("ideas.vote_wikisurvey", can_vote_in("wiki_survey"))
rules.add_perm("ideas.add_wikisurvey_idea", stage_is("wiki_survey") & can_participate(Feature.CREATE))
rules.add_perm("ideas.vote_statement", can_vote_in("opinion_map"))
rules.add_perm("ideas.add_statement", can_add_statement)
rules.add_perm("ideas.moderate_statement", can_moderate_statements)
rules.add_perm("ideas.moderate_wikisurvey_idea", is_superuser | is_moderator_of | is_official_of)
rules.add_perm("ideas.export_opinion_map", is_superuser | is_official_of)
