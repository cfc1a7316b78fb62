"""What the results panel of a decision's page shows, for the person looking."""

from django import template

from cocreate.decisions import results_queries
from cocreate.decisions.models import Decision

register = template.Library()


@register.simple_tag
def results_for(decision, user) -> dict:
    can_manage = user.has_perm("decisions.manage_decision", decision)
    published = results_queries.published_runs(decision) if decision.is_vote else []
    return {
        "can_close": decision.is_vote
        and decision.results in (Decision.Results.NONE, Decision.Results.FAILED)
        and user.has_perm("decisions.close_decision", decision),
        "can_dry_count": decision.is_vote
        and decision.results != Decision.Results.PUBLISHED
        and user.has_perm("decisions.dry_count_decision", decision),
        "can_select": user.has_perm("decisions.select_decision", decision),
        "dry_runs": results_queries.latest_dry_runs(decision) if can_manage else [],
        "counting": decision.results == Decision.Results.TALLYING,
        "failed": decision.results == Decision.Results.FAILED,
        "failures": results_queries.failed_counts(decision)
        if can_manage and decision.results == Decision.Results.FAILED
        else [],
        "published": published,
        "selection": [] if decision.is_vote else list(decision.projects.filter(selected__isnull=False)),
        "live": results_queries.live_counts(decision)
        if decision.is_vote and decision.live_counts and decision.results != Decision.Results.PUBLISHED
        else None,
        "rules": Decision.Rule.choices,
    }


@register.filter
def money(value) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ""
    return f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}"


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
