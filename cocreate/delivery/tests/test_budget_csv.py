from decimal import Decimal

import pytest

from cocreate.delivery.budget_csv import parse
from cocreate.delivery.errors import BudgetImportInvalid


def _errors(text: str) -> list[str]:
    with pytest.raises(BudgetImportInvalid) as refused:
        parse(text)
    return [str(e) for e in refused.value.errors]


def test_columns_may_come_in_any_order():
    rows = parse("amount,kind,description,date\n12.50,spent,Soil,2026-01-05\n")
    assert [(r.description, r.amount) for r in rows] == [("Soil", Decimal("12.50"))]


def test_a_missing_column_is_named_in_row_1():
    assert _errors("date,description,amount\n2026-01-05,Soil,1\n") == [
        "Row 1: the header must name the columns date, description, kind, amount."
    ]


def test_three_decimals_are_refused_with_the_row_number():
    assert _errors("date,description,kind,amount\n2026-01-05,Soil,spent,1.005\n") == [
        "Row 2: the amount “1.005” must be a number from 0 with at most two decimals, such as 1250.50."
    ]


def test_a_huge_amount_is_refused():
    assert len(_errors("date,description,kind,amount\n2026-01-05,Soil,spent,1e30\n")) == 1


def test_an_impossible_date_is_refused():
    assert _errors("date,description,kind,amount\n2026-13-01,Soil,spent,1\n") == [
        "Row 2: the date “2026-13-01” is not a date written YYYY-MM-DD."
    ]


def test_a_file_with_only_a_header_is_refused():
    assert _errors("date,description,kind,amount\n") == ["The file has no budget lines below its header."]


def test_a_byte_order_mark_is_ignored():
    assert len(parse("\ufeffdate,description,kind,amount\n2026-01-05,Soil,committed,1\n")) == 1
