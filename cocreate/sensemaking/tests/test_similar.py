"""Similar texts: near-duplicates with typos in several languages, places, removal and incremental updates."""

import random

import pytest

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.similar import SimilarTexts, haversine_m, normalize_text

REPORTS = {
    "en-light": "The street light on Elm Street has been broken for two weeks",
    "en-bus": "The bus stop on the main road has no shelter and no bench",
    "en-park": "Please repair the broken swing in the park near the school",
    "de-light": "Die Straßenlaterne in der Goethestraße ist seit zwei Wochen kaputt",
    "de-play": "Der Spielplatz im Stadtpark braucht neue Schaukeln und Bänke",
    "es-signal": "El semáforo de la avenida principal no funciona desde ayer",
    "es-trash": "Hay basura acumulada en el parque del barrio desde hace días",
    "el-road": "Ο δρόμος στην πλατεία έχει μεγάλες λακκούβες",
    "el-bins": "Χρειαζόμαστε περισσότερους κάδους ανακύκλωσης στη γειτονιά",
    "zh-light": "这条街的路灯已经坏了两个星期了",
    "zh-bins": "公园里需要更多的垃圾桶",
    "zh-bus": "公交车站没有遮雨棚",
}

TYPO_QUERIES = [
    ("the stret ligt on elm st is brokn for 2 weeks", "en-light"),
    ("Strassenlaterne Goethestrasse seit zwei Wochen kaput", "de-light"),
    ("el semaforo de la avenida principal no funsiona", "es-signal"),
    ("ο δρομος στην πλατια εχει μεγαλες λακουβες", "el-road"),
    ("这条街的路灯坏了两个星期", "zh-light"),
]


@pytest.fixture(scope="module")
def index():
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    filler = [" ".join("".join(rng.choices(letters, k=rng.randint(3, 8))) for _ in range(8)) for _ in range(400)]
    ix = SimilarTexts(buffer_size=64)
    ix.add_many((f"filler-{i}", text) for i, text in enumerate(filler))
    for key, text in REPORTS.items():
        ix.add(key, text)
    return ix


@pytest.mark.parametrize(("query", "expected"), TYPO_QUERIES, ids=[e for _, e in TYPO_QUERIES])
def test_finds_near_duplicate_with_typos(index, query, expected):
    results = index.query(query, k=3)
    assert results[0][0] == expected
    assert results[0][1] > 0.5
    assert len(results) <= 3
    assert [score for _, score in results] == sorted((score for _, score in results), reverse=True)


def test_exact_duplicate_scores_one(index):
    key, score = index.query(REPORTS["de-play"], k=1)[0]
    assert key == "de-play" and score == pytest.approx(1.0, abs=1e-5)


def test_empty_query_returns_nothing(index):
    assert index.query("") == []
    assert index.query("   ") == []
    assert index.query("?!.") == []
    assert SimilarTexts().query("anything") == []


def test_a_query_sharing_no_ngram_with_the_texts_still_in_the_buffer_finds_nothing():
    ix = SimilarTexts()
    ix.add("idea", "Bike lanes with kerbs")
    assert ix.query("9999") == []
    assert ix.query("zzzz qqqq") == []


def test_exclude_and_k(index):
    results = index.query(REPORTS["en-light"], k=2, exclude=["en-light"])
    assert "en-light" not in [key for key, _ in results]
    assert len(results) == 2
    assert index.query("street light", k=0) == []


def test_radius_filter():
    ix = SimilarTexts()
    town_hall = (48.1374, 11.5755)  # Munich, Marienplatz
    ix.add("near", "Pothole in the road outside the town hall", location=(48.1380, 11.5760))  # ~80 m
    ix.add("far", "Pothole in the road outside the town hall", location=(48.3538, 11.7861))  # airport, ~30 km
    ix.add("nowhere", "Pothole in the road outside the town hall")
    everywhere = {key for key, _ in ix.query("pothole outside town hall")}
    assert everywhere == {"near", "far", "nowhere"}
    nearby = ix.query("pothole outside town hall", near=town_hall, radius_m=500)
    assert [key for key, _ in nearby] == ["near"]
    assert {k for k, _ in ix.query("pothole", near=town_hall, radius_m=50_000)} == {"near", "far"}
    assert ix.query("pothole", near=(0.0, 0.0), radius_m=1000) == []
    with pytest.raises(SensemakingError):
        ix.query("pothole", near=town_hall)
    with pytest.raises(SensemakingError):
        ix.add("bad", "text", location=(91, 0))


def test_haversine():
    # Paris to London is about 343.5 km along the great circle.
    assert haversine_m(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343_550, rel=0.002)


def test_remove_and_replace():
    ix = SimilarTexts(buffer_size=4)
    for key, text in REPORTS.items():
        ix.add(key, text)
    assert "en-light" in ix and len(ix) == len(REPORTS)
    ix.remove("en-light")
    assert "en-light" not in ix and len(ix) == len(REPORTS) - 1
    assert "en-light" not in [k for k, _ in ix.query(REPORTS["en-light"], k=20)]
    with pytest.raises(KeyError):
        ix.remove("en-light")
    ix.add("en-bus", "A completely different text about library opening hours")
    assert ix.query("library opening hours", k=1)[0][0] == "en-bus"
    assert "en-bus" not in [k for k, score in ix.query(REPORTS["en-bus"], k=3) if score > 0.9]
    ix.add("en-light", REPORTS["en-light"])  # a removed key can come back
    assert ix.query("stret ligt on elm street broken", k=1)[0][0] == "en-light"


def test_incremental_index_gives_the_same_scores_as_one_batch():
    rng = random.Random(5)
    words = ["water", "leak", "road", "bridge", "school", "noise", "tree", "light", "bench", "bike", "lane", "park"]
    texts = {f"t{i}": " ".join(rng.choices(words, k=rng.randint(3, 7))) for i in range(300)}
    batch = SimilarTexts()
    batch.add_many(texts.items())
    one_by_one = SimilarTexts(buffer_size=8)  # many segments, merged as they grow
    for key, text in texts.items():
        one_by_one.add(key, text)
    assert len(one_by_one._segments) > 1 or one_by_one._buf_slots
    for query in ("water leak on the bridge", "bike lane near the park", "noisy school"):
        a = dict(batch.query(query, k=5))
        b = dict(one_by_one.query(query, k=5))
        common = set(a) & set(b)
        assert len(common) >= 4
        for key in common:
            assert a[key] == pytest.approx(b[key], abs=0.02)  # norms may lag the IDF very slightly


def test_removed_texts_leave_the_index_when_segments_merge():
    ix = SimilarTexts(buffer_size=4)
    for i in range(40):
        ix.add(i, f"report number {i} about the fountain")
    for i in range(0, 40, 2):
        ix.remove(i)
    for i in range(40, 80):
        ix.add(i, f"report number {i} about the fountain")
    rows = sum(seg.n for seg in ix._segments) + len(ix._buf_slots)
    assert rows < 80  # merges dropped removed texts
    assert all(key % 2 == 1 or key >= 40 for key, _ in ix.query("report about the fountain", k=50))


def test_normalize_text():
    assert normalize_text("  Straße, ÁRBOL!  Όμορφη ") == "strasse arbol ομορφη"


def test_radius_across_the_antimeridian_and_near_a_pole():
    ix = SimilarTexts()
    ix.add("fiji", "Flooded road by the harbour", location=(-16.5, 179.999))
    ix.add("pole", "Flooded road by the harbour", location=(89.99, 10.0))
    assert [k for k, _ in ix.query("flooded road", near=(-16.5, -179.999), radius_m=1_000)] == ["fiji"]
    assert [k for k, _ in ix.query("flooded road", near=(89.99, -170.0), radius_m=5_000)] == ["pole"]
