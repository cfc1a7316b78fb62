"""Schemathesis generates requests from the committed OpenAPI schema (``docs/openapi.json``) and sends them to the
API in-process: valid and invalid path and query values, Unicode of every kind, huge numbers. No answer may be a 5xx.

It fuzzes the published contract rather than the code, so a client that trusts the schema cannot make the site fail.
"""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from cocreate.problems.actions import problem_report
from cocreate.problems.models import Category

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(SCHEMA_PATH)
application = get_wsgi_application()


@pytest.fixture
def api_content(db, make_challenge_in, city, department, citizen):
    """Something for the generated requests to find: a published challenge, a public problem."""
    challenge = make_challenge_in(stage="exploration", title="Safer crossings")
    lights = Category.objects.create(organisation=city, department=department, name="Street lights", code="lights")
    problem_report(
        author=citizen, organisation=city, title="Broken lamp", description="Dark for a week.", category=lights
    )
    return challenge


@pytest.fixture
def connection_kept_open():
    """Requests reach the WSGI handler directly, which closes the database connection after each one; the test
    database lives in this connection's transaction, so keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_generated_request_gets_a_server_error(case, api_content, connection_kept_open):
    response = case.call(app=application)
    case.validate_response(response, checks=[not_a_server_error])
