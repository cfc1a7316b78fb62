"""Moderation pages: flagging (anyone signed in), the suspension notice, and the moderators' back office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.core import ratelimit
from cocreate.core.errors import CocreateError, NotPermitted
from cocreate.core.http import redirect_back, safe_next
from cocreate.organisations.models import Organisation

from . import actions, queries
from .forms import DecisionForm, FlagForm, SuspensionForm
from .models import Case, Suspension

PAGE_SIZE = 20
FLAGS_PER_USER = (30, 3600)
FLAGS_PER_ADDRESS = (100, 3600)


def _back(request, item):
    return redirect_back(request, queries.item_url(item))


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise NotPermitted()


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, app_label: str, model: str, pk: int):
    """GET: the flag form (a page of its own, or the form alone for htmx); POST: the flag."""
    item = queries.item_for(app_label, model, pk)
    if request.method == "GET":
        _require(request.user, "moderation.flag", item)
        context = {
            "target": item,
            "contribution": queries.contribution_of(item),
            "next": safe_next(request, request.GET.get("next", ""), queries.item_url(item)),
            "autofocus": True,
        }
        if request.htmx:
            return render(request, "moderation/includes/flag_form_fields.html", context)
        return render(request, "moderation/flag.html", context)
    form = FlagForm(request.POST)
    if form.has_error("website"):  # only bots fill the hidden field
        raise NotPermitted()
    if not form.is_valid():
        messages.error(request, _("Choose why you report this; details may have at most 1000 characters."))
        return _back(request, item)
    ratelimit.check(request, "moderation_flag", per_user=FLAGS_PER_USER, per_address=FLAGS_PER_ADDRESS)
    actions.flag_add(user=request.user, item=item, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"])
    messages.success(request, _("Thank you. The moderators will look at it."))
    return _back(request, item)


@login_required
@require_GET
def suspended(request):
    return render(request, "moderation/suspended.html", {"suspensions": queries.active_suspensions(request.user)})


# --- The back office -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request):
    ids = queries.moderated_organisation_ids(request.user)
    if ids == []:
        raise NotPermitted()
    return render(request, "moderation/manage/overview.html", {"overview": queries.queue_overview(request.user)})


def _queue_page(request, *, organisation, challenge=None):
    state = queries.QUEUE_STATES.get(request.GET.get("state", "open"), Case.State.OPEN)
    cases = queries.queue(organisation=organisation, challenge=challenge, state=state)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/manage/queue.html",
        {
            "organisation": organisation,
            "challenge": challenge,
            "state": state,
            "page": page,
            "query": f"state={state}",
            "threshold": actions.flags_to_hide(),
        },
    )


@login_required
@require_GET
def organisation_queue(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    _require(request.user, "moderation.moderate", organisation)
    return _queue_page(request, organisation=organisation)


@login_required
@require_GET
def challenge_queue(request, slug: str):
    challenge = get_object_or_404(Challenge.objects.select_related("organisation"), slug=slug)
    _require(request.user, "moderation.moderate", challenge)
    return _queue_page(request, organisation=challenge.organisation, challenge=challenge)


def _queue_url(case: Case) -> str:
    if case.challenge_id:
        return reverse("moderation:challenge_queue", kwargs={"slug": case.challenge.slug})
    return reverse("moderation:organisation_queue", kwargs={"slug": case.organisation.slug})


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk: int):
    case = queries.case_for_moderator(pk, request.user)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.case_decide(moderator=request.user, case=case, **form.cleaned_data)
        messages.success(request, _("The decision was recorded and the author was told."))
        return redirect(_queue_url(case))
    item = case.target
    return render(
        request,
        "moderation/manage/case.html",
        {
            "case": case,
            "item": item,
            "item_text": queries.item_text(item),
            "item_url": queries.item_url(item),
            "queue_url": _queue_url(case),
            "form": form,
            "can_suspend": request.user.has_perm("moderation.suspend_user", case.organisation),
            **queries.case_history(case),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def suspension_list(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    _require(request.user, "moderation.moderate", organisation)
    return render(
        request,
        "moderation/manage/suspensions.html",
        {
            "organisation": organisation,
            "can_lift": request.user.has_perm("moderation.lift_suspension", organisation),
            **queries.suspensions_of(organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def suspension_create(request, slug: str, user_id: int):
    organisation = get_object_or_404(Organisation, slug=slug)
    _require(request.user, "moderation.suspend_user", organisation)
    person = get_object_or_404(User, pk=user_id)
    form = SuspensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.suspension_create(actor=request.user, user=person, organisation=organisation, **form.cleaned_data)
        except CocreateError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The account was suspended and the person was told."))
            return redirect("moderation:suspensions", slug=organisation.slug)
    return render(
        request,
        "moderation/manage/suspend.html",
        {"organisation": organisation, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def suspension_lift(request, pk: int):
    suspension = get_object_or_404(Suspension.objects.select_related("organisation"), pk=pk)
    actions.suspension_lift(actor=request.user, suspension=suspension)
    messages.success(request, _("The suspension was lifted."))
    return redirect("moderation:suspensions", slug=suspension.organisation.slug)
