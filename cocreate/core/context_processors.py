from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _host_organisation():
    from cocreate.organisations.queries import host_organisation_for_display

    return host_organisation_for_display()


def _unread(request):
    from cocreate.engagement.queries import unread_count

    return unread_count(request.user)


def _may_use_back_office(request) -> bool:
    # Asked of the rules directly: through ``user.has_perm`` Django's model backend would also load the person's
    # model permissions (two queries on every page) for a question only the rules answer.
    import rules

    return rules.has_perm("challenges.add_challenge", request.user)


def _suspended(request) -> bool:
    from cocreate.organisations.predicates import is_suspended

    return is_suspended(request.user)


def site(request):
    """The site's name and the public body that hosts it, for the page frame (queried only when shown)."""
    return {
        "site_name": settings.SITE_NAME,
        "host_organisation": SimpleLazyObject(_host_organisation),
        "map_tiles": settings.COCREATE_MAP_TILES,
        "map_attribution": settings.COCREATE_MAP_ATTRIBUTION,
        "map_center": settings.COCREATE_MAP_CENTER,
        "geocoder_url": settings.COCREATE_GEOCODER_URL,
        "unread_notifications": SimpleLazyObject(lambda: _unread(request)),
        "may_use_back_office": SimpleLazyObject(lambda: _may_use_back_office(request)),
        "viewer_suspended": SimpleLazyObject(lambda: _suspended(request)),
    }
