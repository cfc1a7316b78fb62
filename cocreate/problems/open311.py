"""Open311 GeoReport v2: partner applications read the public bodies' categories and problems, and report problems.

Every endpoint answers in JSON or XML, chosen by the suffix of the address, and every refusal is the specification's
error list with the matching HTTP status. Reading needs no key and shows only what an anonymous visitor may see,
with locations rounded as on the public map; reporting needs an API key (``api_keys.py``). ``docs/open311.md`` is
the integrators' guide.
"""

import datetime as dt
import re
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cocreate.core import ratelimit
from cocreate.core.errors import CocreateError
from cocreate.core.inputs import EARLIEST_DATE, LATEST_DATE, date_in_range, parse_int
from cocreate.organisations.models import Organisation
from cocreate.organisations.queries import host_organisation

from . import open311_render as render
from .api_keys import api_key_authenticate, problem_report_by_api_key
from .errors import AnswerInvalid, CategoryNotOffered, LocationInvalid
from .models import Category, Photo, Problem
from .queries import visible_problems

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Bumped when this endpoint's documents change shape. Categories carry no change time, so clients should refresh
# service definitions daily.
CHANGESET = "2026-11-22T00:00:00Z"
POSTS_PER_HOUR = 600
DEFAULT_DAYS = 90
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
TITLE_LENGTH = 80
ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
TEXT_LIMITS = {"description": 5000, "address_string": 250, "first_name": 100, "last_name": 100, "phone": 40}


class Refused(Exception):
    """A request this endpoint will not carry out; becomes an error list with ``status``."""

    def __init__(self, status: int, description: str):
        self.status = status
        self.description = description
        super().__init__(description)


def endpoint(*methods: str):
    """An Open311 endpoint: CSRF-exempt (applications authenticate with a key), refusals as error lists."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, fmt: str, **kwargs):
            if request.method not in methods:
                allowed = ", ".join(methods)
                response = render.errors(fmt, 405, _("This endpoint accepts only %(methods)s.") % {"methods": allowed})
                response["Allow"] = allowed
                return response
            try:
                return view(request, fmt, **kwargs)
            except Refused as refused:
                return render.errors(fmt, refused.status, refused.description)
            except CocreateError as error:
                return render.errors(fmt, error.status, error.message)

        return wrapper

    return decorate


def refusal(request, error: CocreateError):
    """A request refused before it reached an endpoint, in the format its address asks for (XML unless .json)."""
    fmt = "json" if request.path_info.endswith(".json") else "xml"
    return render.errors(fmt, error.status, error.message)


@csrf_exempt
def unknown(request, path: str = ""):
    """Anything else under the Open311 address, such as an unknown format: 404 as an error list (XML unless the
    address ends in .json)."""
    return render.open311_error_response(request, 404, _("There is no such Open311 resource. Formats: .json and .xml."))


# Discovery and services


@endpoint("GET")
def discovery(request, fmt: str):
    host = host_organisation()
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"})).rsplit("/", 1)[0]
    if host is None:
        contact = request.build_absolute_uri("/")
    else:
        contact = f"{host.name}: {host.website or request.build_absolute_uri(host.get_absolute_url())}"
    document = {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _("Ask the public body's administrators for an API key; they issue keys at %(url)s.")
        % {"url": request.build_absolute_uri(reverse("api_keys:list"))},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render.respond(fmt, document, root="discovery")


def _jurisdiction(params, *, default_to_host: bool = True) -> Organisation | None:
    """The public body named by ``jurisdiction_id`` (its slug); without it, the host public body (or all)."""
    slug = params.get("jurisdiction_id", "").strip()
    if slug:
        organisation = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.PUBLIC_BODY).first()
        if organisation is None:
            raise Refused(404, _("jurisdiction_id: there is no public body with this identifier."))
        return organisation
    if not default_to_host:
        return None
    organisation = host_organisation()
    if organisation is None:
        raise Refused(404, _("jurisdiction_id: this site has no public body yet."))
    return organisation


def _categories(organisation):
    return (
        Category.objects.filter(organisation=organisation, is_active=True)
        .select_related("department")
        .annotate(question_count=Count("questions"))
    )


@endpoint("GET")
def services(request, fmt: str):
    organisation = _jurisdiction(request.GET)
    document = [render.service(category) for category in _categories(organisation)]
    return render.respond(fmt, document, root="services", item="service")


@endpoint("GET")
def service_definition(request, fmt: str, service_code: str):
    organisation = _jurisdiction(request.GET)
    category = _categories(organisation).filter(code=service_code).first()
    if category is None:
        raise Refused(404, _("service_code: there is no service with this code."))
    document = render.service_definition(category, list(category.questions.all()))
    return render.respond(fmt, document, root="service_definition")


# Service requests


@endpoint("GET", "POST")
def requests(request, fmt: str):
    if request.method == "POST":
        return _report(request, fmt)
    return _request_list(request, fmt)


def _public_problems(params):
    problems = visible_problems(AnonymousUser()).filter(organisation__kind=Organisation.Kind.PUBLIC_BODY)
    organisation = _jurisdiction(params, default_to_host=False)
    if organisation is not None:
        problems = problems.filter(organisation=organisation)
    return problems.select_related("category", "department", "challenge", "organisation").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("pk"))
    )


def _documents(request, fmt: str, problems: list[Problem], *, extensions: bool = False):
    notes = render.latest_answers(problems)
    document = [render.service_request(request, p, notes.get(p.pk), extensions=extensions) for p in problems]
    return render.respond(fmt, document, root="service_requests", item="request")


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _ids(value: str, field: str) -> list[int]:
    ids = [parse_int(i) for i in _csv(value)]
    if None in ids:
        raise Refused(400, _("%(field)s: give numbers, separated by commas.") % {"field": field})
    return ids


def _when(params, field: str) -> dt.datetime | None:
    value = params.get(field, "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or timezone.is_naive(parsed):
        raise Refused(
            400, _("%(field)s: give a date and time with a time zone, e.g. 2026-01-31T00:00:00Z.") % {"field": field}
        )
    if not date_in_range(parsed):
        raise Refused(
            400,
            _("%(field)s: give a date from %(earliest)s to %(latest)s.")
            % {"field": field, "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return parsed


def _number(params, field: str, default: int, maximum: int) -> int:
    value = params.get(field, "").strip()
    if not value:
        return default
    number = parse_int(value, maximum=maximum)
    if number is None:
        raise Refused(400, _("%(field)s: give a whole number from 1 to %(max)d.") % {"field": field, "max": maximum})
    return number


def _request_list(request, fmt: str):
    params = request.GET
    problems = _public_problems(params)
    if params.get("service_request_id", "").strip():  # overrides every other filter, as the specification says
        problems = problems.filter(pk__in=_ids(params["service_request_id"], "service_request_id"))
    else:
        codes = _csv(params.get("service_code", ""))
        if codes:
            prefix = render.CHALLENGE_SERVICE_PREFIX
            challenges = [code.removeprefix(prefix) for code in codes if code.startswith(prefix)]
            problems = problems.filter(
                Q(category__code__in=codes) | Q(category__isnull=True, challenge__slug__in=challenges)
            )
        start, end = _when(params, "start_date"), _when(params, "end_date")
        if start and end and start > end:
            raise Refused(400, _("end_date: must not be before start_date."))
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start:
            problems = problems.filter(created_at__gte=start)
        if end:
            problems = problems.filter(created_at__lte=end)
        statuses = {s.lower() for s in _csv(params.get("status", ""))}
        if not statuses <= {"open", "closed"}:
            raise Refused(400, _("status: give open, closed or both, separated by commas."))
        if statuses == {"open"}:
            problems = problems.exclude(status__in=Problem.workflow.closed)
        elif statuses == {"closed"}:
            problems = problems.filter(status__in=Problem.workflow.closed)
    page = _number(params, "page", 1, 10_000)
    size = _number(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = (page - 1) * size
    rows = list(problems.order_by("-created_at", "-pk")[offset : offset + size])
    return _documents(request, fmt, rows, extensions=params.get("extensions", "").lower() == "true")


@endpoint("GET")
def request_detail(request, fmt: str, service_request_id: str):
    pk = parse_int(service_request_id)
    problem = _public_problems(request.GET).filter(pk=pk).first() if pk is not None else None
    if problem is None:
        raise Refused(404, _("service_request_id: there is no public service request with this identifier."))
    return _documents(request, fmt, [problem], extensions=request.GET.get("extensions", "").lower() == "true")


@endpoint("GET")
def token(request, fmt: str, token: str):
    """Reports get their identifier at once, so a token is simply the identifier."""
    pk = parse_int(token)
    found = pk is not None and _public_problems(request.GET).filter(pk=pk).exists()
    if not found:
        raise Refused(404, _("token: there is no service request with this token."))
    document = [{"service_request_id": token, "token": token}]
    return render.respond(fmt, document, root="service_requests", item="request")


# Reporting


def _text(params, field: str) -> str:
    value = params.get(field, "").strip()
    if len(value) > TEXT_LIMITS.get(field, 500):
        raise Refused(400, _("%(field)s: this is too long.") % {"field": field})
    return value


def _answers(params) -> dict:
    """``attribute[code]=value``, repeated or as ``attribute[code][]`` for several choices."""
    answers: dict[str, list[str]] = {}
    for key in params:
        match = ATTRIBUTE.match(key)
        if match:
            answers.setdefault(match.group(1), []).extend(params.getlist(key))
    return {code: values if len(values) > 1 else values[0] for code, values in answers.items()}


def _checked(params, field: str, check) -> str:
    value = _text(params, field)
    if value:
        try:
            check(value)
        except ValidationError:
            raise Refused(400, _("%(field)s: this is not valid.") % {"field": field}) from None
    return value


def _contact(params) -> dict:
    contact = {field: _text(params, field) for field in ("first_name", "last_name", "phone")}
    return {"email": _checked(params, "email", validate_email), **contact}


def _title(description: str, fallback: str) -> str:
    first_line = description.strip().splitlines()[0].strip() if description.strip() else ""
    if not first_line:
        return fallback
    return first_line if len(first_line) <= TITLE_LENGTH else first_line[: TITLE_LENGTH - 1].rstrip() + "…"


def _report(request, fmt: str):
    params = request.POST
    api_key = api_key_authenticate(params.get("api_key") or request.GET.get("api_key"))
    if api_key is None:
        raise Refused(403, _("api_key: give a valid API key."))
    if not ratelimit.hit(f"open311:key:{api_key.pk}", limit=POSTS_PER_HOUR, window=3600):
        raise Refused(429, _("This API key has sent too many requests. Please wait a while and try again."))
    organisation = _jurisdiction(params, default_to_host=False) or api_key.organisation
    if organisation.pk != api_key.organisation_id:
        raise Refused(403, _("jurisdiction_id: this API key is not valid for this jurisdiction."))
    code = params.get("service_code", "").strip()
    if not code:
        raise Refused(400, _("service_code: this field is required."))
    category = _categories(organisation).filter(code=code).first()
    if category is None:
        raise Refused(400, _("service_code: there is no service with this code."))
    latitude, longitude = params.get("lat", "").strip(), params.get("long", "").strip()
    address = _text(params, "address_string")
    if bool(latitude) != bool(longitude):
        raise Refused(400, _("lat, long: give both or neither."))
    if not latitude and not address:
        raise Refused(400, _("lat, long, address_string: give a location: lat and long, or address_string."))
    description = _text(params, "description")
    try:
        problem = problem_report_by_api_key(
            api_key=api_key,
            category=category,
            title=_title(description, category.name),
            description=description,
            latitude=latitude or None,
            longitude=longitude or None,
            address=address,
            answers=_answers(params),
            reporter_contact=_contact(params),
            media_url=_checked(params, "media_url", URLValidator(schemes=["http", "https"])),
        )
    except AnswerInvalid as error:
        raise Refused(400, f"attribute[{error.question}]: {error.message}") from None
    except LocationInvalid as error:
        raise Refused(400, f"lat, long: {error.message}") from None
    except CategoryNotOffered as error:
        raise Refused(400, f"service_code: {error.message}") from None
    notice = _("%(department)s answers by %(date)s.") % {
        "department": category.department.name,
        "date": problem.answer_due.isoformat(),
    }
    document = [{"service_request_id": str(problem.pk), "service_notice": notice, "account_id": None}]
    return render.respond(fmt, document, root="service_requests", item="request")
