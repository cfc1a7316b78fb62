"""Moderation of contributions and comments: flags from people, a case per flagged item, decisions, suspensions.

A flagged item (any :class:`~cocreate.engagement.models.Contribution` or a comment) gets one :class:`Case`, which
stores where it belongs (organisation, challenge) so that queues are plain filters, and how many open flags it has,
so that queues never count rows. Decisions and flags are kept for the audit; hiding keeps the item's text.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocreate.core.inputs import validate_date_in_range


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSIVE = "abusive", _("Abusive, hateful or threatening")
    PERSONAL_DATA = "personal_data", _("Personal data of someone")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Case(models.Model):
    """Everything about one flagged or moderated item, for the queue."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        DECIDED = "decided", _("Decided")

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("challenge"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    flag_count = models.PositiveIntegerField(_("open flags"), default=0)
    hidden_reason = models.CharField(_("public reason for hiding"), max_length=500, blank=True)
    auto_hidden_at = models.DateTimeField(_("hidden automatically"), null=True, blank=True)
    last_flagged_at = models.DateTimeField(_("last flagged"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        ordering = ["-updated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["target_type", "target_id"], name="moderation_case_once")]
        indexes = [
            models.Index(fields=["organisation", "challenge", "state", "-updated_at"], name="moderation_queue_idx")
        ]

    def __str__(self):
        return f"{self.target_type.model} {self.target_id}"

    def get_absolute_url(self):
        return reverse("moderation:case", kwargs={"pk": self.pk})


class Flag(models.Model):
    """One person's report of an item. Once per person per item, ever; a decision closes the open flags."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=1000, blank=True)
    decision = models.ForeignKey(
        "ModerationDecision", on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="moderation_flag_once")]

    def __str__(self):
        return f"{self.user} flags {self.case}: {self.reason}"


class ModerationDecision(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", _("Hide")
        RESTORE = "restore", _("Restore")
        DISMISS = "dismiss", _("Dismiss the flags")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("moderator")
    )
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    public_reason = models.CharField(_("public reason"), max_length=500, blank=True)
    internal_note = models.TextField(_("internal note"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action}: {self.case}"


class SuspensionQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now, lifted_at__isnull=True)


class Suspension(models.Model):
    """A person may not write anywhere until ``ends_at`` (or until an administrator lifts it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    reason = models.CharField(_("reason"), max_length=500)
    starts_at = models.DateTimeField(_("from"), default=timezone.now, validators=[validate_date_in_range])
    ends_at = models.DateTimeField(_("until"), validators=[validate_date_in_range])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["user", "ends_at"], name="moderation_suspension_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="moderation_ends_later")
        ]

    def __str__(self):
        return gettext("Suspension until %(date)s") % {"date": f"{timezone.localtime(self.ends_at):%Y-%m-%d %H:%M}"}

    def get_absolute_url(self):
        return reverse("moderation:suspended")

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and self.starts_at <= now < self.ends_at
