from ninja import NinjaAPI

from .errors import CocreateError


def install_error_handlers(api: NinjaAPI) -> None:
    """Domain errors become a JSON problem body with a stable code, and the error's HTTP status; errors about parts
    of the input (``exc.errors``: place -> messages) come with it."""

    @api.exception_handler(CocreateError)
    def domain_error(request, exc: CocreateError):
        body = {"code": exc.code, "detail": str(exc.message)}
        if getattr(exc, "errors", None):
            body["errors"] = {place: [str(m) for m in messages] for place, messages in exc.errors.items()}
        return api.create_response(request, body, status=exc.status)
