from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import registry
from .registry import home_blocks_in_order


def home(request):
    """The blocks the apps registered, in their order (see ``registry.register_home_block``)."""
    blocks = [
        {"template_name": block.template_name, "variables": block.context(request)} for block in home_blocks_in_order()
    ]
    return render(request, "core/home.html", {"home_blocks": blocks})


def legal(request, page: str):
    return render(request, f"core/legal/{page}.html")


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    """Search engines may read the public pages; the back office, sign-in and write endpoints are not for them."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ("/manage/", "/accounts/", "/admin/", "/engage/", "/moderation/")),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def sitemap(request):
    """The public pages the apps registered (``core.registry.register_sitemap``)."""
    return sitemap_view(request, sitemaps=registry.sitemaps)


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))
