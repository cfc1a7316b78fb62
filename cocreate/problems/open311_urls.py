"""Open311 GeoReport v2, mounted at ``open311/v2/``; and the page where administrators issue API keys."""

from django.urls import path, re_path

from . import api_key_views, open311

FORMAT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.services, name="services"),
    re_path(r"^services/(?P<service_code>[-\w]+)" + FORMAT, open311.service_definition, name="service_definition"),
    re_path(r"^requests" + FORMAT, open311.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/.]+)" + FORMAT, open311.request_detail, name="request_detail"),
    re_path(r"^tokens/(?P<token>[^/.]+)" + FORMAT, open311.token, name="token"),
    re_path(r"^(?P<path>.*)$", open311.unknown),
]

# Mounted at ``manage/api-keys/``.
api_key_urlpatterns = (
    [
        path("", api_key_views.api_keys, name="list"),
        path("<int:pk>/revoke/", api_key_views.revoke, name="revoke"),
        path("reporter-contact/", api_key_views.erase_reporter_contact, name="erase_reporter_contact"),
    ],
    "api_keys",
)
