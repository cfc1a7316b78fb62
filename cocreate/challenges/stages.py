"""The stage registry: every kind of stage a challenge's process can run, and what each allows of which model.

Each app registers its stage types in its ``AppConfig.ready()``. A stage type declares, per feature, the
contribution models it allows it for (``{Feature.CREATE: [Idea], Feature.SUPPORT: [Idea]}``); permission checks ask
the challenge's active stage ``allows(feature, model)``. No code outside this registry compares stage names. Only
registered stage types can be used: a process template that names one that is not registered leaves it out.

A stage type also says how long its stages last by default (``default_days``): four weeks unless it says otherwise,
or ``None`` for stages that stay open, with no end, as delivery and adoption may. Only a challenge's last stage may
stay open.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.text import get_text_list
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

    ALL = (FOLLOW, CREATE, COMMENT, SUPPORT, VOTE, AMEND, REVIEW)
    # What a stage lets people do, as its page lists it: "%(things)s" is the models' plural names.
    LABELS = {
        FOLLOW: _("follow %(things)s"),
        CREATE: _("add %(things)s"),
        COMMENT: _("comment on %(things)s"),
        SUPPORT: _("support %(things)s"),
        VOTE: _("vote on %(things)s"),
        AMEND: _("propose amendments to %(things)s"),
        REVIEW: _("review %(things)s"),
    }


def model_label(model) -> str:
    """``ideas.idea`` for the model class, an instance of it, or that label itself."""
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


DEFAULT_DAYS = 28  # how long a stage lasts unless its type says otherwise


@dataclass(frozen=True)
class StageType:
    key: str
    label: str
    description: str
    # feature -> the models it is allowed for, as classes or "app_label.model" labels (normalised to labels)
    features: Mapping[str, Iterable] = field(default_factory=dict)
    role: str = ""  # the citizen role it serves: explorer, ideator, designer, diffuser; empty for information
    # how many days a stage of this type lasts when a process template adds it; None: it stays open, with no end
    default_days: int | None = DEFAULT_DAYS
    # (label, url) of the page where people take part in this stage of a challenge, if it has one
    entry: Callable | None = field(default=None, compare=False)
    # (label, url) of the page where officials run one stage of this type (a vote's ballot, its codes…), if any
    manage: Callable | None = field(default=None, compare=False)
    # a short line of what one stage of this type has come to, for the challenge's timeline (an adoption campaign's
    # regular users), or None
    summary: Callable | None = field(default=None, compare=False)
    # models whose contributions made in this stage wait for a moderator before they are shown
    premoderated: Iterable = frozenset()
    # "app_label.Model" of the settings officials give each stage of this type (a ``challenges.models.StageSettings``)
    settings_model: str | None = None

    def __post_init__(self):
        unknown = set(self.features) - set(Feature.ALL)
        if unknown:
            raise ValueError(f"Stage type {self.key!r} declares unknown features {sorted(unknown)}.")
        normalised = {f: frozenset(map(model_label, models)) for f, models in self.features.items() if models}
        object.__setattr__(self, "features", normalised)
        object.__setattr__(self, "premoderated", frozenset(map(model_label, self.premoderated)))

    def __hash__(self):
        return hash(self.key)

    def entry_for(self, challenge) -> tuple[str, str] | None:
        return self.entry(challenge) if self.entry else None

    def manage_for(self, stage) -> tuple[str, str] | None:
        return self.manage(stage) if self.manage else None

    def summary_for(self, stage) -> str | None:
        return self.summary(stage) if self.summary else None

    def allows(self, feature: str, model) -> bool:
        return model_label(model) in self.features.get(feature, ())

    def premoderates(self, model) -> bool:
        return model_label(model) in self.premoderated

    @property
    def labelled_features(self) -> list[tuple[str, str]]:
        """(feature, what it lets people do), in the order a challenge's page lists them."""
        from django.apps import apps

        def name(label: str) -> str:  # on a challenge's page, its stage's features concern that one challenge
            return (
                str(_("the challenge"))
                if label == "challenges.challenge"
                else apps.get_model(label)._meta.verbose_name_plural
            )

        labels = []
        for feature in Feature.ALL:
            # the challenge last: "ideas and the challenge" joins well in every language (Spanish "y" would be "e"
            # before "ideas")
            models = sorted(self.features.get(feature, ()), key=lambda m: (m == "challenges.challenge", m))
            if models:
                things = get_text_list([name(m) for m in models], _("and"))
                labels.append((feature, str(Feature.LABELS[feature]) % {"things": things}))
        return labels


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
    features={Feature.FOLLOW: ["challenges.challenge"]},
)
