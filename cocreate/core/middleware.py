import logging
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import DataError
from django.http import Http404, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.views import defaults

from .errors import CocreateError, NotFound, UnreadableInput
from .http import error_response
from .inputs import has_control_characters, strip_control_characters

logger = logging.getLogger("django.request")
_ESCAPED_RUN = re.compile(rb"(?:%[0-9A-Fa-f]{2})+")
_REESCAPED = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


class DomainErrorMiddleware:
    """Renders a :class:`CocreateError` raised by a view as a readable 4xx page (never a 500), or in the format of the
    app whose address it is (see ``core.http.error_response``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CocreateError):
            return error_response(request, exception)
        if _is_number_out_of_range(exception):
            # An id in the address larger than the database's integers (``<int:pk>`` takes any number of digits):
            # no row can have it.
            return error_response(request, NotFound())
        return None


class PlatformErrorPagesMiddleware:
    """Under DEBUG, a missing page or an error shows the platform's own page, as in production, rather than Django's
    debug pages (which list every address of the site): what a newcomer's ``make run`` should show. Developers who
    want the debug pages set COCREATE_DEBUG_ERROR_PAGES=true. Without DEBUG, Django shows these pages itself and this
    middleware does nothing. An error's traceback still goes to the console."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return settings.DEBUG and not settings.COCREATE_DEBUG_ERROR_PAGES

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.resolver_match is None and self.active():
            # No address matched: Django's debug page would list them all.
            return defaults.page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if not self.active():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)):
            return None  # Django answers these with the platform's own 400 and 403 pages, DEBUG or not
        logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"request": request})
        from .views import server_error

        return server_error(request)


def _is_number_out_of_range(exception) -> bool:
    """SQLite's "Python int too large to convert to SQLite INTEGER", or PostgreSQL's numeric value out of range."""
    if isinstance(exception, OverflowError):
        return True
    cause = getattr(exception, "__cause__", None)
    return isinstance(exception, DataError) and type(cause).__name__ == "NumericValueOutOfRange"


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


class RequestInputMiddleware:
    """Refuses, with a 400, a request whose path, query string or form fields hold a NUL character or bytes that are
    not UTF-8; strips the other control characters (but tabs and line breaks) from query strings and form fields.
    (In a multipart form, bytes that are not UTF-8 reach the views as U+FFFD, as Django decodes them: harmless.)

    Every view, form, API schema and Open311 endpoint thus reads text that the database and XML can hold. The refusal
    is an HTML page, or the format registered for the address (``core.registry.register_error_format``).
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            _check_path(request)
            _check_urlencoded(_raw_query_string(request))
            if request.method == "POST" and request.content_type in self.FORM_TYPES:
                if request.content_type == "application/x-www-form-urlencoded":
                    _check_urlencoded(request.body)
                _check_fields(request.POST)
                request.POST = _without_control_characters(request.POST)
            request.GET = _without_control_characters(request.GET)
        except UnreadableInput as error:
            return refusal(request, error)
        return self.get_response(request)


class UnreadableCookiesMiddleware:
    """Treats a cookie whose name or value holds a NUL or another control character as absent: no browser sends one,
    and a session cookie with a NUL would reach the database. Placed before the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookies = request.COOKIES
        if any(has_control_characters(key + value) for key, value in cookies.items()):
            request.COOKIES = {key: value for key, value in cookies.items() if not has_control_characters(key + value)}
        return self.get_response(request)


def refusal(request, error: CocreateError):
    return error_response(request, error)


def _raw_query_string(request) -> bytes:
    scope = getattr(request, "scope", None)
    if scope is not None:
        return scope.get("query_string", b"")
    return get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")


def _check_path(request) -> None:
    scope = getattr(request, "scope", None)
    if scope is not None and scope.get("raw_path"):  # ASGI: the path as sent
        try:
            path = unquote_to_bytes(scope["raw_path"]).decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableInput() from None
    else:
        # WSGI: Django has decoded the path and percent-escaped again the bytes that were not UTF-8.
        path = request.path_info
        if _REESCAPED.search(path):
            raise UnreadableInput()
    if has_control_characters(path) or any(c in path for c in "\t\n\r\ufffd"):
        raise UnreadableInput()


def _check_urlencoded(raw: bytes) -> None:
    """Every character of a query string or form body, and every percent-escaped run of bytes, must be UTF-8; and
    none may be NUL."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableInput() from None
    if b"\x00" in raw:
        raise UnreadableInput()
    for run in _ESCAPED_RUN.finditer(raw):
        decoded = bytes.fromhex(run.group().replace(b"%", b"").decode())
        if b"\x00" in decoded:
            raise UnreadableInput()
        try:
            decoded.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableInput() from None


def _check_fields(data: QueryDict) -> None:
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise UnreadableInput()


def _without_control_characters(data: QueryDict) -> QueryDict:
    if not any(has_control_characters(key) or any(map(has_control_characters, values)) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control_characters(key), [strip_control_characters(value) for value in values])
    cleaned._mutable = False
    return cleaned
