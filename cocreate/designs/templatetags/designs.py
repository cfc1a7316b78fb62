from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cocreate.designs.sections import shown

register = template.Library()


@register.filter
def euros(value) -> str:
    """A whole amount of euros, grouped as the page's language writes numbers."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return ""
    return _("%(amount)s €") % {"amount": number_format(value, force_grouping=True)}


@register.simple_tag
def cell(row: dict, column, indicators=None) -> str:
    if column.is_amount:
        return euros(row.get(column.key, 0))
    return format_html("{}", shown(column, row, indicators or {}))


@register.filter
def pieces_html(pieces) -> str:
    """Words of a comparison: removed ones struck through as <del>, added ones as <ins>, with a text label each for
    those who cannot see the styling."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    out = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.kind == "added":
            out.append(f'<ins><span class="visually-hidden">{escape(_("added:"))} </span>{text}</ins>')
        elif piece.kind == "removed":
            out.append(f'<del><span class="visually-hidden">{escape(_("removed:"))} </span>{text}</del>')
        else:
            out.append(text)
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 (every piece is escaped above)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
