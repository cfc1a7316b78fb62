"""Starting an adoption campaign from a delivered project, and what the project's page shows of its campaign.

The delivery app knows nothing of adoption: adoption registers a panel for the project's page
(``core.registry.register_page_panel``), which shows officials "Start an adoption campaign" on a delivered project
and everyone the campaign's regular users and "helped" share once there is one. Starting a campaign there uses the
challenge's adoption stage that has no campaign yet, or adds one after the challenge's last stage.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cocreate.core.permissions import require_perm

from .actions import campaign_create
from .errors import AdoptionStageRunsOpen, ProjectHasCampaign, ProjectNotDelivered
from .models import Campaign, FunnelCount
from .stages import ADOPTION, runs_campaigns

DONE = "done"  # the delivered status of an implementation project


# --- reads ----------------------------------------------------------------------------------------------------------


def campaign_of_project(project) -> Campaign | None:
    return Campaign.objects.select_related("stage", "challenge").filter(project=project).order_by("pk").first()


def free_adoption_stage(challenge):
    """The challenge's last adoption stage that has no campaign yet, or None."""
    taken = set(Campaign.objects.filter(challenge=challenge).values_list("stage_id", flat=True))
    stages = [s for s in challenge.ordered_stages if runs_campaigns(s) and s.pk not in taken]
    return stages[-1] if stages else None


def project_initial(project) -> dict:
    """The campaign form, prefilled from the project: its title, description, and district or location."""
    where = [project.district] if project.district else []
    if project.latitude is not None and project.longitude is not None:
        where.append(f"{project.latitude}, {project.longitude}")
    return {"title": project.title[:160], "service": project.description[:4000], "where": " · ".join(where)}


def regular_users(campaign: Campaign) -> int:
    """Everyone's regular users, from the kept counts (two rows per segment)."""
    from .models import ADOPTED

    return sum(FunnelCount.objects.filter(campaign=campaign, step__in=ADOPTED).values_list("count", flat=True))


def project_panel_context(request, project) -> dict | None:
    """The variables of the project page's adoption panel, or None when it has nothing to show this person."""
    user = request.user if request is not None else None
    if user is None:
        return None
    campaign = campaign_of_project(project)
    if campaign is not None and user.has_perm("adoption.view_campaign", campaign):
        return {"adoption_campaign": campaign, "adoption_regular_users": regular_users(campaign)}
    if campaign is None and user.has_perm("adoption.start_campaign_from_project", project):
        return {"adoption_campaign": None, "adoption_project": project}
    return None


# --- writes ---------------------------------------------------------------------------------------------------------


def _add_adoption_stage(*, actor, challenge, now: dt.datetime):
    """An adoption stage after the challenge's last one, open with no end: it starts now, or when the last stage
    ends if that is later; a last stage with no end ends now, unless it is an adoption stage (whose campaign would
    stop taking reports)."""
    from cocreate.challenges.actions import StageSpec, challenge_set_stages

    specs = [
        StageSpec(type=s.type, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title, description=s.description)
        for s in challenge.ordered_stages
    ]
    starts = now
    if specs:
        last = specs[-1]
        if last.ends_at is None and last.type == ADOPTION.key:
            raise AdoptionStageRunsOpen()  # ending it would close another campaign's reports without warning
        if last.ends_at is None:
            end = max(now, last.starts_at + dt.timedelta(days=1))
            specs[-1] = StageSpec(
                type=last.type, starts_at=last.starts_at, ends_at=end, title=last.title, description=last.description
            )
            starts = end
        else:
            starts = max(now, last.ends_at)
    specs.append(StageSpec(type=ADOPTION.key, starts_at=starts, ends_at=None))
    stages = challenge_set_stages(actor=actor, challenge=challenge, stage_specs=specs)
    challenge.__dict__.pop("_ordered_stages", None)
    challenge.__dict__.pop("ordered_stages", None)
    return stages[-1]


@transaction.atomic
def campaign_start_from_project(
    *,
    actor,
    project,
    title: str,
    service: str,
    how_to_use: str,
    where: str = "",
    languages: str = "",
    share_texts: str = "",
    reminder_after_days: int = 30,
    source=None,
    now: dt.datetime | None = None,
) -> Campaign:
    """Start the adoption campaign of a delivered project's service, in the challenge's adoption stage that has no
    campaign yet, or in one added after its last stage. The project is the campaign's lineage; everyone upstream
    hears that the service is there to use."""
    require_perm(actor, "adoption.start_campaign_from_project", project)
    if project.status != DONE:
        raise ProjectNotDelivered()
    if Campaign.objects.filter(project=project).exists():
        raise ProjectHasCampaign()
    challenge = project.challenge
    stage = free_adoption_stage(challenge) or _add_adoption_stage(
        actor=actor, challenge=challenge, now=now or timezone.now()
    )
    return campaign_create(
        actor=actor,
        stage=stage,
        title=title,
        service=service,
        how_to_use=how_to_use,
        where=where,
        languages=languages,
        share_texts=share_texts,
        reminder_after_days=reminder_after_days,
        source=source,
        project=project,
    )
