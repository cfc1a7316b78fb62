from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cocreate.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .registry import register_home_block, register_sitemap
        from .sitemaps import SitePagesSitemap

        register_home_block(order=20, template_name="core/includes/home_ways_to_take_part.html")
        register_sitemap("pages", SitePagesSitemap)
