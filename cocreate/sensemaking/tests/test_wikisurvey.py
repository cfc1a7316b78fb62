"""Tests of pairwise wiki surveys (cocreate.sensemaking.wikisurvey) and the All Our Ideas reader."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from cocreate.sensemaking.allourideas_io import load_allourideas_ideas, load_allourideas_votes
from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.wikisurvey import bradley_terry, choose_pair, scores, tally, wikisurvey_report

DATA = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data").resolve()
AOI = DATA / "allourideas"
SURVEYS = sorted(AOI.glob("*/*_votes.csv")) if AOI.is_dir() else []
needs_data = pytest.mark.skipif(
    not AOI.is_dir(), reason=f"reference data folder {AOI} is absent (it lives beside the repository)"
)


# --------------------------------------------------------------------------------------------------------------
# Displayed score


@needs_data
def test_there_are_twelve_surveys():
    assert len(SURVEYS) == 12


@needs_data
@pytest.mark.parametrize("votes_path", SURVEYS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scores_reproduce_all_our_ideas(votes_path):
    votes = load_allourideas_votes(votes_path)
    ideas = load_allourideas_ideas(votes_path.with_name(votes_path.name.replace("_votes", "_ideas")))
    ours = scores(votes, ideas)
    counts = tally(votes, ideas)
    for idea, row in ideas.items():
        assert abs(ours[idea] - row["score"]) <= 1e-4, f"idea {idea}: {ours[idea]} vs {row['score']}"
        assert counts[idea] == (row["wins"], row["losses"])


def test_scores_ignore_invalid_votes_and_start_at_fifty():
    votes = [("a", "b", True), ("a", "b", True), ("b", "a", False), ("c", "a")]
    assert scores(votes, ["d"]) == {
        "a": pytest.approx(3 / 5 * 100),
        "b": pytest.approx(1 / 4 * 100),
        "c": pytest.approx(2 / 3 * 100),
        "d": 50.0,
    }


@pytest.mark.parametrize(
    ("votes", "ideas", "message"),
    [
        ([], (), "no votes"),
        ([("a", "b", False)], (), "at least two ideas"),
        ([("a", "a", True)], (), "against itself"),
        ([("a",)], (), "expected"),
        ([], ["only"], "at least two ideas"),
    ],
)
def test_scores_bad_input(votes, ideas, message):
    with pytest.raises(SensemakingError, match=message):
        scores(votes, ideas)


# --------------------------------------------------------------------------------------------------------------
# Bradley-Terry


def test_bradley_terry_recovers_known_strengths():
    rng = np.random.default_rng(1)
    truth = np.linspace(-2, 2, 8)
    votes = []
    for _ in range(3000):
        i, j = rng.choice(8, 2, replace=False)
        p = 1 / (1 + np.exp(truth[j] - truth[i]))
        votes.append((i, j) if rng.random() < p else (j, i))
    bt = bradley_terry(votes)
    order = sorted(bt, key=lambda i: bt[i].strength)
    assert order == list(range(8))
    np.testing.assert_allclose([bt[i].strength for i in range(8)], truth - truth.mean(), atol=0.25)
    for est in bt.values():
        assert 0 <= est.low <= est.score <= est.high <= 100
        assert est.high - est.low < 15  # 3000 votes on 8 ideas: fairly precise
    assert bradley_terry(votes) == bt  # deterministic


def test_bradley_terry_takes_opponents_into_account():
    # "a" and "b" each won twice; "a" beat the strong idea "s", "b" beat the weak idea "w".
    votes = [("s", "w")] * 10 + [("s", "x")] * 5 + [("x", "w")] * 5 + [("a", "s")] * 2 + [("b", "w")] * 2
    displayed = scores(votes)
    bt = bradley_terry(votes)
    assert displayed["a"] == displayed["b"]
    assert bt["a"].score > bt["b"].score


def test_bradley_terry_intervals_are_wide_without_votes():
    bt = bradley_terry([("a", "b")], ideas=["c"])
    assert bt["c"].score == pytest.approx(50, abs=1)
    assert bt["c"].high - bt["c"].low > 50


@needs_data
def test_bradley_terry_agrees_with_the_displayed_ranking():
    votes = load_allourideas_votes(AOI / "experts" / "wikisurvey_eviction_votes.csv")
    shown, bt = scores(votes), bradley_terry(votes)
    ideas = sorted(shown)
    rank_shown = np.argsort(np.argsort([shown[i] for i in ideas]))
    rank_bt = np.argsort(np.argsort([bt[i].score for i in ideas]))
    assert np.corrcoef(rank_shown, rank_bt)[0, 1] > 0.9
    assert all(bt[i].low <= bt[i].score <= bt[i].high for i in ideas)


# --------------------------------------------------------------------------------------------------------------
# Pair selection


def test_choose_pair_never_repeats_the_previous_pair():
    rng = np.random.default_rng(7)
    ideas = list("abcd")
    appearances: Counter = Counter()
    previous = None
    for _ in range(2000):
        pair = choose_pair(appearances, ideas=ideas, previous_pair=previous, rng=rng)
        assert pair[0] != pair[1] and set(pair) <= set(ideas)
        assert previous is None or set(pair) != set(previous)
        appearances[pair] += 1
        previous = pair


def test_choose_pair_shows_under_voted_ideas_more_often():
    rng = np.random.default_rng(2015)
    ideas = [f"old{i}" for i in range(9)] + ["new"]
    # Every pair of old ideas has been shown 100 times; pairs with the new idea never.
    appearances = {(a, b): 100 for i, a in enumerate(ideas[:9]) for b in ideas[i + 1 : 9]}
    shown = Counter()
    for _ in range(4000):
        shown.update(choose_pair(appearances, ideas=ideas, rng=rng))
    old_mean = np.mean([shown[i] for i in ideas[:9]])
    # Weights: 0.05 for the 9 new pairs, 1/101 for the 36 old pairs: the new idea is in ~56 % of the draws,
    # an old idea in ~21 %.
    assert shown["new"] / 4000 == pytest.approx(0.557, abs=0.04)
    assert shown["new"] > 2 * old_mean


def test_choose_pair_is_deterministic_and_uniform_when_nothing_was_shown():
    draws = [choose_pair({}, ideas=list("abc"), rng=np.random.default_rng(3)) for _ in range(2)]
    assert draws[0] == draws[1]
    rng = np.random.default_rng(4)
    counts = Counter(frozenset(choose_pair({}, ideas=list("abc"), rng=rng)) for _ in range(3000))
    assert len(counts) == 3 and min(counts.values()) > 900
    sides = Counter(choose_pair({}, ideas=["a", "b"], rng=rng)[0] for _ in range(1000))
    assert 400 < sides["a"] < 600


def test_choose_pair_edge_cases():
    rng = np.random.default_rng(0)
    # Two ideas: the only pair is shown again.
    assert set(choose_pair({("a", "b"): 3}, previous_pair=("b", "a"), rng=rng)) == {"a", "b"}
    with pytest.raises(SensemakingError, match="at least two ideas"):
        choose_pair({}, ideas=["a"], rng=rng)
    with pytest.raises(SensemakingError, match="Generator"):
        choose_pair({}, ideas=["a", "b"], rng=None)
    with pytest.raises(SensemakingError, match="not a number"):
        choose_pair({("a", "b"): -1}, rng=rng)
    with pytest.raises(SensemakingError, match="pairs of ideas"):
        choose_pair({"a": 1}, ideas=["a", "b"], rng=rng)


# --------------------------------------------------------------------------------------------------------------
# Reader and report


def test_reader_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SensemakingError, match="empty"):
        load_allourideas_votes(empty)
    bad = tmp_path / "bad.csv"
    bad.write_text("Winner ID,Valid\n1,TRUE\n")
    with pytest.raises(SensemakingError, match="no column 'Loser ID'"):
        load_allourideas_votes(bad)
    with pytest.raises(SensemakingError, match="does not exist"):
        load_allourideas_votes(tmp_path / "missing.csv")
    weird = tmp_path / "weird.csv"
    weird.write_text("Winner ID,Loser ID,Valid\n1,2,maybe\n")
    with pytest.raises(SensemakingError, match="Valid"):
        load_allourideas_votes(weird)
    header_only = tmp_path / "header.csv"
    header_only.write_text("Winner ID,Loser ID,Valid\n")
    with pytest.raises(SensemakingError, match="no votes"):
        scores(load_allourideas_votes(header_only))
    one = tmp_path / "one.csv"
    one.write_text("Winner ID,Loser ID,Valid\n1,2,FALSE\n")
    with pytest.raises(SensemakingError, match="at least two ideas"):
        scores(load_allourideas_votes(one))


def test_reader_and_report(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("Winner ID,Loser ID,Valid\n1,2,TRUE\n1,3,TRUE\n2,3,FALSE\nx,1,true\n")
    votes = load_allourideas_votes(path)
    assert votes == [(1, 2, True), (1, 3, True), (2, 3, False), ("x", 1, True)]
    report = wikisurvey_report(votes, texts={1: "More benches"})
    assert "More benches" in report and "votes: 4 (3 valid)" in report
    assert report.index("x") < report.index("More benches")  # x won its only vote: 66.7 vs 60
