"""Pages of information events: an event's page with sign-up and cancellation, a campaign's events as a calendar
feed, and the officials' list and forms (announce, change, cancel). Every form works as a plain post."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.errors import CocreateError
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.ical import fold_ics_line, ics_text
from cocreate.core.permissions import require_perm

from . import event_queries, events, queries
from .event_forms import EventForm

FORM_FIELDS = ("title", "description", "starts_at", "ends_at", "place", "language", "capacity")


def _event_page(request, event, *, refusal=None, status=200):
    return render(
        request,
        "adoption/event.html",
        {
            "event": event,
            "campaign": event.campaign,
            "challenge": event.campaign.challenge,
            "signup": event_queries.signup_of(event, request.user),
            "over": event.starts_at <= timezone.now(),
            "can_sign_up": request.user.has_perm("adoption.signup_informationevent", event),
            "may_manage": request.user.has_perm("adoption.change_informationevent", event),
            "refusal": refusal,
        },
        status=status,
    )


@require_GET
def event_detail(request, pk: int):
    return _event_page(request, event_queries.event_for_page(pk, request.user))


@login_required
@require_POST
def event_signup(request, pk: int):
    """Sign up; a refusal (full, over, cancelled) is shown beside the button, with its status."""
    event = event_queries.event_for_page(pk, request.user)
    try:
        events.event_signup(actor=request.user, event=event)
    except CocreateError as error:
        if error.status != 409:
            raise
        event.refresh_from_db()
        return _event_page(request, event, refusal=error.message, status=error.status)
    messages.success(request, _("You are signed up. You will hear if the event is cancelled or moved."))
    return redirect(event)


@login_required
@require_POST
def event_signup_cancel(request, pk: int):
    event = event_queries.event_for_page(pk, request.user)
    try:
        events.event_signup_cancel(actor=request.user, event=event)
    except CocreateError as error:
        if error.status != 409:
            raise
        return _event_page(request, event, refusal=error.message, status=error.status)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect(event)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def events_calendar(campaign, items, *, host: str, absolute) -> str:
    """The events as iCalendar events (RFC 5545) with their times in UTC; a cancelled one says so."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cocreate//Information events//EN", "CALSCALE:GREGORIAN"]
    stamp = _utc(timezone.now())
    for event in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:adoption-event-{event.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event.starts_at)}",
            f"DTEND:{_utc(event.ends_at)}",
            f"SUMMARY:{ics_text(f'{campaign.title}: {event.title}')}",
            f"LOCATION:{ics_text(event.place)}",
            f"DESCRIPTION:{ics_text(event.description)}",
            f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
            f"URL:{absolute(event.get_absolute_url())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_ics_line(line) + "\r\n" for line in lines)


@require_GET
def events_ics(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    body = events_calendar(
        campaign,
        event_queries.feed_events(campaign),
        host=request.get_host().split(":")[0],
        absolute=request.build_absolute_uri,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="campaign-{campaign.pk}-events.ics"'
    return response


# --- officials ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def events_manage(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.add_informationevent", campaign)
    context = {"campaign": campaign, "challenge": campaign.challenge, "events": event_queries.events_of(campaign)}
    return render(request, "adoption/events_manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.add_informationevent", campaign)
    form = EventForm(request.POST or None, auto_id="event-%s", initial={"language": campaign.languages[:100]})
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            event = events.event_create(actor=request.user, campaign=campaign, **form.cleaned_data)
            messages.success(request, _("The event is announced: residents can sign up now."))
            return redirect(event)
    context = {"form": form, "campaign": campaign, "challenge": campaign.challenge, "event": None}
    return render_form(request, "adoption/event_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = event_queries.event_for_page(pk, request.user)
    require_perm(request.user, "adoption.change_informationevent", event)
    initial = {name: getattr(event, name) for name in FORM_FIELDS}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    form = EventForm(request.POST or None, auto_id="event-%s", initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            events.event_update(actor=request.user, event=event, **form.cleaned_data)
            messages.success(request, _("The event was saved. Anyone signed up hears of a new time or place."))
            return redirect(event)
    context = {"form": form, "campaign": event.campaign, "challenge": event.campaign.challenge, "event": event}
    return render_form(request, "adoption/event_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    """A page that asks to confirm, and the post that cancels."""
    event = event_queries.event_for_page(pk, request.user)
    require_perm(request.user, "adoption.change_informationevent", event)
    if request.method == "POST":
        events.event_cancel(actor=request.user, event=event)
        messages.success(request, _("The event is cancelled; the people signed up were told."))
        return redirect(event)
    context = {"event": event, "campaign": event.campaign, "challenge": event.campaign.challenge}
    return render(request, "adoption/event_cancel.html", context)
