"""What can go on a ballot: the apps whose items a decision can choose between register them here (designs, ideas),
so that decisions know no other domain app. Each source says which of a challenge's items are candidates, what one
costs, and which status an item takes when it is selected or not."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from cocreate.challenges.stages import model_label


@dataclass(frozen=True)
class BallotSource:
    model: str  # "app_label.model"
    # The challenge's items that may be put on its ballot, as a queryset.
    candidates: Callable
    # The item's estimated cost, or None when it has none.
    cost: Callable[[object], Decimal | None]
    # The status a selected item takes, and one that is not selected ("" to leave it as it is).
    selected_status: str
    not_selected_status: str = ""


_sources: dict[str, BallotSource] = {}


def register_ballot_source(source: BallotSource) -> None:
    _sources[model_label(source.model)] = source


def ballot_source(model) -> BallotSource | None:
    return _sources.get(model_label(model))


def ballot_sources() -> list[BallotSource]:
    return list(_sources.values())
