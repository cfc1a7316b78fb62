from django.contrib.sitemaps import Sitemap
from django.urls import reverse

LEGAL_PAGES = ("privacy", "terms", "accessibility")


class SitePagesSitemap(Sitemap):
    """The home page and the legal pages (the apps list their own public pages)."""

    def items(self):
        return [("home", ()), *(("legal", (page,)) for page in LEGAL_PAGES)]

    def location(self, item):
        name, args = item
        return reverse(name, args=args)
