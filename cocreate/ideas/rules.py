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
rules.add_perm("ideas.add_idea", can_participate(Feature.CREATE, "ideas.idea"))  # the object is the challenge
rules.add_perm(
    "ideas.change_idea", (is_author & is_editable & can_participate(Feature.CREATE, "ideas.idea")) | can_moderate_idea
)
rules.add_perm("ideas.withdraw_idea", is_author & ~is_withdrawn)
rules.add_perm(
    "ideas.support_idea",
    can_view_idea & ~is_hidden & ~is_author & ~is_withdrawn & can_participate(Feature.SUPPORT, "ideas.idea"),
)
rules.add_perm(
    "ideas.comment_idea", can_view_idea & ~is_hidden & ~is_withdrawn & can_participate(Feature.COMMENT, "ideas.idea")
)
rules.add_perm("ideas.follow_idea", can_view_idea & can_participate(Feature.FOLLOW, "ideas.idea"))
rules.add_perm("ideas.answer_idea", can_manage_idea)
rules.add_perm("ideas.note_idea", can_manage_idea)
