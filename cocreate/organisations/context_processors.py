import rules
from django.utils.functional import SimpleLazyObject

from .predicates import is_suspended
from .queries import host_organisation_for_display


def _may_use_back_office(request) -> bool:
    # Asked of the rules directly: through ``user.has_perm`` Django's model backend would also load the person's
    # model permissions (two queries on every page) for a question only the rules answer.
    return rules.has_perm("challenges.add_challenge", request.user)


def host_and_viewer(request):
    """The public body that hosts the site, and the viewer's standing (suspended, may use the back office), for the
    page frame (each queried only when shown)."""
    return {
        "host_organisation": SimpleLazyObject(host_organisation_for_display),
        "may_use_back_office": SimpleLazyObject(lambda: _may_use_back_office(request)),
        "viewer_suspended": SimpleLazyObject(lambda: is_suspended(request.user)),
    }
