"""The public exports of a challenge's ideas, with their supports and statuses, as CSV or JSON: public data only, for
everyone who may see the challenge."""

import io

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import csvfiles

from .queries import visible_ideas

IDEA_FIELDS = [
    "id",
    "title",
    "description",
    "status",
    "supports",
    "comments",
    "origin",
    "created_at",
    "withdrawn_at",
    "url",
]


def idea_rows(challenge) -> list[dict]:
    """The ideas of a challenge that anyone may see, with what is public about them (no authors, no notes)."""
    ideas = visible_ideas(AnonymousUser()).filter(challenge=challenge).order_by("pk")
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "description": idea.description,
            "status": idea.status,
            "supports": idea.support_count,
            "comments": idea.comment_count,
            "origin": idea.origin,
            "created_at": idea.created_at.isoformat(),
            "withdrawn_at": idea.withdrawn_at.isoformat() if idea.withdrawn_at else None,
            "url": idea.get_absolute_url(),
        }
        for idea in ideas
    ]


def ideas_csv(challenge) -> str:
    out = io.StringIO()
    writer = csvfiles.dict_writer(out, IDEA_FIELDS)
    writer.writeheader()
    for row in idea_rows(challenge):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


# --- Download views --------------------------------------------------------------------------------------------------


@require_GET
def ideas_export_csv(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    response = HttpResponse(ideas_csv(challenge), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-ideas.csv"'
    return response


@require_GET
def ideas_export_json(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    response = JsonResponse(
        {"challenge": challenge.slug, "ideas": idea_rows(challenge)}, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-ideas.json"'
    return response
