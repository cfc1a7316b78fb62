"""Information events of an adoption campaign: a session at a library, a stand at a market, an online talk, with a
date, a place, a language and (when places are few) a capacity; and the residents signed up for them. Imported by
``models.py``, so that they are the app's models like any other."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_EVENT_CAPACITY = 100_000


class InformationEvent(models.Model):
    campaign = models.ForeignKey(
        "adoption.Campaign", on_delete=models.CASCADE, related_name="events", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens there"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, help_text=_("An address, a room, or “online” with a link."))
    language = models.CharField(_("language"), max_length=100, help_text=_("The language it is held in."))
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EVENT_CAPACITY)],
        help_text=_("Leave empty when there is room for everyone."),
    )
    signup_count = models.PositiveIntegerField(_("signed up"), default=0)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("information event")
        verbose_name_plural = _("information events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(signup_count__lte=models.F("capacity")),
                name="adoption_event_not_overbooked",
            ),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="adoption_event_ends"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("adoption:event", args=[self.pk])

    @property
    def challenge(self):
        """The campaign's challenge, which decides who may see and run the event (``challenges.rules``)."""
        return self.campaign.challenge

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int | None:
        """None when there is no limit."""
        return None if self.capacity is None else max(self.capacity - self.signup_count, 0)


class EventSignup(models.Model):
    event = models.ForeignKey(InformationEvent, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-up for an information event")
        verbose_name_plural = _("sign-ups for information events")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="adoption_one_signup_per_event")]

    def __str__(self):
        return f"{self.event_id}/{self.user_id}"
