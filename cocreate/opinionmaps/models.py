import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import StageSettings


class Statement(models.Model):
    """A short statement in an opinion map, voted agree / disagree / pass."""

    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="statements")
    stage = models.ForeignKey(
        "challenges.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    author = models.ForeignKey(
        "engagement.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    text = models.CharField(_("statement"), max_length=280)
    is_seed = models.BooleanField(default=False, help_text=_("Written by the organisers."))
    is_approved = models.BooleanField(_("approved"), default=False)
    is_hidden = models.BooleanField(_("moderated out"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["pk"]

    def __str__(self):
        return self.text


class StatementVote(models.Model):
    class Vote(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass / unsure")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey("engagement.Participant", on_delete=models.CASCADE, related_name="statement_votes")
    vote = models.SmallIntegerField(choices=Vote.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statement vote")
        verbose_name_plural = _("statement votes")
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="opinionmaps_statement_vote_once")
        ]

    def __str__(self):
        return f"{self.participant_id} on {self.statement_id}: {self.vote}"


class OpinionMapResult(models.Model):
    """The last computed opinion map of an opinion-map stage; recomputed by a background task when votes arrive."""

    stage = models.OneToOneField("challenges.Stage", on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(null=True, blank=True)
    votes_at_computation = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map result")
        verbose_name_plural = _("opinion map results")

    def __str__(self):
        return f"opinion map of stage {self.stage_id}"

    @property
    def is_stale(self) -> bool:
        return self.stale_since is not None

    def age(self, now) -> dt.timedelta | None:
        return now - self.computed_at if self.computed_at else None


class OpinionMapSettings(StageSettings):
    open_to_visitors = models.BooleanField(
        _("open the opinion map to visitors who are not signed in"),
        default=False,
        help_text=_(
            "Visitors may vote and add statements without an account, under a pseudonym kept in their browser."
        ),
    )

    class Meta:
        verbose_name = _("opinion map settings")
        verbose_name_plural = _("opinion map settings")
