"""The models whose items have a journey page. Each app registers its own from ``AppConfig.ready()``; any other
model named in a journey address is not found, whatever the person may see of it."""

from django.apps import apps
from django.db.models import Model

_labels: set[str] = set()


def register_journey(model: type[Model] | str) -> None:
    _labels.add((model if isinstance(model, str) else model._meta.label).lower())


def journey_model(app_label: str, model_name: str) -> type[Model] | None:
    label = f"{app_label}.{model_name}".lower()
    if label not in _labels:
        return None
    return apps.get_model(label)
