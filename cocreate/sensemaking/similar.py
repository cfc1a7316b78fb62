"""Finding near-duplicate short texts, in any language, while a person types.

Each text becomes a vector of its character n-grams (2 to 3 characters, within words, after Unicode normalisation,
case folding and removal of accents and punctuation), weighted by TF-IDF (sublinear term frequency, smoothed inverse
document frequency as in scikit-learn's ``TfidfTransformer``), and texts are compared by cosine similarity.
Character n-grams need no word list or stemmer, so the same engine works for English, German, Spanish, Greek or
Chinese, and a typo only changes a few of a text's n-grams.

Design (hand-written around scikit-learn's ``HashingVectorizer``, because scikit-learn's nearest-neighbour and TF-IDF
classes must be refitted from scratch when a text is added or removed):

* **Hashing** maps n-grams to 2**20 columns without a vocabulary, so a new text needs no refit.
* **Document frequencies** are counted in one array and updated on every add and remove, so the IDF is always
  current. The vector norms of the texts (which depend on the IDF) are computed afresh for the buffer at each query,
  when a segment is formed, and again, segment by segment, whenever the collection has grown or shrunk by a quarter
  since; as the IDF depends on the share of texts containing an n-gram rather than on their number, the norms stay
  very close to current.
* **Segments**, as in a search engine: new texts gather in a small buffer (searched by brute force); a full buffer
  becomes an immutable segment, an inverted index stored as arrays sorted by n-gram; segments of similar size are
  merged (a binary counter, so each text is re-indexed O(log n) times and there are O(log n) segments). Removal marks
  the text dead at once and merges drop it for good. Nothing is ever rebuilt as a whole.
* **Queries** score, through the inverted index, the texts sharing the query's rarer n-grams (in increasing order of
  document frequency, up to a budget of postings), take the best of those as candidates, and complete their cosine
  exactly with the query's common n-grams (binary search in the sorted postings). A near-duplicate always shares
  rare n-grams with the query, so it is always a candidate; the returned scores are exact cosines.
* **Places**: a text may carry a latitude and longitude; a query with ``near`` and ``radius_m`` keeps only texts within
  that great-circle (haversine) distance.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from .errors import SensemakingError

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Compatibility-normalised, case-folded text without accents or punctuation, single-spaced."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", unicodedata.normalize("NFC", text)).strip()


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres between points given in degrees (numpy arrays or floats)."""
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _check_location(location) -> tuple[float, float]:
    try:
        lat, lon = (float(x) for x in location)
    except (TypeError, ValueError):
        raise SensemakingError(f"a location must be a (latitude, longitude) pair, not {location!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SensemakingError(f"location ({lat}, {lon}) is not a valid latitude and longitude")
    return lat, lon


class _Segment:
    """An immutable inverted index over some texts.

    Each posting (n-gram column, local row of a text) is encoded as one sorted integer key ``column * n + row``,
    so the postings of an n-gram are a contiguous run, sorted by text, and any set of (n-gram, text) pairs can be
    looked up with a single binary search.
    """

    __slots__ = ("data", "keys", "n", "norm_n", "slots")

    def __init__(self, slots: np.ndarray, rows: np.ndarray, cols: np.ndarray, data: np.ndarray):
        self.slots = slots  # local row -> global slot
        self.n = n = max(len(slots), 1)
        keys = cols.astype(np.int64) * n + rows
        # Stable sort: merged segments arrive as two sorted runs, which it merges in linear time.
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.data = data[order].astype(np.float32)
        self.norm_n = -1  # the collection size when the norms of its texts were last computed

    @property
    def rows(self) -> np.ndarray:
        return self.keys % self.n

    @property
    def cols(self) -> np.ndarray:
        return self.keys // self.n

    @property
    def nbytes(self) -> int:
        return self.slots.nbytes + self.keys.nbytes + self.data.nbytes


class SimilarTexts:
    """An incrementally updated index of short texts for near-duplicate search.

    >>> index = SimilarTexts()
    >>> index.add("a", "Broken street light on Elm Street")
    >>> index.add("b", "Bus stop without a shelter")
    >>> index.query("broken streetlight on elm st", k=1)[0][0]
    'a'
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (2, 3),
        n_features: int = 2**20,
        buffer_size: int = 256,
        candidate_postings: int = 100_000,
    ):
        self._vectorizer = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=ngram_range,
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            preprocessor=normalize_text,
            dtype=np.float32,
        )
        self._n_features = n_features
        self._buffer_size = buffer_size
        self._candidate_postings = candidate_postings
        self._df = np.zeros(n_features, dtype=np.int32)
        self._slot_of: dict[Hashable, int] = {}
        self._keys: list[Hashable] = []
        self._texts: list[str | None] = []
        cap = 1024
        self._alive = np.zeros(cap, dtype=bool)
        self._norm = np.ones(cap, dtype=np.float64)
        self._lat = np.full(cap, np.nan)
        self._lon = np.full(cap, np.nan)
        self._segments: list[_Segment] = []
        # The buffer of recent texts: parallel lists of (slot, column, weight) postings.
        self._buf_slots: list[int] = []
        self._buf_rows: list[np.ndarray] = []
        self._buf_cols: list[np.ndarray] = []
        self._buf_data: list[np.ndarray] = []

    # -- bookkeeping -------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, key) -> bool:
        return key in self._slot_of

    def _grow(self, needed: int) -> None:
        cap = len(self._alive)
        if needed <= cap:
            return
        new = max(needed, 2 * cap)
        self._alive = np.concatenate([self._alive, np.zeros(new - cap, dtype=bool)])
        self._norm = np.concatenate([self._norm, np.ones(new - cap)])
        self._lat = np.concatenate([self._lat, np.full(new - cap, np.nan)])
        self._lon = np.concatenate([self._lon, np.full(new - cap, np.nan)])

    def _vectorize(self, texts: list[str]):
        # In chunks: scikit-learn builds Python lists of all n-grams of a batch, which would dominate memory.
        chunks = [self._vectorizer.transform(texts[i : i + 10_000]) for i in range(0, len(texts), 10_000)]
        matrix = (chunks[0] if len(chunks) == 1 else sp.vstack(chunks)).tocsr()
        matrix.sum_duplicates()
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0  # sublinear term frequency: 1 + log(count)
        return matrix

    def _idf(self, cols: np.ndarray) -> np.ndarray:
        n = len(self._slot_of)
        return np.log((1.0 + n) / (1.0 + self._df[cols])) + 1.0

    # -- adding and removing -------------------------------------------------------------------------------------------

    def add(self, key: Hashable, text: str, *, location: tuple[float, float] | None = None) -> None:
        """Index ``text`` under ``key`` (replacing any text already under that key)."""
        self.add_many([(key, text, location)])

    def add_many(self, items: Iterable[tuple]) -> None:
        """Index many ``(key, text)`` or ``(key, text, location)`` items at once (faster than one by one)."""
        items = [tuple(item) for item in items]
        if not items:
            return
        batch: dict[Hashable, tuple[str, tuple[float, float] | None]] = {}
        for item in items:
            if len(item) not in (2, 3):
                raise SensemakingError("items must be (key, text) or (key, text, location)")
            key, text = item[0], item[1]
            if not isinstance(text, str):
                raise SensemakingError(f"the text for {key!r} is not a string")
            location = item[2] if len(item) == 3 else None
            batch.pop(key, None)  # the same key twice in one batch: the last one wins
            batch[key] = (text, None if location is None else _check_location(location))
        for key in batch:
            if key in self._slot_of:
                self.remove(key)
        keys = list(batch)
        matrix = self._vectorize([text for text, _ in batch.values()])
        start = len(self._keys)
        self._grow(start + len(keys))
        for i, (key, (text, location)) in enumerate(batch.items()):
            slot = start + i
            self._keys.append(key)
            self._texts.append(text)
            self._slot_of[key] = slot
            self._alive[slot] = True
            if location is not None:
                self._lat[slot], self._lon[slot] = location
        np.add.at(self._df, matrix.indices, 1)
        if len(keys) >= self._buffer_size:  # a large batch becomes a segment at once
            self._flush()
            counts = np.diff(matrix.indptr)
            rows = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
            slots = np.arange(start, start + len(keys), dtype=np.int64)
            self._add_segment(_Segment(slots, rows, matrix.indices, matrix.data))
            return
        for i in range(len(keys)):
            lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
            self._buf_slots.append(start + i)
            self._buf_rows.append(np.full(hi - lo, start + i, dtype=np.int64))
            self._buf_cols.append(matrix.indices[lo:hi])
            self._buf_data.append(matrix.data[lo:hi])
            if len(self._buf_slots) >= self._buffer_size:
                self._flush()

    def remove(self, key: Hashable) -> None:
        """Forget the text under ``key``; raises ``KeyError`` if there is none."""
        slot = self._slot_of.pop(key)
        self._alive[slot] = False
        text = self._texts[slot]
        self._texts[slot] = None
        if text is not None:
            cols = self._vectorize([text]).indices
            np.subtract.at(self._df, cols, 1)

    def _flush(self) -> None:
        """Turn the buffer into a segment, then merge segments of similar size (binary counter)."""
        if not self._buf_slots:
            return
        slots = np.array(self._buf_slots, dtype=np.int64)
        rows = np.searchsorted(slots, np.concatenate(self._buf_rows))  # buffer slots are increasing
        segment = _Segment(slots, rows, np.concatenate(self._buf_cols), np.concatenate(self._buf_data))
        self._buf_slots, self._buf_rows, self._buf_cols, self._buf_data = [], [], [], []
        self._add_segment(segment)

    def _add_segment(self, segment: _Segment) -> None:
        self._renorm(segment)
        self._segments.append(segment)
        while len(self._segments) >= 2 and self._segments[-1].n * 2 >= self._segments[-2].n:
            b = self._segments.pop()
            a = self._segments.pop()
            self._segments.append(self._merge(a, b))

    def _merge(self, a: _Segment, b: _Segment) -> _Segment:
        slots = np.concatenate([a.slots, b.slots])
        rows = np.concatenate([a.rows, b.rows + a.n])
        cols = np.concatenate([a.cols, b.cols])
        data = np.concatenate([a.data, b.data])
        keep_row = self._alive[slots]
        if not keep_row.all():  # drop removed texts for good and renumber the rows
            new_index = np.cumsum(keep_row) - 1
            keep = keep_row[rows]
            rows, cols, data = new_index[rows[keep]], cols[keep], data[keep]
            slots = slots[keep_row]
        segment = _Segment(slots, rows, cols, data)
        self._renorm(segment)
        return segment

    def _renorm(self, seg: _Segment) -> None:
        """Recompute the vector norms of a segment's texts with the current IDF."""
        squares = np.zeros(seg.n)
        step = 1 << 21  # in slices, to bound the temporary memory
        for start in range(0, len(seg.keys), step):
            keys = seg.keys[start : start + step]
            weights = (seg.data[start : start + step].astype(np.float64) * self._idf(keys // seg.n)) ** 2
            squares += np.bincount(keys % seg.n, weights=weights, minlength=seg.n)
        self._norm[seg.slots] = np.sqrt(squares[: len(seg.slots)])
        seg.norm_n = len(self._slot_of)

    # -- searching -------------------------------------------------------------------------------------------------

    def query(
        self,
        text: str,
        *,
        k: int = 10,
        near: tuple[float, float] | None = None,
        radius_m: float | None = None,
        exclude: Iterable[Hashable] = (),
    ) -> list[tuple[Hashable, float]]:
        """The ``k`` indexed texts most similar to ``text``, as ``(key, cosine similarity)``, best first.

        With ``near=(lat, lon)`` and ``radius_m``, only texts with a location within ``radius_m`` metres count.
        Keys in ``exclude`` are left out. An empty query (or one with no letters or digits) returns ``[]``.
        """
        if (near is None) != (radius_m is None):
            raise SensemakingError("give both near=(latitude, longitude) and radius_m, or neither")
        if k <= 0 or not self._slot_of or not text or not text.strip():
            return []
        q = self._vectorize([text])
        if q.nnz == 0:
            return []
        cols = q.indices.astype(np.int64)
        idf = self._idf(cols)
        qw = q.data.astype(np.float64) * idf
        qnorm = math.sqrt(float(qw @ qw))
        weight = qw * idf / qnorm  # score(d) = sum over n-grams of weight * tf(d) / norm(d)

        n_slots = len(self._keys)
        allowed = self._alive[:n_slots].copy()
        if near is not None:
            lat, lon = _check_location(near)
            if radius_m < 0:
                raise SensemakingError("radius_m must not be negative")
            allowed &= self._within(lat, lon, float(radius_m), n_slots)
        for key in exclude:
            slot = self._slot_of.get(key)
            if slot is not None:
                allowed[slot] = False
        if not allowed.any():
            return []

        # The query's n-grams from rarest to commonest; the rare ones (within the postings budget) find candidates.
        df = self._df[cols]
        order = np.argsort(df, kind="stable")
        within = int(np.searchsorted(np.cumsum(df[order]), self._candidate_postings, side="right"))
        rare = np.zeros(len(cols), dtype=bool)
        rare[order[: max(1, within)]] = True
        n_candidates = max(64, 8 * k)

        found_slots: list[np.ndarray] = []
        found_scores: list[np.ndarray] = []
        n = len(self._slot_of)
        for seg in self._segments:
            if abs(n - seg.norm_n) * 4 > seg.norm_n:  # the IDF has drifted: the collection changed by a quarter
                self._renorm(seg)
            slots, scores = self._search_segment(seg, cols, weight, rare, allowed, n_candidates)
            found_slots.append(slots)
            found_scores.append(scores)
        if self._buf_slots:
            slots, scores = self._search_buffer(cols, weight, allowed)
            found_slots.append(slots)
            found_scores.append(scores)
        if not found_slots:
            return []
        slots = np.concatenate(found_slots)
        scores = np.concatenate(found_scores)
        keep = scores > 0
        slots, scores = slots[keep], scores[keep]
        if len(slots) > k:
            top = np.argpartition(-scores, k - 1)[:k]
            slots, scores = slots[top], scores[top]
        best = sorted(zip(scores.tolist(), slots.tolist(), strict=True), key=lambda t: (-t[0], t[1]))
        return [(self._keys[s], min(1.0, round(score, 6))) for score, s in best]

    def _within(self, lat: float, lon: float, radius_m: float, n_slots: int) -> np.ndarray:
        """Which texts lie within radius_m of (lat, lon): a latitude/longitude box first, then haversine."""
        lats, lons = self._lat[:n_slots], self._lon[:n_slots]
        dlat = math.degrees(radius_m / EARTH_RADIUS_M)
        with np.errstate(invalid="ignore"):  # texts without a place have NaN coordinates and fall out
            box = np.abs(lats - lat) <= dlat * 1.01
            cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
            dlon = math.degrees(radius_m / (EARTH_RADIUS_M * cos_lat)) if abs(lat) + dlat < 89.9 else 360.0
            if dlon < 180:
                box &= np.abs((lons - lon + 180.0) % 360.0 - 180.0) <= dlon * 1.01
        inside = np.zeros(n_slots, dtype=bool)
        candidates = np.flatnonzero(box)
        inside[candidates] = haversine_m(lat, lon, lats[candidates], lons[candidates]) <= radius_m
        return inside

    def _search_segment(self, seg, cols, weight, rare, allowed, n_candidates):
        lo = np.searchsorted(seg.keys, cols * seg.n, side="left")
        hi = np.searchsorted(seg.keys, cols * seg.n + seg.n, side="left")
        r_lo, r_hi, r_w = lo[rare], hi[rare], weight[rare]
        lengths = r_hi - r_lo
        total = int(lengths.sum())
        empty = np.zeros(0, dtype=np.int64), np.zeros(0)
        if total == 0:
            return empty
        # Gather the postings of the rare n-grams in one vectorised step.
        offsets = np.repeat(r_lo - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        rows = seg.keys[offsets] % seg.n
        partial = np.bincount(rows, weights=seg.data[offsets] * np.repeat(r_w, lengths), minlength=seg.n)
        partial = partial[: len(seg.slots)]
        partial[~allowed[seg.slots]] = 0.0
        partial /= self._norm[seg.slots]
        if len(partial) > n_candidates:
            hits = np.argpartition(-partial, n_candidates - 1)[:n_candidates]
            hits = np.sort(hits[partial[hits] > 0])
        else:
            hits = np.flatnonzero(partial)
        if len(hits) == 0:
            return empty
        # Complete the candidates' cosine with the common n-grams: one binary search for all (n-gram, text) pairs.
        score = partial[hits] * self._norm[seg.slots[hits]]
        common = ~rare & (hi > lo)
        if common.any():
            # Sorted needles (n-grams ascending, texts ascending) keep the binary searches cache-friendly.
            common = np.flatnonzero(common)
            common = common[np.argsort(cols[common])]
            wanted = (cols[common][:, None] * seg.n + hits[None, :]).ravel()
            at = np.minimum(np.searchsorted(seg.keys, wanted), len(seg.keys) - 1)
            match = seg.keys[at] == wanted
            pair_weight = np.repeat(weight[common], len(hits))
            which = np.tile(np.arange(len(hits)), len(common))
            score += np.bincount(which[match], weights=pair_weight[match] * seg.data[at[match]], minlength=len(hits))
        return seg.slots[hits], score / self._norm[seg.slots[hits]]

    def _search_buffer(self, cols, weight, allowed):
        rows = np.concatenate(self._buf_rows)
        bcols = np.concatenate(self._buf_cols)
        data = np.concatenate(self._buf_data)
        order = np.argsort(cols)
        sorted_cols = cols[order]
        at = np.searchsorted(sorted_cols, bcols)
        at[at >= len(sorted_cols)] = 0
        match = sorted_cols[at] == bcols
        w = np.zeros(len(bcols))
        w[match] = weight[order][at[match]]
        slots = np.array(self._buf_slots, dtype=np.int64)  # increasing
        local = np.searchsorted(slots, rows)
        # The buffer is small: its norms are computed afresh with the current IDF.
        norms = np.sqrt(np.bincount(local, weights=(data * self._idf(bcols)) ** 2, minlength=len(slots)))
        # Without any matching n-gram bincount returns integers, which cannot be divided in place.
        score = np.bincount(local[match], weights=data[match] * w[match], minlength=len(slots)).astype(np.float64)
        score /= np.where(norms > 0, norms, 1.0)
        score[~allowed[slots]] = 0.0
        return slots, score

    @property
    def nbytes(self) -> int:
        """Approximate memory held by the index arrays (not counting the stored texts and keys)."""
        buffers = sum(a.nbytes for a in self._buf_cols) * 3
        arrays = self._df.nbytes + self._alive.nbytes + self._norm.nbytes + self._lat.nbytes + self._lon.nbytes
        return arrays + buffers + sum(s.nbytes for s in self._segments)
