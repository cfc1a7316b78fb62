"""Opinion maps, computed the way Pol.is computes them.

Participants vote agree / disagree / pass on short statements. From those votes this module computes:

* a 2-D map of participants (principal component analysis of the vote matrix),
* opinion groups (k-means in two stages: up to 100 small "base clusters", then 2 to 5 groups chosen by the
  silhouette score),
* for each group, its representative statements (where the group votes differently from everyone else),
* consensus statements (a clear majority of all participants agrees, or disagrees),
* group-informed consensus (the product over groups of each group's smoothed agreement rate),
* statement extremity (how strongly a statement pulls participants apart on the map).

The method follows the published Pol.is math (repository ``compdemocracy/polis``, ``math/src/polismath/math``:
``conversation.clj``, ``pca.clj``, ``clusters.clj``, ``repness.clj``, ``stats.clj``; Small et al., "Polis: Scaling
Deliberation by Mapping High Dimensional Opinion Spaces", Recerca 2021). Pol.is updates its map incrementally
(warm-started k-means, a k smoother), so its stored groups depend on the order in which votes arrived; this module
computes the map from scratch, deterministically, for a fixed seed.

Everything here is plain Python, NumPy, SciPy and scikit-learn; the vote matrix is only ever held sparse, so a
conversation with 100,000 participants and 10 million votes fits comfortably in memory.

The groups are computed in :mod:`cocreate.sensemaking.opinion_clusters` and the representative and consensus
statements in :mod:`cocreate.sensemaking.opinion_statements`; this module checks and prepares the votes, computes the
map and the group vote counts, and writes the report. The tuning constants of both (``SEED``, ``MAX_GROUPS``,
``Z_90``, …) and the two statement classes can be imported from this module too.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.opinion_clusters import BASE_SAMPLE as BASE_SAMPLE
from cocreate.sensemaking.opinion_clusters import GROUP_RESTARTS as GROUP_RESTARTS
from cocreate.sensemaking.opinion_clusters import MAX_BASE_CLUSTERS as MAX_BASE_CLUSTERS
from cocreate.sensemaking.opinion_clusters import MAX_GROUPS as MAX_GROUPS
from cocreate.sensemaking.opinion_clusters import SEED, _cluster, _qualified_early
from cocreate.sensemaking.opinion_statements import (
    AGREE,
    DISAGREE,
    PICK_MAX,
    ConsensusStatement,
    RepresentativeStatement,
    _consensus,
    _json_id,
    _representative_statements,
    _round,
)
from cocreate.sensemaking.opinion_statements import PASS as PASS
from cocreate.sensemaking.opinion_statements import Z_90 as Z_90

__all__ = [
    "ConsensusStatement",
    "OpinionMap",
    "RepresentativeStatement",
    "VoteArrays",
    "compute_opinion_map",
    "opinion_map_report",
]

# The other tuning constants are defined beside the code that uses them, in opinion_clusters and opinion_statements.

#: If fewer participants than this have enough votes, the most active voters are added (Pol.is ``greedy-n``).
GREEDY_MIN_PARTICIPANTS = 15


class VoteArrays(NamedTuple):
    """Votes as three equally long NumPy arrays, in the order the votes were cast.

    ``participant`` and ``statement`` are integer *positions* into the ``participant_ids`` and ``statement_ids``
    given to :func:`compute_opinion_map`; ``value`` is +1 (agree), -1 (disagree) or 0 (pass).
    """

    participant: np.ndarray
    statement: np.ndarray
    value: np.ndarray


@dataclass
class OpinionMap:
    """The result of :func:`compute_opinion_map`.

    Attributes:
        positions: 2-D position of every participant who voted at least once.
        groups: group number (0, 1, …; group 0 is the largest) of every participant, ``None`` for participants
            who were not clustered (too few votes) or when there are no groups.
        group_statements: per group, its representative statements (at most five, agreements first).
        consensus: statements that a clear majority of all participants agreed with, then those a clear majority
            disagreed with (at most five each, strongest first).
        group_informed_consensus: per statement, the product over groups of each group's smoothed agreement rate;
            high only if every group tends to agree. Empty when there are no groups.
        extremity: per statement, how far an agree vote on it alone moves a participant on the map (0 for
            statements that were moderated out or never voted on).
        group_sizes: number of participants in each group.
        group_centers: weighted centre of each group on the map.
        group_votes: per group and statement, the counts ``(agree, disagree, seen)`` among the group's members.
        silhouettes: silhouette score of each number of groups that was tried.
        statement_ids, participant_ids: the identifiers, in the order given.
        moderated_out: statements left out of the analysis.
        n_votes: number of votes counted (the last vote of each participant on each statement).
        clustered: number of participants who were clustered.
    """

    positions: dict[Hashable, tuple[float, float]]
    groups: dict[Hashable, int | None]
    group_statements: dict[int, list[RepresentativeStatement]]
    consensus: list[ConsensusStatement]
    group_informed_consensus: dict[Hashable, float]
    extremity: dict[Hashable, float]
    group_sizes: dict[int, int] = field(default_factory=dict)
    group_centers: dict[int, tuple[float, float]] = field(default_factory=dict)
    group_votes: dict[int, dict[Hashable, tuple[int, int, int]]] = field(default_factory=dict)
    silhouettes: dict[int, float] = field(default_factory=dict)
    statement_ids: list[Hashable] = field(default_factory=list)
    participant_ids: list[Hashable] = field(default_factory=list)
    moderated_out: list[Hashable] = field(default_factory=list)
    n_votes: int = 0
    clustered: int = 0

    @property
    def n_groups(self) -> int:
        return len(self.group_sizes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (identifiers become strings where they are object keys)."""
        groups = []
        for g in sorted(self.group_sizes):
            cx, cy = self.group_centers[g]
            groups.append(
                {
                    "id": g,
                    "size": self.group_sizes[g],
                    "center": [_round(cx), _round(cy)],
                    "representative_statements": [r.to_dict() for r in self.group_statements.get(g, [])],
                    "votes": {
                        str(sid): {"agree": a, "disagree": d, "seen": s}
                        for sid, (a, d, s) in self.group_votes.get(g, {}).items()
                    },
                }
            )
        return {
            "participants": {str(pid): g for pid, g in self.groups.items()},
            "groups": groups,
            "consensus": [c.to_dict() for c in self.consensus],
            "group_informed_consensus": {str(s): _round(v) for s, v in self.group_informed_consensus.items()},
            "extremity": {str(s): _round(v) for s, v in self.extremity.items()},
            "positions": {str(pid): [_round(x), _round(y)] for pid, (x, y) in self.positions.items()},
            "silhouettes": {str(k): _round(v) for k, v in self.silhouettes.items()},
            "summary": {
                "participants": len(self.participant_ids),
                "voters": len(self.positions),
                "clustered": self.clustered,
                "statements": len(self.statement_ids),
                "moderated_out": [_json_id(s) for s in self.moderated_out],
                "votes": self.n_votes,
                "groups": self.n_groups,
            },
        }


# --------------------------------------------------------------------------------------------------------------
# Input


def _index(ids: Sequence[Hashable], what: str) -> dict[Hashable, int]:
    index: dict[Hashable, int] = {}
    for i, x in enumerate(ids):
        if x in index:
            raise SensemakingError(f"{what} id {x!r} is listed twice.")
        index[x] = i
    return index


def _as_vote_arrays(
    votes: Iterable[tuple[Hashable, Hashable, Any]] | VoteArrays | tuple[np.ndarray, np.ndarray, np.ndarray],
    participant_ids: Sequence[Hashable],
    statement_ids: Sequence[Hashable],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convert the votes to validated (participant position, statement position, value) arrays."""
    n_p, n_s = len(participant_ids), len(statement_ids)
    if isinstance(votes, tuple) and len(votes) == 3 and all(isinstance(a, np.ndarray) for a in votes):
        rows, cols, vals = (np.asarray(a) for a in votes)
        if not (rows.ndim == cols.ndim == vals.ndim == 1 and len(rows) == len(cols) == len(vals)):
            raise SensemakingError("The three vote arrays must be one-dimensional and of the same length.")
        for name, arr, n in (("participant", rows, n_p), ("statement", cols, n_s)):
            if len(arr) and not np.issubdtype(arr.dtype, np.integer):
                raise SensemakingError(f"The {name} array must hold integer positions, not {arr.dtype}.")
            if len(arr) and (arr.min() < 0 or arr.max() >= n):
                raise SensemakingError(f"A {name} position is outside 0..{n - 1}.")
        if len(vals) and not (np.issubdtype(vals.dtype, np.number) or vals.dtype == bool):
            raise SensemakingError(f"Vote values must be numbers (+1, -1 or 0), not {vals.dtype}.")
        bad = ~np.isin(vals, (-1, 0, 1))
        if bad.any():
            i = int(np.argmax(bad))
            raise SensemakingError(
                f"Vote number {i + 1} has the value {vals[i]!r}; a vote must be +1 (agree), -1 (disagree) or 0 (pass)."
            )
        return rows.astype(np.int64, copy=False), cols.astype(np.int64, copy=False), vals.astype(np.int8)

    p_index = _index(participant_ids, "Participant")
    s_index = _index(statement_ids, "Statement")
    rows_l: list[int] = []
    cols_l: list[int] = []
    vals_l: list[int] = []
    try:
        iterator = iter(votes)
    except TypeError:
        raise SensemakingError(
            "Votes must be an iterable of (participant, statement, vote) triples or three NumPy arrays."
        ) from None
    for n, item in enumerate(iterator, start=1):
        try:
            pid, sid, value = item
        except (TypeError, ValueError):
            raise SensemakingError(
                f"Vote number {n} is {item!r}; expected a (participant, statement, vote) triple."
            ) from None
        if pid not in p_index:
            raise SensemakingError(f"Vote number {n} is by participant {pid!r}, who is not in the participant list.")
        if sid not in s_index:
            raise SensemakingError(f"Vote number {n} is on statement {sid!r}, which is not in the statement list.")
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or value not in (-1, 0, 1)
            or (isinstance(value, float) and math.isnan(value))
        ):
            raise SensemakingError(
                f"Vote number {n} (participant {pid!r}, statement {sid!r}) has the value {value!r}; a vote must "
                "be +1 (agree), -1 (disagree) or 0 (pass)."
            )
        rows_l.append(p_index[pid])
        cols_l.append(s_index[sid])
        vals_l.append(int(value))
    return (
        np.asarray(rows_l, dtype=np.int64),
        np.asarray(cols_l, dtype=np.int64),
        np.asarray(vals_l, dtype=np.int8),
    )


def _last_votes(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_p: int, n_s: int
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Each participant's last vote on each statement, and the position of each participant's first vote.

    The matrix stores 2 + vote (1, 2 or 3), so that pass votes (0) stay explicit entries and the sparsity pattern
    is exactly "has voted". Participants without votes get ``len(rows)`` as first position.
    """
    n = len(rows)
    key = rows * n_s + cols
    shift = max(int(n).bit_length(), 1)
    if (n_p * n_s) < 2 ** (62 - shift):
        # Sort (cell, position) pairs packed into one integer: one fast sort instead of a two-key lexsort.
        packed = (key << shift) | np.arange(n, dtype=np.int64)
        packed.sort()
        cell = packed >> shift
        position = packed & ((1 << shift) - 1)
        del packed
    else:
        order = np.lexsort((np.arange(n), key))
        cell, position = key[order], order
    del key
    run_end = np.ones(n, dtype=bool)
    run_end[:-1] = cell[1:] != cell[:-1]
    run_start = np.ones(n, dtype=bool)
    run_start[1:] = run_end[:-1]
    first_in_cell = position[run_start]
    last_in_cell = position[run_end]
    cell = cell[run_end]
    del run_end, run_start, position
    row = cell // n_s
    counts = np.bincount(row, minlength=n_p)
    indptr = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = (cell - row * n_s).astype(np.int32 if n_s < 2**31 else np.int64)
    data = (vals[last_in_cell] + 2).astype(np.int8)
    mat = sp.csr_matrix((data, indices, indptr), shape=(n_p, n_s))
    first_vote = np.full(n_p, n, dtype=np.int64)
    nonempty = counts > 0
    if nonempty.any():
        first_vote[nonempty] = np.minimum.reduceat(first_in_cell, indptr[:-1][nonempty])
    return mat, first_vote


# --------------------------------------------------------------------------------------------------------------
# Main computation


def compute_opinion_map(
    participant_ids: Sequence[Hashable],
    statement_ids: Sequence[Hashable],
    votes: Iterable[tuple[Hashable, Hashable, Any]] | VoteArrays | tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    moderated_out: Iterable[Hashable] = (),
    min_votes: int = 7,
) -> OpinionMap:
    """Compute the opinion map of a conversation.

    Args:
        participant_ids: every participant, in a fixed order (the order of joining, for Pol.is data). Ids may be
            any hashable values; participants without votes simply have no position and no group.
        statement_ids: every statement, in a fixed order.
        votes: either an iterable of ``(participant_id, statement_id, vote)`` triples, or a :class:`VoteArrays`
            (or plain tuple) of three NumPy arrays ``(participant_position, statement_position, vote)`` with
            positions into ``participant_ids`` / ``statement_ids`` -- the fast path for large conversations. In both
            forms ``vote`` is +1 (agree), -1 (disagree) or 0 (pass), and votes are in the order they were cast: when a
            participant voted more than once on a statement, the last vote counts.
        moderated_out: statements hidden by moderation; they take no part in the map, groups or statement lists
            (votes on them still count towards a participant's number of votes, as in Pol.is).
        min_votes: participants are clustered once they have voted on ``min(min_votes, number of statements)``
            statements.

    Returns:
        An :class:`OpinionMap`. Degenerate input gives a defined result: with no votes, a single voter, or
        participants who all vote alike, nobody is grouped (every group is ``None``).

    Raises:
        SensemakingError: for malformed input (unknown ids, a vote that is not +1/-1/0, …).
    """
    participant_ids = list(participant_ids)
    statement_ids = list(statement_ids)
    if min_votes < 1:
        raise SensemakingError("min_votes must be at least 1.")
    n_p, n_s = len(participant_ids), len(statement_ids)
    rows, cols, vals = _as_vote_arrays(votes, participant_ids, statement_ids)
    s_index = {s: i for i, s in enumerate(statement_ids)}
    mod_out_mask = np.zeros(n_s, dtype=bool)
    for s in moderated_out:
        if s in s_index:
            mod_out_mask[s_index[s]] = True
    moderated_list = [statement_ids[i] for i in np.flatnonzero(mod_out_mask)]

    empty = OpinionMap(
        positions={},
        groups=dict.fromkeys(participant_ids),
        group_statements={},
        consensus=[],
        group_informed_consensus={},
        extremity=dict.fromkeys(statement_ids, 0.0),
        statement_ids=statement_ids,
        participant_ids=participant_ids,
        moderated_out=moderated_list,
    )
    if len(rows) == 0 or n_p == 0 or n_s == 0:
        return empty

    raw, first_vote = _last_votes(rows, cols, vals, n_p, n_s)  # data: 2 + vote
    early_in = _qualified_early(rows, cols, n_p, n_s, min_votes)
    del rows, cols, vals
    votes_per_participant = np.diff(raw.indptr)
    votes_per_statement = np.bincount(raw.indices, minlength=n_s)
    voted_statements = votes_per_statement > 0
    n_voted_statements = int(voted_statements.sum())

    # --- PCA ---------------------------------------------------------------------------------------------------
    # Pol.is fills each missing vote with the statement's mean vote and centres the columns. The column means of the
    # filled matrix are the means of the cast votes, so after centring every filled cell is exactly 0: the centred
    # matrix is the sparse matrix of (vote - statement mean) on the cast votes only. Its principal components are
    # computed by randomised SVD on that sparse matrix; the dense filled matrix never exists.
    active = voted_statements & ~mod_out_mask
    value = raw.data.astype(np.float64) - 2.0
    sums = np.bincount(raw.indices, weights=value, minlength=n_s)
    means = np.divide(sums, votes_per_statement, out=np.zeros(n_s), where=votes_per_statement > 0)
    keep_entry = active[raw.indices]
    centred = sp.csr_matrix(
        (np.where(keep_entry, value - means[raw.indices], 0.0), raw.indices.copy(), raw.indptr.copy()),
        shape=(n_p, n_s),
    )
    centred.eliminate_zeros()  # drops moderated-out columns, and votes that equal the mean (they add nothing)
    n_active = int(active.sum())
    comps = np.zeros((2, n_s))
    if n_active >= 1 and centred.nnz:
        n_comp = min(2, n_active, n_p)
        _, _, vt = randomized_svd(
            centred, n_components=n_comp, n_oversamples=20, n_iter=10, random_state=SEED, flip_sign=False
        )
        for i in range(n_comp):
            comp = vt[i]
            # Components are defined up to sign; make the largest loading positive so the map is reproducible.
            if comp[np.argmax(np.abs(comp))] < 0:
                comp = -comp
            comps[i] = comp
    # Project each participant from the votes they cast only, then push sparse voters out from the centre by
    # sqrt(statements / votes cast) (Pol.is ``sparsity-aware-project-ptpt``). As in Pol.is, where moderated-out
    # statements are columns of zeros, those statements count both as statements and as votes cast by everyone.
    proj = centred @ comps.T
    row_of_entry = np.repeat(np.arange(n_p, dtype=np.int32), votes_per_participant)
    on_moderated = mod_out_mask[raw.indices]
    active_votes = votes_per_participant - np.bincount(row_of_entry[on_moderated], minlength=n_p)
    n_zeroed = int((mod_out_mask & voted_statements).sum())
    scale = np.sqrt(max(n_active + n_zeroed, 1) / np.maximum(active_votes + n_zeroed, 1))
    proj *= scale[:, None]
    # Extremity: the distance from the centre of a participant who only agreed with that one statement.
    extremity_arr = np.abs(1.0 - means) * np.hypot(comps[0], comps[1]) * math.sqrt(max(n_active + n_zeroed, 1))
    extremity_arr[~active] = 0.0

    voters = np.flatnonzero(votes_per_participant > 0)
    positions = {participant_ids[i]: (float(proj[i, 0]), float(proj[i, 1])) for i in voters}

    # --- Who is clustered ----------------------------------------------------------------------------------------
    threshold = min(min_votes, n_voted_statements)
    in_conv = (votes_per_participant >= threshold) | early_in
    if in_conv.sum() < GREEDY_MIN_PARTICIPANTS:
        # Pol.is: with fewer than 15 such participants, take the most active voters instead.
        order = np.argsort(-votes_per_participant, kind="stable")
        extra = [i for i in order if votes_per_participant[i] > 0 and not in_conv[i]]
        in_conv[extra[: GREEDY_MIN_PARTICIPANTS - int(in_conv.sum())]] = True
    members = np.flatnonzero(in_conv)

    result = empty
    result.positions = positions
    result.extremity = {statement_ids[j]: float(extremity_arr[j]) for j in range(n_s)}
    result.n_votes = int(raw.nnz)

    # Cluster in the order participants arrived (the row order of Pol.is's vote matrix).
    members = members[np.argsort(first_vote[members], kind="stable")]
    labels, centers, silhouettes = _cluster(proj[members])
    consensus = _consensus(raw, statement_ids, mod_out_mask)
    result.consensus = consensus
    if labels is None:
        return result

    n_groups = len(centers)
    result.silhouettes = silhouettes
    result.clustered = len(members)
    result.groups = dict.fromkeys(participant_ids)
    for i, g in zip(members, labels, strict=True):
        result.groups[participant_ids[i]] = int(g)
    result.group_sizes = {g: int((labels == g).sum()) for g in range(n_groups)}
    result.group_centers = {g: (float(centers[g][0]), float(centers[g][1])) for g in range(n_groups)}

    # --- Group vote counts ----------------------------------------------------------------------------------------
    group_of = np.full(n_p, -1, dtype=np.int64)
    group_of[members] = labels
    entry_group = group_of[row_of_entry]
    grouped = entry_group >= 0
    cell = entry_group[grouped] * n_s + raw.indices[grouped]
    value_grouped = raw.data[grouped]
    size = n_groups * n_s
    na = np.bincount(cell[value_grouped == 2 + AGREE], minlength=size).reshape(n_groups, n_s).astype(np.float64)
    nd = np.bincount(cell[value_grouped == 2 + DISAGREE], minlength=size).reshape(n_groups, n_s).astype(np.float64)
    ns = np.bincount(cell, minlength=size).reshape(n_groups, n_s).astype(np.float64)
    shown = ~mod_out_mask
    result.group_votes = {
        g: {
            statement_ids[j]: (int(na[g, j]), int(nd[g, j]), int(ns[g, j])) for j in np.flatnonzero(shown & (ns[g] > 0))
        }
        for g in range(n_groups)
    }
    gac = np.prod((na + 1.0) / (ns + 2.0), axis=0)
    result.group_informed_consensus = {statement_ids[j]: float(gac[j]) for j in np.flatnonzero(shown)}
    result.group_statements = _representative_statements(na, nd, ns, statement_ids, mod_out_mask)
    return result


# --------------------------------------------------------------------------------------------------------------
# Report


def opinion_map_report(opinion_map: OpinionMap, statement_texts: dict[Hashable, str] | None = None) -> str:
    """A readable plain-text summary of an opinion map.

    ``statement_texts`` (optional) maps statement ids to their text, shown next to the ids.
    """
    texts = statement_texts or {}

    def label(sid: Hashable) -> str:
        text = texts.get(sid)
        if text:
            text = " ".join(str(text).split())
            if len(text) > 90:
                text = text[:87] + "..."
            return f"#{sid} {text}"
        return f"#{sid}"

    m = opinion_map
    lines = [
        "Opinion map",
        "===========",
        f"Participants: {len(m.participant_ids)} ({len(m.positions)} voted, {m.clustered} grouped)",
        f"Statements: {len(m.statement_ids)} ({len(m.moderated_out)} moderated out); votes counted: {m.n_votes}",
    ]
    if not m.n_groups:
        lines.append("Groups: none (too few participants, or everybody voted alike).")
    else:
        sizes = ", ".join(f"group {g}: {n}" for g, n in sorted(m.group_sizes.items()))
        lines.append(f"Groups: {m.n_groups} ({sizes})")
        for g in sorted(m.group_sizes):
            lines += ["", f"Group {g} ({m.group_sizes[g]} participants) -- what sets it apart:"]
            for r in m.group_statements.get(g, []):
                lines.append(
                    f"  {r.probability * 100:5.1f}% {r.direction:<8} {label(r.statement)}"
                    f"  ({r.n_success}/{r.n_trials} votes; {r.representativeness:.2f}x the others' rate)"
                )
    lines += ["", "Consensus (a clear majority of all participants):"]
    if not m.consensus:
        lines.append("  none")
    for c in m.consensus:
        lines.append(
            f"  {c.probability * 100:5.1f}% {c.direction:<8} {label(c.statement)} ({c.n_success}/{c.n_trials})"
        )
    if m.group_informed_consensus:
        lines += ["", "Most agreed across all groups (group-informed consensus):"]
        top = sorted(m.group_informed_consensus.items(), key=lambda kv: -kv[1])[:PICK_MAX]
        for sid, v in top:
            lines.append(f"  {v:.3f}  {label(sid)}")
    if m.extremity:
        lines += ["", "Most divisive statements (extremity):"]
        top = sorted(m.extremity.items(), key=lambda kv: -kv[1])[:PICK_MAX]
        for sid, v in top:
            if v > 0:
                lines.append(f"  {v:.3f}  {label(sid)}")
    return "\n".join(lines) + "\n"
