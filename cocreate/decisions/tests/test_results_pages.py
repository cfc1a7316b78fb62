"""The results panel and pages, downloads, receipt checks, selections and imports, over HTTP; and the API."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocreate.decisions.models import Ballot, Decision, Project, TallyRun
from cocreate.decisions.results_actions import decision_close, dry_count
from cocreate.decisions.tasks import count_decision, count_dry_runs
from cocreate.designs.models import Design

from . import results_fixtures
from .results_fixtures import add_ballot

pytestmark = pytest.mark.django_db
designs_on_ballot = results_fixtures.designs_on_ballot
selection = results_fixtures.selection
vote = results_fixtures.vote  # fixtures


@pytest.fixture(autouse=True)
def _officials_have_a_second_factor(official, with_second_factor):
    with_second_factor(official)


DIEPPE = Path("/work/shared/data/pabulib/Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb")


@pytest.fixture
def cast(vote, make_user):
    p = vote["projects"]
    voter = make_user(display_name="Vic Voter")
    add_ballot(vote["decision"], vote["budget"], [p["A"], p["C"]], user=voter, receipt="7f3a9c")
    add_ballot(vote["decision"], vote["budget"], [p["A"], p["C"]])
    add_ballot(vote["decision"], vote["budget"], [p["A"]])
    add_ballot(vote["decision"], vote["budget"], [p["B"]])
    return voter


@pytest.fixture
def published(vote, cast, official):
    Decision.objects.filter(pk=vote["decision"].pk).update(rule=Decision.Rule.MES)
    decision_close(vote["decision"], by=official)
    count_decision.call(decision_id=vote["decision"].pk)
    vote["decision"].refresh_from_db()
    return vote


def _urls(vote):
    d, b = vote["decision"].pk, vote["budget"].pk
    return {
        "results": reverse("decisions:budget_results", args=[d, b]),
        "ballots": reverse("decisions:download_ballots", args=[d, b]),
        "tally": reverse("decisions:download_tally", args=[d, b]),
        "hashes": reverse("decisions:download_hashes", args=[d, b]),
        "api": f"/api/v1/decision-results/{d}",
        "api_files": f"/api/v1/decision-results/{d}/files",
        "api_receipt": f"/api/v1/decision-results/{d}/receipts/7f3a9c",
    }


def test_officials_see_close_and_dry_count_and_others_do_not(client, vote, official, citizen):
    url = vote["decision"].get_absolute_url()
    client.force_login(official)
    page = client.get(url).content.decode()
    assert reverse("decisions:close", args=[vote["decision"].pk]) in page
    assert reverse("decisions:dry_count", args=[vote["decision"].pk]) in page
    client.force_login(citizen)
    page = client.get(url).content.decode()
    assert f"decisions/{vote['decision'].pk}/close" not in page and "Dry count" not in page


def test_nothing_is_counted_in_public_while_voting_is_open(client, vote, cast, official, citizen):
    dry_count(vote["decision"], by=official)
    count_dry_runs.call(run_ids=list(TallyRun.objects.values_list("pk", flat=True)))
    run = TallyRun.objects.get()
    dry_url = reverse("decisions:dry_count_result", args=[vote["decision"].pk, run.pk])
    for user in (None, citizen):
        client.logout()
        if user:
            client.force_login(user)
        for name, url in _urls(vote).items():
            response = client.get(url)
            assert response.status_code == 403, name
            assert b"Project A" not in response.content
        assert client.get(dry_url).status_code == 404
        page = client.get(vote["decision"].get_absolute_url()).content.decode()
        assert "dry-count" not in page and "ballots counted" not in page
    assert client.get(_urls(vote)["api"]).json()["code"] == "decision_counts_hidden"
    client.force_login(official)
    response = client.get(dry_url)
    assert response.status_code == 200 and b"Only the officials of this decision see this dry count" in response.content


def test_live_counts_when_the_decision_allows_them(client, vote, cast):
    Decision.objects.filter(pk=vote["decision"].pk).update(live_counts=True)
    body = client.get(_urls(vote)["api"]).json()
    assert body["live_counts"][str(vote["projects"]["A"].pk)] == 3


def test_closing_by_http(client, vote, official, citizen):
    url = reverse("decisions:close", args=[vote["decision"].pk])
    client.force_login(citizen)
    assert client.post(url).status_code == 403
    assert Decision.objects.get(pk=vote["decision"].pk).results == Decision.Results.NONE
    client.force_login(official)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Decision.objects.get(pk=vote["decision"].pk).results == Decision.Results.TALLYING
    page = client.get(vote["decision"].get_absolute_url()).content.decode()
    assert "being counted" in page
    assert client.post(url).status_code == 409


def test_published_results_page_downloads_and_api(client, published, cast):
    urls = _urls(published)
    p = published["projects"]
    page = client.get(urls["results"]).content.decode()
    assert "Project A" in page and "Project C" in page
    assert "Its supporters' share was spent on Project A, which they also supported." in page
    assert "Voters with none of their projects selected" in page
    ballots = client.get(urls["ballots"])
    tally = client.get(urls["tally"])
    run = TallyRun.objects.get(dry_run=False)
    assert hashlib.sha256(ballots.content).hexdigest() == run.ballots_sha256
    assert hashlib.sha256(tally.content).hexdigest() == run.tally_sha256
    assert ballots["Content-Disposition"].endswith('.pb"')
    assert client.get(urls["hashes"]).content.decode().startswith(run.ballots_sha256)
    assert run.ballots_sha256 in page and "cocreate-sense pb-tally" in page
    body = client.get(urls["api"]).json()
    (budget,) = body["budgets"]
    assert budget["selected"] == [str(p["A"].pk)] and budget["files"]["ballots_sha256"] == run.ballots_sha256
    assert client.get(urls["api_files"]).json()[0]["tally_sha256"] == run.tally_sha256
    assert client.get(urls["api_receipt"]).json()["found"] is True
    assert client.get(f"/api/v1/decision-results/{published['decision'].pk}/receipts/nope").json()["found"] is False


def test_a_signed_in_voter_sees_where_their_share_went(client, published, cast):
    client.force_login(cast)
    page = client.get(_urls(published)["results"]).content.decode()
    assert "Your ballot" in page and "Your share of the budget was 25 EUR" in page
    assert "left unspent by equal shares: 5 EUR" in page


def test_receipt_check_strips_and_lowercases(client, published):
    url = reverse("decisions:receipt_check", args=[published["decision"].pk])
    page = client.get(url, {"receipt": "  7F3A 9C "}).content.decode()
    assert "Yes: the ballot with receipt 7f3a9c is in the published file" in page
    assert "Project A" in page and "Project C" in page
    page = client.get(url, {"receipt": "0000"}).content.decode()
    assert "No ballot with receipt 0000 is in the published file" in page
    assert client.get(url, {"receipt": "x" * 300}).status_code == 400


def test_receipt_check_before_publication_says_to_come_back(client, vote, cast):
    url = reverse("decisions:receipt_check", args=[vote["decision"].pk])
    page = client.get(url, {"receipt": "7f3a9c"}).content.decode()
    assert "Come back then" in page and "Project A" not in page


def test_selection_page(client, selection, official, citizen, designs_on_ballot):
    decision, (one, two) = selection["decision"], selection["projects"]
    url = reverse("decisions:selection", args=[decision.pk])
    client.force_login(citizen)
    data = {
        f"selected_{one.pk}": "yes",
        f"reason_{one.pk}": "Good.",
        f"selected_{two.pk}": "no",
        f"reason_{two.pk}": "",
    }
    assert client.post(url, data).status_code == 403
    assert not Project.objects.filter(selected__isnull=False).exists()
    client.force_login(official)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Give the public reason for this choice." in response.content.decode()
    assert "Good.</textarea>" in response.content.decode()  # what was typed comes back
    data[f"reason_{two.pk}"] = "Too noisy for the neighbours."
    assert client.post(url, data).status_code == 302
    client.force_login(citizen)
    page = client.get(url).content.decode()
    assert "Too noisy for the neighbours." in page and "Good." in page
    assert Design.objects.get(pk=one.source_id).status == Design.Status.SELECTED


def test_import_page_for_officials(client, official, citizen, city):
    url = reverse("decisions:import")
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(official)
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("bad.pb", b"META\nkey;value\nbudget;100\n")
    response = client.post(url, {"file": bad, "organisation": city.pk, "rule": "mes", "mode": "dry", "title": "Old"})
    assert response.status_code == 400 and "not a Pabulib file" in response.content.decode()
    assert not Decision.objects.exists()
    good = SimpleUploadedFile(DIEPPE.name, DIEPPE.read_bytes())
    response = client.post(url, {"file": good, "organisation": city.pk, "rule": "mes", "mode": "dry", "title": ""})
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert not decision.public and decision.organisation == city and decision.projects.count() == 16
    assert Ballot.objects.filter(decision=decision).count() > 100
    run = TallyRun.objects.get(decision=decision)
    assert run.dry_run and run.status == TallyRun.Status.QUEUED
    client.force_login(citizen)
    assert client.get(decision.get_absolute_url()).status_code == 404


def test_officials_see_why_a_count_failed_and_others_do_not(client, vote, cast, official, citizen):
    from decimal import Decimal

    from .results_fixtures import add_project

    add_project(vote["decision"], vote["budget"], "Too dear", Decimal(900))
    decision_close(vote["decision"], by=official)
    assert count_decision.call(decision_id=vote["decision"].pk) == Decision.Results.FAILED
    client.force_login(official)
    page = client.get(vote["decision"].get_absolute_url()).content.decode()
    assert "The count could not be completed" in page and "more than the whole budget" in page
    assert "Close voting now and count" in page  # they can count again once the project is corrected
    client.force_login(citizen)
    page = client.get(vote["decision"].get_absolute_url()).content.decode()
    assert "The count could not be completed" in page and "more than the whole budget" not in page
