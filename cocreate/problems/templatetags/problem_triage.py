from django import template

from .. import queries
from ..forms import AssignForm

register = template.Library()


@register.simple_tag
def assign_form(problem) -> AssignForm:
    """The form that assigns ``problem`` to one of its public body's officials, showing who has it now."""
    return AssignForm(
        initial={"assignee": problem.assigned_to_id},
        officials=queries.assignable_officials(problem.organisation),
        auto_id="assign-%s",
    )
