"""Participatory budgeting: the .pb reader/writer and the rules, checked against pabutools' outcomes."""

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from cocreate.sensemaking import pb
from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.pb import Ballot, Election, Project, equal_shares, greedy, read_pb, write_pb

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "pabulib"
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason="reference data ../shared/data/pabulib is absent (it is not part of the repository)"
)

EXPECTED = json.loads((DATA / "expected.json").read_text()) if DATA.is_dir() else {}
RULES = {
    "greedy": greedy,
    "mes": equal_shares,
    "mes_complete": lambda election: equal_shares(election, complete=True),
}
CASES = [(name, rule) for name, outcome in EXPECTED.items() for rule in RULES if rule in outcome]

_elections: dict[str, Election] = {}


def _load(name: str) -> Election:
    if name not in _elections:
        _elections[name] = read_pb(DATA / name)
    return _elections[name]


@needs_data
@pytest.mark.parametrize(("name", "rule"), CASES, ids=[f"{n[:30]}-{r}" for n, r in CASES])
def test_outcome_equals_pabutools(name, rule):
    tally = RULES[rule](_load(name))
    assert sorted(tally.selected) == sorted(EXPECTED[name][rule])
    election = _load(name)
    assert tally.cost == sum(election.projects[p].cost for p in tally.selected)
    assert tally.cost <= election.budget
    json.dumps(tally.to_dict())  # the steps are JSON-serialisable


@needs_data
def test_every_reference_file_and_rule_is_covered():
    files = {p.name for p in DATA.glob("*.pb")}
    assert set(EXPECTED) == files
    assert len(CASES) == 3 * len(files)


@needs_data
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_round_trip_real_files(name):
    election = _load(name)
    again = read_pb(write_pb(election))
    assert again == election
    assert write_pb(again) == write_pb(election)


@needs_data
def test_float_and_exact_runs_agree():
    """The fast floating-point run selects exactly what the exact rational run selects."""
    for name in ("Poland_Warszawa_2017_Zielony_Ursynow.pb", "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb"):
        election = _load(name)
        data = pb._MesData(election)
        for percent in (100, 113, 127, 150):
            per_voter = election.budget * percent / 100 / data.n
            try:
                fast = data._run_float(per_voter, explain=False).selected
            except pb._NearTie:
                continue
            assert fast == data._run_exact(per_voter, explain=False).selected


@needs_data
def test_report_explains_each_step():
    election = _load("Poland_Warszawa_2017_Zielony_Ursynow.pb")
    tally = equal_shares(election)
    report = tally.report()
    funded = [s for s in tally.steps if s["action"] == "funded"]
    assert [s["project"] for s in funded] == tally.selected
    assert all(s["rho"] > 0 and s["supporters"] > 0 and s["price_per_supporter"] > 0 for s in funded)
    not_funded = [s for s in tally.steps if s["action"] == "not_funded"]
    assert not_funded and all(s["supporters_money_left"] < s["cost"] for s in not_funded)
    assert "supporters had only" in report and "paid" in report
    assert f"Selected {len(tally.selected)} projects" in report

    greedy_report = greedy(election).report()
    assert "skipped" in greedy_report and "of the budget was left" in greedy_report

    complete = equal_shares(election, complete=True)
    assert "Completion" in complete.report()


# -- small hand-made elections -------------------------------------------------------------------------------------


def _approval(costs: dict[str, int], votes: list[str], budget: int) -> Election:
    text = ["META", "key;value", f"budget;{budget}", "vote_type;approval", "PROJECTS", "project_id;cost;name"]
    text += [f"{p};{c};Project {p}" for p, c in costs.items()]
    text += ["VOTES", "voter_id;vote"] + [f"{i};{v}" for i, v in enumerate(votes)]
    return read_pb("\n".join(text) + "\n")


def test_ties_are_broken_by_project_id_in_lexicographic_order():
    # Projects 9 and 10 have the same cost and the same supporters; only one fits. "10" < "9" as text.
    election = _approval({"9": 60, "10": 60}, ["9,10", "9,10"], budget=100)
    assert greedy(election).selected == ["10"]
    assert equal_shares(election).selected == ["10"]
    assert equal_shares(election, complete=True).selected == ["10"]


def test_exact_tie_in_mes_goes_through_exact_arithmetic():
    election = _approval({"b": 30, "a": 30, "c": 50}, ["a,b", "a,b", "c", "c"], budget=100)
    data = pb._MesData(election)
    with pytest.raises(pb._NearTie):
        data._run_float(Fraction(25), explain=False)
    assert equal_shares(election).selected == ["a", "c"]  # a, b and c tie at first; then b is unaffordable


def test_greedy_skips_what_does_not_fit_and_continues():
    election = _approval({"a": 70, "b": 50, "c": 30}, ["a", "a", "a", "b", "b", "c"], budget=100)
    tally = greedy(election)
    assert tally.selected == ["a", "c"]
    assert [s["action"] for s in tally.steps] == ["funded", "skipped", "funded"]
    assert "only 30 of the budget was left" in tally.steps[1]["reason"]


def test_mes_is_proportional_and_explains_why_not():
    # 60% of the voters want the "x" projects, 40% the "y" ones: MES funds both sides; greedy only the majority.
    costs = {"x1": 50, "x2": 50, "y1": 40, "y2": 40}
    votes = ["x1,x2"] * 6 + ["y1,y2"] * 4
    election = _approval(costs, votes, budget=100)
    assert sorted(greedy(election).selected) == ["x1", "x2"]
    tally = equal_shares(election)
    assert sorted(tally.selected) == ["x1", "y1"]
    first = tally.steps[0]
    assert first["project"] == "x1" and first["price_per_supporter"] == pytest.approx(50 / 6)
    reasons = {s["project"]: s["reason"] for s in tally.steps if s["action"] == "not_funded"}
    assert reasons["x2"] == "its 6 supporters had only 10 left, it costs 50"
    assert reasons["y2"] == "its 4 supporters had only 0 left, it costs 40"


def test_borda_satisfaction_for_ordinal_ballots():
    text = """META
key;value
budget;10
vote_type;ordinal
PROJECTS
project_id;cost
a;5
b;5
c;5
VOTES
voter_id;vote
1;a,b,c
2;b,a
3;c
"""
    election = read_pb(text)
    data = pb._MesData(election)
    # Borda: a ballot of length L gives L - 1, L - 2, ..., 0; the last-ranked project (and a lone one) gets 0.
    totals = dict(zip(data.pids, data.total_sat, strict=True))
    assert totals == {"a": 2 + 0, "b": 1 + 1}
    assert "c" in data.unsupported
    assert greedy(election).selected == ["a", "b"]  # 2/5 each: tie broken by id, both fit
    # Each voter holds 10/3; "a" pleases only voter 1, who cannot pay 5 alone; "b" is shared by voters 1 and 2.
    assert equal_shares(election).selected == ["b"]


def test_cumulative_points_and_zero_cost_project():
    text = """META
key;value
budget;100
vote_type;cumulative
PROJECTS
project_id;cost
free;0
big;90
small;20
VOTES
voter_id;vote;points
1;big,free;9,1
2;small;10
"""
    election = read_pb(text)
    # By total points: small (10), big (9) no longer fits, free (1) costs nothing.
    assert greedy(election).selected == ["small", "free"]
    tally = equal_shares(election)
    assert tally.selected[0] == "free"  # supported and free: funded first
    assert "small" in tally.selected  # voter 2 holds 50 and can pay 20 alone
    assert "big" not in tally.selected  # voter 1 holds only 50


def test_no_votes():
    election = _approval({"a": 40, "b": 30}, [], budget=50)
    assert equal_shares(election).selected == []
    assert equal_shares(election, complete=True).selected == ["a"]  # greedy fill: both score 0, "a" first


def test_round_trip_each_vote_type_with_awkward_fields():
    for vote_type, vote, points in (
        ("approval", "p1,p2", None),
        ("cumulative", "p1,p2", "3,2.5"),
        ("ordinal", "p2,p1", None),
    ):
        election = Election(
            meta={"description": 'A "quoted"; name', "country": "Ελλάδα"},
            projects={"p1": Project(cost=10, name="Park; benches"), "p2": Project(cost="2.75", name="")},
            ballots=[
                Ballot(
                    "v1",
                    tuple(vote.split(",")),
                    None if points is None else tuple(Fraction(p) for p in points.split(",")),
                    {"age": "30"},
                ),
                Ballot("v2", (), None if points is None else (), {"age": ""}),
            ],
            vote_type=vote_type,
            budget=Fraction("12.5"),
        )
        again = read_pb(write_pb(election))
        assert again.projects == election.projects
        assert again.ballots == election.ballots
        assert (again.budget, again.vote_type) == (election.budget, election.vote_type)
        assert again.meta["description"] == election.meta["description"]
        assert read_pb(write_pb(again)) == again


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("PROJECTS\nproject_id;cost\n", "line 1: section PROJECTS found where META was expected"),
        ("META\nkey;value\nvote_type;approval\nPROJECTS\n", "line 4: the META section has no budget"),
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;x\n", "line 7: the cost"),
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;11\n", "more than the whole"),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a,b\n",
            "line 10: the vote names project 'b'",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\n"
            "VOTES\nvoter_id;vote;points\n1;a;1,2\n",
            "line 10: the vote names 1 projects but gives 2 points",
        ),
        (
            "META\nkey;value\nbudget;10\nvote_type;approval\nnum_votes;3\nPROJECTS\nproject_id;cost\na;5\n"
            "VOTES\nvoter_id;vote\n1;a\n",
            "announces num_votes=3 but holds 1 votes (is it truncated?)",
        ),
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n", "without the VOTES"),
        ("META\nkey;value\nbudget;10\nvote_type;ranked\nPROJECTS\n", "vote_type 'ranked' is not one of"),
    ],
)
def test_malformed_files_are_rejected_with_line_and_reason(text, message):
    with pytest.raises(SensemakingError, match=re.escape(message)):
        read_pb(text)


def test_missing_file(tmp_path):
    with pytest.raises(SensemakingError, match="no such file"):
        read_pb(tmp_path / "missing.pb")


@needs_data
def test_truncated_real_file_is_rejected(tmp_path):
    text = (DATA / "Poland_Czestochowa_2020_Grabowka.pb").read_text(encoding="utf-8")
    path = tmp_path / "cut.pb"
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    with pytest.raises(SensemakingError, match=r"truncated|line"):
        read_pb(path)
