"""Tests of the opinion map (cocreate.sensemaking.opinion and its helper modules) and the Pol.is export reader."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.opinion import VoteArrays, compute_opinion_map, opinion_map_report
from cocreate.sensemaking.opinion_clusters import _qualified_early
from cocreate.sensemaking.polis_io import load_polis_export, load_polis_groups, load_polis_statements

DATA = (Path(__file__).resolve().parents[3] / ".." / "shared" / "data").resolve()
POLIS = DATA / "polis"
CONVERSATIONS = [
    "15-per-hour-seattle",
    "brexit-consensus",
    "canadian-electoral-reform",
    "london.youth.policing",
    "scoop-hivemind.biodiversity",
    "scoop-hivemind.ubi",
    "vtaiwan.uberx",
]
needs_data = pytest.mark.skipif(
    not POLIS.is_dir(), reason=f"reference data folder {POLIS} is absent (it lives beside the repository)"
)


def two_camps(n_per_camp=30, n_statements=20, seed=0, flip=0.1):
    """Two camps who vote oppositely on every statement, except statement 0 that everyone agrees with."""
    rng = np.random.default_rng(seed)
    participants = [f"p{i}" for i in range(2 * n_per_camp)]
    statements = list(range(n_statements))
    votes = []
    for i, pid in enumerate(participants):
        camp = 1 if i < n_per_camp else -1
        for s in statements:
            if s == 0:
                vote = 1
            else:
                vote = camp if s % 2 else -camp
                if rng.random() < flip:
                    vote = 0
            votes.append((pid, s, vote))
    return participants, statements, votes


def synthetic_arrays(n_participants, n_statements, n_votes, n_groups, seed):
    rng = np.random.default_rng(seed)
    latent = rng.integers(n_groups, size=n_participants)
    participant = rng.integers(n_participants, size=n_votes)
    statement = rng.integers(n_statements, size=n_votes)
    p_agree = rng.beta(0.5, 0.5, size=(n_groups, n_statements))
    value = np.where(rng.random(n_votes) < p_agree[latent[participant], statement], 1, -1)
    return VoteArrays(participant, statement, value), latent


# --------------------------------------------------------------------------------------------------------------
# Small, known structure


def test_two_camps_are_found_with_their_statements():
    participants, statements, votes = two_camps()
    m = compute_opinion_map(participants, statements, votes)
    assert m.n_groups == 2
    camp_a = {m.groups[p] for p in participants[:30]}
    camp_b = {m.groups[p] for p in participants[30:]}
    assert len(camp_a) == 1 and len(camp_b) == 1 and camp_a != camp_b
    assert m.clustered == 60
    # Each group's representative statements are ones it votes differently on from the other camp (plus, as in
    # Pol.is, the statement the group most clearly agrees with, which may be shared).
    for g, reps in m.group_statements.items():
        assert reps, f"group {g} has no representative statement"
        assert sum(r.best_agree for r in reps) <= 1
        for r in reps:
            assert r.direction in ("agree", "disagree")
            assert 0 < r.probability < 1 and r.n_trials > 0
            if r.best_agree:
                assert r.direction == "agree" and r.probability > 0.5
            else:
                assert r.statement != 0 and r.representativeness > 1 and r.representativeness_z > 1.2816
    # Statement 0 is agreed by everyone: consensus, and the highest group-informed consensus.
    assert any(c.statement == 0 and c.direction == "agree" for c in m.consensus)
    assert max(m.group_informed_consensus, key=m.group_informed_consensus.get) == 0
    # Everyone agrees on statement 0, so it does not separate people: lowest extremity.
    assert m.extremity[0] == min(m.extremity.values())
    # The two camps sit on opposite sides of the first axis.
    xa = np.mean([m.positions[p][0] for p in participants[:30]])
    xb = np.mean([m.positions[p][0] for p in participants[30:]])
    assert abs(xa - xb) > 1


def test_deterministic_and_both_input_forms_agree():
    participants, statements, votes = two_camps(seed=3, flip=0.3)
    first = compute_opinion_map(participants, statements, votes).to_dict()
    second = compute_opinion_map(participants, statements, votes).to_dict()
    assert first == second
    p_index = {p: i for i, p in enumerate(participants)}
    arrays = VoteArrays(
        np.array([p_index[p] for p, _, _ in votes]),
        np.array([s for _, s, _ in votes]),
        np.array([v for _, _, v in votes]),
    )
    assert compute_opinion_map(participants, statements, arrays).to_dict() == first


def test_last_vote_counts():
    participants, statements, votes = two_camps()
    # p0 first disagrees with everything, then votes as before: the result must not change.
    noisy = [("p0", s, -1) for s in statements] + votes
    assert (
        compute_opinion_map(participants, statements, noisy).to_dict()
        == compute_opinion_map(participants, statements, votes).to_dict()
    )
    # And a final change of heart is what counts.
    m = compute_opinion_map(participants, statements, [*votes, ("p0", 0, -1)])
    assert m.group_votes[m.groups["p0"]][0][1] == 1  # one disagreement with statement 0 in p0's group


def test_moderated_statements_take_no_part():
    participants, statements, votes = two_camps()
    m = compute_opinion_map(participants, statements, votes, moderated_out=[1, 2, "unknown"])
    assert m.moderated_out == [1, 2]
    assert m.extremity[1] == 0 and m.extremity[2] == 0
    assert 1 not in m.group_informed_consensus and 2 not in m.group_informed_consensus
    assert all(r.statement not in (1, 2) for reps in m.group_statements.values() for r in reps)
    assert all(c.statement not in (1, 2) for c in m.consensus)
    assert m.n_groups == 2


def test_to_dict_is_json_with_the_cli_contract():
    participants, statements, votes = two_camps()
    d = compute_opinion_map(participants, [*statements, 99], votes).to_dict()
    text = json.dumps(d)
    back = json.loads(text)
    assert set(back) >= {"participants", "groups", "consensus"}
    assert set(back["participants"]) == set(participants)
    assert all(g in (0, 1) for g in back["participants"].values())
    assert [g["id"] for g in back["groups"]] == [0, 1]
    assert back["groups"][0]["size"] >= back["groups"][1]["size"]
    assert back["extremity"]["99"] == 0  # never voted on


def test_report_is_readable():
    participants, statements, votes = two_camps()
    m = compute_opinion_map(participants, statements, votes)
    report = opinion_map_report(m, {0: "Everyone likes parks", 1: "More buses"})
    assert "Group 0" in report and "Group 1" in report
    assert "Everyone likes parks" in report
    empty = opinion_map_report(compute_opinion_map(["a"], [1], []))
    assert "none" in empty


def test_sparse_pca_matches_dense_mean_filled_pca():
    """Positions equal those of the textbook computation on the dense, mean-filled matrix."""
    votes, _ = synthetic_arrays(300, 40, 4000, 3, seed=5)
    m = compute_opinion_map(range(300), range(40), votes)
    dense = np.full((300, 40), np.nan)
    dense[votes.participant, votes.statement] = votes.value  # later votes overwrite earlier ones
    cast = ~np.isnan(dense)
    means = np.nanmean(dense, axis=0)
    filled = np.where(cast, dense, means)
    _, _, vt = np.linalg.svd(filled - filled.mean(axis=0), full_matrices=False)
    raw = np.where(cast, dense - means, 0.0) @ vt[:2].T
    expected = raw * np.sqrt(40 / cast.sum(axis=1))[:, None]
    ours = np.array([m.positions[i] for i in range(300)])
    for axis in range(2):
        sign = np.sign(ours[:, axis] @ expected[:, axis])
        np.testing.assert_allclose(ours[:, axis], sign * expected[:, axis], atol=1e-6)


def test_recovers_latent_groups_at_moderate_size():
    votes, latent = synthetic_arrays(3000, 200, 90_000, 3, seed=11)
    m = compute_opinion_map(range(3000), range(200), votes)
    assert m.n_groups == 3
    clustered = [p for p in range(3000) if m.groups[p] is not None]
    assert len(clustered) > 2500
    assert adjusted_rand_score(latent[clustered], [m.groups[p] for p in clustered]) > 0.9


# --------------------------------------------------------------------------------------------------------------
# Who is clustered


def test_min_votes_threshold_and_greedy_fill():
    participants, statements, votes = two_camps(n_per_camp=20)
    extra = [("late", s, 1) for s in range(3)]  # only 3 votes out of 20 statements
    m = compute_opinion_map([*participants, "late", "silent"], statements, votes + extra)
    assert m.groups["late"] is None and m.groups["silent"] is None
    assert "late" in m.positions and "silent" not in m.positions
    m = compute_opinion_map([*participants, "late"], statements, votes + extra, min_votes=3)
    assert m.groups["late"] is not None
    # With fewer than 15 qualified participants, the most active voters are added (as in Pol.is).
    few = [(p, s, v) for p, s, v in votes if p in participants[:4] or s < 3]
    m = compute_opinion_map(participants, statements, few)
    assert m.clustered == 15


def test_early_voters_who_voted_on_everything_stay_in():
    # a votes on the only statement before any other statement exists; b joins later with one vote too.
    rows = np.array([0, 1, 1, 1, 1, 1, 1, 1, 2])
    cols = np.array([0, 0, 1, 2, 3, 4, 5, 6, 0])
    qualified = _qualified_early(rows, cols, 3, 7, 7)
    assert qualified.tolist() == [True, True, False]


# --------------------------------------------------------------------------------------------------------------
# Bad input


def test_degenerate_inputs_give_defined_results():
    m = compute_opinion_map(["a", "b"], [1, 2], [])
    assert m.groups == {"a": None, "b": None} and m.n_groups == 0 and m.positions == {}
    m = compute_opinion_map(["a"], [1, 2], [("a", 1, 1), ("a", 2, -1)])
    assert m.groups == {"a": None} and m.n_groups == 0 and "a" in m.positions
    m = compute_opinion_map([], [], [])
    assert m.to_dict()["participants"] == {}
    # Everyone votes alike: a single point, no groups.
    same = [(p, s, 1) for p in range(20) for s in range(10)]
    m = compute_opinion_map(range(20), range(10), same)
    assert m.n_groups == 0 and all(g is None for g in m.groups.values())
    assert any(c.statement == 0 for c in m.consensus)
    # A statement nobody voted on and a participant without votes are fine.
    participants, statements, votes = two_camps()
    m = compute_opinion_map([*participants, "nobody"], [*statements, "unvoted"], votes)
    assert m.extremity["unvoted"] == 0 and m.groups["nobody"] is None and m.n_groups == 2
    # Two participants: two distinct positions are split into two groups, as Pol.is does.
    m = compute_opinion_map(["a", "b"], [1, 2], [("a", 1, 1), ("a", 2, 1), ("b", 1, -1), ("b", 2, -1)])
    assert sorted(m.groups.values()) == [0, 1]


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ([("a", 1, float("nan"))], "must be"),
        ([("a", 1, 2)], "must be"),
        ([("a", 1, "agree")], "must be"),
        ([("a", 1, True)], "must be"),
        ([("zz", 1, 1)], "not in the participant list"),
        ([("a", 7, 1)], "not in the statement list"),
        ([("a", 1)], "triple"),
        (42, "iterable"),
    ],
)
def test_bad_votes_raise_readable_errors(votes, message):
    with pytest.raises(SensemakingError, match=message):
        compute_opinion_map(["a", "b"], [1, 2], votes)


def test_bad_arrays_raise_readable_errors():
    good = (np.array([0, 1]), np.array([0, 1]))
    with pytest.raises(SensemakingError, match="must be"):
        compute_opinion_map(["a", "b"], [1, 2], (*good, np.array([1.0, np.nan])))
    with pytest.raises(SensemakingError, match="outside"):
        compute_opinion_map(["a", "b"], [1, 2], (np.array([0, 5]), np.array([0, 1]), np.array([1, 1])))
    with pytest.raises(SensemakingError, match="integer positions"):
        compute_opinion_map(["a", "b"], [1, 2], (np.array([0.0, 1.0]), np.array([0, 1]), np.array([1, 1])))
    with pytest.raises(SensemakingError, match="same length"):
        compute_opinion_map(["a", "b"], [1, 2], (np.array([0]), np.array([0, 1]), np.array([1, 1])))
    with pytest.raises(SensemakingError, match="twice"):
        compute_opinion_map(["a", "a"], [1, 2], [])
    with pytest.raises(SensemakingError, match="min_votes"):
        compute_opinion_map(["a"], [1], [], min_votes=0)


def test_polis_reader_errors(tmp_path):
    with pytest.raises(SensemakingError, match="not a folder"):
        load_polis_export(tmp_path / "missing")
    with pytest.raises(SensemakingError, match="does not exist"):
        load_polis_export(tmp_path)
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id\n1,0,0\n")
    with pytest.raises(SensemakingError, match="no column 'vote'"):
        load_polis_export(tmp_path)
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n")
    with pytest.raises(SensemakingError, match="no votes"):
        load_polis_export(tmp_path)
    (tmp_path / "votes.csv").write_text("timestamp,comment-id,voter-id,vote\n1,0,0,yes\n")
    with pytest.raises(SensemakingError, match="not a number"):
        load_polis_export(tmp_path)


def test_polis_reader_orders_votes_by_time(tmp_path):
    (tmp_path / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n20,x,0,1,-1\n10,x,0,1,1\n15,x,1,0,1\n"
    )
    (tmp_path / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1,x,0,0,1,1,1,"Parks, please"\n2,x,1,0,1,0,-1,spam\n3,x,2,0,0,0,0,unvoted\n'
    )
    pids, sids, votes, mod = load_polis_export(tmp_path)
    assert pids == [0, 1] and sids == [0, 1, 2] and mod == [1]
    assert votes == [(1, 0, 1), (0, 1, 1), (1, 0, -1)]
    assert load_polis_statements(tmp_path)[0] == "Parks, please"


# --------------------------------------------------------------------------------------------------------------
# Agreement with Pol.is on real conversations


@pytest.fixture(scope="module")
def polis_agreement():
    rows = {}
    for name in CONVERSATIONS:
        folder = POLIS / name
        pids, sids, votes, mod = load_polis_export(folder)
        reference = load_polis_groups(folder)
        m = compute_opinion_map(pids, sids, votes, moderated_out=mod)
        both = [p for p in pids if m.groups.get(p) is not None and reference.get(p) is not None]
        rows[name] = {
            "ours": m.n_groups,
            "polis": len({g for g in reference.values() if g is not None}),
            "ari": adjusted_rand_score([reference[p] for p in both], [m.groups[p] for p in both]),
            "both": len(both),
            "map": m,
        }
    return rows


@needs_data
def test_same_number_of_groups_as_polis_in_most_conversations(polis_agreement):
    same = [name for name, r in polis_agreement.items() if r["ours"] == r["polis"]]
    table = {name: (r["ours"], r["polis"]) for name, r in polis_agreement.items()}
    assert len(same) >= 5, f"group counts (ours, Pol.is): {table}"


@needs_data
@pytest.mark.parametrize("name", ["vtaiwan.uberx", "canadian-electoral-reform", "scoop-hivemind.biodiversity"])
def test_groups_agree_with_polis(polis_agreement, name):
    row = polis_agreement[name]
    assert row["both"] > 200
    assert row["ari"] >= 0.8, f"adjusted Rand index {row['ari']:.3f} on {name}"


@needs_data
def test_real_conversation_outputs_are_complete(polis_agreement):
    m = polis_agreement["vtaiwan.uberx"]["map"]
    assert set(m.group_statements) == set(range(m.n_groups))
    assert all(1 <= len(reps) <= 5 for reps in m.group_statements.values())
    assert all(0 < v < 1 for v in m.group_informed_consensus.values())
    assert len(m.consensus) <= 10
    json.dumps(m.to_dict())
