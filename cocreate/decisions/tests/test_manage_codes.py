"""Voting codes: made in batches, kept only as digests, printed once as a PDF of slips."""

import re
import zlib

import pytest

from cocreate.core.errors import NotPermitted

from .. import codes
from ..errors import BatchSizeOutOfRange, CodesNotTaken
from ..manage_actions import code_batch_create
from ..models import Decision, VotingCode, VotingCodeBatch
from .manage_fixtures import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db
CODE = re.compile(rb"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def pdf_text(pdf: bytes) -> tuple[int, bytes]:
    """(pages, the page content streams decompressed) of a PDF, checking that its cross-reference table is where the
    trailer says: enough structure to know a reader can open it."""
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
    assert pdf[startxref : startxref + 4] == b"xref"
    streams = []
    for match in re.finditer(rb"<<([^<>]*)>>\s*stream\r?\n", pdf):
        if b"/FlateDecode" in match.group(1):
            length = int(re.search(rb"/Length (\d+)", match.group(1)).group(1))
            streams.append(pdf[match.end() : match.end() + length])
    text = b"\n".join(zlib.decompress(stream) for stream in streams)
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    return pages, text


def test_a_batch_stores_digests_only_and_answers_with_the_printable_codes(signed_in, official, decision):
    response = signed_in(official).post(
        f"/decisions/{decision.pk}/manage/codes/",
        {"codes-size": "11", "codes-label": "Letters to Riverside", "codes-district": "Riverside"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    pages, text = pdf_text(response.content)
    printed = CODE.findall(text)
    assert len(printed) == 11
    assert len(set(printed)) == 11
    assert pages == 2  # eight slips a page
    assert decision.title.encode() in text
    assert f"/decisions/{decision.pk}/".encode() in text
    batch = VotingCodeBatch.objects.get()
    assert (batch.size, batch.label, batch.district, batch.created_by) == (
        11,
        "Letters to Riverside",
        "Riverside",
        official,
    )
    stored = set(VotingCode.objects.filter(batch=batch).values_list("digest", flat=True))
    assert stored == {codes.digest(code.decode()) for code in printed}
    # nothing stored holds a plain code
    for row in VotingCode.objects.values():
        for value in row.values():
            assert not any(
                code.decode() in str(value) or code.decode().replace("-", "") in str(value) for code in printed
            )


def test_the_list_shows_used_and_unused_codes_per_batch(signed_in, official, decision):
    _batch, plain = code_batch_create(actor=official, decision=decision, size=5, label="Library")
    VotingCode.objects.filter(digest=codes.digest(plain[0])).update(used_at="2026-01-01T10:00:00Z")
    page = signed_in(official).get(f"/decisions/{decision.pk}/manage/codes/").content.decode()
    row = re.search(r"<tr><td>Library</td>.*?</tr>", page, re.DOTALL).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
    assert cells[:5] == ["Library", "—", "5", "1", "4"]
    assert not any(code in page for code in plain)


@pytest.mark.parametrize(
    ("size", "message"),
    [("0", "Make at least one code."), ("10001", "A batch holds at most 10,000 codes"), ("many", "whole number")],
)
def test_a_batch_size_out_of_range_is_refused_clearly(signed_in, official, decision, size, message):
    response = signed_in(official).post(
        f"/decisions/{decision.pk}/manage/codes/", {"codes-size": size, "codes-label": "Too many"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Too many"' in response.content.decode()
    assert VotingCodeBatch.objects.count() == 0


def test_the_largest_batch_is_made_and_printed_in_one_answer(signed_in, official, decision):
    response = signed_in(official).post(f"/decisions/{decision.pk}/manage/codes/", {"codes-size": "10000"})
    assert response.status_code == 200
    pages, text = pdf_text(response.content)
    assert pages == 1250
    assert len(set(CODE.findall(text))) == 10_000
    assert VotingCode.objects.filter(decision=decision).count() == 10_000


def test_a_vote_of_residents_only_takes_no_codes(signed_in, official, decision):
    Decision.objects.filter(pk=decision.pk).update(voters=Decision.Voters.RESIDENTS)
    decision.refresh_from_db()
    with pytest.raises(CodesNotTaken):
        code_batch_create(actor=official, decision=decision, size=3)
    response = signed_in(official).post(f"/decisions/{decision.pk}/manage/codes/", {"codes-size": "3"})
    assert response.status_code == 400
    assert "takes no voting codes" in response.content.decode()
    assert VotingCode.objects.count() == 0


@pytest.mark.parametrize("who", ["citizen", "other_official"])
def test_people_who_do_not_run_the_decision_cannot_make_codes(request, signed_in, decision, who):
    user = request.getfixturevalue(who)
    client = signed_in(user)
    assert client.get(f"/decisions/{decision.pk}/manage/codes/").status_code == 403
    response = client.post(f"/decisions/{decision.pk}/manage/codes/", {"codes-size": "3"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    with pytest.raises(NotPermitted):
        code_batch_create(actor=user, decision=decision, size=3)
    assert VotingCodeBatch.objects.count() == 0
    assert VotingCode.objects.count() == 0


@pytest.mark.parametrize("size", [0, 10_001])
def test_the_action_refuses_a_batch_size_out_of_range(official, decision, size):
    with pytest.raises(BatchSizeOutOfRange):
        code_batch_create(actor=official, decision=decision, size=size)
    assert VotingCodeBatch.objects.count() == 0
