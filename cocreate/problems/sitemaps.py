from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .queries import visible_problems


class ProblemSitemap(Sitemap):
    """Problems everyone may see."""

    def items(self):
        return visible_problems(AnonymousUser()).order_by("pk")

    def lastmod(self, problem):
        return problem.updated_at
