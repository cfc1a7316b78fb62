from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .staff import staff_tools_for


def site(request):
    """The site's name and map settings, for the page frame. The apps add their own (see ``TEMPLATES`` in settings)."""
    return {
        "site_name": settings.SITE_NAME,
        "map_tiles": settings.COCREATE_MAP_TILES,
        "map_attribution": settings.COCREATE_MAP_ATTRIBUTION,
        "map_center": settings.COCREATE_MAP_CENTER,
        "geocoder_url": settings.COCREATE_GEOCODER_URL,
    }


def staff_tools(request):
    """The staff tools the viewer may use, with their counts, for the strip under the header (worked out only when
    the template shows it)."""
    return {"staff_tools": SimpleLazyObject(lambda: staff_tools_for(getattr(request, "user", None), request.path))}
