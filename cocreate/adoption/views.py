"""Adoption pages: the campaign, reporting how one uses the service (with an account or without), the funnel with
its forecast and its CSV, and the officials' forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.challenges.models import Stage
from cocreate.challenges.queries import challenge_for_page
from cocreate.core import ratelimit
from cocreate.core.errors import NotFound, NotPermitted
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.pagecache import page_cache, version_name
from cocreate.core.permissions import require_perm

from . import actions, ambassador_queries, event_queries, exports, queries, reminders
from .forecast import forecast
from .forms import CampaignForm, ReportForm, SegmentForm
from .models import Campaign, Segment
from .voices import what_people_say

# Reports per hour: per signed-in person (who updates one report) and per client address (a household, an office).
REPORTS_PER_USER = (20, 3600)
REPORTS_PER_ADDRESS = (30, 3600)


@require_GET
def for_challenge(request, slug: str):
    """The challenge's adoption stage: its campaign; officials start one where there is none yet."""
    challenge = challenge_for_page(slug, request.user)
    campaign, stage = queries.campaign_for_challenge(challenge)
    if campaign is not None:
        return redirect(campaign)
    if stage is not None and request.user.has_perm("adoption.add_campaign", stage):
        return redirect("adoption:campaign_new", stage_pk=stage.pk)
    raise NotFound(_("This challenge has no adoption campaign yet."))


def _initial(campaign, user) -> dict:
    """A signed-in person's form starts from their current report, which sending it updates."""
    return _answers(queries.current_report(campaign, user))


def _answers(report) -> dict:
    if report is None:
        return {}
    return {"step": report.step, "segment": report.segment_id, "helped": report.helped, "reason": report.reason}


def _context(request, campaign, form=None) -> dict:
    from cocreate.challenges.queries import indicators_with_latest

    funnel = queries.funnel(campaign)
    may_report = request.user.has_perm("adoption.add_adoptionreport", campaign)
    if form is None and may_report:
        form = ReportForm(campaign=campaign, user=request.user, initial=_initial(campaign, request.user))
    events = list(event_queries.upcoming_events(campaign)[:20])
    return {
        "events": events,
        "signed_up_events": event_queries.signed_up_event_ids(request.user, events),
        "campaign": campaign,
        "challenge": campaign.challenge,
        "funnel": funnel,
        "form": form,
        "may_report": may_report,
        "may_manage": request.user.has_perm("adoption.change_campaign", campaign),
        "indicators": indicators_with_latest(campaign.challenge),
        "project": queries.visible_project(campaign, request.user),
        **ambassador_queries.offer(request.user, campaign),
    }


@require_GET
def campaign_detail(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    return render(request, "adoption/campaign.html", _context(request, campaign))


@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    """Report how far one has come with the service: signed in (one report, updated) or not (nothing personal kept)."""
    campaign = queries.campaign_for_page(pk, request.user)
    if not request.user.has_perm("adoption.add_adoptionreport", campaign):
        raise NotPermitted(_("This campaign does not take reports at the moment."))
    # A visitor answering the reminder "do you still use it?" updates the report its link names.
    answer = request.GET.get("answer", "")
    earlier = reminders.report_for_answer(answer, campaign) if answer and not request.user.is_authenticated else None
    initial = _answers(earlier) if earlier is not None else _initial(campaign, request.user)
    form = ReportForm(request.POST or None, campaign=campaign, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            ratelimit.check(request, "adoption_report", per_user=REPORTS_PER_USER, per_address=REPORTS_PER_ADDRESS)
            actions.adoption_report_submit(
                reporter=request.user,
                campaign=campaign,
                step=form.cleaned_data["step"],
                segment=form.cleaned_data.get("segment"),
                helped=form.cleaned_data["helped"],
                reason=form.cleaned_data["reason"],
                reminder_email=form.cleaned_data.get("reminder_email") or "",
                earlier=earlier,
                ambassador=ambassador_queries.ambassador_for_code(
                    campaign, form.cleaned_data["ambassador"], request.user
                ),
            )
            messages.success(request, _("Thank you. Your report counts in the campaign's funnel."))
            return redirect(campaign)
    context = {"campaign": campaign, "challenge": campaign.challenge, "form": form, "answer": answer if earlier else ""}
    return render_form(request, "adoption/report.html", context, form=form)


@require_GET
@page_cache(version=lambda request, pk: version_name(Campaign, pk), is_list=True)
def funnel(request, pk: int):
    """The funnel; anonymous visitors are served it from the page cache, with counts at most
    COCREATE_LIST_CACHE_SECONDS old (an official's change to the campaign shows at once)."""
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.view_funnel", campaign)
    result = queries.funnel(campaign)
    may_manage = request.user.has_perm("adoption.change_campaign", campaign)
    context = {
        "campaign": campaign,
        "challenge": campaign.challenge,
        "funnel": result,
        "forecast": forecast(result.months),
        "may_manage": may_manage,
        "voices": what_people_say(campaign, everything=may_manage),
    }
    return render(request, "adoption/funnel.html", context)


@require_GET
def funnel_csv(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.view_funnel", campaign)
    return exports.funnel_csv_response(queries.funnel(campaign))


# --- officials ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def manage_for_stage(request, stage_pk: int):
    stage = get_object_or_404(Stage.objects.select_related("challenge"), pk=stage_pk)
    campaign = queries.campaign_of_stage(stage)
    if campaign is not None:
        require_perm(request.user, "adoption.change_campaign", campaign)
        return redirect("adoption:campaign_edit", pk=campaign.pk)
    require_perm(request.user, "adoption.add_campaign", stage)
    return redirect("adoption:campaign_new", stage_pk=stage.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request, stage_pk: int):
    stage = get_object_or_404(Stage.objects.select_related("challenge", "challenge__organisation"), pk=stage_pk)
    require_perm(request.user, "adoption.add_campaign", stage)
    form = CampaignForm(request.POST or None, challenge=stage.challenge)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            data = dict(form.cleaned_data)
            campaign = actions.campaign_create(actor=request.user, stage=stage, **data)
            messages.success(request, _("The campaign has started. Add its target populations next."))
            return redirect("adoption:segment_new", pk=campaign.pk)
    context = {"form": form, "stage": stage, "challenge": stage.challenge, "campaign": None}
    return render_form(request, "adoption/campaign_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.change_campaign", campaign)
    form = CampaignForm(request.POST or None, instance=campaign, challenge=campaign.challenge)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            data = dict(form.cleaned_data)
            campaign.refresh_from_db()
            actions.campaign_update(actor=request.user, campaign=campaign, **data)
            messages.success(request, _("The campaign was saved."))
            return redirect(campaign)
    context = {
        "form": form,
        "stage": campaign.stage,
        "challenge": campaign.challenge,
        "campaign": campaign,
        "segments": queries.segments_of(campaign),
    }
    return render_form(request, "adoption/campaign_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def segment_new(request, pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.change_campaign", campaign)
    form = SegmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            actions.segment_add(actor=request.user, campaign=campaign, **form.cleaned_data)
            messages.success(request, _("The target population was added."))
            return redirect("adoption:campaign_edit", pk=campaign.pk)
    context = {"form": form, "campaign": campaign, "challenge": campaign.challenge, "segment": None}
    return render_form(request, "adoption/segment_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def segment_edit(request, pk: int, segment_pk: int):
    campaign = queries.campaign_for_page(pk, request.user)
    require_perm(request.user, "adoption.change_campaign", campaign)
    segment = get_object_or_404(Segment, campaign=campaign, pk=segment_pk)
    form = SegmentForm(request.POST or None, instance=segment)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            segment.refresh_from_db()
            actions.segment_update(actor=request.user, segment=segment, **form.cleaned_data)
            messages.success(request, _("The target population was saved."))
            return redirect("adoption:campaign_edit", pk=campaign.pk)
    context = {"form": form, "campaign": campaign, "challenge": campaign.challenge, "segment": segment}
    return render_form(request, "adoption/segment_form.html", context, form=form)
