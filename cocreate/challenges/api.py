from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from cocreate.core.api import InputSchema

from . import queries
from .models import Challenge
from .schemas import ChallengeDetailOut, ChallengeOut

router = Router()


class ChallengeFilters(InputSchema):
    organisation: str = ""
    stage: str = ""
    status: Challenge.Status | None = None
    q: str = ""


def _summary(challenge: Challenge) -> dict:
    return {
        "slug": challenge.slug,
        "title": challenge.title,
        "summary": challenge.summary,
        "organisation": challenge.organisation.slug,
        "status": challenge.status_code if hasattr(challenge, "status_code") else challenge.status(),
        "active_stage": getattr(challenge, "active_stage_type", None),
        "published_at": challenge.published_at,
    }


@router.get("/", response=list[ChallengeOut])
@paginate(PageNumberPagination, page_size=20)
def list_challenges(request, filters: Query[ChallengeFilters]):
    challenges = queries.challenge_list(
        request.user,
        organisation=filters.organisation,
        stage=filters.stage,
        status=filters.status or "",
        text=filters.q[:200],
    )
    return [_summary(c) for c in challenges]


@router.get("/{slug}", response=ChallengeDetailOut)
def get_challenge(request, slug: str):
    challenge = queries.challenge_for_page(slug, request.user)
    active = challenge.active_stage()
    return {
        **_summary(challenge),
        "active_stage": active.type if active else None,
        "problem_statement": challenge.problem_statement,
        "affected": challenge.affected,
        "evidence": challenge.evidence,
        "constraints": challenge.constraints,
        "budget": challenge.budget,
        "response_days": challenge.response_days,
        "department": challenge.department.name,
        "partners": [p.slug for p in challenge.partners.all()],
        "stages": [
            {
                "type": s.type,
                "title": s.display_title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "features": sorted(s.stage_type.features) if s.stage_type else [],
            }
            for s in challenge.ordered_stages
        ],
        "indicators": list(challenge.indicators.all()),
    }
