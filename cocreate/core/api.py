from ninja import NinjaAPI, Schema
from pydantic import field_validator

from .errors import CocreateError
from .inputs import strip_control_characters
from .registry import register_error_format


class InputSchema(Schema):
    """A schema of what a client sends (query parameters, bodies): text without NUL and control characters, as the
    request middleware ensures for query strings and forms, so that JSON bodies are held to the same rule."""

    @field_validator("*", mode="before")
    @classmethod
    def readable_text(cls, value):
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("contains a NUL character")
            return strip_control_characters(value)
        return value


def install_error_handlers(api: NinjaAPI, *, prefix: str) -> None:
    """Domain errors become a JSON problem body with a stable code, and the error's HTTP status; so do requests under
    ``prefix`` (where the API is mounted) that are refused before they reach it."""

    @api.exception_handler(CocreateError)
    def domain_error(request, exc: CocreateError):
        body = {"code": exc.code, "detail": str(exc.message)}
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict):  # errors about parts of the input: place -> messages
            body["errors"] = {place: [str(m) for m in messages] for place, messages in errors.items()}
        elif errors:  # errors about the input as a whole: messages
            body["errors"] = {"__all__": [str(m) for m in errors]}
        return api.create_response(request, body, status=exc.status)

    register_error_format(prefix, domain_error)
