"""The public CSV of feasibility reviews, of one design or of a challenge's designs: department, version, verdict,
reasoning and dates. Never the notes for officials, never who gave them.

There is no shared CSV writer in ``core`` yet, so the one rule every spreadsheet export needs lives here: a cell that
starts with = + - @ (or a tab or carriage return) is written with a leading apostrophe, so a spreadsheet shows it as
text instead of running it as a formula."""

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cocreate.challenges.queries import challenge_for_page

from . import queries, review_queries

FIELDS = ["design_id", "design", "department", "version", "verdict", "reasoning", "requested", "due", "given"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def reviews_csv(reviews) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for review in reviews:
        writer.writerow(
            safe_cell(value)
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
