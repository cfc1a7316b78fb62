"""The activity log and a person: their own entries for their data export, and the entries about them at erasure.

The log stays as it was written, with the actor as a user row that erasure pseudonymises. The one thing rewritten is
the label an entry took from its target when that target is the person themself (a suspension's entry names the
suspended account): it held their name.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from .models import Activity

EXPORTED = ("activity.Activity.actor",)


def personal_data(user) -> list[dict]:
    """What the person did, as the log recorded it (their lineage links and the challenges they created are there
    too, as the entries of the actions that made them)."""
    entries = Activity.objects.filter(actor=user).select_related("target_type", "organisation").order_by("pk")
    return [
        {
            "verb": entry.verb,
            "on": f"{entry.target_type.app_label}.{entry.target_type.model} {entry.target_id}",
            "label": entry.target_label,
            "organisation": entry.organisation.name if entry.organisation else None,
            "public": entry.is_public,
            "at": entry.created_at.isoformat(),
        }
        for entry in entries
    ]


def erase(user, *, emails) -> None:
    """Called once the account is pseudonymised: entries about the person take their pseudonym as the label."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(user.public_name)
    user_type = ContentType.objects.get_for_model(get_user_model())
    Activity.objects.filter(target_type=user_type, target_id=user.pk).update(target_label=label)
