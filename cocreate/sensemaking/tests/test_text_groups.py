import random
import time

import pytest

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.text_groups import group_texts

# Synthetic reasons, written in varied words, with the group each belongs to.
KNOWN = {
    "queue": [
        "No more queue at the desk.",
        "No queue any more!",
        "I did not have to queue at the desk",
        "no more queuing",
    ],
    "ebooks": ["My children borrow e-books now.", "The kids borrow ebooks", "Children can borrow e-books at home"],
    "phone": ["Quick, and it works on my phone.", "Works on my phone", "quick and easy on the phone"],
    "document": ["The sign-up asked for a document I do not have.", "I do not have the document they asked for"],
    "print": ["I could not read the small print.", "The print is too small to read"],
    "grandson": ["My grandson set it up for me.", "my grandson did the setup"],
    "spanish": ["Ya no hago cola en el mostrador", "Ya no hago cola"],
    "greek": ["Δεν περιμένω πια στην ουρά", "Δεν περιμένω στην ουρά"],
}


def _labelled():
    texts, labels = [], []
    for label, variants in KNOWN.items():
        texts.extend(variants)
        labels.extend([label] * len(variants))
    return texts, labels


def _partition(groups, labels):
    return sorted(sorted({labels[m] for m in g.members}) for g in groups)


def test_reasons_written_in_different_words_fall_into_their_known_groups():
    texts, labels = _labelled()
    groups = group_texts(texts)
    assert _partition(groups, labels) == sorted([label] for label in KNOWN)


def test_each_group_holds_all_its_members_once():
    texts, _labels = _labelled()
    groups = group_texts(texts)
    assert sorted(m for g in groups for m in g.members) == list(range(len(texts)))


def test_the_representative_is_the_most_common_wording():
    texts = ["Works on my phone", "works on my phone!", "Quick, and it works on my phone.", "No more queue"]
    groups = group_texts(texts)
    assert groups[0].representative == 0
    assert groups[0].members == [0, 1, 2]


def test_groups_come_largest_first():
    texts, _labels = _labelled()
    sizes = [g.size for g in group_texts(texts)]
    assert sizes == sorted(sizes, reverse=True)


def test_grouping_does_not_depend_on_chance_or_order_of_runs():
    texts, _labels = _labelled()
    first = [(g.representative, g.members) for g in group_texts(texts)]
    second = [(g.representative, g.members) for g in group_texts(list(texts))]
    assert first == second


def test_texts_without_letters_are_left_out():
    groups = group_texts(["", "   ", "?!", "No more queue"])
    assert [(g.representative, g.members) for g in groups] == [(3, [3])]


def test_nothing_to_group_gives_no_groups():
    assert group_texts([]) == []


def test_a_threshold_of_one_keeps_only_identical_wordings_together():
    groups = group_texts(["No queue.", "no queue", "No more queue at all"], threshold=1.0)
    assert [g.members for g in groups] == [[0, 1], [2]]


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5])
def test_a_threshold_outside_zero_to_one_is_refused(threshold):
    with pytest.raises(SensemakingError):
        group_texts(["a b c"], threshold=threshold)


def test_five_thousand_reasons_group_quickly_and_keep_their_groups():
    rng = random.Random(15)
    texts, labels = _labelled()
    picks = [rng.randrange(len(texts)) for _ in range(5000)]
    many = [texts[i] + rng.choice(["", ".", "!", " really", " indeed"]) for i in picks]
    started = time.perf_counter()
    groups = group_texts(many)
    assert time.perf_counter() - started < 10
    partition = _partition(groups, [labels[i] for i in picks])
    assert all(len(labels_of_group) == 1 for labels_of_group in partition)  # no group mixes two reasons
    assert sorted({labels_of_group[0] for labels_of_group in partition}) == sorted(KNOWN)
    assert len(groups) <= 2 * len(KNOWN)
