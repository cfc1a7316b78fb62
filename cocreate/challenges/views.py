"""Public challenge pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.activity.queries import public_activity_for
from cocreate.core.http import redirect_back
from cocreate.engagement import actions as engagement
from cocreate.engagement.queries import follows, open_to_visitors

from . import queries
from .forms import ChallengeFilterForm
from .models import Challenge
from .stages import Feature

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
            "next_stage": challenge.next_stage(),
            "visitors_may_vote": not request.user.is_authenticated and open_to_visitors(challenge),
            "stage_entry": active.stage_type.entry_for(challenge) if active and active.stage_type else None,
            "timeline": queries.timeline(challenge),
            "indicators": queries.indicators_with_latest(challenge),
            "finished": challenge.status() == Challenge.Status.FINISHED,
            "activity": public_activity_for(challenge, limit=10),
            "can_manage": request.user.has_perm("challenges.change_challenge", challenge),
            **_follow_context(request, challenge),
        },
    )


@login_required
@require_POST
def challenge_follow(request, slug: str):
    """Follow the challenge to hear when its stages open, or stop following it (``undo``)."""
    challenge = queries.challenge_for_page(slug, request.user)
    if request.POST.get("undo"):
        engagement.unfollow(user=request.user, target=challenge)
        message = _("You no longer follow this challenge.")
    else:
        engagement.follow(user=request.user, target=challenge)
        message = _("You follow this challenge now and will hear when a stage opens.")
    if request.htmx:
        context = {"challenge": challenge, **_follow_context(request, challenge), "follow_message": message}
        return render(request, "challenges/detail.html#follow", context)
    messages.success(request, message)
    return redirect_back(request, challenge.get_absolute_url())


def _follow_context(request, challenge) -> dict:
    return {
        "following": follows(request.user, challenge),
        "can_follow": request.user.has_perm("challenges.follow_challenge", challenge),
        "stage_offers_following": challenge.stage_allows(Feature.FOLLOW, Challenge),
    }
