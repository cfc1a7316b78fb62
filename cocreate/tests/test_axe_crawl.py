"""The accessibility crawl (scripts/axe_crawl.py) groups addresses by shape and follows only the links it should."""

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "axe_crawl.py"
ORIGIN = "127.0.0.1:8100"


@pytest.fixture(scope="module")
def crawl():
    spec = importlib.util.spec_from_file_location("axe_crawl", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("http://127.0.0.1:8100/", "/"),
        ("http://127.0.0.1:8100/problems/303/", "/problems/<n>/"),
        ("http://127.0.0.1:8100/problems/?status=open&page=2", "/problems/"),
        ("http://127.0.0.1:8100/designs/9/versions/2/", "/designs/<n>/versions/<n>/"),
        ("http://127.0.0.1:8100/challenges/greener-school-yards/ideas/", "/challenges/<slug>/ideas/"),
        ("http://127.0.0.1:8100/challenges/budget-2026/opinion-map/", "/challenges/<slug>/opinion-map/"),
        ("http://127.0.0.1:8100/challenges/greener-school-yards/wiki-survey/", "/challenges/<slug>/wiki-survey/"),
        ("http://127.0.0.1:8100/manage/challenges/new/", "/manage/challenges/new/"),
        ("http://127.0.0.1:8100/accounts/2fa/", "/accounts/2fa/"),
        ("http://127.0.0.1:8100/journey/ideas/idea/11/", "/journey/ideas/idea/<n>/"),
    ],
)
def test_an_address_has_the_shape_of_its_kind_of_page(crawl, url, shape):
    assert crawl.url_shape(url) == shape


def test_two_pages_of_one_kind_share_a_shape(crawl):
    assert crawl.url_shape("http://127.0.0.1:8100/ideas/11/") == crawl.url_shape("http://127.0.0.1:8100/ideas/12/")


def test_two_kinds_of_page_do_not_share_a_shape(crawl):
    assert crawl.url_shape("http://127.0.0.1:8100/ideas/11/") != crawl.url_shape("http://127.0.0.1:8100/ideas/11/edit/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8100/",
        "http://127.0.0.1:8100/challenges/greener-school-yards/",
        "http://127.0.0.1:8100/problems/?status=open",
        "http://127.0.0.1:8100/accounts/login/?next=/problems/report/",
    ],
)
def test_the_crawl_follows_a_page_of_the_site(crawl, url):
    assert crawl.worth_crawling(url, ORIGIN) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://127.0.0.1:8200/",
        "mailto:someone@example.org",
        "http://127.0.0.1:8100/accounts/logout/",
        "http://127.0.0.1:8100/static/css/cocreate.css",
        "http://127.0.0.1:8100/media/uploads/plan.png",
        "http://127.0.0.1:8100/api/v1/docs",
        "http://127.0.0.1:8100/open311/v2/services.json",
        "http://127.0.0.1:8100/problems/map.geojson",
        "http://127.0.0.1:8100/designs/9/export.json",
        "http://127.0.0.1:8100/designs/9/reviews.csv",
        "http://127.0.0.1:8100/account/data/export/",
        "http://127.0.0.1:8100/notifications/unsubscribe/abc:123/",
        "http://127.0.0.1:8100/problems/?page=2",
    ],
)
def test_the_crawl_leaves_out_what_is_not_a_page_to_check(crawl, url):
    assert crawl.worth_crawling(url, ORIGIN) is False


def test_the_crawl_runs_the_rules_of_the_browser_tests(crawl):
    conftest = ast.parse((ROOT / "e2e" / "conftest.py").read_text(encoding="utf-8"))
    tags = next(
        ast.literal_eval(node.value)
        for node in conftest.body
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "AXE_TAGS" for target in node.targets)
    )
    assert tags == crawl.AXE_TAGS


def result(*errors, violations_by_rule=None):
    return {"errors": list(errors), "violations_by_rule": violations_by_rule or {}}


def test_a_crawl_that_found_nothing_passes(crawl):
    assert crawl.failed(result()) is False


def test_a_violation_fails_the_crawl(crawl):
    assert crawl.failed(result(violations_by_rule={"image-alt": {"pages": {"http://127.0.0.1:8100/": []}}})) is True


@pytest.mark.parametrize(
    "error",
    [
        {"url": "http://127.0.0.1:8100/ideas/1/", "status": 500, "linked_from": "http://127.0.0.1:8100/"},
        {"url": "http://127.0.0.1:8100/ideas/1/", "status": 404, "linked_from": "http://127.0.0.1:8100/"},
        {"url": "http://127.0.0.1:8100/ideas/1/", "error": "Timeout 20000ms exceeded.", "linked_from": None},
    ],
)
def test_a_server_error_a_broken_link_or_a_page_that_never_loads_fails_the_crawl(crawl, error):
    assert crawl.failed(result(error)) is True


@pytest.mark.parametrize(
    "error",
    [
        {"url": "http://127.0.0.1:8100/manage/", "status": 403, "linked_from": "http://127.0.0.1:8100/"},
        {"url": "http://127.0.0.1:8100/plan/", "error": "Download is starting", "linked_from": None},
    ],
)
def test_a_refusal_or_a_download_is_only_reported(crawl, error):
    assert crawl.failed(result(error)) is False
