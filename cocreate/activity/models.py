from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import ActivityIsAppendOnly


class Activity(models.Model):
    """One entry of the append-only log: who did what to which item, and when.

    Written only by action functions, never changed afterwards. ``is_public`` entries appear on public pages;
    every entry appears to administrators. The actor is a user row, so account erasure pseudonymises the log too.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("verb"), max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("target type"))
    target_id = models.PositiveBigIntegerField(_("target id"))
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(
        _("target"), max_length=300, help_text=_("The item's title when the action happened.")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    is_public = models.BooleanField(_("public"), default=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-created_at"], name="activity_target_idx"),
            models.Index(fields=["organisation", "-created_at"], name="activity_org_idx"),
        ]

    def __str__(self):
        return f"{self.actor} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ActivityIsAppendOnly()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ActivityIsAppendOnly()


class Link(models.Model):
    """A typed lineage link between two items: this problem was framed as that challenge, this idea was proposed in
    that challenge. Its ``kind`` is one the apps registered (``activity.link_kinds``)."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField(_("kind"), max_length=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "target_type", "target_id", "kind"], name="activity_link_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="activity_link_source_idx"),
            models.Index(fields=["target_type", "target_id"], name="activity_link_target_idx"),
        ]

    def __str__(self):
        return f"{self.source_type.model} {self.source_id} {self.kind} {self.target_type.model} {self.target_id}"
