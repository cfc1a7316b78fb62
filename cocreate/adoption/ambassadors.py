"""Every write of ambassadors: becoming one (alone or for a partner organisation), stopping, and the counts that a
report brought by an ambassador's link moves, in the report's own transaction."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cocreate.activity.actions import activity_record
from cocreate.core.errors import Conflict
from cocreate.core.permissions import require_perm

from .ambassador_queries import eligible_organisations, is_code
from .errors import AlreadyAmbassador, AmbassadorsClosed, OrganisationHasAmbassador, OrganisationNotPartner
from .models import AdoptionReport, Ambassador, Campaign
from .rules import takes_reports_now

CODE_BYTES = 6  # eight URL-safe characters: 2**48 codes, not worth guessing


def _new_code() -> str:
    while True:
        code = secrets.token_urlsafe(CODE_BYTES)
        if is_code(code) and not Ambassador.objects.filter(code=code).exists():
            return code


@transaction.atomic
def ambassador_start(*, actor, campaign: Campaign, organisation=None) -> Ambassador:
    """Make the person an ambassador of the campaign, with a personal link; ``organisation`` (a partner of the
    campaign's public body that they are a member of) when they act for it. Someone who stopped starts again with
    the same link and counts."""
    if not takes_reports_now.test(actor, campaign):
        raise AmbassadorsClosed()
    require_perm(actor, "adoption.add_ambassador", campaign)
    if organisation is not None and not eligible_organisations(actor, campaign).filter(pk=organisation.pk).exists():
        raise OrganisationNotPartner()
    ambassador = Ambassador.objects.select_for_update().filter(campaign=campaign, user=actor).first()
    if ambassador is not None and ambassador.is_active:
        raise AlreadyAmbassador()
    if (
        organisation is not None
        and Ambassador.objects.filter(campaign=campaign, organisation=organisation, is_active=True).exists()
    ):
        raise OrganisationHasAmbassador()
    try:
        with transaction.atomic():
            if ambassador is None:
                ambassador = Ambassador.objects.create(
                    campaign=campaign,
                    user=actor,
                    organisation=organisation,
                    code=_new_code(),
                    created_at=timezone.now(),
                )
            else:
                ambassador.is_active, ambassador.organisation = True, organisation
                ambassador.save(update_fields=["is_active", "organisation"])
    except IntegrityError as error:  # the same person or organisation, at the same moment
        raise Conflict() from error
    activity_record(
        actor=actor,
        verb="adoption.ambassador_started",
        target=campaign,
        public=False,
        data={"ambassador": ambassador.pk, "organisation": organisation.pk if organisation else None},
    )
    return ambassador


@transaction.atomic
def ambassador_stop(*, actor, ambassador: Ambassador) -> Ambassador:
    """Stop being an ambassador: the link no longer brings anyone (it still shows the campaign); the counts stay."""
    require_perm(actor, "adoption.change_ambassador", ambassador)
    ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
    if ambassador.is_active:
        ambassador.is_active = False
        ambassador.save(update_fields=["is_active"])
        activity_record(
            actor=actor,
            verb="adoption.ambassador_stopped",
            target=ambassador.campaign,
            public=False,
            data={"ambassador": ambassador.pk},
        )
    return ambassador


def attributed(ambassador: Ambassador | None, campaign: Campaign, reporter) -> Ambassador | None:
    """The ambassador a new report is attributed to: only an active one of the same campaign, never oneself."""
    if ambassador is None or ambassador.campaign_id != campaign.pk or not ambassador.is_active:
        return None
    if reporter is not None and reporter.is_authenticated and ambassador.user_id == reporter.pk:
        return None
    return ambassador


def ambassador_counts_move(report: AdoptionReport, old_step: str | None) -> None:
    """Move the report in its ambassador's counts, as the funnel moves it: +1 at its step when new, and from the old
    step to the new one when its person went further (or back). Called inside the report's transaction."""
    if report.ambassador_id is None or old_step == report.step:
        return
    changes = {report.step: F(report.step) + 1}
    if old_step is not None:
        changes[old_step] = F(old_step) - 1
    Ambassador.objects.filter(pk=report.ambassador_id).update(**changes)
