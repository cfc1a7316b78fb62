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
