from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .queries import visible_ideas


class IdeaSitemap(Sitemap):
    """Ideas everyone may see."""

    def items(self):
        return visible_ideas(AnonymousUser()).order_by("pk")

    def lastmod(self, idea):
        return idea.updated_at
