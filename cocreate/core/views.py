from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from cocreate.accounts.actions import user_set_language
from cocreate.challenges.queries import open_now_by_stage
from cocreate.organisations.queries import organisation_list


def home(request):
    return render(
        request,
        "core/home.html",
        {**organisation_list(), "open_now": open_now_by_stage(request.user)},
    )


def legal(request, page: str):
    return render(request, f"core/legal/{page}.html")


@require_POST
def set_language(request):
    """The language switcher: remembers the choice in a cookie, and for a signed-in person as a preference."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        next_url = request.POST.get("next", "/")
        safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
        return HttpResponseRedirect(next_url if safe else "/")
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return django_set_language(request)


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
