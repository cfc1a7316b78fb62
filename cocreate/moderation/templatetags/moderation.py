from django import template
from django.contrib.contenttypes.models import ContentType

from cocreate.engagement.models import Comment
from cocreate.moderation import queries
from cocreate.moderation.models import Reason

register = template.Library()


@register.simple_tag
def hidden_notice(item) -> str:
    """``{% hidden_notice item %}``: what everyone reads in place of a hidden item."""
    return queries.hidden_notice(item)


@register.simple_tag(takes_context=True)
def may_flag(context, item, on=None) -> bool:
    """``{% may_flag item contribution as can_flag %}``: the ``moderation.flag`` question, asked in templates.

    For a comment, pass the contribution the page shows, so that each comment does not load it again.
    """
    user = context.get("user")
    if user is None or not user.is_authenticated or item is None:
        return False
    same = bool(on) and isinstance(item, Comment) and item.target_id == getattr(on, "pk", None)
    if same and item.target_type_id == ContentType.objects.get_for_model(on).pk:
        item.target = on  # the same contribution, already loaded: fills the generic relation's cache
        # Comments on one page differ only in their author and whether they are hidden: ask the full rule once
        # per page and per answer, not once per comment (a page may show a thousand comments).
        request = context.get("request")
        memo = getattr(request, "_may_flag_comments", None) if request is not None else None
        if memo is None:
            memo = {}
            if request is not None:
                request._may_flag_comments = memo
        key = (item.author_id == user.pk, item.is_hidden)
        if key not in memo:
            memo[key] = user.has_perm("moderation.flag", item)
        return memo[key]
    return user.has_perm("moderation.flag", item)


@register.filter
def item_text(item) -> str:
    return queries.item_text(item)


@register.filter
def item_url(item) -> str:
    return queries.item_url(item)


@register.simple_tag
def flag_reasons():
    return Reason.choices
