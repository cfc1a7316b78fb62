"""Designs: ideas turned, together, into a service that can be built. Every save is a version of its own."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


# --- Prototype test rounds ---------------------------------------------------------------------------------------


class TestRound(models.Model):
    """A round in which people of the service's target population try a version of the design: what they do (tasks)
    and are asked (questions), who may take part (criteria, places) and when. See ``testround_actions.py``."""

    __test__ = False  # not a test case, whatever pytest thinks of its name

    class Status(models.TextChoices):
        OPEN = "open", _("Open for sign-up")
        RUNNING = "running", _("Running, sign-up closed")
        FINISHED = "finished", _("Finished")

    TASKS_MAX, TASK_MAX = 12, 200
    QUESTIONS_MAX, QUESTION_MAX = 5, 300
    PLACES_MAX = 500

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="test_rounds")
    version = models.ForeignKey(
        DesignVersion, on_delete=models.RESTRICT, related_name="test_rounds", verbose_name=_("version tested")
    )
    title = models.CharField(_("title"), max_length=140)
    tasks = models.JSONField(_("tasks"), default=list)  # short texts, in the order testers do them
    questions = models.JSONField(_("questions"), default=list, blank=True)
    criteria = models.TextField(_("who may take part"), max_length=1000)
    places = models.PositiveSmallIntegerField(_("places"))
    starts_at = models.DateField(_("first day"))
    ends_at = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    signup_count = models.PositiveIntegerField(default=0)
    confirmed_count = models.PositiveIntegerField(default=0)
    feedback_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("test round")
        verbose_name_plural = _("test rounds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1, places__lte=500), name="designs_testround_places"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="designs_testround_dates"),
            models.CheckConstraint(condition=Q(confirmed_count__lte=F("places")), name="designs_testround_full"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("designs:testround", kwargs={"pk": self.design_id, "round_id": self.pk})

    @property
    def places_left(self) -> int:
        return max(self.places - self.confirmed_count, 0)

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.FINISHED


class RoundSignup(models.Model):
    """A person who offers to test, with why they fit the round's criteria; an official confirms or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_signups")
    motivation = models.TextField(_("why you fit"), max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up to test")
        verbose_name_plural = _("sign-ups to test")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="designs_signup_once")]

    def __str__(self):
        return f"{self.user} in {self.round}"


class RoundFeedback(models.Model):
    """What a confirmed tester reports: each task's outcome, the ten SUS answers (1–5, with their score), answers to
    the round's questions, and a comment. One per tester, changed until the round finishes."""

    class Outcome(models.TextChoices):
        YES = "yes", _("Yes, without help")
        WITH_HELP = "help", _("Yes, with help")
        NO = "no", _("No")

    signup = models.OneToOneField(RoundSignup, on_delete=models.CASCADE, related_name="feedback")
    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="feedback")
    task_outcomes = models.JSONField(default=list)
    sus_answers = models.JSONField(default=list)
    sus_score = models.DecimalField(max_digits=4, decimal_places=1)
    answers = models.JSONField(default=list, blank=True)
    comment = models.TextField(_("anything else"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("test feedback")
        verbose_name_plural = _("test feedback")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(sus_score__gte=0, sus_score__lte=100), name="designs_feedback_sus")
        ]

    def __str__(self):
        return f"Feedback {self.pk} on {self.round_id}"


class RoundFinding(models.Model):
    """What the authors learnt from a finished round, and the later version that answers it."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        CRITICAL = "critical", _("Critical")

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("finding"), max_length=1000)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_in = models.ForeignKey(
        DesignVersion, on_delete=models.RESTRICT, null=True, blank=True, related_name="answered_findings"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]
