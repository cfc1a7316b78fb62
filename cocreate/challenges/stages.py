"""The stage registry: every kind of stage a challenge's process can run, and what each allows.

Each app registers its stage types in its ``AppConfig.ready()``. A stage type declares the features it allows
(create, comment, support, vote…); permission checks ask the challenge's active stage whether a feature is on.
Only registered stage types can be used: a process template that names one that is not registered leaves it out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


class Feature:
    """What a stage can allow. Reading is always allowed where the challenge is visible."""

    FOLLOW = "follow"
    CREATE = "create"
    COMMENT = "comment"
    SUPPORT = "support"
    VOTE = "vote"
    AMEND = "amend"
    REVIEW = "review"

    LABELS = {
        FOLLOW: _("follow the challenge"),
        CREATE: _("add contributions"),
        COMMENT: _("comment"),
        SUPPORT: _("support contributions"),
        VOTE: _("vote"),
        AMEND: _("propose amendments"),
        REVIEW: _("review"),
    }


@dataclass(frozen=True)
class StageType:
    key: str
    label: str
    description: str
    features: frozenset[str] = field(default_factory=frozenset)
    role: str = ""  # the citizen role it serves: explorer, ideator, designer, diffuser; empty for information
    # (label, url) of the page where people take part in this stage of a challenge, if it has one
    entry: Callable | None = field(default=None, compare=False)

    def entry_for(self, challenge) -> tuple[str, str] | None:
        return self.entry(challenge) if self.entry else None

    def allows(self, feature: str) -> bool:
        return feature in self.features

    @property
    def feature_labels(self) -> list[str]:
        return [str(Feature.LABELS[f]) for f in sorted(self.features) if f in Feature.LABELS]


_registry: dict[str, StageType] = {}


def register(stage_type: StageType) -> StageType:
    existing = _registry.get(stage_type.key)
    if existing is not None and existing != stage_type:
        raise ValueError(f"Stage type {stage_type.key!r} is already registered differently.")
    _registry[stage_type.key] = stage_type
    return stage_type


def unregister(key: str) -> None:
    """For tests that register a stage type of their own."""
    _registry.pop(key, None)


def get(key: str) -> StageType | None:
    return _registry.get(key)


def is_registered(key: str) -> bool:
    return key in _registry


def registered() -> list[StageType]:
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in _registry.values()]


INFORMATION = StageType(
    key="information",
    label=_("Information"),
    description=_("The public body explains the challenge. Read it and follow it to hear when the next stage opens."),
    features=frozenset({Feature.FOLLOW}),
)
