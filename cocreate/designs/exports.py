"""A design with all its versions, as JSON: what anyone who may see the design may read (no notes, no e-mail)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import queries
from .sections import cost_totals


def design_document(design) -> dict:
    versions = design.versions.select_related("author").order_by("number")
    return {
        "id": design.pk,
        "challenge": design.challenge.slug,
        "title": design.title,
        "summary": design.summary,
        "status": design.status,
        "supports": design.support_count,
        "comments": design.comment_count,
        "created_at": design.created_at.isoformat(),
        "withdrawn_at": design.withdrawn_at.isoformat() if design.withdrawn_at else None,
        "authors": [design.author.public_name]
        + [c.user.public_name for c in queries.coauthors(design) if c.status == c.Status.ACCEPTED and c.user],
        "ideas": [idea.pk for idea in queries.source_ideas(design)],
        "versions": [
            {
                "number": v.number,
                "saved_by": v.author.public_name,
                "saved_at": v.created_at.isoformat(),
                "note": v.note,
                "content": v.content,
                "cost_one_off": cost_totals(v.content)[0],
                "cost_yearly": cost_totals(v.content)[1],
            }
            for v in versions
        ],
    }


@require_GET
def design_export_json(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    response = JsonResponse(design_document(design), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="design-{design.pk}.json"'
    return response
