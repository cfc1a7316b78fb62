"""Opinion map pages: one statement at a time, adding a statement, the map, and the organisers' page.

Every form is a plain post; htmx requests get the voting area as a fragment instead of a redirect.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.queries import challenge_for_page
from cocreate.challenges.stages import Feature
from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.core.forms import SpamTrapField, refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.inputs import parse_int
from cocreate.core.shuffle import remembers_visitor_seed, visitor_seed
from cocreate.engagement.pseudonyms import check_vote_rate, voter_token
from cocreate.engagement.queries import participant_find

from . import actions as opinion
from . import queries as opinion_queries
from .models import OpinionMapResult, Statement, StatementVote
from .svg import legend_icon, render_opinion_map, shape_name

STATEMENTS_PER_PARTICIPANT = (10, 3600)
STATEMENTS_PER_ADDRESS = (40, 3600)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your statement"),
        max_length=opinion.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": opinion.MAX_LENGTH}),
        help_text=gettext_lazy("One clear thought others can agree or disagree with, in at most 280 characters."),
    )
    website = SpamTrapField()


def _page_context(request, challenge, *, form=None) -> dict:
    token = voter_token(request, challenge)
    participant = participant_find(challenge=challenge, user=request.user, token=token)
    can_vote = request.user.has_perm("opinionmaps.vote_statement", challenge)
    stage = opinion_queries.map_stage(challenge)
    voted = opinion_queries.vote_count(stage, participant)
    needed = opinion_queries.votes_needed(stage)
    map_context = opinion_queries.opinion_map_for_page(stage, participant) if voted >= needed else None
    if map_context:
        data = map_context["data"]
        map_context["svg"] = render_opinion_map(data, own_key=map_context["own_key"])
        for group in map_context["groups"]:
            group["icon"] = legend_icon(group["id"])
            group["shape"] = shape_name(group["id"])
    return {
        "challenge": challenge,
        "can_vote": can_vote,
        "sign_in_to_vote": not request.user.is_authenticated and challenge.stage_allows(Feature.VOTE, Statement),
        "can_add": request.user.has_perm("opinionmaps.add_statement", challenge),
        "can_moderate": request.user.has_perm("opinionmaps.moderate_statement", challenge),
        "statement": opinion_queries.next_statement(stage, participant, seed=visitor_seed(request))
        if can_vote
        else None,
        "voted": voted,
        "needed": needed,
        "remaining": max(needed - voted, 0),
        "map": map_context,
        "form": form or StatementForm(),
        "votes": StatementVote.Vote,
        "now": timezone.now(),
    }


@remembers_visitor_seed
@require_http_methods(["GET", "POST"])
def opinion_map(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    just_voted = False
    if request.method == "POST":
        if not request.user.has_perm("opinionmaps.vote_statement", challenge):
            raise NotPermitted(_("Votes cannot be cast in this opinion map at the moment."))
        statement = get_object_or_404(Statement, pk=parse_int(request.POST.get("statement")), challenge=challenge)
        statement.challenge = challenge  # loaded already, with its stages
        vote = parse_int(request.POST.get("vote"), minimum=-1, maximum=1)
        if vote is None:
            vote = 99  # refused by the action
        token = voter_token(request, challenge)
        check_vote_rate(request, "statement_vote", token)
        opinion.statement_vote(user=request.user, token=token, statement=statement, vote=vote)
        if not request.htmx:
            messages.success(request, _("Thank you, your vote was counted."))
            return redirect("opinionmaps:page", slug=challenge.slug)
        just_voted = True
    context = _page_context(request, challenge) | {"just_voted": just_voted}
    template = "opinionmaps/page.html#voting" if request.htmx else "opinionmaps/page.html"
    return render(request, template, context)


@remembers_visitor_seed
@require_POST
def opinion_map_add(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("opinionmaps.add_statement", challenge):
        raise NotPermitted(_("Statements cannot be added to this opinion map at the moment."))
    form = StatementForm(request.POST)
    if form.is_valid():
        with refusals_shown_on(form):
            token = voter_token(request, challenge)
            ratelimit.check(
                request, "statement_add", per_user=STATEMENTS_PER_PARTICIPANT, per_address=STATEMENTS_PER_ADDRESS
            )
            if token and not ratelimit.hit(f"statement_add:p:{token}", limit=10, window=3600):
                raise ratelimit.RateLimited()
            opinion.statement_add(user=request.user, token=token, challenge=challenge, text=form.cleaned_data["text"])
            messages.success(
                request, _("Thank you. Your statement will be shown to others once a moderator has checked it.")
            )
            return redirect("opinionmaps:page", slug=challenge.slug)
    return render_form(request, "opinionmaps/page.html", _page_context(request, challenge, form=form), form=form)


@login_required
@require_http_methods(["GET", "POST"])
def opinion_map_manage(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("opinionmaps.moderate_statement", challenge):
        raise NotPermitted()
    form = StatementForm(prefix="seed")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "seed":
            form = StatementForm(request.POST, prefix="seed")
            if form.is_valid():
                opinion.statement_seed(actor=request.user, challenge=challenge, text=form.cleaned_data["text"])
                messages.success(request, _("The statement was added. Participants see it first."))
                return redirect("opinionmaps:manage", slug=challenge.slug)
        else:
            statement = get_object_or_404(Statement, pk=parse_int(request.POST.get("statement")), challenge=challenge)
            if action == "approve":
                opinion.statement_moderate(actor=request.user, statement=statement, approve=True)
                messages.success(request, _("The statement was approved; participants can now vote on it."))
            elif action == "reject":
                opinion.statement_moderate(actor=request.user, statement=statement, approve=False)
                messages.success(request, _("The statement was rejected; nobody will see it."))
            elif action == "hide":
                opinion.statement_hide(actor=request.user, statement=statement)
                messages.success(request, _("The statement was taken out of the opinion map."))
            else:
                raise NotPermitted()
            return redirect("opinionmaps:manage", slug=challenge.slug)
    stage = opinion_queries.map_stage(challenge)
    result = OpinionMapResult.objects.filter(stage=stage).first() if stage is not None else None
    return render(
        request,
        "opinionmaps/manage.html",
        {
            "challenge": challenge,
            "pending": opinion_queries.pending_statements(stage),
            "approved": opinion_queries.open_statements(stage).order_by("-is_seed", "pk"),
            "form": form,
            "result": result,
            "can_export": request.user.has_perm("opinionmaps.export", challenge),
        },
        status=400 if form.errors else 200,
    )
