from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .queries import visible_designs


class DesignSitemap(Sitemap):
    """Designs everyone may see."""

    def items(self):
        return visible_designs(AnonymousUser()).order_by("pk")

    def lastmod(self, design):
        return design.updated_at
