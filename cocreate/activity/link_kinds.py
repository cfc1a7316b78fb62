"""The kinds of lineage link. Each app registers the kinds its actions write, in its ``AppConfig.ready()``.

A kind says how each end reads the link (“was framed as” from the problem, “was framed from” from the challenge)
and which end came first: the journey and the “what became of it” notices follow links from what came first to
what came of it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkKind:
    outgoing: str  # the source's reading: the problem “was framed as” the challenge
    incoming: str  # the target's reading: the challenge “was framed from” the problem
    # True when the target came of the source (problem -framed_as-> challenge); False when the source came of the
    # target (idea -proposed_in-> challenge: the idea came of the challenge).
    source_came_first: bool = True


_kinds: dict[str, LinkKind] = {}


def register_link_kinds(kinds: dict[str, LinkKind]) -> None:
    for key, kind in kinds.items():
        existing = _kinds.get(key)
        if existing is not None and existing != kind:
            raise ValueError(f"Link kind {key!r} is already registered differently.")
        _kinds[key] = kind


def unregister_link_kind(key: str) -> None:
    """For tests that register a kind of their own."""
    _kinds.pop(key, None)


def link_kind(key: str) -> LinkKind | None:
    return _kinds.get(key)


def kinds_where_target_came_first() -> set[str]:
    """The kinds read against the direction of the link; every other kind, even one no longer registered, is read
    from source to target."""
    return {key for key, kind in _kinds.items() if not kind.source_came_first}
