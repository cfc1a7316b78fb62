"""Small request helpers shared by the apps' views, and the one way a refusal becomes a response."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from . import registry


def safe_next(request, value: str, fallback: str) -> str:
    """``value`` if it is an address on this site, else ``fallback`` (for ``next`` in forms and links)."""
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return fallback


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """To the ``next`` address the form posted, if it is on this site; otherwise to ``fallback``."""
    return HttpResponseRedirect(safe_next(request, request.POST.get("next", ""), fallback))


def error_response(request, status: int, message) -> HttpResponse:
    """A refusal with ``status`` and a message for the person or application that sent the request.

    Under an address whose app registered a responder (``registry.register_error_responder``, e.g. Open311's error
    lists in XML or JSON) the app writes it; everywhere else it is a readable HTML page.
    """
    responder = registry.error_responders.get(url_namespace(request)) if registry.error_responders else None
    if responder is not None:
        return responder(request, status, str(message))
    return render(request, "core/domain_error.html", {"error": {"message": message}}, status=status)


def url_namespace(request) -> str:
    """The URL namespace of the address asked for ("" when it has none or is unknown)."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # refused before the address was resolved (by a middleware)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ""
    return match.namespace
