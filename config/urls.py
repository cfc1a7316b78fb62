from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from cocreate.accounts import views as accounts_views
from cocreate.challenges.urls import manage_urlpatterns as challenge_manage_urls
from cocreate.core import views as core_views
from cocreate.problems.open311_urls import api_key_urlpatterns
from cocreate.problems.urls import manage_urlpatterns as problem_manage_urls

from .api import api

handler400 = core_views.bad_request

# The admin signs in through allauth, so that a second factor is asked for there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Cocreate"
handler500 = core_views.server_error

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    # The API's own address leads people to its documentation; its operations are below it. Early in the list:
    # every API call is resolved past the patterns above it, and no page address begins with "api/".
    path("api/v1/", RedirectView.as_view(pattern_name="api:openapi-view"), name="api_root"),
    path("api/v1/", api.urls),
    path("search/", core_views.search, name="search"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    re_path(r"^legal/(?P<page>privacy|terms|accessibility)/$", core_views.legal, name="legal"),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("cocreate.accounts.urls")),
    path("organisations/", include("cocreate.organisations.urls")),
    path("manage/organisations/", include("cocreate.organisations.manage_urls")),
    path("", include("cocreate.ideas.urls")),
    path("", include("cocreate.designs.urls")),
    path("", include("cocreate.decisions.urls")),
    path("", include("cocreate.delivery.urls")),
    path("", include("cocreate.adoption.urls")),
    path("", include("cocreate.wikisurveys.urls")),
    path("", include("cocreate.opinionmaps.urls")),
    path("challenges/", include("cocreate.challenges.urls")),
    path("manage/challenges/", include(challenge_manage_urls)),
    path("", include("cocreate.activity.urls")),
    path("", include("cocreate.engagement.urls")),
    path("problems/", include("cocreate.problems.urls")),
    path("manage/problems/", include(problem_manage_urls)),
    path("", include("cocreate.moderation.urls")),
    path("manage/api-keys/", include(api_key_urlpatterns)),
    path("open311/v2/", include("cocreate.problems.open311_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
