"""What other apps contribute to a person's pages: their public contributions and their personal data.

Accounts must not import every app that stores something about a person, so each app registers two small
functions here from its ``AppConfig.ready()``: what a profile lists under one of the four roles, and what a data
export contains. Erasure needs no hook: contributions keep pointing at the pseudonymised user row.
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
    items: Callable  # (user, *, limit: int) -> list of objects with get_absolute_url() and __str__


contribution_sources: list[ContributionSource] = []
personal_data_sources: dict[str, Callable] = {}  # section name -> (user) -> JSON-serialisable data


def register_contributions(*, role: str, label, items: Callable) -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; expected one of {sorted(ROLES)}.")
    contribution_sources.append(ContributionSource(role, label, items))


def register_personal_data(section: str, collect: Callable) -> None:
    personal_data_sources[section] = collect
