from django.db import models


class RateLimitCounter(models.Model):
    """A fixed-window counter for rate limits, used when there is no Redis (see ``core/ratelimit.py``)."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True, help_text="Unix time after which the window is over.")

    def __str__(self):
        return f"{self.key}: {self.count}"
