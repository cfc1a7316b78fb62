"""What each contribution app tells engagement about its contributions, registered from ``AppConfig.ready()``.

Engagement must not import the apps whose contributions it serves, so each app registers here the query that lists
its overdue contributions of one department; the public overdue page collects them all.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class OverdueSource:
    model: type[Model]
    # (user, department) -> the contributions of that department the person may see that wait for an answer past
    # their due date, not hidden, ordered oldest due first
    items: Callable[..., QuerySet]


overdue_sources: list[OverdueSource] = []


def register_overdue(model: type[Model], items: Callable[..., QuerySet]) -> None:
    if any(source.model is model for source in overdue_sources):
        raise ValueError(f"Overdue contributions of {model._meta.label} are already registered.")
    overdue_sources.append(OverdueSource(model, items))


# (items) -> the ids of people who took part in any of these items in a way engagement does not see itself (voted
# for them, amended them, volunteered for them). ``items`` is a list of model instances of any app; a source picks
# out its own and returns an iterable of user ids in a fixed number of queries.
participant_sources: list[Callable[[list], object]] = []


def register_participants(source: Callable[[list], object]) -> None:
    if source in participant_sources:
        raise ValueError(f"{source!r} is already registered as a participant source.")
    participant_sources.append(source)
