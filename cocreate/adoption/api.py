"""The JSON API of adoption: campaigns and their funnels for everyone who may see them; reports written by anyone
while a campaign takes them: a visitor (nothing that names them is kept), a signed-in resident (session and CSRF
token, as the pages use; their one report is updated), or a service's own application with its public body's API
key in ``X-Api-Key``. Reports are rate-limited per person and address, or per key."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from ninja import Header, Router, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.utils import check_csrf

from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.problems.api_keys import api_key_authenticate

from . import actions, ambassador_queries, queries
from .errors import SegmentNotInCampaign
from .forecast import forecast
from .models import AdoptionReport
from .schemas import CampaignOut, FunnelOut, ReasonsOut, ReportIn, ReportOut
from .views import REPORTS_PER_ADDRESS, REPORTS_PER_USER

router = Router()
REPORTS_PER_KEY = (20_000, 3600)  # an application reports for many people


def _project(campaign, user) -> dict | None:
    project = queries.visible_project(campaign, user)
    if project is None:
        return None
    return {"id": project.pk, "title": project.title, "status": project.status, "url": project.get_absolute_url()}


def _indicators(challenge) -> list[dict]:
    from cocreate.challenges.queries import indicators_with_latest

    return [
        {
            "id": i.pk,
            "name": i.name,
            "unit": i.unit,
            "baseline": i.baseline,
            "target": i.target,
            "latest_value": i.latest_value,
            "latest_on": i.latest_on,
            "reached": i.reached,
        }
        for i in indicators_with_latest(challenge)
    ]


def _campaign(campaign, *, user, with_indicators: bool = False) -> dict:
    stage = campaign.stage
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "service": campaign.service,
        "how_to_use": campaign.how_to_use,
        "where": campaign.where,
        "languages": campaign.languages,
        "challenge": campaign.challenge.slug,
        "organisation": campaign.challenge.organisation.slug,
        "starts_at": stage.starts_at,
        "ends_at": stage.ends_at,
        "takes_reports": AnonymousUser().has_perm("adoption.add_adoptionreport", campaign),
        "report_count": getattr(campaign, "report_total", None) or queries.report_count(campaign),
        "segments": list(campaign.segments.all()),
        "url": campaign.get_absolute_url(),
        "project": _project(campaign, user),
        "helped_share": campaign.helped_share,
        "indicators": _indicators(campaign.challenge) if with_indicators else [],
    }


def _row(row) -> dict:
    return {
        "segment": row.segment.pk if row.segment else None,
        "name": row.name,
        "goal": row.goal,
        "goal_date": row.goal_date,
        "regular_users": row.regular_users,
        "progress": row.progress,
        "steps": [
            {"step": step, "count": row.counts.get(step, 0), "reached": reached, "conversion": conversion}
            for step, _label, reached, conversion in row.reached
        ],
    }


@router.get("/campaigns", response=list[CampaignOut])
@paginate(PageNumberPagination, page_size=20)
def list_campaigns(request):
    """Adoption campaigns of the challenges you may see, newest first."""
    campaigns = queries.visible_campaigns(request.user).select_related("project").prefetch_related("segments")
    campaigns = campaigns.annotate(report_total=Coalesce(Sum("funnel_counts__count"), 0))
    return [_campaign(c, user=request.user) for c in campaigns]


@router.get("/campaigns/{int:campaign_id}", response=CampaignOut)
def get_campaign(request, campaign_id: int):
    """One campaign, with its delivered project and the challenge's outcome indicators (latest against target)."""
    return _campaign(queries.campaign_for_page(campaign_id, request.user), user=request.user, with_indicators=True)


@router.get("/campaigns/{int:campaign_id}/reasons", response=ReasonsOut)
def get_reasons(request, campaign_id: int):
    """What people say: the latest reasons given with "did it help you?", grouped by what they say, as last computed
    in the background. A reason only one person gave is quoted to the campaign's officials only."""
    from .voices import what_people_say

    campaign = queries.campaign_for_page(campaign_id, request.user)
    voices = what_people_say(campaign, everything=request.user.has_perm("adoption.change_campaign", campaign))
    return {
        "campaign": campaign.pk,
        "computed_at": voices.computed_at,
        "reasons": voices.reasons,
        "pending": voices.pending,
        "other": voices.other,
        "groups": [vars(group) for group in voices.groups],
    }


@router.get("/campaigns/{int:campaign_id}/funnel", response=FunnelOut)
def get_funnel(request, campaign_id: int):
    """The funnel per segment (counts now, reached-or-further, conversion, progress against the goal), month by
    month, and the Bass forecast of regular users, or the reason there is none yet."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    result = queries.funnel(campaign)
    fitted = forecast(result.months)
    fit = fitted.fit
    return {
        "campaign": campaign.pk,
        "report_count": result.reports,
        "segments": [_row(r) for r in result.segments],
        "unsegmented": _row(result.unsegmented),
        "everyone": _row(result.everyone),
        "months": [{"month": m.month, **m.reached, "regular_users": m.regular_users} for m in result.months],
        "forecast": {
            "available": fit is not None,
            "reason": fitted.error,
            "p": fit.p if fit else None,
            "q": fit.q if fit else None,
            "m": fit.m if fit else None,
            "m_low": fit.m_interval[0] if fit else None,
            "m_high": fit.m_interval[1] if fit else None,
            "points": [vars(point) for point in fitted.points],
        },
    }


@router.post("/campaigns/{int:campaign_id}/reports", response={201: ReportOut})
def create_report(request, campaign_id: int, payload: ReportIn, x_api_key: str = Header("", alias="X-Api-Key")):
    """Report how far someone has come with the service. Without credentials the report names nobody; signed in
    (session and CSRF token), it is your one report for the campaign, updated; with an API key, an application's
    report for one of its users, named by nobody."""
    api_key = None
    if x_api_key:
        api_key = api_key_authenticate(x_api_key[:200])
        if api_key is None:
            raise NotPermitted(_("X-Api-Key: give a valid API key."))
        if not ratelimit.hit(f"adoption_report:key:{api_key.pk}", limit=REPORTS_PER_KEY[0], window=REPORTS_PER_KEY[1]):
            raise ratelimit.RateLimited()
        reporter = AnonymousUser()
    else:
        reporter = request.user
        if reporter.is_authenticated and check_csrf(request) is not None:
            raise NotPermitted(_("Send the CSRF token with a signed-in request."))
        ratelimit.check(request, "adoption_report", per_user=REPORTS_PER_USER, per_address=REPORTS_PER_ADDRESS)
    campaign = queries.campaign_for_page(campaign_id, reporter)
    segment = None
    if payload.segment is not None:
        segment = queries.segment_of(campaign, payload.segment)
        if segment is None:
            raise SegmentNotInCampaign()
    report = actions.adoption_report_submit(
        reporter=reporter,
        campaign=campaign,
        step=payload.step,
        segment=segment,
        helped=payload.helped or "",
        reason=payload.reason,
        channel=AdoptionReport.Channel.APP if api_key else AdoptionReport.Channel.API,
        api_key=api_key,
        ambassador=ambassador_queries.ambassador_for_code(campaign, payload.ambassador, reporter),
    )
    return Status(
        201,
        {
            "id": report.pk,
            "step": report.step,
            "segment": report.segment_id,
            "helped": report.helped,
            "reason": report.reason,
            "channel": report.channel,
            "ambassador_attributed": report.ambassador_id is not None,
        },
    )


# Ambassadors: /campaigns/{id}/ambassador (one's own) and /campaigns/{id}/ambassadors (officials)
from .ambassador_api import router as ambassador_router  # noqa: E402

router.add_router("", ambassador_router)

# Information events (api_events.py) share the adoption prefix.
router.add_router("", "cocreate.adoption.api_events.router")
