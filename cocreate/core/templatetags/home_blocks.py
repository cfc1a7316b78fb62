from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def home_block(context, template_name: str, variables: dict):
    """Render a registered home-page block with its own variables on top of the page's, as ``{% include %}`` does."""
    block_template = context.template.engine.get_template(template_name)
    with context.push(variables):
        return block_template.render(context)
