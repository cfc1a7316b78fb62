"""Starting an adoption campaign from a delivered project's page (the link is in adoption's panel there)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.permissions import require_perm

from . import from_project
from .forms import CampaignForm


@login_required
@require_http_methods(["GET", "POST"])
def campaign_from_project(request, project_pk: int):
    from cocreate.delivery.queries import project_for_page

    project = project_for_page(project_pk, request.user)
    require_perm(request.user, "adoption.start_campaign_from_project", project)
    existing = from_project.campaign_of_project(project)
    if existing is not None:
        return redirect(existing)
    challenge = project.challenge
    form = CampaignForm(
        request.POST or None, challenge=challenge, initial=from_project.project_initial(project), with_project=False
    )
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            campaign = from_project.campaign_start_from_project(
                actor=request.user, project=project, **form.cleaned_data
            )
            messages.success(request, _("The campaign has started. Add its target populations next."))
            return redirect("adoption:segment_new", pk=campaign.pk)
    context = {
        "form": form,
        "project": project,
        "challenge": challenge,
        "stage": from_project.free_adoption_stage(challenge),
    }
    return render_form(request, "adoption/from_project.html", context, form=form)
