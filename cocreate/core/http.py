"""Small request helpers shared by the apps' views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str, fallback: str) -> str:
    """``value`` if it is an address on this site, else ``fallback`` (for ``next`` in forms and links)."""
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure()):
        return value
    return fallback


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """To the ``next`` address the form posted, if it is on this site; otherwise to ``fallback``."""
    return HttpResponseRedirect(safe_next(request, request.POST.get("next", ""), fallback))


def parse_positive_int(value, *, default: int, maximum: int = 10**9) -> int:
    """A positive whole number from a query parameter; ``default`` when it is missing or is not one (``int()`` takes
    digits such as "²" and "٣" that are not what a person means, so only ASCII digits count)."""
    if isinstance(value, str) and value.isascii() and value.isdecimal() and 0 < len(value) <= len(str(maximum)):
        number = int(value)
        if 0 < number <= maximum:
            return number
    return default
