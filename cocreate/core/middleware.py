from django.conf import settings

from .errors import CocreateError
from .http import error_response


class DomainErrorMiddleware:
    """Renders a :class:`CocreateError` raised by a view as a readable 4xx page (never a 500), or in the format of the
    app whose address it is (see ``core.http.error_response``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CocreateError):
            return error_response(request, exception.status, exception.message)
        return None


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "geolocation": ["self"]}`` as a header: ``camera=(), geolocation=(self)``."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class PrivacyHeadersMiddleware:
    """The browser features no page may use (``Permissions-Policy``, from COCREATE_PERMISSIONS_POLICY) on every
    response, and ``Cache-Control: no-store`` on every response to a signed-in person that does not say otherwise.

    A signed-in person's pages carry their name, and often what only they may see; no browser or proxy cache should
    keep them (a shared computer, the back button after signing out). Pages for visitors are left alone: they are
    the same for everyone, and the server's page cache (``pagecache.py``) shares them already.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy(settings.COCREATE_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
