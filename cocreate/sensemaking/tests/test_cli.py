"""The cocreate-sense command line, run in-process: reports, JSON contracts and error paths."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cocreate.sensemaking.cli import main

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason="reference data ../shared/data is absent (it is not part of the repository)"
)
GRABOWKA = DATA / "pabulib" / "Poland_Czestochowa_2020_Grabowka.pb"


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def _error(capsys, argv) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) >= 1
    return lines[-1]


@needs_data
@pytest.mark.parametrize(("rule", "key"), [("greedy", "greedy"), ("mes", "mes"), ("mes-complete", "mes_complete")])
def test_pb_tally_json_contract(capsys, rule, key):
    expected = json.loads((DATA / "pabulib" / "expected.json").read_text())[GRABOWKA.name][key]
    data = _json(capsys, ["pb-tally", str(GRABOWKA), "--rule", rule, "--json"])
    assert sorted(data["selected"]) == expected
    assert isinstance(data["cost"], int | float) and data["cost"] > 0
    assert isinstance(data["steps"], list) and data["steps"]
    assert all(isinstance(step, dict) for step in data["steps"])


@needs_data
def test_pb_tally_report(capsys):
    assert main(["pb-tally", str(GRABOWKA), "--rule", "mes"]) == 0
    out = capsys.readouterr().out
    assert "Method of Equal Shares" in out and "funded" in out and "supporters had only" in out


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "the file is empty"),
        (
            "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\na;150\nVOTES\nvoter_id;vote\n",
            "project a costs 150, more than the whole budget of 100",
        ),
        (
            "META\nkey;value\nbudget;100\nvote_type;approval\nnum_votes;2\nPROJECTS\nproject_id;cost\na;50\n"
            "VOTES\nvoter_id;vote\n1;a\n",
            "truncated",
        ),
        ("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\na;50\n", "truncated"),
    ],
)
def test_pb_tally_bad_input(capsys, tmp_path, text, fragment):
    line = _error(capsys, ["pb-tally", _write(tmp_path, "bad.pb", text), "--rule", "mes"])
    assert line.startswith("cocreate-sense: error:") and fragment in line


def test_missing_files(capsys, tmp_path):
    missing = str(tmp_path / "missing")
    assert "no such file" in _error(capsys, ["pb-tally", missing + ".pb", "--rule", "greedy"])
    assert "no such file" in _error(capsys, ["similar", missing + ".csv", "query"])
    assert "no such file" in _error(capsys, ["wikisurvey", missing + ".csv"])


def test_usage_errors(capsys):
    assert main(["pb-tally", "x.pb", "--rule", "plurality"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main([]) == 2


def test_similar(capsys, tmp_path):
    csv_text = (
        "id,text,lat,lon\n"
        "1,The street light on Elm Street is broken,52.52,13.40\n"
        "2,Bus stop without a shelter,52.52,13.41\n"
        "3,Broken street light near the river,48.85,2.35\n"
    )
    path = _write(tmp_path, "reports.csv", csv_text)
    data = _json(capsys, ["similar", path, "stret light elm street brokn", "-k", "2", "--json"])
    assert data["query"] == "stret light elm street brokn"
    assert data["results"][0]["key"] == "1"
    assert set(data["results"][0]) >= {"key", "score", "text"}
    near = _json(
        capsys, ["similar", path, "broken street light", "--near", "48.85,2.35", "--radius-m", "1000", "--json"]
    )
    assert [r["key"] for r in near["results"]] == ["3"]
    assert main(["similar", path, "broken street light"]) == 0
    assert "The street light on Elm Street is broken" in capsys.readouterr().out
    assert "radius_m" in _error(capsys, ["similar", path, "light", "--near", "48.85,2.35"])
    assert "no rows" in _error(capsys, ["similar", _write(tmp_path, "empty.csv", "id,text\n"), "light"])


def _module_or_skip(name: str, *attributes: str):
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        pytest.skip(f"{name} is not importable yet: {exc}")
    missing = [a for a in attributes if not hasattr(module, a)]
    if missing:
        pytest.skip(f"{name} has no {', '.join(missing)} yet")
    return module


@needs_data
def test_opinion_map(capsys):
    _module_or_skip("cocreate.sensemaking.polis_io", "load_polis_export")
    _module_or_skip("cocreate.sensemaking.opinion", "compute_opinion_map", "opinion_map_report")
    folder = str(DATA / "polis" / "15-per-hour-seattle")
    data = _json(capsys, ["opinion-map", folder, "--json"])
    assert set(data) >= {"participants", "groups", "consensus"}
    assert data["participants"] and all(g is None or isinstance(g, int) for g in data["participants"].values())
    assert isinstance(data["groups"], list) and isinstance(data["consensus"], list)
    assert main(["opinion-map", folder]) == 0
    assert capsys.readouterr().out.strip()


def test_opinion_map_bad_input(capsys, tmp_path):
    _module_or_skip("cocreate.sensemaking.polis_io", "load_polis_export")
    assert _error(capsys, ["opinion-map", str(tmp_path / "nowhere")]).startswith("cocreate-sense: error:")
    (tmp_path / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n", encoding="utf-8")
    assert _error(capsys, ["opinion-map", str(tmp_path)]).startswith("cocreate-sense: error:")


@needs_data
def test_wikisurvey(capsys):
    _module_or_skip("cocreate.sensemaking.wikisurvey", "scores", "wikisurvey_report")
    votes = sorted((DATA / "allourideas").rglob("*_votes.csv"))[0]
    data = _json(capsys, ["wikisurvey", str(votes), "--json"])
    assert data["scores"] and all(isinstance(v, int | float) for v in data["scores"].values())
    assert main(["wikisurvey", str(votes)]) == 0
    assert capsys.readouterr().out.strip()


def test_wikisurvey_bad_input(capsys, tmp_path):
    _module_or_skip("cocreate.sensemaking.wikisurvey", "scores", "wikisurvey_report")
    line = _error(capsys, ["wikisurvey", _write(tmp_path, "votes.csv", "")])
    assert line.startswith("cocreate-sense: error:")


def test_runs_as_a_module(tmp_path):
    path = _write(
        tmp_path,
        "e.pb",
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n",
    )
    done = subprocess.run(
        [sys.executable, "-m", "cocreate.sensemaking", "pb-tally", path, "--rule", "mes", "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"] == ["a"]


def _adoption_csv(header="t,cumulative\n", p=0.03, q=0.38, m=10_000, periods=24):
    """Cumulative adopters of a Bass curve with known p, q, m, rounded to whole people."""
    import math

    rows = []
    for t in range(1, periods + 1):
        e = math.exp(-(p + q) * t)
        rows.append(f"{t},{round(m * (1 - e) / (1 + q / p * e))}\n")
    return header + "".join(rows)


def test_bass_fit_json_contract(capsys, tmp_path):
    path = _write(tmp_path, "adoption.csv", _adoption_csv())
    data = _json(capsys, ["bass-fit", path, "--forecast", "30", "--json"])
    assert data["p"] == pytest.approx(0.03, rel=1e-3)
    assert data["q"] == pytest.approx(0.38, rel=1e-3)
    assert data["m"] == pytest.approx(10_000, rel=1e-3)
    assert set(data["intervals"]) == {"p", "q", "m"}
    assert data["intervals"]["q"][0] <= data["q"] <= data["intervals"]["q"][1]
    assert data["points"] == 24
    assert data["confidence"] == 0.95
    assert data["peak_time"] == pytest.approx(6.19, abs=0.01)
    assert [f["t"] for f in data["forecast"]] == [30.0]
    assert data["forecast"][0]["cumulative"] == pytest.approx(10_000, rel=1e-3)


def test_bass_fit_reads_standard_input_without_a_header(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(_adoption_csv(header="")))
    data = _json(capsys, ["bass-fit", "--json"])
    assert data["m"] == pytest.approx(10_000, rel=1e-3)


def test_bass_fit_finds_its_columns_by_name(capsys, tmp_path):
    text = "cumulative,week,t\n" + "".join(
        f"{line.split(',')[1].strip()},w{line.split(',')[0]},{line.split(',')[0]}\n"
        for line in _adoption_csv(header="").splitlines()
    )
    data = _json(capsys, ["bass-fit", _write(tmp_path, "a.csv", text), "--json"])
    assert data["q"] == pytest.approx(0.38, rel=1e-3)


def test_bass_fit_with_dates(capsys, tmp_path):
    text = "t,cumulative\n2026-01-08,120\n2026-01-15,260\n2026-01-29,610\n2026-02-05,800\n2026-02-19,1100\n"
    data = _json(capsys, ["bass-fit", _write(tmp_path, "a.csv", text), "--launch", "2026-01-01", "--json"])
    assert data["points"] == 5
    assert data["m"] >= 1100


def test_bass_fit_report(capsys, tmp_path):
    assert main(["bass-fit", _write(tmp_path, "a.csv", _adoption_csv()), "--forecast", "12"]) == 0
    out = capsys.readouterr().out
    assert "innovation p = 0.03" in out
    assert "forecast at t=12:" in out


@pytest.mark.parametrize(
    ("text", "argv", "fragment"),
    [
        ("", [], "no rows"),
        ("t,cumulative\n1,5\n2,9\n3,8\n4,12\n5,20\n", [], "falls from 9 to 8"),
        ("t,cumulative\n1,5\n2,9\n3,12\n", [], "at least 4 counts"),
        ("t,cumulative\n1,5\n2,x\n3,12\n4,20\n", [], "line 3: cumulative 'x' is not a number"),
        ("t,cumulative\n1,5\n2\n3,12\n4,20\n", [], "line 3: expected t,cumulative"),
        ("t,cumulative\n1,5\n2026-01-02,9\n3,12\n4,20\n", [], "dates need --launch"),
        ("t,cumulative\n1,5\n2,nan\n3,12\n4,20\n", [], "finite"),
        ("t,cumulative\n1,5\n2,9\n3,12\n4,20\n", ["--launch", "soon"], "is not a date"),
        ("t,cumulative\n1,5\n2,9\n3,12\n4,20\n", ["--confidence", "95"], "between 0 and 1"),
        ("t,cumulative\n1,5\n2,30\n3,60\n4,75\n5,80\n", ["--forecast", "-3"], "before the launch"),
        ("t,cumulative\n1,5\n2,9\n3,12\n4,20\n", [], "has not slowed down"),
    ],
)
def test_bass_fit_bad_input(capsys, tmp_path, text, argv, fragment):
    line = _error(capsys, ["bass-fit", _write(tmp_path, "bad.csv", text), *argv])
    assert line.startswith("cocreate-sense: error:")
    assert fragment in line


def test_bass_fit_missing_file(capsys, tmp_path):
    assert "no such file" in _error(capsys, ["bass-fit", str(tmp_path / "missing.csv")])
