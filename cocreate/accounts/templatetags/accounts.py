from django import template
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from cocreate.organisations.predicates import organisation_id_of
from cocreate.organisations.queries import staff_roles_in

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


@register.simple_tag(takes_context=True)
def staff_badge(context, person, item) -> str:
    """The role in which ``person`` speaks for the organisation that ``item`` belongs to ("Official, Road
    Maintenance"), as a badge beside their name, or "" for anyone without a role there.

    The organisation's staff are read once per request, however many comments and answers the page shows.
    """
    organisation_id = organisation_id_of(item)
    person_id = getattr(person, "pk", None)
    if organisation_id is None or person_id is None or getattr(person, "is_erased", False):
        return ""
    request = context.get("request")
    known = getattr(request, "_cocreate_staff_roles", None) if request is not None else None
    if known is None:
        known = {}
        if request is not None:
            request._cocreate_staff_roles = known
    if organisation_id not in known:
        known[organisation_id] = staff_roles_in(organisation_id)
    roles = known[organisation_id].get(person_id)
    if not roles:
        return ""
    return format_html('<span class="staff-badge">{}</span>', "; ".join(roles))
