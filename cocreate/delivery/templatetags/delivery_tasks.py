"""``{% upcoming_tasks project as tasks %}``: the project's co-delivery tasks not over yet, and
``{% tasks_to_check_in project as tasks %}`` those over whose check-in is still open (for its officials), for the
include on its page (``delivery/volunteering/project_tasks.html``)."""

from django import template

from cocreate.delivery import volunteering_queries

register = template.Library()


@register.simple_tag
def upcoming_tasks(project):
    return volunteering_queries.tasks_of_project(project)


@register.simple_tag
def tasks_to_check_in(project):
    return volunteering_queries.tasks_to_check_in(project)
