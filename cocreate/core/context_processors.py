from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _host_organisation():
    from cocreate.organisations.queries import host_organisation

    return host_organisation()


def site(request):
    """The site's name and the public body that hosts it, for the page frame (queried only when shown)."""
    return {
        "site_name": settings.SITE_NAME,
        "host_organisation": SimpleLazyObject(_host_organisation),
    }
