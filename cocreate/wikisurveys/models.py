from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.models import StageSettings


class PairwiseVote(models.Model):
    """One answer to "which of these two ideas better meets the challenge?"."""

    class Choice(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        CANT_DECIDE = "cant_decide", _("I can't decide")

    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="pairwise_votes")
    participant = models.ForeignKey("engagement.Participant", on_delete=models.CASCADE, related_name="pairwise_votes")
    stage = models.ForeignKey(
        "challenges.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    left = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=20, choices=Choice.choices)
    valid = models.BooleanField(default=True)
    # The random part of the signed pair token the vote answered: the database takes each token once. (A default in
    # the database too, so that the previous release can still insert votes while this one is being deployed.)
    pair_nonce = models.CharField(max_length=32, blank=True, default="", db_default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairwise vote")
        verbose_name_plural = _("pairwise votes")
        indexes = [models.Index(fields=["challenge", "created_at"], name="wikisurveys_pairwise_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["pair_nonce"], condition=~models.Q(pair_nonce=""), name="wikisurveys_pair_answered_once"
            )
        ]

    def __str__(self):
        return f"{self.left_id} vs {self.right_id}: {self.choice}"


class WikiSurveySettings(StageSettings):
    open_to_visitors = models.BooleanField(
        _("open voting to visitors who are not signed in"),
        default=False,
        help_text=_(
            "Visitors may vote without an account, under a pseudonym kept in their browser. Adding ideas still needs "
            "an account."
        ),
    )

    class Meta:
        verbose_name = _("wiki survey settings")
        verbose_name_plural = _("wiki survey settings")
