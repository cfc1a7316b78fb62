"""Small request helpers shared by the apps' views, and the one way a refusal becomes a response."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from . import registry
from .errors import CocreateError


def safe_next(request, value: str, fallback: str) -> str:
    """``value`` if it is an address on this site, else ``fallback`` (for ``next`` in forms and links)."""
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return fallback


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """To the ``next`` address the form posted, if it is on this site; otherwise to ``fallback``."""
    return HttpResponseRedirect(safe_next(request, request.POST.get("next", ""), fallback))


def error_response(request, error) -> HttpResponse:
    """A refusal (a ``CocreateError``) for the person or application that sent the request: in the format the app
    registered for the address (``registry.register_error_format``: Open311's error lists, the API's JSON), else as
    a readable HTML page."""
    respond = registry.error_format_for(request.path_info)
    if respond is not None:
        return respond(request, error)
    if getattr(request, "htmx", False):
        # htmx swaps 4xx answers: the message goes to the page's alert area, leaving the part that asked in place.
        response = render(request, "core/includes/refusal.html", {"error": error}, status=error.status)
        response.headers["HX-Retarget"] = "#refusals"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "core/domain_error.html", {"error": error}, status=error.status)


def render_form(request, template: str, context: dict, *, form, status: int | None = None) -> HttpResponse:
    """A page (or an htmx partial, ``"page.html#part"``) with ``form``: 200 as first shown; once refused, with what
    was typed and each message beside its field, answered with the refusal's status (a domain error's, set by
    ``core.forms.refuse``: 429 too often, 409…) or 400 for invalid input. htmx swaps these 4xx answers
    (``responseHandling`` in ``base.html``), so the form with its messages replaces the one sent."""
    if status is None:
        refused = getattr(form, "refusal_status", None)
        status = refused or (400 if form.is_bound and form.errors else 200)
    return render(request, template, context, status=status)


def refusal(status: int, message):
    """A ``CocreateError`` with this status, for refusals that are not a domain rule (a request Django cannot read)."""
    error = CocreateError(message)
    error.status = status
    return error
