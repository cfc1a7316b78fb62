from django import template

from cocreate.challenges import stages

register = template.Library()


@register.filter
def stage_type_label(key: str) -> str:
    """The readable name of a registered stage type ("Opinion map" for ``opinion_map``); an unknown key as it is."""
    stage_type = stages.get(key)
    return str(stage_type.label) if stage_type else key
