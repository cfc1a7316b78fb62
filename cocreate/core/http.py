"""Small request helpers shared by the apps' views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """To the ``next`` address the form posted, if it is on this site; otherwise to ``fallback``."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(fallback)
