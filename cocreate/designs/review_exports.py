"""The public CSV of feasibility reviews, of one design or of a challenge's designs: department, version, verdict,
reasoning and dates. Never the notes for officials, never who gave them. Written with core's CSV writer, which keeps
formulas from running in spreadsheets."""

import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import csvfiles

from . import queries, review_queries

FIELDS = ["design_id", "design", "department", "version", "verdict", "reasoning", "requested", "due", "given"]


def reviews_csv(reviews) -> str:
    out = io.StringIO()
    writer = csvfiles.writer(out)
    writer.writerow(FIELDS)
    for review in reviews:
        writer.writerow(
            "" if value is None else value
            for value in (
                review.design_id,
                review.design.title,
                review.department.name,
                review.version.number,
                review.verdict,
                review.reasoning,
                review.created_at.isoformat(),
                review.answer_due.isoformat() if review.answer_due else None,
                review.given_at.isoformat() if review.given_at else None,
            )
        )
    return out.getvalue()


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def design_reviews_csv(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    reviews = review_queries.reviews_for_export(queries.visible_designs(request.user).filter(pk=design.pk))
    return _download(reviews_csv(reviews), f"design-{design.pk}-reviews.csv")


@require_GET
def challenge_reviews_csv(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    designs = queries.visible_designs(request.user).filter(challenge=challenge, is_hidden=False)
    return _download(reviews_csv(review_queries.reviews_for_export(designs)), f"{challenge.slug}-design-reviews.csv")
