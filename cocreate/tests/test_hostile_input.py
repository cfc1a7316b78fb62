"""Every page and every API operation, given hostile input, answers without a server error.

The walk resolves the whole URLconf and fills each pattern's parameters with real values from a small city and with
hostile ones; each page is asked for with hostile query strings and posted hostile forms (field names harvested from
the page itself, plus the names views read directly), as a visitor, a citizen and a staff member. The JSON API is
walked from its OpenAPI schema. The test client raises a view's exception, so a failure names its traceback.
"""

import itertools
import re
import traceback
import urllib.parse

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cocreate.challenges.actions import StageSpec, challenge_set_stages
from cocreate.conftest import days_from_now, give_second_factor
from cocreate.core.shuffle import COOKIE
from cocreate.engagement.actions import comment_add
from cocreate.engagement.tasks import unsubscribe_url
from cocreate.ideas.actions import idea_submit
from cocreate.moderation.actions import flag_add, suspension_create
from cocreate.moderation.models import Case
from cocreate.opinionmaps.models import OpinionMapSettings, Statement
from cocreate.organisations.actions import membership_grant
from cocreate.organisations.models import Membership
from cocreate.problems.actions import problem_report
from cocreate.problems.api_keys import api_key_issue
from cocreate.problems.models import Category, CategoryQuestion
from cocreate.wikisurveys.models import WikiSurveySettings
from config.api import api

pytestmark = pytest.mark.django_db

# Values that reach the views: the shared layer must parse, bound or refuse each with a 4xx.
HOSTILE = {
    "control": "a\x01b\x0bc\x1b\x7fd\x9f",
    "superscript": "²³",
    "huge": "9" * 40,
    "negative": "-1",
    "impossible_date": "2026-13-45T00:00",
    "ancient": "0001-01-01",
    "far": "9999-12-31",
    "word": "abc",
    "long": "ä" * 600,
}
# Values the request layer refuses outright, whatever the page.
REFUSED_QUERIES = ["q=a%00b", "q=%FF%FE&x%00=1", "q=a%C0%AFb"]
PATH_VALUES = ["a%00b", "%FF", "%C2%B2%C2%B3", "-1", "9" * 30, "0", "%01x"]
# Names that views read straight from the request (not from a form drawn on the page).
READ_DIRECTLY = [
    *("action", "api_key", "category", "challenge", "choice", "comments", "decision", "extensions", "idea"),
    *("language", "latitude", "longitude", "next", "organisation", "page", "page_size", "pair", "problems", "sort"),
    *("state", "statement", "template", "title", "undo", "verb", "vote", "q", "stage", "status", "since", "bbox"),
    *("seed", "parent", "original", "slug", "description", "email", "first_name", "last_name", "phone", "media_url"),
    # Open311
    *("service_code", "service_request_id", "jurisdiction_id", "start_date", "end_date", "lat", "long"),
    *("address_string", "attribute[when]", "attribute[size]", "attribute[size][]"),
]
SKIPPED_PREFIXES = ("admin/", "api/v1/")  # walked by their own tests below
FIELD_NAME = re.compile(r"""name=["']([^"']+)["']""")


@pytest.fixture
def world(city, department, make_user, make_challenge_in, admin_user):
    citizen = make_user(display_name="Cleo Citizen")
    staff = make_user(display_name="Sam Staff", is_superuser=True, is_staff=True)
    give_second_factor(staff)
    membership_grant(user=staff, organisation=city, role=Membership.Role.ADMIN)
    collection = make_challenge_in(title="Safer cycling to school")
    survey = make_challenge_in(stage="wiki_survey", title="Greener squares")
    opinion = make_challenge_in(stage="opinion_map", title="Quieter nights")
    exploration = make_challenge_in(stage="exploration", title="Cleaner streets")  # no contributions: stages change
    WikiSurveySettings.objects.create(stage=survey.stages.get(), open_to_visitors=True)
    OpinionMapSettings.objects.create(stage=opinion.stages.get(), open_to_visitors=True)
    lights = Category.objects.create(organisation=city, department=department, name="Lights", code="lights")
    CategoryQuestion.objects.create(
        category=lights, code="when", label="Since when?", datatype=CategoryQuestion.Datatype.DATETIME
    )
    CategoryQuestion.objects.create(
        category=lights,
        code="size",
        label="How big?",
        datatype=CategoryQuestion.Datatype.SINGLEVALUELIST,
        choices=[{"key": "small", "name": "Small"}],
    )
    idea = idea_submit(author=citizen, challenge=collection, title="Bike lanes", description="With kerbs.")
    for title in ("Trees", "Benches", "Fountains"):
        idea_submit(author=citizen, challenge=survey, title=title, description="")
    problem = problem_report(
        author=citizen, organisation=city, title="Light out", description="Dark.", category=lights, challenge=None
    )
    reporter = make_user()
    problem_report(author=reporter, organisation=city, title="Also out", description="Dark too.", category=lights)
    statement = Statement.objects.create(
        challenge=opinion, stage=opinion.stages.get(), text="Night buses.", is_seed=True, is_approved=True
    )
    comment = comment_add(author=citizen, target=idea, body="Good idea.")
    flag_add(user=make_user(), item=idea, reason="spam")
    suspension = suspension_create(actor=staff, user=reporter, organisation=city, reason="Insults.", days=3)
    api_key, raw_key = api_key_issue(actor=staff, organisation=city, name="Partner app")
    challenge_set_stages(
        actor=admin_user,
        challenge=collection,
        stage_specs=[
            StageSpec(type="idea_collection", starts_at=days_from_now(-1), ends_at=days_from_now(10)),
            StageSpec(type="opinion_map", starts_at=days_from_now(11), ends_at=None),
        ],
    )
    unsubscribe_token = unsubscribe_url(citizen.pk).rstrip("/").rsplit("/", 1)[1]
    real = {
        "slug": collection.slug,
        "organisation": city.slug,
        "department": department.slug,
        "app_label": "ideas",
        "model": "idea",
        "fmt": "json",
        "service_code": "lights",
        "service_request_id": str(problem.pk),
        "token": str(problem.pk),
        "page": "privacy",
        "path": "nothing.json",
        "provider_id": "none",
        "key": "x",
        "uidb36": "1",
        "problem_id": str(problem.pk),
    }
    # Parameters whose real value depends on the page.
    by_route = {
        "ideas:": {"pk": idea.pk},
        "wikisurveys:": {"slug": survey.slug},
        "opinionmaps:": {"slug": opinion.slug},
        "problems:": {"pk": problem.pk},
        "problems_manage:board": {"pk": department.pk},
        "problems_manage:bulk_status": {"pk": department.pk},
        "problems_manage:frame": {"pk": department.pk},
        "problems_manage:": {"pk": problem.pk},
        "challenges_manage:": {"slug": exploration.slug},
        "challenges_manage:stage_settings": {"stage_id": opinion.stages.get().pk, "slug": opinion.slug},
        "engagement:reply": {"pk": comment.pk},
        "engagement:unsubscribe": {"token": unsubscribe_token},
        "engagement:": {"app_label": "problems", "model": "problem", "pk": problem.pk},
        "moderation:case": {"pk": Case.objects.get().pk},
        "moderation:suspend": {"user_id": citizen.pk},
        "moderation:lift": {"pk": suspension.pk},
        "moderation:": {"pk": idea.pk, "slug": city.slug},
        "api_keys:": {"pk": api_key.pk},
        "accounts:profile": {"pk": citizen.pk},
        "activity:journey": {"pk": idea.pk},
    }
    # Valid posts, each field of which is made hostile in turn.
    baselines = {
        "open311:requests": {
            "api_key": raw_key,
            "service_code": "lights",
            "lat": "52.52",
            "long": "13.40",
            "description": "Dark.",
            "attribute[when]": "2026-01-01T10:00:00Z",
            "jurisdiction_id": city.slug,
            "email": "a@example.org",
        },
        "opinionmaps:page": {"statement": str(statement.pk), "vote": "1"},
        "opinionmaps:manage": {"statement": str(statement.pk), "action": "hide"},
        "wikisurveys:manage": {"idea": str(idea.pk), "decision": "approve"},
        "problems_manage:duplicate": {"original": str(problem.pk + 1), "answer": "Known."},
        "problems_manage:bulk_status": {"problems": str(problem.pk), "state": "acknowledged", "answer": "Seen."},
        "challenges_manage:stages": {
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "0",
            "stages-0-type": "idea_collection",
            "stages-0-first_day": "2026-01-01",
            "stages-0-last_day": "2026-02-01",
        },
        "challenges_manage:create": {
            "organisation": str(city.pk),
            "template": "idea_challenge",
            "starts_on": "2026-01-01",
            "title": "New",
            "summary": "S",
            "problem_statement": "P",
            "department": str(department.pk),
            "visibility": "public",
            "budget": "100",
        },
        "challenges_manage:edit": {
            "title": "New",
            "summary": "S",
            "problem_statement": "P",
            "department": str(department.pk),
            "visibility": "public",
            "budget": "100",
            "response_days": "10",
        },
        "ideas:submit": {"title": "zzzz qqqq", "description": "More."},
        "problems:report": {
            "title": "Broken bench",
            "description": "Bench.",
            "category": str(lights.pk),
            "answer_when": "2026-01-01T10:00",
            "latitude": "52.5",
            "longitude": "13.4",
        },
        "problems:list": {"since": "2026-01-01", "bbox": "13,52,14,53", "category": "lights"},
        "moderation:suspend": {"days": "3", "reason": "Insults."},
    }
    return {
        "roles": {"visitor": None, "citizen": citizen, "staff": staff},
        "real": real,
        "by_route": by_route,
        "baselines": baselines,
    }


def _patterns(patterns=None, prefix="", namespace=""):
    """(route, name, pattern) for every URL pattern, the prefixes of its includes joined."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}"


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def fill(route: str, values: dict) -> str:
    path = PARAMETER.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def parameters(route: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in PARAMETER.finditer(route)]


def real_values(world, name: str, route: str) -> dict:
    values = dict(world["real"])
    namespace = name.split(":")[0] + ":"
    values.update(world["by_route"].get(namespace, {}))
    values.update(world["by_route"].get(name, {}))
    return {parameter: values.get(parameter, "1") for parameter in parameters(route)}


class Walk:
    """Sends requests and keeps every server error with its traceback instead of stopping at the first."""

    def __init__(self, world):
        self.clients = {}
        for role, user in world["roles"].items():
            client = Client(raise_request_exception=True)
            if user is not None:
                client.force_login(user)
            else:  # cookies no browser sends
                client.cookies.load({"sessionid": "abcdefgh\x00ij", COOKIE: "²", "django_language": "e\x00n"})
            self.clients[role] = client
        self.roles = itertools.cycle(self.clients)
        self.failures: list[str] = []
        self.count = 0

    def send(self, method: str, path: str, data=None, *, role=None, **extra):
        role = role or next(self.roles)
        self.count += 1
        try:
            response = getattr(self.clients[role], method)(path, data, **extra)
        except Exception as error:
            frames = "".join(traceback.format_exception(error)[-6:])
            self.failures.append(f"{method.upper()} {path!r} as {role} with {repr(data)[:300]}:\n{frames}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {path!r} as {role} with {repr(data)[:300]}: {response.status_code}")
        return response

    def check(self):
        assert not self.failures, f"{len(self.failures)} server errors in {self.count} requests:\n\n" + "\n\n".join(
            self.failures[:30]
        )


def _field_names(response) -> set[str]:
    if response is None or "html" not in response.get("Content-Type", ""):
        return set()
    return set(FIELD_NAME.findall(response.content.decode(errors="replace"))) - {"csrfmiddlewaretoken"}


def _routes(prefix=None):
    if prefix is not None:
        return [(r, n) for r, n in _patterns() if r.startswith(prefix)]
    return [(r, n) for r, n in _patterns() if not r.startswith(SKIPPED_PREFIXES)]


def _half(index: int, prefix=None):
    return _routes(prefix)[index::2]


@pytest.mark.parametrize("half", [0, 1])
def test_every_page_answers_hostile_input_without_a_server_error(world, half):
    walk = Walk(world)
    path_values, refused = itertools.cycle(PATH_VALUES), itertools.cycle(REFUSED_QUERIES)
    for route, name in _half(half):
        real = real_values(world, name, route)
        path = fill(route, real)
        # Hostile path parameters, one at a time (three values each, in turn).
        for parameter in parameters(route):
            for value in itertools.islice(path_values, 3):
                walk.send("get", fill(route, real | {parameter: value}))
        # Every field on the page and every name views read, all hostile at once, for each kind of value.
        names = set(READ_DIRECTLY)
        for role in walk.clients:
            names |= _field_names(walk.send("get", path, role=role))
        for value in HOSTILE.values():
            data = dict.fromkeys(names, value)
            walk.send("get", path, data)
            walk.send("post", path, data)
        # One field at a time in an otherwise valid post.
        baseline = world["baselines"].get(name, {})
        for field in baseline:
            for kind, value in HOSTILE.items():
                walk.send("post", path, baseline | {field: value}, role="staff" if kind != "control" else None)
        # Refused outright: NUL or broken UTF-8 in the query string and in posted fields (one kind per page, in turn).
        query = next(refused)
        walk.send("get", f"{path}?{query}")
        walk.send("post", path, query.encode(), content_type="application/x-www-form-urlencoded")
    walk.check()


ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")


@pytest.mark.parametrize("half", [0, 1])
def test_every_admin_page_answers_hostile_input_without_a_server_error(world, half):
    """Django's admin, as a superuser: every pattern, sampled (one hostile value per parameter, one hostile query and
    one hostile post per page, the kind of value rotating from page to page)."""
    walk = Walk(world)
    kinds = itertools.cycle(HOSTILE.values())
    path_values = itertools.cycle(PATH_VALUES)
    for route, _name in _half(half, "admin/"):
        real = {"app_label": "challenges", "object_id": "1", "content_type_id": "1"}
        if (match := ADMIN_MODEL.match(route)) and apps.all_models.get(match.group(1), {}).get(match.group(2)):
            model = apps.get_model(match.group(1), match.group(2))
            first = model._default_manager.order_by("pk").first()
            real |= {
                "object_id": first.pk if first else 1,
                "content_type_id": ContentType.objects.get_for_model(model).pk,
            }
        real = {parameter: real.get(parameter, "1") for parameter in parameters(route)}
        path = fill(route, real)
        names = _field_names(walk.send("get", path, role="staff")) | {"q", "p", "o", "_changelist_filters"}
        for parameter in parameters(route):
            walk.send("get", fill(route, real | {parameter: next(path_values)}), role="staff")
        value = next(kinds)
        walk.send("get", path, {"q": value, "p": value, "o": value, "_changelist_filters": value}, role="staff")
        walk.send("post", path, dict.fromkeys(names, next(kinds)), role="staff")
        walk.send("get", f"{path}?{REFUSED_QUERIES[len(path) % len(REFUSED_QUERIES)]}", role="staff")
    walk.check()


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_api_operation_answers_hostile_input_without_a_server_error(world):
    walk = Walk(world)
    schema = api.get_openapi_schema()
    real = world["real"]
    for path, method, operation in _operations():
        parameters_ = operation.get("parameters", [])
        in_path = [p["name"] for p in parameters_ if p["in"] == "path"]
        in_query = [p["name"] for p in parameters_ if p["in"] == "query"]
        body = operation.get("requestBody", {}).get("content", {})
        body_fields = []
        for content in body.values():
            ref = content["schema"].get("$ref", "")
            properties = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            body_fields += list(properties)

        def url(values, *, template=path):
            return "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)

        real_path = {name: real.get(name, real["slug"]) for name in in_path}
        for parameter in in_path:
            for value in PATH_VALUES:
                walk.send(method, url(real_path | {parameter: value}))
        for parameter in in_query:
            for value in HOSTILE.values():
                walk.send(method, url(real_path), {parameter: value})
        for value in HOSTILE.values():
            walk.send(method, url(real_path), dict.fromkeys(in_query, value))
            if body_fields:
                walk.send(method, url(real_path), dict.fromkeys(body_fields, value), content_type="application/json")
        for query in REFUSED_QUERIES:
            walk.send(method, f"{url(real_path)}?{query}")
        quoted = urllib.parse.quote("\x00")
        walk.send(method, url(dict.fromkeys(in_path, quoted))) if in_path else None
    walk.check()
