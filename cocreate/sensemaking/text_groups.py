"""Grouping short free-text answers ("why?") by what they say, in any language.

Each distinct text (after the normalisation of :func:`.similar.normalize_text`: case folding, no accents or
punctuation) becomes a TF-IDF vector of its character n-grams within words (3 to 5 characters, sublinear term
frequency), as near-duplicate search does: no word list or stemmer, so "queue", "queues" and "queuing" meet, in
English as in Polish or Greek. Texts are then grouped in one deterministic pass (leader clustering): the distinct
texts are taken from the most often given to the least (ties in the order given), each joins the group of the most
similar group leader already found when its cosine similarity reaches ``threshold``, or else leads a new group. A
leader is therefore the most common wording of its group, and serves as its representative.

The cost is one sparse product per chunk of texts against the leaders, so a few thousand answers group in well under
a second; callers cap what they pass (the latest few thousand answers) and store the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .errors import SensemakingError
from .similar import normalize_text

DEFAULT_THRESHOLD = 0.3
_CHUNK = 512


@dataclass
class TextGroup:
    """A group of texts: ``members`` are indices into the texts given, ``representative`` is one of them (the first
    given of the group's most common wording)."""

    representative: int
    members: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)


def group_texts(texts: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD) -> list[TextGroup]:
    """Group ``texts`` by similarity; texts with no letters or digits are left out. Groups come largest first (ties:
    by the position of their representative), members in the order given."""
    if not 0 < threshold <= 1:
        raise SensemakingError(f"threshold must be in (0, 1], not {threshold!r}")
    distinct: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        normal = normalize_text(text or "")
        if normal:
            distinct.setdefault(normal, []).append(index)
    if not distinct:
        return []
    # Most often given first; among equals, the one given first.
    order = sorted(distinct, key=lambda normal: (-len(distinct[normal]), distinct[normal][0]))
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=False, sublinear_tf=True, dtype=np.float64
    )
    matrix = vectorizer.fit_transform(order).tocsr()  # rows L2-normalised
    leaders: list[int] = []  # rows of ``matrix`` leading a group
    group_of = np.full(len(order), -1, dtype=np.int64)
    for start in range(0, len(order), _CHUNK):
        stop = min(start + _CHUNK, len(order))
        block = matrix[start:stop]
        # Similarity of this chunk to the leaders found before it, and within it (for leaders found inside it).
        known = np.asarray((block @ matrix[leaders].T).todense()) if leaders else np.zeros((stop - start, 0))
        within = np.asarray((block @ block.T).todense())
        chunk_leaders: list[int] = []
        for offset in range(stop - start):
            row = start + offset
            best, best_group = -1.0, -1
            if known.shape[1]:
                column = int(np.argmax(known[offset]))
                best, best_group = known[offset, column], column
            for position, leader in enumerate(chunk_leaders):
                score = within[offset, leader - start]
                if score > best:
                    best, best_group = score, len(leaders) + position
            if best >= threshold:
                group_of[row] = best_group
            else:
                group_of[row] = len(leaders) + len(chunk_leaders)
                chunk_leaders.append(row)
        leaders.extend(chunk_leaders)
    groups = [TextGroup(representative=distinct[order[leader]][0]) for leader in leaders]
    for row, normal in enumerate(order):
        groups[group_of[row]].members.extend(distinct[normal])
    for group in groups:
        group.members.sort()
    return sorted(groups, key=lambda group: (-group.size, group.representative))
