import sys

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import registry
from .http import error_response, refusal
from .registry import home_blocks_in_order
from .search import PAGE_SIZE, site_search, sources_in_order


def home(request):
    """The blocks the apps registered, in their order (see ``registry.register_home_block``)."""
    blocks = [
        {"template_name": block.template_name, "variables": block.context(request)} for block in home_blocks_in_order()
    ]
    return render(request, "core/home.html", {"home_blocks": blocks})


@require_GET
def search(request):
    """Site-wide search (``core.search``): the form, and one page of results the viewer may see."""
    results = site_search(
        request.user, request.GET.get("q", ""), kind=request.GET.get("type", ""), page=request.GET.get("page")
    )
    kinds = [
        {"kind": source.kind, "label": source.plural_label, "count": results.counts.get(source.kind, 0)}
        for source in sources_in_order()
    ]
    context = {
        "results": results,
        "kinds": kinds,
        "everything": sum(results.counts.values()),
        "first_number": (results.page - 1) * PAGE_SIZE + 1,
        "search_query": results.query,
    }
    return render(request, "core/search.html", context)


def legal(request, page: str):
    return render(request, f"core/legal/{page}.html")


# Seconds after which a client may try again when the database does not answer (a restart or a fail-over).
RETRY_AFTER_SECONDS = 30


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n",
            status=503,
            content_type="text/plain",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return HttpResponse("ok\n", content_type="text/plain")


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) says the database cannot be reached or used right now."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__
    return False


@requires_csrf_token
def server_error(request):
    """The page for an unexpected error (``handler500``). When the database does not answer, a 503 with
    Retry-After that says the site is briefly unavailable: JSON for the API, else a page rendered without the
    database (no context processors)."""
    if not _database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request)
    message = _("The site is briefly unavailable. Please try again in a minute.")
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        response = JsonResponse({"code": "unavailable", "detail": message}, status=503)
    else:
        html = loader.get_template("503.html").render({"site_name": settings.SITE_NAME})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


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


def bad_request(request, exception=None):
    """Django's answer to a request it cannot read (``handler400``): a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE,
    too many fields or files, a form that is not UTF-8. Under an app with its own error format (Open311) the app
    writes the refusal; pages get ``400.html``."""
    if registry.error_format_for(request.path_info) is None:
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, refusal(413, _("The request is too large.")))
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return error_response(request, refusal(400, _("The request has too many fields.")))
    if request.content_type == "application/x-www-form-urlencoded" and (request.encoding or "utf-8").lower() != "utf-8":
        return error_response(
            request, refusal(400, _("The request could not be read: send form fields encoded as UTF-8."))
        )
    return error_response(request, refusal(400, _("The request could not be read.")))
