"""Every write of decisions, one transaction each."""

from django.db import transaction

from .models import Budget, Decision


@transaction.atomic
def decision_for_stage(stage) -> Decision:
    """The decision of a vote or selection stage, made with the stage's defaults on first use."""
    from cocreate.challenges.stages import Feature

    from .models import Project

    existing = Decision.objects.filter(stage=stage).first()
    if existing is not None:
        return existing
    challenge = stage.challenge
    method = Decision.Method.VOTE if stage.allows(Feature.VOTE, Project) else Decision.Method.SELECTION
    decision, created = Decision.objects.get_or_create(
        stage=stage,
        defaults={
            "challenge": challenge,
            "organisation_id": challenge.organisation_id,
            "title": stage.display_title if stage.title else challenge.title,
            "method": method,
        },
    )
    if created and method == Decision.Method.VOTE:
        Budget.objects.create(decision=decision, name=str(challenge.title)[:120], amount=challenge.budget or 0)
    return decision


@transaction.atomic
def erase_person(user, *, emails) -> None:
    """Ballots stay counted but no longer point at the person: the user is detached and the voter key, which named
    them, replaced by a random one. The receipt stays: only the voter knows it."""
    import secrets

    from .models import Ballot

    for ballot in Ballot.objects.filter(user=user).only("pk"):
        Ballot.objects.filter(pk=ballot.pk).update(user=None, voter_key="e" + secrets.token_hex(16))
