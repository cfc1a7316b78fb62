"""The status machine a contribution model declares: ``Problem.workflow``, ``Idea.workflow``…

Each kind of contribution answers its own question (a problem is fixed, an idea is taken up, a project is
delivered), so each model names its statuses and which may follow which. Engagement reads the declaration of the
contribution at hand: the status action checks transitions against it, forms offer its next statuses with its
labels, and lists ask it which statuses are open, closed or still waiting for an answer.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Workflow:
    statuses: type[models.TextChoices]  # the values and their labels, in the order forms offer them
    initial: str
    transitions: Mapping[str, Iterable[str]]  # status -> the statuses that may follow it
    open: Iterable[str]  # still being worked on
    awaiting_answer: Iterable[str]  # count against the response commitment: overdue after the due date
    closed: Iterable[str]  # decided; Open311 calls them "closed"
    answer_required: Iterable[str]  # moving here must come with a public answer

    def __post_init__(self):
        frozen = {
            "transitions": MappingProxyType({old: frozenset(new) for old, new in self.transitions.items()}),
            "open": frozenset(self.open),
            "awaiting_answer": frozenset(self.awaiting_answer),
            "closed": frozenset(self.closed),
            "answer_required": frozenset(self.answer_required),
        }
        for name, value in frozen.items():
            object.__setattr__(self, name, value)
        known = set(self.statuses.values)
        named = {self.initial, *self.transitions, *self.open, *self.awaiting_answer, *self.closed}
        named |= self.answer_required.union(*self.transitions.values())
        if unknown := named - known:
            raise ImproperlyConfigured(f"{self.statuses.__name__}: unknown statuses {sorted(unknown)}")
        if both := self.open & self.closed:
            raise ImproperlyConfigured(f"{self.statuses.__name__}: open and closed at once: {sorted(both)}")
        if not self.awaiting_answer <= self.open:
            raise ImproperlyConfigured(f"{self.statuses.__name__}: a status awaiting an answer must be open")

    @property
    def choices(self) -> list[tuple[str, str]]:
        return self.statuses.choices

    def label(self, status: str) -> str:
        """The status's label; a value the workflow does not know (left by an older version) is shown as it is."""
        return dict(self.statuses.choices).get(status, status)

    def allows(self, old: str, new: str) -> bool:
        return new in self.transitions.get(old, frozenset())

    def next_choices(self, current: str) -> list[tuple[str, str]]:
        """The statuses that may follow ``current``, as (value, label) in the workflow's order."""
        allowed = self.transitions.get(current, frozenset())
        return [(value, label) for value, label in self.statuses.choices if value in allowed]

    def status_field(self) -> models.CharField:
        """The ``status`` field of a contribution model that follows this workflow."""
        return models.CharField(_("status"), max_length=20, choices=self.statuses.choices, default=self.initial)
