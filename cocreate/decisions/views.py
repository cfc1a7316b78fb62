from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.queries import challenge_for_page
from cocreate.core.errors import NotFound

from . import actions, queries
from .models import Decision


def decision_for_page(pk: int, user) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("stage", "challenge", "organisation"), pk=pk)
    if not user.has_perm("decisions.view_decision", decision):
        raise NotFound()
    return decision


def for_challenge(request, slug: str):
    """The challenge's decision: the one of its running decision stage, else the latest."""
    challenge = challenge_for_page(slug, request.user)
    stage = queries.current_decision_stage(challenge)
    if stage is None:
        raise NotFound(_("This challenge makes no decision in its process."))
    return redirect(actions.decision_for_stage(stage))


def decision_detail(request, pk: int):
    decision = decision_for_page(pk, request.user)
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "budgets": list(decision.budgets.prefetch_related("projects")),
            "can_manage": request.user.has_perm("decisions.manage_decision", decision),
        },
    )
