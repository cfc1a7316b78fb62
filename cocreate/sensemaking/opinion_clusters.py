"""Opinion groups for the opinion map: who is clustered, and the two-stage k-means of their positions.

Pol.is (``clusters.clj``, ``conversation.clj``) groups participants in two stages, and so does this module:

* the participants' 2-D positions are summarised into up to 100 *base clusters* by k-means,
* the base-cluster centres, weighted by their number of participants, are grouped into 2 to 5 opinion groups by
  weighted k-means, and the number of groups with the best silhouette score is kept; groups are numbered from the
  largest (group 0).

It also replays Pol.is's rule that a participant who voted on every statement early in a conversation stays among
the clustered participants. Every random step uses the fixed ``SEED``, so the same positions always give the same
groups. The positions come from :func:`cocreate.sensemaking.opinion.compute_opinion_map`, the only caller.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

#: Seed of every random step (randomised SVD, k-means++), so that the same votes always give the same map.
SEED = 20150531
#: Most base clusters (Pol.is ``base-k``).
MAX_BASE_CLUSTERS = 100
#: Most opinion groups (Pol.is ``max-k``).
MAX_GROUPS = 5
#: Randomly started weighted k-means runs per number of groups (see ``_group_clustering``).
GROUP_RESTARTS = 50
#: Participants on whom base clusters are fitted in large conversations (see ``_base_clusters``).
BASE_SAMPLE = 10_000


def _qualified_early(rows: np.ndarray, cols: np.ndarray, n_p: int, n_s: int, min_votes: int) -> np.ndarray:
    """Participants who, at some moment, had voted on min(min_votes, statements voted on so far) statements.

    Pol.is keeps a participant in the clustered set once they qualify, and early in a conversation, with fewer
    than ``min_votes`` statements, voting on all of them is enough. After the moment the ``min_votes``-th statement
    gets its first vote the threshold is fixed, so only the votes before that moment need replaying.
    """
    n = len(rows)
    # First votes on each statement, looking at ever longer prefixes until min_votes statements have appeared.
    m = 1024
    while True:
        statements, first = np.unique(cols[:m], return_index=True)
        if len(statements) >= min_votes or m >= n:
            break
        m *= 2
    firsts = np.sort(first)
    end = int(firsts[min_votes - 1]) if len(firsts) >= min_votes else n
    qualified = np.zeros(n_p, dtype=bool)
    if end == 0:
        return qualified
    r, c = rows[:end], cols[:end]
    # Statements voted on so far, after each vote of the prefix.
    new_statement = np.zeros(end, dtype=bool)
    new_statement[firsts[firsts < end]] = True
    n_statements = np.cumsum(new_statement)
    # Distinct statements each participant has voted on so far, after each vote (a changed vote adds nothing):
    # a running count within each participant's votes, taken in time order.
    _, first_pair = np.unique(r * n_s + c, return_index=True)
    new_pair = np.zeros(end, dtype=np.int64)
    new_pair[first_pair] = 1
    order = np.argsort(r, kind="stable")
    running = np.cumsum(new_pair[order])
    starts = np.r_[0, np.flatnonzero(np.diff(r[order])) + 1]
    before_run = running[starts] - new_pair[order][starts]
    counts = np.empty(end, dtype=np.int64)
    counts[order] = running - np.repeat(before_run, np.diff(np.r_[starts, end]))
    qualified[r[counts >= n_statements]] = True
    return qualified


def _base_clusters(points: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k-means of the participants' positions into (at most) k base clusters: (label per point, centres).

    For large conversations the centres are fitted on a fixed random sample of ``BASE_SAMPLE`` participants and
    everyone is then assigned to the nearest one: base clusters are only a summary of the map, and this keeps the
    step fast (a fraction of a second) whatever the number of participants.
    """
    sample = points
    if len(points) > BASE_SAMPLE:
        rng = np.random.default_rng(SEED)
        sample = points[np.sort(rng.choice(len(points), BASE_SAMPLE, replace=False))]
        k = min(k, len(np.unique(sample, axis=0)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        km = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=100, random_state=SEED).fit(sample)
    labels = km.labels_ if sample is points else km.predict(points)
    counts = np.bincount(labels, minlength=k)
    used = counts > 0
    centres = np.zeros((k, points.shape[1]))
    np.add.at(centres, labels, points)
    centres = centres[used] / counts[used, None]
    return (np.cumsum(used) - 1)[labels], centres


def _weighted_kmeans_restarts(
    points: np.ndarray, weights: np.ndarray, k: int, restarts: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's weighted k-means from ``restarts`` random starts at once: (labels per restart, inertia per restart).

    Written out with NumPy rather than calling scikit-learn's KMeans once per start because the points here are at
    most 100 base-cluster centres: scikit-learn's fixed cost per call (~25 ms) would make 50 starts for each of 4
    values of k take seconds, while all starts together take about a millisecond as array operations.
    """
    n = len(points)
    # Random start: k distinct points per restart (as scikit-learn's init="random").
    start = np.argsort(rng.random((restarts, n)), axis=1)[:, :k]
    centres = points[start]  # (restarts, k, dim)
    labels = np.full((restarts, n), -1)
    for _ in range(300):
        d2 = ((points[None, :, None, :] - centres[:, None, :, :]) ** 2).sum(-1)  # (restarts, n, k)
        new_labels = d2.argmin(-1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        onehot = (labels[..., None] == np.arange(k)) * weights[None, :, None]  # (restarts, n, k)
        mass = onehot.sum(1)  # (restarts, k)
        sums = np.einsum("rnk,nd->rkd", onehot, points)
        # An emptied cluster keeps its centre.
        centres = np.where(mass[..., None] > 0, sums / np.maximum(mass, 1e-300)[..., None], centres)
    d2 = ((points[None, :, None, :] - centres[:, None, :, :]) ** 2).sum(-1)
    inertia = (np.take_along_axis(d2, labels[..., None], -1)[..., 0] * weights).sum(1)
    return labels, inertia


def _group_clustering(centres: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Weighted k-means of the base-cluster centres into k groups; returns the group of each base cluster.

    Weighted k-means on a continuous cloud of opinions has several nearly equally good solutions, and Pol.is,
    which warm-starts each update from the previous one, settles in whichever its history leads to. Rather than
    the solution with the lowest within-group spread (often one of several near ties), this takes the solution
    that the most of ``GROUP_RESTARTS`` randomly started runs reach -- the most stable one -- and among equally
    frequent solutions the tighter one.
    """
    labels, inertia = _weighted_kmeans_restarts(centres, weights, k, GROUP_RESTARTS, rng)
    found: dict[bytes, list] = {}
    for r in range(GROUP_RESTARTS):
        key = _canonical(labels[r])
        entry = found.setdefault(key, [0, np.inf, labels[r]])
        entry[0] += 1
        entry[1] = min(entry[1], inertia[r])
    return max(found.values(), key=lambda v: (v[0], -v[1]))[2]


def _canonical(labels: np.ndarray) -> bytes:
    """The partition given by labels, independent of how the clusters are numbered."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return rank[inverse].astype(np.int16).tobytes()


def _cluster(points: np.ndarray) -> tuple[np.ndarray | None, np.ndarray, dict[int, float]]:
    """Two-stage clustering of projected participants (Pol.is ``base-clusters`` then ``group-clusterings``).

    Returns (group label per point, group centres, silhouette per k), or (None, …) if fewer than two distinct
    positions exist.
    """
    if len(points) < 2:
        return None, np.empty((0, 2)), {}
    n_distinct = len(np.unique(points, axis=0))
    if n_distinct < 2:
        return None, np.empty((0, 2)), {}
    # Stage 1: base clusters. They summarise the participants so that the group search (and its silhouette, which
    # is quadratic) runs on at most 100 weighted points however many people took part.
    base_labels, base_centres = _base_clusters(points, min(MAX_BASE_CLUSTERS, n_distinct))
    weights = np.bincount(base_labels, minlength=len(base_centres)).astype(np.float64)
    n_base = len(base_centres)
    if n_base < 2:
        return None, np.empty((0, 2)), {}

    # Stage 2: weighted k-means on the base-cluster centres for k = 2 .. min(5, 2 + n_base // 12), keeping the k
    # with the best silhouette of the base-cluster centres (unweighted, as in Pol.is).
    rng = np.random.default_rng(SEED)
    max_k = min(MAX_GROUPS, 2 + n_base // 12, n_base)
    best: tuple[float, np.ndarray] | None = None
    silhouettes: dict[int, float] = {}
    for k in range(2, max_k + 1):
        labels_k = _group_clustering(base_centres, weights, k, rng)
        n_labels = len(np.unique(labels_k))
        if n_labels < 2:
            continue
        score = float(silhouette_score(base_centres, labels_k)) if n_labels < n_base else 0.0
        silhouettes[k] = score
        if best is None or score > best[0]:
            best = (score, labels_k)
    if best is None:
        return None, np.empty((0, 2)), {}
    labels = best[1][base_labels]
    # Number groups by size, largest first (ties: by centre), so numbering does not depend on k-means internals.
    uniq = np.unique(labels)
    sizes = np.array([(labels == g).sum() for g in uniq])
    centres = np.array([points[labels == g].mean(axis=0) for g in uniq])
    order = sorted(range(len(uniq)), key=lambda i: (-sizes[i], centres[i][0], centres[i][1]))
    renumber = np.empty(int(uniq.max()) + 1, dtype=np.int64)
    renumber[uniq[order]] = np.arange(len(uniq))
    return renumber[labels], centres[order], silhouettes
