"""Wiki survey pages: the pair to vote on, adding an idea, the results, and moderating added ideas.

Every form is a plain post; htmx requests get the next pair as a fragment instead of a redirect.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.challenges.queries import challenge_for_page
from cocreate.challenges.stages import Feature
from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.core.forms import SpamTrapField, refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.inputs import parse_int
from cocreate.engagement.pseudonyms import check_vote_rate, voter_token
from cocreate.engagement.queries import participant_find
from cocreate.ideas import actions as idea_actions
from cocreate.ideas.models import Idea

from . import actions as survey
from . import queries as survey_queries
from .errors import InvalidPair

IDEAS_PER_USER = (10, 3600)
IDEAS_PER_ADDRESS = (40, 3600)


class SurveyIdeaForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Your idea in a few words"),
        max_length=140,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=gettext_lazy("Explain it, if you like"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
    )
    website = SpamTrapField()


def _survey_context(request, challenge) -> dict:
    can_vote = request.user.has_perm("wikisurveys.vote", challenge)
    pair = None
    pair_token = ""
    if can_vote:
        token = voter_token(request, challenge)
        participant = participant_find(challenge=challenge, user=request.user, token=token)
        pair = survey.next_pair(request.session, challenge, participant)
        if pair:
            voter = survey_queries.voter_key(request.user, token)
            pair_token = survey_queries.pair_token(challenge, *pair, voter=voter)
    return {
        "challenge": challenge,
        "can_vote": can_vote,
        "sign_in_to_vote": not request.user.is_authenticated and challenge.stage_allows(Feature.VOTE, Idea),
        "can_add": request.user.has_perm("wikisurveys.add_idea", challenge),
        "can_moderate": request.user.has_perm("wikisurveys.moderate_idea", challenge),
        "pair": pair,
        "pair_token": pair_token,
    }


@require_http_methods(["GET", "POST"])
def wikisurvey(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    voted = False
    refused = None
    if request.method == "POST":
        if not request.user.has_perm("wikisurveys.vote", challenge):
            raise NotPermitted(_("Votes cannot be cast in this wiki survey at the moment."))
        token = voter_token(request, challenge)
        try:
            pair = survey_queries.pair_from_token(
                challenge, request.POST.get("pair", ""), voter=survey_queries.voter_key(request.user, token)
            )
            check_vote_rate(request, "wikisurvey_vote", token)
            survey.wikisurvey_vote(
                user=request.user,
                token=token,
                challenge=challenge,
                left=pair.left,
                right=pair.right,
                choice=request.POST.get("choice", ""),
                pair_nonce=pair.nonce,
            )
        except InvalidPair as error:  # stale, forged, another's or already answered: say so beside the next pair
            refused = error
        else:
            request.session[survey_queries.SESSION_PAIR.format(challenge.pk)] = [pair.left.pk, pair.right.pk]
            if not request.htmx:
                messages.success(request, _("Thank you, your vote was counted. Here is the next pair."))
                return redirect("wikisurveys:survey", slug=challenge.slug)
            voted = True
    context = _survey_context(request, challenge) | {"voted": voted, "refused": refused}
    template = "wikisurveys/survey.html#pair" if request.htmx else "wikisurveys/survey.html"
    return render(request, template, context, status=refused.status if refused else 200)


@login_required
@require_http_methods(["GET", "POST"])
def wikisurvey_add(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("wikisurveys.add_idea", challenge):
        raise NotPermitted(_("Ideas cannot be added to this wiki survey at the moment."))
    form = SurveyIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            ratelimit.check(request, "idea_submit", per_user=IDEAS_PER_USER, per_address=IDEAS_PER_ADDRESS)
            idea_actions.idea_submit(
                author=request.user,
                challenge=challenge,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
            messages.success(
                request, _("Thank you. Your idea will join the pairs as soon as a moderator has checked it.")
            )
            return redirect("wikisurveys:survey", slug=challenge.slug)
    return render_form(request, "wikisurveys/add.html", {"challenge": challenge, "form": form}, form=form)


@require_GET
def wikisurvey_results(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    return render(
        request,
        "wikisurveys/results.html",
        {"challenge": challenge, "rows": survey_queries.wikisurvey_results(challenge)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def wikisurvey_manage(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("wikisurveys.moderate_idea", challenge):
        raise NotPermitted()
    if request.method == "POST":
        idea = get_object_or_404(Idea, pk=parse_int(request.POST.get("idea")), challenge=challenge)
        approve = request.POST.get("decision") == "approve"
        survey.wikisurvey_idea_moderate(actor=request.user, idea=idea, approve=approve)
        if approve:
            messages.success(request, _("The idea now takes part in the wiki survey."))
        else:
            messages.success(request, _("The idea was kept out of the wiki survey."))
        return redirect("wikisurveys:manage", slug=challenge.slug)
    return render(
        request,
        "wikisurveys/manage.html",
        {"challenge": challenge, "pending": survey_queries.pending_ideas(challenge)},
    )
