"""An opinion map in the shape of Pol.is's public exports, and Pol.is exports read into a challenge.

* The export (``comments.csv``, ``votes.csv``, ``participants-votes.csv``) is a zip file for the officials of the
  challenge's public body. Voters appear as numbers 0, 1, 2, … in the order they joined the conversation; user ids
  and e-mail addresses never leave.
* :func:`opinion_map_import_polis` reads a Pol.is export folder into a challenge (``manage.py import_polis``).
"""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cocreate.challenges.queries import challenge_for_page
from cocreate.challenges.stages import Feature
from cocreate.core import csvfiles
from cocreate.core.errors import NotPermitted
from cocreate.engagement.models import Participant
from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.polis_io import load_polis_export, load_polis_statements

from .errors import ImportIntoNonEmptyOpinionMap, NoOpinionMapStage, PolisImportFailed
from .models import OpinionMapResult, Statement, StatementVote
from .queries import map_stage, statements_of

POLIS_DATETIME = "%a %b %d %H:%M:%S %Z %Y"


# --- Opinion maps in Pol.is's export format --------------------------------------------------------------------------


def pseudonyms(challenge) -> dict[int, int]:
    """Participant id -> the number shown in exports: 0, 1, 2, … in the order people joined this challenge."""
    ids = Participant.objects.filter(challenge=challenge).order_by("pk").values_list("pk", flat=True)
    return {pk: n for n, pk in enumerate(ids)}


def _polis_time(moment) -> tuple[int, str]:
    return int(moment.timestamp() * 1000), moment.astimezone(dt.UTC).strftime(POLIS_DATETIME)


def _csv(rows: list[list], header: list[str]) -> str:
    out = io.StringIO()
    writer = csvfiles.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def polis_files(challenge) -> dict[str, str]:
    """``comments.csv``, ``votes.csv`` and ``participants-votes.csv`` of the challenge's opinion map (the one its
    page shows)."""
    names = pseudonyms(challenge)
    stage = map_stage(challenge)
    statements = list(statements_of(stage).order_by("pk"))
    votes = list(
        StatementVote.objects.filter(statement__in=statements)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "vote", "updated_at")
    )
    result = OpinionMapResult.objects.filter(stage=stage).first() if stage is not None else None
    groups = (result.data or {}).get("participants", {}) if result else {}

    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    by_participant: dict[int, dict[int, int]] = {}
    for participant_id, statement_id, vote, _at in votes:
        if vote == 1:
            agrees[statement_id] = agrees.get(statement_id, 0) + 1
        elif vote == -1:
            disagrees[statement_id] = disagrees.get(statement_id, 0) + 1
        by_participant.setdefault(participant_id, {})[statement_id] = vote

    comments = []
    for s in statements:
        moderated = -1 if s.is_hidden else (1 if s.is_approved else 0)
        author = names.get(s.author_id, "") if s.author_id else ""
        comments.append(
            [*_polis_time(s.created_at), s.pk, author, agrees.get(s.pk, 0), disagrees.get(s.pk, 0), moderated, s.text]
        )
    vote_rows = [[*_polis_time(at), sid, names[pid], vote] for pid, sid, vote, at in votes]
    authored: dict[int, int] = {}
    for s in statements:
        if s.author_id:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    statement_ids = [s.pk for s in statements]
    participant_rows = []
    for participant_id, number in sorted(names.items(), key=lambda item: item[1]):
        own = by_participant.get(participant_id, {})
        if not own and participant_id not in authored:
            continue
        group = groups.get(str(participant_id))
        participant_rows.append(
            [
                number,
                "" if group is None else group,
                authored.get(participant_id, 0),
                len(own),
                sum(1 for v in own.values() if v == 1),
                sum(1 for v in own.values() if v == -1),
                *[own.get(sid, "") for sid in statement_ids],
            ]
        )
    return {
        "comments.csv": _csv(
            comments,
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
        ),
        "votes.csv": _csv(vote_rows, ["timestamp", "datetime", "comment-id", "voter-id", "vote"]),
        "participants-votes.csv": _csv(
            participant_rows,
            ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *map(str, statement_ids)],
        ),
    }


def polis_zip(challenge) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in polis_files(challenge).items():
            archive.writestr(f"{challenge.slug}/{name}", text)
    return buffer.getvalue()


@transaction.atomic
def opinion_map_import_polis(*, challenge, directory: str | Path) -> dict[str, int]:
    """Import a Pol.is export folder: comments become statements, voters pseudonymous participants, and each
    voter's last vote on each comment a statement vote. Run by operators (``manage.py import_polis``)."""
    from .actions import opinion_map_mark_stale

    directory = Path(directory)
    stage = challenge.stage_for(Feature.CREATE, Statement)
    if stage is None:
        raise NoOpinionMapStage()
    if statements_of(stage).exists():
        raise ImportIntoNonEmptyOpinionMap()
    try:
        participant_ids, statement_ids, votes, moderated_out = load_polis_export(directory)
        texts = load_polis_statements(directory)
        authors = _polis_authors(directory)
    except SensemakingError as error:
        raise PolisImportFailed(str(error)) from None
    hidden = set(moderated_out)
    for pid in authors.values():
        if pid not in participant_ids:
            participant_ids.append(pid)
    participants = Participant.objects.bulk_create(
        [Participant(challenge=challenge, token=f"polis-{pid}"[:64]) for pid in participant_ids]
    )
    participant_by_id = dict(zip(participant_ids, participants, strict=True))
    if any(p.pk is None for p in participants):  # databases that do not return ids from bulk inserts
        by_token = dict(Participant.objects.filter(challenge=challenge).values_list("token", "pk"))
        participant_by_id = {pid: Participant(pk=by_token[f"polis-{pid}"[:64]]) for pid in participant_ids}
    statements = [
        Statement(
            challenge=challenge,
            stage=stage,
            author=participant_by_id.get(authors.get(sid)) if sid in authors else None,
            text=_shorten(texts.get(sid) or str(_("Statement %(id)s") % {"id": sid})),
            is_approved=sid not in hidden,
            is_hidden=sid in hidden,
        )
        for sid in statement_ids
    ]
    Statement.objects.bulk_create(statements)
    statement_by_id = dict(zip(statement_ids, statements, strict=True))
    last: dict[tuple, int] = {}
    for pid, sid, vote in votes:  # in time order: the last vote counts
        last[(pid, sid)] = vote
    StatementVote.objects.bulk_create(
        [
            StatementVote(participant=participant_by_id[pid], statement=statement_by_id[sid], vote=vote)
            for (pid, sid), vote in last.items()
        ],
        batch_size=2000,
    )
    opinion_map_mark_stale(stage.pk)
    return {"participants": len(participants), "statements": len(statements), "votes": len(last)}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 280 else text[:279] + "…"


def _polis_authors(directory: Path) -> dict:
    """comment-id -> author-id from comments.csv (empty without the file or the column)."""
    path = directory / "comments.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if "author-id" not in (reader.fieldnames or []):
            return {}
        out = {}
        for row in reader:
            cid, aid = (row.get("comment-id") or "").strip(), (row.get("author-id") or "").strip()
            if cid and aid:
                out[_as_id(cid)] = _as_id(aid)
        return out


def _as_id(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


# --- Download view -------------------------------------------------------------------------------------------------


@require_GET
def opinion_map_export(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("opinionmaps.export", challenge):
        raise NotPermitted()
    response = HttpResponse(polis_zip(challenge), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-opinion-map.zip"'
    return response
