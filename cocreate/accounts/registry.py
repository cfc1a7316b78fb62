"""What other apps contribute to a person's pages and rights: their public contributions, their data export and
what erasing their account removes.

Accounts must not import every app that stores something about a person, so each app registers small functions
here from its ``AppConfig.ready()``: what a profile lists under one of the four roles, what a data export contains,
and what erasure removes beyond the account itself. Contributions need no erasure step: they keep pointing at the
pseudonymised user row. Export sections and erasure steps name the relations to a person they cover, as
``"app_label.Model.field"``; a test walks every relation to a user or a participant and fails for one that neither
covers nor explicitly leaves alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ROLES = {
    "explorer": _("Explorer — finds and defines problems"),
    "ideator": _("Ideator — proposes solutions"),
    "designer": _("Designer — turns ideas into services"),
    "diffuser": _("Diffuser — helps new services spread"),
}


@dataclass(frozen=True)
class ContributionSource:
    role: str
    label: str
    # (person, *, viewer, limit: int) -> what of the person's the viewer may see (on the person's own profile, the
    # viewer is the person): objects with get_absolute_url() and __str__
    items: Callable


@dataclass(frozen=True)
class PersonalDataSection:
    collect: Callable  # (user) -> JSON-serialisable data
    covers: tuple[str, ...]


@dataclass(frozen=True)
class ErasureStep:
    # (user, *, emails) inside the erasure's transaction, once the account is pseudonymised; ``emails`` are all the
    # addresses the person had, for data kept about them outside their account (a report's contact, say).
    erase: Callable
    covers: tuple[str, ...]


contribution_sources: list[ContributionSource] = []
personal_data_sources: dict[str, PersonalDataSection] = {}  # section name -> what it holds
erasure_steps: list[ErasureStep] = []


def register_contributions(*, role: str, label, items: Callable) -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; expected one of {sorted(ROLES)}.")
    contribution_sources.append(ContributionSource(role, label, items))


def register_personal_data(section: str, collect: Callable, *, covers: tuple[str, ...] = ()) -> None:
    """``collect(user)`` is the export's ``section``; ``covers`` names the relations to the person it exports."""
    personal_data_sources[section] = PersonalDataSection(collect, tuple(covers))


def register_erasure(erase: Callable, *, covers: tuple[str, ...] = ()) -> None:
    """``erase(user, *, emails)`` removes what the app keeps about the person; ``covers`` names those relations."""
    step = ErasureStep(erase, tuple(covers))
    if step not in erasure_steps:
        erasure_steps.append(step)
