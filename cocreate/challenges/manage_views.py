"""The back office where officials create and run challenges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.core.errors import CocreateError, NotFound, NotPermitted

from . import actions, processes, queries, stages
from .forms import ChallengeCreateForm, ChallengeDetailsForm, IndicatorFormSet, StageFormSet
from .models import Challenge


def _managed(request, slug: str) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.select_related("organisation", "department"), slug=slug)
    if not request.user.has_perm("challenges.change_challenge", challenge):
        raise NotPermitted()
    return challenge


@login_required
def challenge_list(request):
    if not request.user.has_perm("challenges.add_challenge"):
        raise NotPermitted()
    return render(request, "challenges/manage/list.html", {"challenges": queries.managed_challenges(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request):
    if not request.user.has_perm("challenges.add_challenge"):
        raise NotPermitted()
    form = ChallengeCreateForm(request.POST or None, user=request.user, initial={"template": "idea_challenge"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = actions.challenge_create(
            actor=request.user,
            organisation=data["organisation"],
            department=data["department"],
            title=data["title"],
            summary=data["summary"],
            problem_statement=data["problem_statement"],
            affected=data["affected"],
            evidence=data["evidence"],
            constraints=data["constraints"],
            budget=data["budget"],
            response_days=data["response_days"],
            visibility=data["visibility"],
            partners=data["partners"],
            template=data["template"],
            starts_at=form.starts_at(),
        )
        messages.success(request, _("The challenge was created as a draft. Check its stages, then publish it."))
        for key in created.left_out_stage_types:
            messages.info(
                request,
                _("The template's stage “%(stage)s” is not available on this platform yet, so it was left out.")
                % {"stage": key.replace("_", " ")},
            )
        return redirect("challenges_manage:edit", slug=created.challenge.slug)
    return render(
        request,
        "challenges/manage/create.html",
        {"form": form, "templates": processes.TEMPLATES},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request, slug: str):
    challenge = _managed(request, slug)
    form = ChallengeDetailsForm(request.POST or None, instance=challenge, organisation=challenge.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        challenge.refresh_from_db()  # the form wrote its values onto the instance; the action compares with stored
        actions.challenge_update(actor=request.user, challenge=challenge, partners=partners, **data)
        messages.success(request, _("The challenge was saved."))
        return redirect("challenges_manage:edit", slug=challenge.slug)
    return render(
        request,
        "challenges/manage/edit.html",
        {"challenge": challenge, "form": form, "section": "details"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_stages(request, slug: str):
    challenge = _managed(request, slug)
    initial = [
        {
            "type": s.type,
            "title": s.title,
            "description": s.description,
            "first_day": s.first_day,
            "last_day": s.last_day,
        }
        for s in challenge.ordered_stages
    ]
    formset = StageFormSet(request.POST or None, initial=initial, prefix="stages")
    refused = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.challenge_set_stages(actor=request.user, challenge=challenge, stage_specs=formset.specs())
        except CocreateError as error:  # shown above the form, which keeps what was typed
            refused = error.message
        else:
            messages.success(request, _("The stages were saved."))
            return redirect("challenges_manage:stages", slug=challenge.slug)
    return render(
        request,
        "challenges/manage/stages.html",
        {
            "challenge": challenge,
            "formset": formset,
            "refused": refused,
            "section": "stages",
            "stage_types": stages.registered(),
            "stages_with_settings": [stage for stage in challenge.ordered_stages if stage.settings is not None],
            "stages_run_elsewhere": [
                (stage, link)
                for stage in challenge.ordered_stages
                if stage.stage_type and (link := stage.stage_type.manage_for(stage))
            ],
            "running_stage": challenge.active_stage(),
            "following_stage": challenge.next_stage(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def open_next_stage(request, slug: str):
    challenge = _managed(request, slug)
    opened = actions.challenge_open_next_stage(actor=request.user, challenge=challenge)
    messages.success(request, _("The stage “%(stage)s” is open now.") % {"stage": opened.display_title})
    return redirect("challenges_manage:stages", slug=challenge.slug)


@login_required
@require_http_methods(["GET", "POST"])
def stage_settings(request, slug: str, stage_id: int):
    """What officials set for one stage, in the settings its type's app declares (open to visitors…)."""
    challenge = _managed(request, slug)
    stage = get_object_or_404(challenge.stages, pk=stage_id)
    if stage.settings is None:
        raise NotFound()
    form = modelform_factory(type(stage.settings), exclude=["stage"])(request.POST or None, instance=stage.settings)
    if request.method == "POST" and form.is_valid():
        actions.stage_settings_update(actor=request.user, stage=stage, **form.cleaned_data)
        messages.success(request, _("The stage's settings were saved."))
        return redirect("challenges_manage:stages", slug=challenge.slug)
    return render(
        request,
        "challenges/manage/stage_settings.html",
        {"challenge": challenge, "stage": stage, "form": form, "section": "stages"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_indicators(request, slug: str):
    challenge = _managed(request, slug)
    initial = [
        {"id": i.pk, "name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target}
        for i in challenge.indicators.all()
    ]
    formset = IndicatorFormSet(request.POST or None, initial=initial, prefix="indicators")
    refused = None
    if request.method == "POST" and formset.is_valid():
        try:
            actions.challenge_set_indicators(actor=request.user, challenge=challenge, indicators=formset.specs())
        except CocreateError as error:  # shown above the form, which keeps what was typed
            refused = error.message
        else:
            messages.success(request, _("The outcome indicators were saved."))
            return redirect("challenges_manage:indicators", slug=challenge.slug)
    return render(
        request,
        "challenges/manage/indicators.html",
        {
            "challenge": challenge,
            "formset": formset,
            "refused": refused,
            "section": "indicators",
            "indicators": challenge.indicators.all(),
            "may_record": request.user.has_perm("challenges.record_measurement", challenge),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def challenge_publish(request, slug: str):
    challenge = _managed(request, slug)
    actions.challenge_publish(actor=request.user, challenge=challenge)
    messages.success(request, _("The challenge is published."))
    return redirect(challenge.get_absolute_url())
