"""Site-wide search in the JSON API: ``GET /api/v1/search?q=…&type=…&page=…`` (see ``core.search``)."""

from ninja import Query, Router, Schema

from .api import InputSchema
from .search import PAGE_SIZE, site_search

router = Router()


class SearchParams(InputSchema):
    q: str = ""
    type: str = ""
    page: str = ""


class SearchHitOut(Schema):
    kind: str
    title: str
    summary: str
    url: str
    status: str
    status_label: str
    rank: float


class SearchOut(Schema):
    query: str
    type: str
    page: int
    pages: int
    page_size: int
    count: int
    counts: dict[str, int]
    results: list[SearchHitOut]


@router.get("", response=SearchOut)
def search(request, params: Query[SearchParams]):
    """Challenges, problems, ideas and designs the caller may see that match ``q``, best first."""
    results = site_search(request.user, params.q, kind=params.type, page=params.page)
    return {
        "query": results.query,
        "type": results.kind,
        "page": results.page,
        "pages": results.pages,
        "page_size": PAGE_SIZE,
        "count": results.total,
        "counts": results.counts,
        "results": [
            {
                "kind": hit.kind,
                "title": hit.title,
                "summary": hit.summary,
                "url": request.build_absolute_uri(hit.url),
                "status": hit.status,
                "status_label": hit.status_label,
                "rank": hit.rank,
            }
            for hit in results.hits
        ],
    }
