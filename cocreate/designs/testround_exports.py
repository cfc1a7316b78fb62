"""A test round's results as CSV, for the people who run it: one row per tester, without names, ids or what they
wrote in their own words (a sentence can give away who wrote it, and a file travels further than a page)."""

import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from cocreate.core import csvfiles
from cocreate.sensemaking.usability import SUS_ITEMS

from . import testround_queries


def results_csv(test_round) -> str:
    header = [
        "tester",
        *(f"task_{n}" for n in range(1, len(test_round.tasks) + 1)),
        *(f"sus_{n}" for n in range(1, SUS_ITEMS + 1)),
        "sus_score",
    ]
    out = io.StringIO()
    writer = csvfiles.dict_writer(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in testround_queries.result_rows(test_round):
        writer.writerow(row)
    return out.getvalue()


@require_GET
def testround_results_csv(request, pk: int, round_id: int):
    test_round = testround_queries.round_for_page(pk, round_id, request.user, perm="designs.results_testround")
    response = HttpResponse(results_csv(test_round), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="design-{pk}-test-round-{round_id}.csv"'
    return response
