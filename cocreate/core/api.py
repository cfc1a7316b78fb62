from ninja import NinjaAPI

from .errors import CocreateError
from .registry import register_error_format


def install_error_handlers(api: NinjaAPI, *, prefix: str) -> None:
    """Domain errors become a JSON problem body with a stable code, and the error's HTTP status; so do requests under
    ``prefix`` (where the API is mounted) that are refused before they reach it."""

    def respond(request, code: str, detail: str, status: int):
        return api.create_response(request, {"code": code, "detail": detail}, status=status)

    @api.exception_handler(CocreateError)
    def domain_error(request, exc: CocreateError):
        return respond(request, exc.code, str(exc.message), exc.status)

    register_error_format(prefix, domain_error)
