from django import template
from django.utils.safestring import mark_safe

from cocreate.core.registry import page_panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_panels(context, item):
    """The panels other apps registered for ``item``'s model, in order, each with its own variables on top of the
    page's (as ``{% include %}`` does); a panel whose context is None is left out."""
    request = context.get("request")
    parts = []
    for panel in page_panels_for(item._meta.label_lower):
        variables = panel.context(request, item)
        if variables is None:
            continue
        panel_template = context.template.engine.get_template(panel.template_name)
        with context.push(variables):
            parts.append(panel_template.render(context))
    return mark_safe("".join(parts))  # noqa: S308  (each part is a rendered, escaped template)
