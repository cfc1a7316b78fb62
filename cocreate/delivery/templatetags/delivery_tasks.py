"""``{% upcoming_tasks project as tasks %}``: the project's co-delivery tasks not over yet, for the include on its
page (``delivery/volunteering/project_tasks.html``)."""

from django import template

from cocreate.delivery import volunteering_queries

register = template.Library()


@register.simple_tag
def upcoming_tasks(project):
    return volunteering_queries.tasks_of_project(project)
