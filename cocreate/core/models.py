from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def latitude_field():
    """An optional latitude in degrees, to the micro-degree (about 11 cm), as every located contribution stores it."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field():
    """An optional longitude in degrees, to the micro-degree."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


class RateLimitCounter(models.Model):
    """A fixed-window counter for rate limits, used when there is no Redis (see ``core/ratelimit.py``)."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True, help_text="Unix time after which the window is over.")

    def __str__(self):
        return f"{self.key}: {self.count}"
