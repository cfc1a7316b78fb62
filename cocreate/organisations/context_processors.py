from django.utils.functional import SimpleLazyObject

from .predicates import is_suspended
from .queries import host_organisation_for_display


def host_and_viewer(request):
    """The public body that hosts the site, and whether the viewer is suspended, for the page frame (each queried
    only when shown; the back office is reached from the staff tools)."""
    return {
        "host_organisation": SimpleLazyObject(host_organisation_for_display),
        "viewer_suspended": SimpleLazyObject(lambda: is_suspended(request.user)),
    }
