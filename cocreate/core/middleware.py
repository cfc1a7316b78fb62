from django.shortcuts import render

from .errors import CocreateError


class DomainErrorMiddleware:
    """Renders a :class:`CocreateError` raised by a view as a readable 4xx page (never a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CocreateError):
            return render(
                request,
                "core/domain_error.html",
                {"error": exception},
                status=exception.status,
            )
        return None
