from django import template

from cocreate.designs.testround_queries import rounds_of

register = template.Library()


@register.simple_tag
def test_rounds_of(design):
    """The design's test rounds with their findings, for its page's aside."""
    return rounds_of(design)


@register.filter
def percent(share) -> str:
    """A share from 0 to 1 as a whole percentage, in the page's language; empty when there is none."""
    if share is None:
        return ""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    return _("%(number)s%%") % {"number": number_format(round(share * 100))}


@register.filter
def share(tally, outcome: str):
    return tally.share(outcome)
