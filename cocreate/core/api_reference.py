"""The API's documentation page (``/api/v1/docs``): the OpenAPI schema rendered on the server in the site's own page
frame, so that it reads without JavaScript and meets the accessibility rules every page meets. The schema itself,
for tools, is at ``openapi.json`` beside it."""

from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        inner = _schema_name(schema.get("items"))
        return f"[{inner}]" if inner else "array"
    if "anyOf" in schema:
        return " | ".join(filter(None, (_schema_name(option) for option in schema["anyOf"])))
    return schema.get("format") or schema.get("type", "")


def _body_schema(content: dict | None) -> str:
    for media in (content or {}).values():
        return _schema_name(media.get("schema"))
    return ""


def operations_by_tag(schema: dict) -> list[dict]:
    """The schema's operations, grouped by their first tag, in the order the schema lists them."""
    groups: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter.get("in", ""),
                            "required": parameter.get("required", False),
                            "type": _schema_name(parameter.get("schema")),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _body_schema(operation.get("requestBody", {}).get("content")),
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "schema": _body_schema(response.get("content")),
                        }
                        for status, response in operation.get("responses", {}).items()
                    ],
                    "secured": bool(operation.get("security")),
                }
            )
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


def schema_components(schema: dict) -> list[dict]:
    """The bodies the operations name, each with its fields."""
    components = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        components.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "values": component.get("enum", []),
                "fields": [
                    {
                        "name": field,
                        "type": _schema_name(definition),
                        "required": field in required,
                        "description": definition.get("description", ""),
                    }
                    for field, definition in component.get("properties", {}).items()
                ],
            }
        )
    return components


class ApiReference(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "core/api_reference.html",
            {
                "title": schema["info"]["title"],
                "version": schema["info"]["version"],
                "description": schema["info"].get("description", ""),
                "groups": operations_by_tag(schema),
                "components": schema_components(schema),
                "schema_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
            },
        )
