"""The API documentation page renders the OpenAPI schema on the server, in the site's page frame."""

import pytest

from config.api import api


@pytest.mark.django_db
def test_the_api_documentation_lists_every_operation_of_the_schema_without_scripts(client):
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in body
    assert "swagger" not in body.lower()
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = [
        (method.upper(), path) for path, item in schema["paths"].items() for method in item if method in {"get", "post"}
    ]
    assert operations
    for method, path in operations:
        assert f'<span class="api-method api-method--{method.lower()}">{method}</span> <code>{path}</code>' in body
    for name in schema["components"]["schemas"]:
        assert f"<h3><code>{name}</code></h3>" in body
    assert '<a href="/api/v1/openapi.json">' in body


@pytest.mark.django_db
def test_the_api_address_leads_to_its_documentation(client):
    response = client.get("/api/v1/")
    assert (response.status_code, response["Location"]) == (302, "/api/v1/docs")
