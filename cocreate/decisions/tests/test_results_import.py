"""pb_import: every Pabulib file in the shared data, tallied with each rule, gives the reference outcome; a bad file
is refused with exit code 2 and leaves nothing behind."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cocreate.decisions.models import Ballot, Decision, Project, TallyRun

pytestmark = pytest.mark.django_db
DATA = Path("/work/shared/data/pabulib")
EXPECTED = json.loads((DATA / "expected.json").read_text()) if (DATA / "expected.json").exists() else {}
RULES = {"greedy": "greedy", "mes": "mes", "mes-complete": "mes_complete"}


def _import(*args):
    out = io.StringIO()
    call_command("pb_import", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.skipif(not EXPECTED, reason="the shared Pabulib data is not here")
@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pb_import_tally_equals_the_reference(name, rule):
    result = _import(str(DATA / name), "--tally", rule)
    assert result["selected"] == sorted(EXPECTED[name][RULES[rule]])
    decision = Decision.objects.get(pk=result["id"])
    assert result["url"] == decision.get_absolute_url()
    assert decision.results == Decision.Results.PUBLISHED
    assert set(decision.projects.filter(selected=True).values_list("external_id", flat=True)) == set(result["selected"])


def test_pb_import_without_tally_prints_id_and_url():
    result = _import(str(DATA / "Poland_Czestochowa_2020_Grabowka.pb"))
    assert set(result) == {"id", "url"}
    decision = Decision.objects.get(pk=result["id"])
    assert decision.ballot_type == Decision.BallotType.CUMULATIVE and decision.results == Decision.Results.NONE
    assert not decision.public and Ballot.objects.filter(decision=decision).count() == 201


@pytest.mark.parametrize(
    "text, message",
    [
        ("META\nkey;value\nbudget;100\n", "ends without the PROJECTS, VOTES section"),
        (
            "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n2;60\n"
            "VOTES\nvoter_id;vote\n1;1\n2;3\n",
            "not in PROJECTS",
        ),
        (
            "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50.125\n"
            "VOTES\nvoter_id;vote\n1;1\n",
            "more than two decimals",
        ),
        (
            "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
            "VOTES\nvoter_id;vote\n1;1\n1;1\n",
            "appears twice",
        ),
    ],
)
def test_a_bad_file_is_refused_with_exit_code_2_and_nothing_imported(tmp_path, capsys, text, message):
    path = tmp_path / "bad.pb"
    path.write_text(text)
    with pytest.raises(SystemExit) as exit_:
        call_command("pb_import", str(path), "--tally", "mes")
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not Decision.objects.exists() and not Project.objects.exists() and not Ballot.objects.exists()
    assert not TallyRun.objects.exists()


def test_a_missing_file_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("pb_import", "/nonexistent/file.pb")
    assert exit_.value.code == 2 and "no such file" in capsys.readouterr().err
