from django.contrib.auth.models import AnonymousUser
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from cocreate.core.api import InputSchema
from cocreate.engagement.queries import engagement_for

from . import queries
from .models import Problem
from .schemas import ProblemDetailOut, ProblemOut

router = Router()


class ProblemFilters(InputSchema):
    category: str = ""
    status: str = ""
    challenge: str = ""
    q: str = ""
    sort: str = "newest"


def _summary(problem: Problem) -> dict:
    location = problem.public_location
    return {
        "id": problem.pk,
        "title": problem.title,
        "description": problem.description,
        "status": problem.status,
        "category": problem.category.code if problem.category else None,
        "challenge": problem.challenge.slug if problem.challenge else None,
        "organisation": problem.organisation.slug,
        "support_count": problem.support_count,
        "comment_count": problem.comment_count,
        "created_at": problem.created_at,
        "answer_due": problem.answer_due,
        "latitude": location[0] if location else None,
        "longitude": location[1] if location else None,
        "url": problem.get_absolute_url(),
    }


@router.get("/", response=list[ProblemOut])
@paginate(PageNumberPagination, page_size=50)
def list_problems(request, filters: Query[ProblemFilters]):
    """Public problems, newest or most confirmed first. Locations are rounded to the neighbourhood grid."""
    problems = queries.problem_list(
        AnonymousUser(),
        queries.ProblemFilters(
            category=filters.category[:60],
            status=filters.status[:20],
            challenge=filters.challenge[:80],
            text=filters.q[:200],
            sort=filters.sort if filters.sort in queries.SORTS else "newest",
        ),
    )
    return [_summary(p) for p in problems]


@router.get("/{problem_id}", response=ProblemDetailOut)
def get_problem(request, problem_id: int):
    """A public problem with its answers. The address the reporter typed is not given: like the exact point, it is
    for the public body's officials only."""
    problem = queries.problem_for_page(problem_id, AnonymousUser())
    history = engagement_for(problem, user=AnonymousUser()).status_history
    return {
        **_summary(problem),
        "department": problem.department.name if problem.department else None,
        "status_history": [{"status": c.new_status, "answer": c.answer, "at": c.created_at} for c in history],
    }
