import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cocreate.engagement.models import Participant
from cocreate.opinionmaps.exports import polis_files
from cocreate.opinionmaps.models import OpinionMapResult, Statement, StatementVote
from cocreate.opinionmaps.tasks import recompute_opinion_map

POLIS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis"


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def conversation(make_challenge_in, make_user):
    challenge = make_challenge_in(stage="opinion_map")
    a = Statement.objects.create(
        challenge=challenge, stage=challenge.stages.get(), text="Seed, with a comma", is_seed=True, is_approved=True
    )
    b = Statement.objects.create(challenge=challenge, stage=challenge.stages.get(), text="Second", is_approved=True)
    hidden = Statement.objects.create(challenge=challenge, stage=challenge.stages.get(), text="Rude", is_hidden=True)
    people = [make_user(email=f"voter{n}@example.org") for n in range(3)]
    participants = [Participant.objects.create(challenge=challenge, user=u) for u in people]
    Statement.objects.filter(pk=hidden.pk).update(author=participants[2])
    for participant, (va, vb) in zip(participants, [(1, -1), (-1, 0), (1, 1)], strict=True):
        StatementVote.objects.create(participant=participant, statement=a, vote=va)
        StatementVote.objects.create(participant=participant, statement=b, vote=vb)
    recompute_opinion_map.call(stage_id=challenge.stages.get().pk)
    return challenge, people, (a, b, hidden)


@pytest.mark.django_db
def test_opinion_map_zip_in_polis_format_for_officials_only(
    client, conversation, citizen, official, with_second_factor
):
    challenge, people, (a, b, hidden) = conversation
    export = reverse("opinionmaps:export", args=[challenge.slug])
    assert client.get(export).status_code == 403
    client.force_login(citizen)
    assert client.get(export).status_code == 403

    with_second_factor(official)
    client.force_login(official)
    response = client.get(export)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    prefix = f"{challenge.slug}/"
    assert sorted(archive.namelist()) == [prefix + n for n in ("comments.csv", "participants-votes.csv", "votes.csv")]
    text = {n.removeprefix(prefix): archive.read(n).decode() for n in archive.namelist()}
    for person in people:
        for content in text.values():
            assert person.email not in content
    comments = read_csv(text["comments.csv"])
    assert [(int(c["comment-id"]), c["moderated"], c["agrees"], c["disagrees"]) for c in comments] == [
        (a.pk, "1", "2", "1"),
        (b.pk, "1", "1", "1"),
        (hidden.pk, "-1", "0", "0"),
    ]
    assert comments[0]["comment-body"] == "Seed, with a comma"
    assert comments[2]["author-id"] == "2"
    votes = read_csv(text["votes.csv"])
    assert sorted({v["voter-id"] for v in votes}) == ["0", "1", "2"]
    assert len(votes) == 6
    participants = read_csv(text["participants-votes.csv"])
    assert [(p["participant"], p["n-votes"], p["n-agree"], p["n-disagree"]) for p in participants] == [
        ("0", "2", "1", "1"),
        ("1", "2", "0", "1"),
        ("2", "2", "2", "0"),
    ]
    assert participants[2]["n-comments"] == "1"
    assert [p[str(a.pk)] for p in participants] == ["1", "-1", "1"]
    groups = OpinionMapResult.objects.get(stage=challenge.stages.get()).data["participants"]
    assert [p["group-id"] for p in participants] == [
        "" if groups[str(pk)] is None else str(groups[str(pk)])
        for pk in Participant.objects.filter(challenge=challenge).order_by("pk").values_list("pk", flat=True)
    ]


def expected_counts(folder: Path) -> tuple[int, int, int]:
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as f:
        votes = {(row["voter-id"], row["comment-id"]) for row in csv.DictReader(f)}
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        comments = {row["comment-id"] for row in csv.DictReader(f)}
    statements = comments | {c for _v, c in votes}
    return len(statements), len(votes), len(comments)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["15-per-hour-seattle", "london.youth.policing"])
def test_import_polis_conversations(make_challenge_in, name, django_capture_on_commit_callbacks):
    folder = POLIS / name
    if not folder.is_dir():
        pytest.skip(f"the Pol.is conversation {name} is not at {folder}")
    challenge = make_challenge_in(stage="opinion_map", title=name)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_polis", str(folder), challenge=challenge.slug, stdout=out)
    n_statements, n_votes, _n_comments = expected_counts(folder)
    assert Statement.objects.filter(challenge=challenge).count() == n_statements
    assert StatementVote.objects.filter(statement__challenge=challenge).count() == n_votes
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as f:
        voters = {row["voter-id"] for row in csv.DictReader(f)}
    assert Participant.objects.filter(
        challenge=challenge, pk__in=StatementVote.objects.values("participant")
    ).count() == len(voters)
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        hidden = sum(1 for row in csv.DictReader(f) if row["moderated"] == "-1")
    assert Statement.objects.filter(challenge=challenge, is_hidden=True).count() == hidden
    assert all(len(t) <= 280 for t in Statement.objects.values_list("text", flat=True))
    assert f"{n_votes} votes" in out.getvalue()
    assert OpinionMapResult.objects.get(stage=challenge.stages.get()).is_stale

    with pytest.raises(CommandError):  # a second import into the same challenge is refused
        call_command("import_polis", str(folder), challenge=challenge.slug, stdout=io.StringIO())
    assert StatementVote.objects.filter(statement__challenge=challenge).count() == n_votes


@pytest.mark.django_db
def test_import_polis_refuses_a_missing_folder_and_an_unknown_challenge(make_challenge_in, tmp_path):
    challenge = make_challenge_in(stage="opinion_map")
    with pytest.raises(CommandError, match=r"votes\.csv"):
        call_command("import_polis", str(tmp_path / "nothing"), challenge=challenge.slug)
    with pytest.raises(CommandError, match="no challenge"):
        call_command("import_polis", str(tmp_path), challenge="nope")
    assert Statement.objects.count() == 0


@pytest.mark.django_db
def test_opinion_map_export_turns_no_statement_into_a_formula(conversation):
    challenge, _people, (a, _b, _hidden) = conversation
    Statement.objects.filter(pk=a.pk).update(text="=1+1 and -2 more")

    text = polis_files(challenge)
    comments = read_csv(text["comments.csv"])
    assert comments[0]["comment-body"] == "'=1+1 and -2 more"
    assert comments[2]["moderated"] == "-1"  # numbers stay numbers
    assert sorted(v["vote"] for v in read_csv(text["votes.csv"])) == ["-1", "-1", "0", "1", "1", "1"]
