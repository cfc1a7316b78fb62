"""Public challenge pages."""

from django.core.paginator import Paginator
from django.shortcuts import render

from cocreate.activity.queries import public_activity_for

from . import queries
from .forms import ChallengeFilterForm

PAGE_SIZE = 12


def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    challenges = queries.challenge_list(
        request.user,
        organisation=filters.get("organisation", ""),
        stage=filters.get("stage", ""),
        status=filters.get("status", ""),
        text=filters.get("q", ""),
    )
    page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "challenges/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


def challenge_detail(request, slug: str):
    challenge = queries.challenge_for_page(slug, request.user)
    active = challenge.active_stage()
    return render(
        request,
        "challenges/detail.html",
        {
            "challenge": challenge,
            "active_stage": active,
            "stage_entry": active.stage_type.entry_for(challenge) if active and active.stage_type else None,
            "timeline": queries.timeline(challenge),
            "activity": public_activity_for(challenge, limit=10),
            "can_manage": request.user.has_perm("challenges.change_challenge", challenge),
        },
    )
