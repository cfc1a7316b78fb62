"""Every CSV file Cocreate writes goes through ``core.csvfiles``, so that no cell becomes a spreadsheet formula."""

import ast
import csv
import io
from pathlib import Path

import pytest

from cocreate.core import csvfiles

COCREATE = Path(__file__).resolve().parents[2]
# Modules that may write CSV without the shared writer, and why.
EXEMPT = {
    # Pabulib .pb files for participatory-budgeting tools, not spreadsheets: they must read back exactly, and
    # sensemaking is plain Python that imports nothing of the site.
    "sensemaking/pb_io.py",
}


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("https://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"],
)
def test_text_that_a_spreadsheet_would_run_is_quoted(text):
    out = io.StringIO()
    writer = csvfiles.writer(out)
    writer.writerow(["title", text])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["title", "'" + text]


def test_plain_text_and_numbers_are_written_as_they_are():
    out = io.StringIO()
    writer = csvfiles.dict_writer(out, ["text", "vote", "empty"])
    writer.writeheader()
    writer.writerows([{"text": "Bike lanes = safer", "vote": -1, "empty": ""}, {"text": "a@b", "vote": 0.5}])
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [
        {"text": "Bike lanes = safer", "vote": "-1", "empty": ""},
        {"text": "a@b", "vote": "0.5", "empty": ""},
    ]


def _csv_writers_called(path: Path) -> list[str]:
    """``csv.writer`` / ``csv.DictWriter`` (however imported) that the module at ``path`` uses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_as = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            imported_as |= {alias.asname or alias.name: alias.name for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv":
            if node.attr in {"writer", "DictWriter"}:
                found.append(f"csv.{node.attr}")
        elif isinstance(node, ast.Name) and imported_as.get(node.id) in {"writer", "DictWriter"}:
            found.append(node.id)
    return found


def test_no_module_writes_csv_without_the_shared_writer():
    assert _csv_writers_called(COCREATE / "core" / "csvfiles.py")  # the check does see the writers it looks for
    offending = [
        f"{path.relative_to(COCREATE)}: {name}"
        for path in sorted(COCREATE.rglob("*.py"))
        if "tests" not in path.relative_to(COCREATE).parts
        and path != COCREATE / "core" / "csvfiles.py"
        and path.relative_to(COCREATE).as_posix() not in EXEMPT
        for name in _csv_writers_called(path)
    ]
    assert offending == [], "write CSV with cocreate.core.csvfiles.writer / dict_writer"
