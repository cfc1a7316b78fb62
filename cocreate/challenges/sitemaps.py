from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .queries import visible_challenges


class ChallengeSitemap(Sitemap):
    """Challenges everyone may see."""

    def items(self):
        return visible_challenges(AnonymousUser()).order_by("pk")

    def lastmod(self, challenge):
        return challenge.updated_at
