"""Who may flag, moderate and suspend.

The object of ``moderation.flag`` is the item (a contribution or a comment); of ``moderation.moderate`` anything
that belongs to an organisation (a case, a challenge, a public body); of the suspension permissions the public
body, or the suspension. Suspended people may read but not write: ``is_suspended`` is also part of every app's
participation rules. (Django lets active superusers pass every ``has_perm`` check.)
"""

import rules

from cocreate.core.permissions import perm_name
from cocreate.organisations.predicates import is_admin_of, is_authenticated, is_moderator_of, is_superuser, is_suspended


@rules.predicate
def is_item_author(user, item) -> bool:
    return item is not None and user.is_authenticated and getattr(item, "author_id", None) == user.pk


@rules.predicate
def may_see_item(user, item) -> bool:
    from .queries import contribution_of

    if item is None:
        return False
    contribution = contribution_of(item)
    if contribution is not item and item.is_hidden:
        return False
    return user.has_perm(perm_name(contribution, "view"), contribution)


can_moderate = is_superuser | is_moderator_of

rules.add_perm("moderation.flag", is_authenticated & ~is_suspended & ~is_item_author & may_see_item)
rules.add_perm("moderation.moderate", can_moderate)
rules.add_perm("moderation.suspend_user", can_moderate)
rules.add_perm("moderation.lift_suspension", is_superuser | is_admin_of)
