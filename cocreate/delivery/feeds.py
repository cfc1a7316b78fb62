"""Open feeds of delivery: milestones as an iCalendar feed (RFC 5545, written here: each milestone an all-day event
on its planned date, or the day it was reached), projects as GeoJSON (those with a location) and as CSV. Each takes
``?challenge=<short name>`` to keep to one challenge; each shows what the person may see."""

import datetime as dt

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import csvfiles
from cocreate.core.ical import fold_ics_line, ics_text

from . import queries

FEED_LIMIT = 10_000


def _challenge(request):
    slug = request.GET.get("challenge", "")
    return challenge_for_page(slug, request.user) if slug else None


def milestones_calendar(milestones, *, host: str, absolute) -> str:
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cocreate//Delivery milestones//EN", "CALSCALE:GREGORIAN"]
    for milestone in milestones:
        day = milestone.reached_on or milestone.planned_on
        summary = f"{milestone.project.title}: {milestone.title}"
        description = milestone.note
        lines += [
            "BEGIN:VEVENT",
            f"UID:milestone-{milestone.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(summary)}",
            f"STATUS:{'CONFIRMED' if milestone.reached_on else 'TENTATIVE'}",
            f"URL:{absolute(milestone.project.get_absolute_url())}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{ics_text(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_ics_line(line) + "\r\n" for line in lines)


@require_GET
def milestones_ics(request):
    milestones = queries.feed_milestones(request.user, challenge=_challenge(request))[:FEED_LIMIT]
    body = milestones_calendar(milestones, host=request.get_host().split(":")[0], absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="milestones.ics"'
    return response


def _properties(project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "status": project.status,
        "progress": queries.progress_of(project),
        "late": queries.is_late(project),
        "district": project.district,
        "challenge": project.challenge.slug,
        "url": project.get_absolute_url(),
    }


@require_GET
def projects_geojson(request):
    projects = queries.feed_projects(request.user, challenge=_challenge(request)).filter(
        latitude__isnull=False, longitude__isnull=False
    )[:FEED_LIMIT]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]},
            "properties": _properties(p),
        }
        for p in projects
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


CSV_COLUMNS = (
    "id",
    "title",
    "status",
    "progress",
    "late",
    "challenge",
    "district",
    "latitude",
    "longitude",
    "currency",
    "budget_planned",
    "budget_committed",
    "budget_spent",
    "estimated_cost",
    "parent",
    "url",
)


@require_GET
def projects_csv(request):
    projects = queries.feed_projects(request.user, challenge=_challenge(request))[:FEED_LIMIT]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="projects.csv"'
    writer = csvfiles.writer(response)
    writer.writerow(CSV_COLUMNS)
    for p in projects:
        row = {
            **_properties(p),
            "late": "yes" if queries.is_late(p) else "no",
            "latitude": p.latitude,
            "longitude": p.longitude,
            "currency": p.currency,
            "budget_planned": p.budget_planned,
            "budget_committed": p.budget_committed,
            "budget_spent": p.budget_spent,
            "estimated_cost": p.estimated_cost,
            "parent": p.parent_id,
            "url": request.build_absolute_uri(p.get_absolute_url()),
        }
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return response
