from ninja import NinjaAPI

from .errors import CocreateError


def install_error_handlers(api: NinjaAPI) -> None:
    """Domain errors become a JSON problem body with a stable code, and the error's HTTP status."""

    @api.exception_handler(CocreateError)
    def domain_error(request, exc: CocreateError):
        return api.create_response(request, {"code": exc.code, "detail": str(exc.message)}, status=exc.status)
