from django.conf import settings


def site(request):
    """The site's name and map settings, for the page frame. The apps add their own (see ``TEMPLATES`` in settings)."""
    return {
        "site_name": settings.SITE_NAME,
        "map_tiles": settings.COCREATE_MAP_TILES,
        "map_attribution": settings.COCREATE_MAP_ATTRIBUTION,
        "map_center": settings.COCREATE_MAP_CENTER,
        "geocoder_url": settings.COCREATE_GEOCODER_URL,
    }
