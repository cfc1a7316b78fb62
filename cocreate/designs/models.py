"""Designs: ideas turned, together, into a service that can be built. Every save is a version of its own."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.engagement.models import Contribution
from cocreate.engagement.workflows import Workflow

from .sections import SECTIONS


class Design(Contribution):
    """A design for a service, written by its authors in sections (see ``sections.py``). Its text lives in its
    versions; ``current_version`` is the newest."""

    lifecycle_step = 3

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        IN_REVIEW = "in_review", _("In review")
        READY = "ready", _("Ready for decision")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        MERGED = "merged", _("Merged into another design")

    # Review is where departments check feasibility; a design ready for decision waits for the decision's answer.
    workflow = Workflow(
        statuses=Status,
        initial=Status.DRAFTING,
        transitions={
            Status.DRAFTING: {Status.IN_REVIEW, Status.READY, Status.MERGED, Status.NOT_SELECTED},
            Status.IN_REVIEW: {Status.DRAFTING, Status.READY, Status.MERGED, Status.NOT_SELECTED},
            Status.READY: {Status.DRAFTING, Status.IN_REVIEW, Status.SELECTED, Status.NOT_SELECTED, Status.MERGED},
            Status.SELECTED: {Status.READY},
            Status.NOT_SELECTED: {Status.DRAFTING, Status.READY},
            Status.MERGED: {Status.DRAFTING},
        },
        open={Status.DRAFTING, Status.IN_REVIEW, Status.READY, Status.SELECTED},
        awaiting_answer={Status.READY},
        closed={Status.NOT_SELECTED, Status.MERGED},
        answer_required={Status.SELECTED, Status.NOT_SELECTED, Status.MERGED},
    )

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.PROTECT, related_name="designs", verbose_name=_("challenge")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="designs", verbose_name=_("public body")
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.TextField(_("summary"), max_length=1000)
    status = workflow.status_field()
    current_version = models.ForeignKey(
        "designs.DesignVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version_count = models.PositiveIntegerField(default=0)
    amendments_closed = models.BooleanField(
        _("amendments closed"), default=False, help_text=_("No new amendments; those made stay visible.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    submitted_label = _("Started")
    comment_anchors = frozenset(section.key for section in SECTIONS)  # each section has its own comments
    support_label = _("Support this design")
    support_label_done = _("You support this design")

    class Meta:
        verbose_name = _("design")
        verbose_name_plural = _("designs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("designs:detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def response_commitment_days(self) -> int | None:
        return self.challenge.response_days


class DesignVersion(models.Model):
    """One saved state of a design: its sections as ``content`` (validated by ``sections.clean_content``), who saved
    it, when and why."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saved by")
    )
    # Who wrote the change, when it is not who saved it: the proposer of an accepted amendment.
    credited_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("design version")
        verbose_name_plural = _("design versions")
        ordering = ["design", "number"]
        constraints = [models.UniqueConstraint(fields=["design", "number"], name="designs_version_number_unique")]

    def __str__(self):
        return f"{self.design} v{self.number}"

    def get_absolute_url(self):
        return reverse("designs:version", kwargs={"pk": self.design_id, "number": self.number})


class CoAuthor(models.Model):
    """A person invited to write a design with its starter, by account or by e-mail address. An invitation by
    address is taken up by whoever signs in with that verified address."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Co-author")
        DECLINED = "declined", _("Declined")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="coauthorships"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["design", "user"], condition=Q(user__isnull=False), name="designs_coauthor_user_once"
            ),
            models.UniqueConstraint(
                fields=["design", "email"], condition=~Q(email=""), name="designs_coauthor_email_once"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="designs_coauthor_user_or_email"
            ),
        ]

    def __str__(self):
        return f"{self.user or self.email} on {self.design}"


class Amendment(models.Model):
    """A change to one section of a design, proposed by a participant who is not one of its authors. The authors
    accept it (it becomes a new version, credited to the proposer), reject it with a public reason, or ask for
    changes; a rejected amendment can become a design of its own."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the authors")
        CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="amendments")
    section = models.CharField(_("section"), max_length=30)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    base_version = models.ForeignKey(DesignVersion, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField(_("proposed text"), default=str)  # the section's new content, cleaned
    reason = models.TextField(_("why"), max_length=2000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("the authors' answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    result_version = models.ForeignKey(DesignVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    spun_off = models.ForeignKey(Design, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["design", "status"], name="designs_amendment_status_idx")]

    def __str__(self):
        return f"{self.design}: {self.section}"

    def get_absolute_url(self):
        return reverse("designs:amendment", kwargs={"pk": self.design_id, "amendment": self.pk})

    @property
    def section_def(self):
        from .sections import BY_KEY

        return BY_KEY.get(self.section)


class FeasibilityReview(models.Model):
    """One department of the design's public body asked to review one version of a design: whether the service can
    be built as written. Asked for by an official of the body, due within the challenge's response commitment, and
    answered once with a verdict, public reasoning and notes that only the body's officials read. A verdict is final;
    a newer version is reviewed by a new request.

    ``organisation``, ``created_at`` and ``answer_due`` are named as a contribution names them, so the response
    commitment (``engagement.queries.answer_due_for``) and the department's overdue page treat a review like any
    answer the department owes."""

    class Verdict(models.TextChoices):
        FEASIBLE = "feasible", _("Feasible")
        CONDITIONS = "feasible_with_conditions", _("Feasible with conditions")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        DesignVersion, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("version")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("public body")
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        related_name="design_reviews",
        verbose_name=_("department"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    answer_due = models.DateField(_("due"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=30, choices=Verdict.choices, blank=True)
    reasoning = models.TextField(_("reasoning"), max_length=5000, blank=True)
    private_notes = models.TextField(_("notes for officials"), max_length=5000, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    given_at = models.DateTimeField(_("given"), null=True, blank=True)

    class Meta:
        verbose_name = _("feasibility review")
        verbose_name_plural = _("feasibility reviews")
        ordering = ["design", "department__name", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "department"], name="designs_review_once_per_version"),
            models.UniqueConstraint(
                fields=["design", "department"], condition=Q(verdict=""), name="designs_review_one_outstanding"
            ),
            models.CheckConstraint(
                condition=Q(verdict="", reviewer__isnull=True, given_at__isnull=True)
                | (~Q(verdict="") & ~Q(reasoning="") & Q(reviewer__isnull=False, given_at__isnull=False)),
                name="designs_review_verdict_complete",
            ),
        ]
        indexes = [
            models.Index(
                fields=["department", "answer_due"], condition=Q(verdict=""), name="designs_review_outstanding"
            )
        ]

    def __str__(self):
        return _("Review of “%(title)s”, version %(number)s") % {
            "title": self.design.title,
            "number": self.version.number,
        }

    def get_absolute_url(self):
        return self.design.get_absolute_url() + f"#review-{self.pk}"

    def response_commitment_days(self) -> int | None:
        return self.design.challenge.response_days

    @property
    def is_given(self) -> bool:
        return bool(self.verdict)

    @property
    def status(self) -> str:
        """The verdict, or ``outstanding`` (for lists of what a department owes)."""
        return self.verdict or "outstanding"

    @property
    def is_overdue(self) -> bool:
        return (
            not self.verdict
            and self.answer_due is not None
            and self.answer_due < timezone.localdate()
            and not self.design.is_withdrawn
        )

    @property
    def is_of_older_version(self) -> bool:
        return self.version_id != self.design.current_version_id
