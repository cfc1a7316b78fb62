"""Engagement, built once for every kind of contribution (problems, ideas, designs).

A contribution model inherits :class:`Contribution`: it then has an author, a public status with a history of
answers, stored support and comment counts, and can be supported, commented on and followed through the generic
models below. The counts are changed only by the actions in ``engagement/actions.py``, in the same transaction as
the row they count, so that lists never count rows.

Each concrete model declares its status machine as ``workflow`` (see ``workflows.py``) with a ``status`` field made
from it, and where its response commitment comes from in ``response_commitment_days()``.
"""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflows import Workflow


class Contribution(models.Model):
    """What every contribution has. Concrete models add their own fields, an ``organisation``, a ``workflow`` and
    its field: ``status = workflow.status_field()``."""

    workflow: ClassVar[Workflow]

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    # The stage of its challenge in which it was made; none for what is made outside a challenge's process. No index:
    # nothing lists contributions by stage yet, and each index is one more write on every support click.
    stage = models.ForeignKey(
        "challenges.Stage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("stage"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The parts of it that comments may be about, besides the whole (``Comment.anchor``).
    comment_anchors: ClassVar[frozenset[str]] = frozenset()
    # The first step of its status history.
    submitted_label = _("Submitted")
    # What supporting means for this kind of contribution, shown on its button.
    support_label = _("Support")
    support_label_done = _("You support this")

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in self.workflow.open

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status in self.workflow.awaiting_answer

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_awaiting_answer and self.answer_due is not None and self.answer_due < today

    def response_commitment_days(self) -> int | None:
        """Within how many working days this contribution is answered; None when nobody promised."""
        return None


class TargetMixin(models.Model):
    """A generic link to the contribution an engagement row belongs to."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        abstract = True


class Support(TargetMixin):
    """ "Affects me too" for a problem, "I support this" for an idea: once per person, undoable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "user"], name="engagement_support_once")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="engagement_support_target_idx")]

    def __str__(self):
        return f"{self.user} supports {self.target_type.model} {self.target_id}"


class Follow(TargetMixin):
    """A person who wants to hear about changes to a contribution."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "user"], name="engagement_follow_once")
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="engagement_follow_target_idx")]

    def __str__(self):
        return f"{self.user} follows {self.target_type.model} {self.target_id}"


class Comment(TargetMixin):
    """A comment, threaded by ``parent``. The text is plain; pages escape it and turn line breaks into paragraphs."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    body = models.TextField(_("comment"), max_length=5000)
    # The part of the contribution the thread is about (a design's section); empty for the contribution as a whole.
    anchor = models.CharField(_("part"), max_length=40, blank=True, default="", db_default="")
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"], name="engagement_comment_idx")]

    def __str__(self):
        return self.body[:60]


class StatusChange(TargetMixin):
    """One step of a contribution's public status history, with the official's answer."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Values of the target model's workflow: ``type(target).workflow.label(value)`` names them.
    old_status = models.CharField(max_length=20, blank=True)
    new_status = models.CharField(_("status"), max_length=20)
    answer = models.TextField(_("public answer"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"], name="engagement_status_idx")]

    def __str__(self):
        return f"{self.target_type.model} {self.target_id}: {self.old_status} → {self.new_status}"


class InternalNote(TargetMixin):
    """A note among officials about a contribution. Citizens never see it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("internal note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class Notification(models.Model):
    """An in-app notification. E-mail copies are sent by a background task according to the preferences."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=300)
    target_url = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="engagement_notification_idx")]

    def __str__(self):
        return f"{self.verb}: {self.target_label}"


class Announcement(models.Model):
    """News for everyone upstream of ``target`` in the lineage, waiting for the worker to write their notifications.

    The request that changed something writes one of these and nothing more, so telling a hundred thousand people
    costs it one row; the worker works out who took part, writes their notifications in batches (``done_up_to``,
    the last recipient written, lets a retry go on where it stopped) and deletes the announcement when all are
    written.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Who heard of this change already, directly (its author, supporters, followers): left out of the recipients.
    told = models.JSONField(default=list, blank=True)
    done_up_to = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.verb


class NotificationSettings(models.Model):
    class Email(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Once a day, as a digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(_("e-mail me about news"), max_length=20, choices=Email.choices, default=Email.IMMEDIATELY)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: {self.email}"


class Participant(models.Model):
    """Who takes part in a stage that counts people rather than accounts (a wiki survey, an opinion map, a ballot):
    a signed-in person, or a pseudonym bound to a browser session.

    Anonymous participants are known only by a random token kept in their session, as Pol.is and All Our Ideas do.
    """

    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="participations"
    )
    token = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "user"], condition=models.Q(user__isnull=False), name="engagement_participant_user"
            ),
            models.UniqueConstraint(
                fields=["challenge", "token"], condition=~models.Q(token=""), name="engagement_participant_token"
            ),
        ]

    def __str__(self):
        return f"participant {self.pk}"
