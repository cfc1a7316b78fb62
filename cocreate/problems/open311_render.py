"""Open311 GeoReport v2 documents: categories and problems as the specification's fields, written as JSON or XML."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import timezone

from cocreate.core.inputs import xml_safe
from cocreate.engagement.models import StatusChange

from .models import Category, CategoryQuestion, Problem

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# In XML, the elements of a list are named after what they hold.
XML_LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
# The service code of the problems raised in a challenge without a category, before the challenge's slug.
CHALLENGE_SERVICE_PREFIX = "challenge:"
LIST_TYPES = {CategoryQuestion.Datatype.SINGLEVALUELIST, CategoryQuestion.Datatype.MULTIVALUELIST}


def respond(fmt: str, document, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    """Write ``document`` (a list of ``item`` elements under ``root``, or one object as ``root``) in ``fmt``."""
    body = json.dumps(document, ensure_ascii=False).encode() if fmt == "json" else _xml(document, root=root, item=item)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The specification's error list, with the HTTP status as each error's code."""
    document = [{"code": status, "description": str(d)} for d in descriptions]
    return respond(fmt, document, root="errors", item="error", status=status)


def requested_format(request) -> str:
    """The format the address asks for by its suffix; XML, the specification's default, when it names none."""
    return "json" if request.path_info.endswith(".json") else "xml"


def open311_error_response(request, status: int, *descriptions: str) -> HttpResponse:
    """The error list for any refusal of a request to an Open311 address, in the format the address asks for.

    The endpoints use it, and so does core for what it refuses before they run (a body too large, too many fields,
    a form that is not UTF-8, a middleware's check): it is registered as the ``open311`` namespace's error responder.
    """
    return errors(requested_format(request), status, *descriptions)


def _xml(document, *, root: str, item: str | None) -> bytes:
    element = ET.Element(root)
    if item is None:
        _fill(element, document)
    else:
        for row in document:
            _append(element, item, row)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


def _append(parent, name: str, value) -> None:
    _fill(ET.SubElement(parent, name), value, name)


def _fill(element, value, name: str = "") -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list):
        for child in value:
            _append(element, XML_LIST_ITEMS.get(name, "item"), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = xml_safe(str(value))


def w3_datetime(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the time-zone offset, in the site's time zone (e.g. 2026-05-04T09:30:00+02:00)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return w3_datetime(dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone()))


def service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": category.question_count > 0,
        "type": "realtime",
        "keywords": None,
        "group": category.department.name,
    }


def service_definition(category: Category, questions: list[CategoryQuestion]) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": question.code,
                "datatype": question.datatype,
                "required": question.required,
                "datatype_description": question.help_text or None,
                "order": order,
                "description": question.label,
                "values": (
                    [{"key": str(c.get("key")), "name": str(c.get("name"))} for c in question.choices]
                    if question.datatype in LIST_TYPES
                    else []
                ),
            }
            for order, question in enumerate(questions, start=1)
        ],
    }


def latest_answers(problems: list[Problem]) -> dict[int, str]:
    """The latest public answer to each problem (its Open311 ``status_notes``), in one query."""
    if not problems:
        return {}
    changes = (
        StatusChange.objects.filter(
            target_type=ContentType.objects.get_for_model(Problem), target_id__in=[p.pk for p in problems]
        )
        .exclude(answer="")
        .order_by("created_at", "pk")
        .values_list("target_id", "answer")
    )
    return dict(changes)  # later answers overwrite earlier ones


def service_code(problem: Problem) -> str:
    """The category's code; for a problem raised in a challenge without a category, ``challenge:<slug>`` (a code no
    category can have: the specification wants a string, and ``GET requests`` filters by it)."""
    if problem.category is not None:
        return problem.category.code
    if problem.challenge is not None:
        return CHALLENGE_SERVICE_PREFIX + problem.challenge.slug
    return ""


def service_name(problem: Problem) -> str | None:
    if problem.category is not None:
        return problem.category.name
    return problem.challenge.title if problem.challenge is not None else None


def service_request(request, problem: Problem, status_notes: str | None, *, extensions: bool = False) -> dict:
    """A problem as a GeoReport service request: only what anybody may see, the location rounded to its cell and
    no address (the address the reporter typed would give the exact point away)."""
    location = problem.public_location
    photos = list(problem.photos.all())
    row = {
        "service_request_id": str(problem.pk),
        "status": "closed" if problem.status in Problem.workflow.closed else "open",
        "status_notes": status_notes,
        "service_name": service_name(problem),
        "service_code": service_code(problem),
        "description": problem.description,
        "agency_responsible": problem.department.name if problem.department else None,
        "service_notice": None,
        "requested_datetime": w3_datetime(problem.created_at),
        "updated_datetime": w3_datetime(max(problem.status_changed_at, problem.created_at)),
        "expected_datetime": end_of_day(problem.answer_due),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": location[0] if location else None,
        "long": location[1] if location else None,
        "media_url": request.build_absolute_uri(photos[0].image.url) if photos else (problem.media_url or None),
    }
    if extensions:
        row["extended_attributes"] = {
            "title": problem.title,
            "detailed_status": problem.status,
            "support_count": problem.support_count,
            "comment_count": problem.comment_count,
            "challenge": problem.challenge.slug if problem.challenge else None,
            "jurisdiction_id": problem.organisation.slug,
            "url": request.build_absolute_uri(problem.get_absolute_url()),
        }
    return row
