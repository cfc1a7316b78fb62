"""The opinion map as an inline SVG, drawn on the server so that it needs no JavaScript.

Each opinion group has its own shape and colour (so that the groups can be told apart without colour vision; every
colour has a contrast of at least 4.5:1 on white), the participant's own dot is ringed and labelled, and the image
has a title and a description. The page adds a table of the groups as its text alternative.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH, HEIGHT, PAD = 640, 420, 36
#: Most dots drawn; larger conversations are thinned evenly (the groups' sizes are in the table).
MAX_DOTS = 3000
UNGROUPED = "#595959"
# (colour, shape) per group; colours checked for at least 4.5:1 contrast on white.
STYLES = [
    ("#0b5cad", "circle"),
    ("#b3261e", "square"),
    ("#1e6b34", "triangle"),
    ("#6f3b96", "diamond"),
    ("#7a4a00", "cross"),
]


def shape_name(group: int) -> str:
    names = {
        "circle": _("circle"),
        "square": _("square"),
        "triangle": _("triangle"),
        "diamond": _("diamond"),
        "cross": _("cross"),
    }
    return str(names[STYLES[group % len(STYLES)][1]])


def colour(group: int | None) -> str:
    return UNGROUPED if group is None else STYLES[group % len(STYLES)][0]


def shape(group: int | None, x: float, y: float, size: float = 4.5, extra: str = "") -> str:
    """One marker as SVG markup: the group's shape, or a small grey circle for people not in a group."""
    fill = colour(group)
    kind = "dot" if group is None else STYLES[group % len(STYLES)][1]
    if kind in {"dot", "circle"}:
        radius = size * (0.7 if kind == "dot" else 1)
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}"{extra}/>'
    if kind == "square":
        s = size * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}"{extra}/>'
    if kind == "triangle":
        s = size * 1.2
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y + s * 0.8:.1f} {x - s:.1f},{y + s * 0.8:.1f}"
    elif kind == "diamond":
        s = size * 1.2
        points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
    else:  # cross
        s, t = size * 1.1, size * 0.4
        points = " ".join(
            f"{x + dx:.1f},{y + dy:.1f}"
            for dx, dy in [
                (-t, -s), (t, -s), (t, -t), (s, -t), (s, t), (t, t),
                (t, s), (-t, s), (-t, t), (-s, t), (-s, -t), (-t, -t),
            ]
        )  # fmt: skip
    return f'<polygon points="{points}" fill="{fill}"{extra}/>'


def legend_icon(group: int) -> SafeString:
    """A small picture of a group's marker for the table (hidden from screen readers: the table names the shape)."""
    return mark_safe(  # noqa: S308 - built from numbers and fixed colours only
        '<svg class="opinion-map__icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" '
        f'focusable="false">{shape(group, 9, 9, 5.5)}</svg>'
    )


def render_opinion_map(data: dict, *, own_key: str | None = None, element_id: str = "opinion-map") -> SafeString:
    """The map of ``OpinionMap.to_dict()`` data as an inline ``<svg role="img">``."""
    positions = data.get("positions", {})
    groups = data.get("participants", {})
    sizes = {g["id"]: g["size"] for g in data.get("groups", [])}
    keys = list(positions)
    if len(keys) > MAX_DOTS:
        step = len(keys) / MAX_DOTS
        keys = [keys[int(i * step)] for i in range(MAX_DOTS)]
    if own_key in positions and own_key not in keys:
        keys.append(own_key)
    xs = [positions[k][0] for k in keys] or [0.0]
    ys = [positions[k][1] for k in keys] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def place(point) -> tuple[float, float]:
        return WIDTH / 2 + (point[0] - cx) * scale, HEIGHT / 2 - (point[1] - cy) * scale

    title = _("Opinion map")
    parts = [
        ngettext(
            "%(count)d participant, each shown as a dot placed near people who voted alike.",
            "%(count)d participants, each shown as a dot placed near people who voted alike.",
            len(positions),
        )
        % {"count": len(positions)}
    ]
    for group_id in sorted(sizes):
        parts.append(
            ngettext(
                "Group %(number)d: %(count)d person, drawn as a %(shape)s.",
                "Group %(number)d: %(count)d people, drawn as a %(shape)s.",
                sizes[group_id],
            )
            % {"number": group_id + 1, "count": sizes[group_id], "shape": shape_name(group_id)}
        )
    if not sizes:
        parts.append(_("No opinion groups have formed yet."))
    own_group = groups.get(own_key) if own_key else None
    if own_key in positions:
        if own_group is None:
            parts.append(_("You are marked with a ring; you are not in a group yet."))
        else:
            parts.append(_("You are marked with a ring, in group %(number)d.") % {"number": own_group + 1})
    desc = " ".join(str(p) for p in parts)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" class="opinion-map__svg" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#595959"/>',
    ]
    for key in keys:
        if key == own_key:
            continue
        x, y = place(positions[key])
        out.append(shape(groups.get(key), x, y))
    for group in data.get("groups", []):
        x, y = place(group["center"])
        label = escape(_("Group %(number)d") % {"number": group["id"] + 1})
        out.append(
            f'<text x="{x:.1f}" y="{y - 14:.1f}" text-anchor="middle" font-size="15" font-weight="bold" '
            f'fill="#1a1a1a" stroke="#ffffff" stroke-width="4" paint-order="stroke">{label}</text>'
        )
    if own_key in positions:
        x, y = place(positions[own_key])
        out.append(shape(own_group, x, y, 6.5))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="none" stroke="#1a1a1a" stroke-width="3"/>')
        out.append(
            f'<text x="{x + 17:.1f}" y="{y + 5:.1f}" font-size="15" font-weight="bold" fill="#1a1a1a" '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(_("You"))}</text>'
        )
    out.append("</svg>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text in it went through escape()
