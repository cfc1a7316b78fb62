"""Ambassadors in the JSON API: becoming one, reading and stopping one's own ambassadorship (signed in: session and
CSRF token, as the pages use), and the campaign's list with the counts for its officials."""

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from cocreate.core.api import InputSchema
from cocreate.core.errors import NotFound
from cocreate.core.permissions import require_perm

from . import ambassador_queries, ambassadors, queries
from .errors import OrganisationNotPartner
from .models import Ambassador

router = Router()


class StepCountsOut(Schema):
    heard: int
    tried: int
    regular: int
    recommend: int


class ShareTextOut(Schema):
    language: str = Field(..., description="As the officials wrote it; empty for the default text.")
    text: str = Field(..., description="The text with the link at its end.")


class AmbassadorOut(Schema):
    campaign: int
    code: str
    link: str = Field(..., description="The absolute share link.")
    active: bool
    organisation: str | None = Field(..., description="The partner organisation's short name, when acting for one.")
    since: dt.datetime
    counts: StepCountsOut = Field(..., description="People the link brought, at each step now.")
    brought: int
    qr_png: str
    qr_svg: str
    share_texts: list[ShareTextOut]


class AmbassadorListOut(Schema):
    name: str | None = Field(..., description="The person's public name; null once they erased their account.")
    organisation: str | None
    active: bool
    since: dt.datetime
    counts: StepCountsOut
    brought: int


class AmbassadorIn(InputSchema):
    organisation: str | None = Field(
        None, max_length=80, description="Short name of a partner organisation of the public body you are a member of."
    )


def _own(ambassador: Ambassador) -> dict:
    qr = ambassador_queries.qr_urls(ambassador)
    return {
        "campaign": ambassador.campaign_id,
        "code": ambassador.code,
        "link": ambassador_queries.share_link(ambassador),
        "active": ambassador.is_active,
        "organisation": ambassador.organisation.slug if ambassador.organisation else None,
        "since": ambassador.created_at,
        "counts": ambassador.counts,
        "brought": ambassador.brought,
        "qr_png": qr["png"],
        "qr_svg": qr["svg"],
        "share_texts": [vars(text) for text in ambassador_queries.share_texts(ambassador)],
    }


def _mine(request, campaign) -> Ambassador:
    ambassador = ambassador_queries.own_ambassador(campaign, request.user)
    if ambassador is None:
        raise NotFound()
    require_perm(request.user, "adoption.change_ambassador", ambassador)
    return ambassador


@router.get("/campaigns/{int:campaign_id}/ambassador", response=AmbassadorOut, auth=django_auth)
def get_my_ambassadorship(request, campaign_id: int):
    """Your ambassadorship of the campaign (active or stopped): link, share texts and counts; 404 if you have none."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    ambassador = _mine(request, campaign)
    ambassador.campaign = campaign
    return _own(ambassador)


@router.post("/campaigns/{int:campaign_id}/ambassador", response={201: AmbassadorOut}, auth=django_auth)
def become_ambassador(request, campaign_id: int, payload: AmbassadorIn):
    """Become an ambassador of the campaign, for yourself or for a partner organisation you are a member of."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    organisation = None
    if payload.organisation:
        organisation = (
            ambassador_queries.eligible_organisations(request.user, campaign).filter(slug=payload.organisation).first()
        )
        if organisation is None:
            raise OrganisationNotPartner()
    ambassador = ambassadors.ambassador_start(actor=request.user, campaign=campaign, organisation=organisation)
    return Status(201, _own(ambassador))


@router.delete("/campaigns/{int:campaign_id}/ambassador", response=AmbassadorOut, auth=django_auth)
def stop_ambassadorship(request, campaign_id: int):
    """Stop being an ambassador: your link no longer brings anyone; its counts stay."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    ambassador = ambassadors.ambassador_stop(actor=request.user, ambassador=_mine(request, campaign))
    ambassador.campaign = campaign
    return _own(ambassador)


@router.get("/campaigns/{int:campaign_id}/ambassadors", response=list[AmbassadorListOut], auth=django_auth)
@paginate(PageNumberPagination, page_size=50)
def list_ambassadors(request, campaign_id: int):
    """The campaign's ambassadors with their counts, for its officials; those who brought most people first."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    require_perm(request.user, "adoption.view_ambassadors", campaign)
    return [
        {
            "name": str(a.user.public_name) if a.user else None,
            "organisation": a.organisation.slug if a.organisation else None,
            "active": a.is_active,
            "since": a.created_at,
            "counts": a.counts,
            "brought": a.brought,
        }
        for a in ambassador_queries.ambassadors_of(campaign)
    ]
