"""``{% voting_state decision as voting %}``: what the decision page's voting panel shows to this viewer."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def voting_state(context, decision) -> dict:
    from cocreate.decisions import voting
    from cocreate.decisions.models import Ballot

    user = context["request"].user
    stage = decision.stage
    receipt = ""
    if user.is_authenticated and decision.is_vote:
        receipt = (
            Ballot.objects.filter(decision=decision, voter_key=voting.voter_key_for_user(user))
            .values_list("receipt", flat=True)
            .first()
            or ""
        )
    return {
        "shown": decision.is_vote and stage is not None,
        "open": voting.stage_takes_votes(decision) if stage is not None else False,
        "upcoming": stage is not None and not stage.is_active() and not stage.is_over(),
        "starts_at": stage.starts_at if stage else None,
        "ends_at": stage.ends_at if stage else None,
        "receipt": receipt,
        "takes_codes": voting.takes_codes(decision),
        "takes_residents": voting.takes_residents(decision),
    }
