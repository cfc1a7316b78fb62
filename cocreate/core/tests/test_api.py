import json
from pathlib import Path

from config.api import api

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_committed_openapi_schema_is_current():
    """The API's schema is committed so that changes show in review: `make openapi` rewrites it."""
    current = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert json.loads(SCHEMA.read_text()) == current
