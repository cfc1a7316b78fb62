import pytest
from django.core.exceptions import ValidationError

from cocreate.designs.sections import SECTIONS, changed_sections, clean_content, compare, cost_totals, word_diff

from .conftest import full_content


def test_content_is_stored_with_every_section_trimmed_and_empty_rows_dropped():
    cleaned = clean_content(
        {
            "problem": "  Paper only.  \r\n",
            "costs": [{"item": "Module", "one_off": "85 000", "yearly": ""}, {"item": "", "one_off": "", "yearly": ""}],
        }
    )
    assert set(cleaned) == {s.key for s in SECTIONS}
    assert cleaned["problem"] == "Paper only."
    assert cleaned["costs"] == [{"item": "Module", "one_off": 85000, "yearly": 0}]
    assert cleaned["blueprint"] == [] and cleaned["resources"] == ""


@pytest.mark.parametrize(
    ("raw", "place"),
    [
        ({"costs": [{"item": "A", "one_off": "-1"}]}, "costs.0.one_off"),
        ({"costs": [{"item": "A", "one_off": "²"}]}, "costs.0.one_off"),
        ({"costs": [{"item": "A", "yearly": 10**12}]}, "costs.0.yearly"),
        ({"costs": [{"item": "A", "yearly": True}]}, "costs.0.yearly"),
        ({"costs": [{"item": "A", "colour": "red"}]}, "costs.0"),
        ({"problem": "x" * 5001}, "problem"),
        ({"problem": ["not", "text"]}, "problem"),
        ({"blueprint": "a string"}, "blueprint"),
        ({"blueprint": ["not a row"]}, "blueprint.0"),
        ({"budget": "1"}, "budget"),
        ({"risks": [{"risk": str(n)} for n in range(51)]}, "risks"),
    ],
)
def test_content_that_cannot_be_stored_is_refused_with_its_place(raw, place):
    with pytest.raises(ValidationError) as refused:
        clean_content(raw)
    assert place in refused.value.message_dict


def test_content_must_be_a_set_of_sections():
    with pytest.raises(ValidationError):
        clean_content(["problem"])


def test_word_diff_marks_removed_and_added_words_and_keeps_the_rest():
    pieces = word_diff("Renew on paper at the office", "Renew online or at the office")
    assert "".join(p.text for p in pieces if p.kind != "added") == "Renew on paper at the office"
    assert "".join(p.text for p in pieces if p.kind != "removed") == "Renew online or at the office"
    assert [p.text.strip() for p in pieces if p.kind == "removed"] == ["on paper"]
    assert [p.text.strip() for p in pieces if p.kind == "added"] == ["online or"]


def test_comparison_goes_section_by_section_and_row_by_row():
    old = clean_content(full_content())
    new = clean_content(
        full_content(
            problem="Permits are renewed on paper, with four weeks of waiting.",
            costs=[
                {"item": "App module", "one_off": 90000, "yearly": 9000},
                {"item": "Help desk", "one_off": 0, "yearly": 18000},
            ],
            risks=[],
        )
    )
    changes = {c.section.key: c for c in compare(old, new)}
    assert {k for k, c in changes.items() if c.changed} == {"problem", "costs", "risks"}
    assert [s.key for s in changed_sections(old, new)] == ["problem", "costs", "risks"]
    assert [r.kind for r in changes["costs"].rows] == ["changed", "added"]
    one_off = {column.key: pieces for column, pieces in changes["costs"].rows[0].cells}["one_off"]
    assert [(p.kind, p.text) for p in one_off] == [("removed", "85000"), ("added", "90000")]
    assert [r.kind for r in changes["risks"].rows] == ["removed"]
    assert all(r.kind == "same" for r in changes["blueprint"].rows)
    assert cost_totals(new) == (90000, 27000)
