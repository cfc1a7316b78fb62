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
