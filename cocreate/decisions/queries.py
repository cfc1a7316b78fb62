"""Reads of decisions that span relations."""

from .stages import makes_decision


def decision_stages(challenge) -> list:
    """The challenge's stages that make a decision (a vote or a selection), in process order."""
    return [stage for stage in challenge.ordered_stages if makes_decision(stage)]


def current_decision_stage(challenge, now=None):
    """The decision stage running now, else the last one that has begun, else the first to come."""
    stages = decision_stages(challenge)
    if not stages:
        return None
    for stage in stages:
        if stage.is_active(now):
            return stage
    begun = [stage for stage in stages if stage.is_over(now)]
    return begun[-1] if begun else stages[0]


def voted_in(person, *, viewer, limit: int) -> list:
    """For a profile: the decisions the person cast a ballot in. Whether someone voted is theirs to know: only on
    their own profile."""
    from .models import Decision

    if viewer != person:
        return []
    return list(Decision.objects.filter(ballots__user=person).distinct().order_by("-created_at", "-pk")[:limit])


PERSONAL_DATA_COVERS = ("decisions.Ballot.user",)


def personal_data(user) -> dict:
    """A person's ballots: where they voted, with which receipt, and for which projects."""
    from .models import Ballot, Project

    ballots = list(Ballot.objects.filter(user=user).select_related("decision", "budget").order_by("pk"))
    ids = {pk for ballot in ballots for pk in ballot.choices}
    titles = dict(Project.objects.filter(pk__in=ids).values_list("pk", "title"))
    return {
        "ballots": [
            {
                "decision": ballot.decision_id,
                "decision_title": ballot.decision.title,
                "budget": ballot.budget.name,
                "receipt": ballot.receipt,
                "channel": ballot.channel,
                "district": ballot.district,
                "projects": [titles.get(pk, pk) for pk in ballot.choices],
                "points": ballot.points,
                "cast": ballot.created_at.isoformat(),
                "changed": ballot.updated_at.isoformat(),
            }
            for ballot in ballots
        ]
    }
