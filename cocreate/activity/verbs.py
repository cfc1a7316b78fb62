"""Readable labels for the verbs of the activity log. Each app registers its own verbs in ``ready()``."""

_labels: dict[str, str] = {}


def register_verbs(labels: dict) -> None:
    _labels.update(labels)


def verb_label(verb: str) -> str:
    return str(_labels.get(verb, verb))
