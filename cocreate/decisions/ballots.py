"""What makes a ballot countable, for every ballot type: the one check that online, code, paper and API ballots all
pass through before they are stored."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import InvalidBallot
from .models import Decision

BallotType = Decision.BallotType


def clean_ballot(decision, budget, choices, points=None, *, projects=None) -> tuple[list[int], list[int] | None]:
    """The ballot as it is stored: project primary keys in the voter's order (best first in a ranking) and, for
    points ballots, the points given to each. Raises :class:`InvalidBallot` with every reason it cannot be counted.

    ``projects`` maps the budget's project primary keys to their costs; it is read from the database when omitted.
    """
    if projects is None:
        projects = dict(budget.projects.values_list("pk", "cost"))
    errors: list[str] = []
    try:
        chosen = [int(pk) for pk in choices]
    except (TypeError, ValueError):
        raise InvalidBallot(errors=[_("The ballot names a project that does not exist.")]) from None
    if len(set(chosen)) != len(chosen):
        errors.append(_("A project is chosen more than once."))
    if any(pk not in projects for pk in chosen):
        errors.append(_("The ballot names a project that is not on this ballot."))
    if errors:
        raise InvalidBallot(errors=errors)
    if not chosen:
        raise InvalidBallot(errors=[_("Choose at least one project.")])

    kind = decision.ballot_type
    given: list[int] | None = None
    if kind in (BallotType.APPROVAL, BallotType.RANKED):
        fewest = max(decision.min_choices, 1)
        if len(chosen) < fewest:
            errors.append(
                ngettext("Choose at least %(count)d project.", "Choose at least %(count)d projects.", fewest)
                % {"count": fewest}
            )
        most = decision.max_choices
        if most and len(chosen) > most:
            errors.append(
                ngettext("Choose at most %(count)d project.", "Choose at most %(count)d projects.", most)
                % {"count": most}
            )
    elif kind == BallotType.KNAPSACK:
        total = sum((projects[pk] for pk in chosen), Decimal(0))
        if total > budget.amount:
            errors.append(
                _("The projects chosen cost %(total)s, more than the budget of %(budget)s.")
                % {"total": _amount(total), "budget": _amount(budget.amount)}
            )
        least = budget.amount * decision.min_budget_share / 100
        if total < least:
            errors.append(
                _("The projects chosen cost %(total)s; choose projects worth at least %(least)s.")
                % {"total": _amount(total), "least": _amount(least)}
            )
    elif kind == BallotType.CUMULATIVE:
        try:
            given = [int(p) for p in (points or [])]
        except (TypeError, ValueError):
            raise InvalidBallot(errors=[_("Points must be whole numbers.")]) from None
        if len(given) != len(chosen) or any(p <= 0 for p in given):
            errors.append(_("Give each project you choose at least one point."))
        elif sum(given) > decision.points_per_voter:
            errors.append(
                _("You gave %(given)d points; you have %(points)d.")
                % {"given": sum(given), "points": decision.points_per_voter}
            )
        cap = decision.max_points_per_project
        if cap and any(p > cap for p in given):
            errors.append(_("Give at most %(cap)d points to one project.") % {"cap": cap})
    if errors:
        raise InvalidBallot(errors=errors)
    return chosen, given


def _amount(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
