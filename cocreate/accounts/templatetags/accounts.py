from django import template
from django.utils.http import url_has_allowed_host_and_scheme

from ..middleware import SECOND_FACTOR_NEXT_SESSION_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_continue_url(context) -> str:
    """Where a person who was sent to set up two-factor sign-in was going (once), or "" if they came by themselves."""
    request = context.get("request")
    if request is None:
        return ""
    next_url = request.session.pop(SECOND_FACTOR_NEXT_SESSION_KEY, "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return ""
