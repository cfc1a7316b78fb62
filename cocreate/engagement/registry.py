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
