"""Every address the README and docs/ name answers on the demo city: no 404, no server error.

Addresses are read from inline code (`/health/`, `GET /api/v1/designs/`); those with placeholders (`<slug>`,
`{id}`, `…`) are left out. The demo city is loaded once for the module, in a transaction rolled back at the end.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
INLINE_CODE = re.compile(r"`([^`\n]+)`")
ADDRESS = re.compile(r"(?:^|\s)(/[^\s]*)")


def documented_addresses() -> dict[str, list[str]]:
    """Address -> the documents that name it."""
    found: dict[str, list[str]] = {}
    for document in DOCUMENTS:
        for code in INLINE_CODE.findall(document.read_text(encoding="utf-8")):
            for address in ADDRESS.findall(code):
                if "<" in address or "{" in address or "…" in address or "..." in address:
                    continue
                found.setdefault(address, [])
                if document.name not in found[address]:
                    found[address].append(document.name)
    return found


ADDRESSES = documented_addresses()


def test_the_docs_name_addresses_to_check():
    assert {"/health/", "/api/v1/docs", "/robots.txt", "/sitemap.xml"} <= set(ADDRESSES)


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("address", sorted(ADDRESSES))
def test_a_documented_address_answers(demo_city, client, address):
    response = client.get(address)
    assert response.status_code != 404, f"{address} (named in {', '.join(ADDRESSES[address])}) is not found"
    assert response.status_code < 500, f"{address} (named in {', '.join(ADDRESSES[address])}) fails"
