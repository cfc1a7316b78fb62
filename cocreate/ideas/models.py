import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.engagement.models import Contribution
from cocreate.engagement.workflows import Workflow


class Idea(Contribution):
    """A proposed solution to a challenge. Editable by its author until the first support or comment arrives."""

    lifecycle_step = 2

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        DUPLICATE = "duplicate", _("Duplicate")
        IMPLEMENTED = "implemented", _("Implemented")

    # An accepted idea is taken forward (into a design, a project); "implemented" says how it was put into practice.
    # A decision may be reconsidered: declined ideas and duplicates go back to review.
    workflow = Workflow(
        statuses=Status,
        initial=Status.SUBMITTED,
        transitions={
            Status.SUBMITTED: {Status.UNDER_REVIEW, Status.ACCEPTED, Status.NOT_ACCEPTED, Status.DUPLICATE},
            Status.UNDER_REVIEW: {Status.ACCEPTED, Status.NOT_ACCEPTED, Status.DUPLICATE},
            Status.ACCEPTED: {Status.IMPLEMENTED, Status.NOT_ACCEPTED},
            Status.NOT_ACCEPTED: {Status.UNDER_REVIEW},
            Status.DUPLICATE: {Status.UNDER_REVIEW},
            Status.IMPLEMENTED: {Status.ACCEPTED},
        },
        open={Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED},
        awaiting_answer={Status.SUBMITTED},
        closed={Status.NOT_ACCEPTED, Status.DUPLICATE, Status.IMPLEMENTED},
        answer_required={Status.NOT_ACCEPTED, Status.DUPLICATE, Status.IMPLEMENTED},
    )

    class Origin(models.TextChoices):
        COLLECTION = "collection", _("Idea collection")
        WIKI_SURVEY = "wiki_survey", _("Added in the wiki survey")

    # No index of its own: the three list indexes below begin with the challenge. Each index is one more write for
    # every support click that moves support_count.
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("challenge"),
        db_index=False,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="ideas", verbose_name=_("public body")
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=5000)
    status = workflow.status_field()
    image = models.ImageField(_("image"), upload_to="ideas/%Y/%m/", blank=True)
    image_alt = models.CharField(_("what the image shows"), max_length=200, blank=True)
    tags = models.ManyToManyField("ideas.Tag", blank=True, related_name="ideas", verbose_name=_("tags"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.COLLECTION)
    awaiting_moderation = models.BooleanField(
        _("awaiting moderation"), default=False, help_text=_("Ideas added in a wiki survey wait for a moderator.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by_moderator = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["challenge", "-created_at"], name="ideas_challenge_new_idx"),
            models.Index(fields=["challenge", "-support_count"], name="ideas_challenge_support_idx"),
            models.Index(fields=["challenge", "-comment_count"], name="ideas_challenge_comment_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_editable_by_author(self) -> bool:
        """Once someone supported or commented, the idea they reacted to must stay what it was."""
        return self.support_count == 0 and self.comment_count == 0 and not self.is_withdrawn

    def response_commitment_days(self) -> int | None:
        return self.challenge.response_days


class Tag(models.Model):
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=40)
    slug = models.SlugField(max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["challenge", "slug"], name="ideas_tag_unique")]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """Who votes in a wiki survey or an opinion map: a signed-in person, or a pseudonym bound to a browser session.

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
                fields=["challenge", "user"], condition=models.Q(user__isnull=False), name="ideas_participant_user"
            ),
            models.UniqueConstraint(
                fields=["challenge", "token"], condition=~models.Q(token=""), name="ideas_participant_token"
            ),
        ]

    def __str__(self):
        return f"participant {self.pk}"


class PairwiseVote(models.Model):
    """One answer to "which of these two ideas better meets the challenge?"."""

    class Choice(models.TextChoices):
        LEFT = "left", _("Left")
        RIGHT = "right", _("Right")
        CANT_DECIDE = "cant_decide", _("I can't decide")

    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="pairwise_votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairwise_votes")
    left = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=20, choices=Choice.choices)
    valid = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairwise vote")
        verbose_name_plural = _("pairwise votes")
        indexes = [models.Index(fields=["challenge", "created_at"], name="ideas_pairwise_idx")]

    def __str__(self):
        return f"{self.left_id} vs {self.right_id}: {self.choice}"


class Statement(models.Model):
    """A short statement in an opinion map, voted agree / disagree / pass."""

    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
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
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="statement_votes")
    vote = models.SmallIntegerField(choices=Vote.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statement vote")
        verbose_name_plural = _("statement votes")
        constraints = [models.UniqueConstraint(fields=["statement", "participant"], name="ideas_statement_vote_once")]

    def __str__(self):
        return f"{self.participant_id} on {self.statement_id}: {self.vote}"


class OpinionMapResult(models.Model):
    """The last computed opinion map of a challenge; recomputed by a background task when votes arrive."""

    challenge = models.OneToOneField("challenges.Challenge", on_delete=models.CASCADE, related_name="opinion_map")
    computed_at = models.DateTimeField(null=True, blank=True)
    votes_at_computation = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map result")
        verbose_name_plural = _("opinion map results")

    def __str__(self):
        return f"opinion map of challenge {self.challenge_id}"

    @property
    def is_stale(self) -> bool:
        return self.stale_since is not None

    def age(self, now) -> dt.timedelta | None:
        return now - self.computed_at if self.computed_at else None
