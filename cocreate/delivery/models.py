"""Delivery: what a decision selected, carried out in public as implementation projects.

An :class:`ImplementationProject` is a contribution (``engagement.Contribution``): it has a public status from its
own small state machine, with a dated answer for every change, and can be followed. It belongs to a challenge's
delivery stage, and usually came of a project a decision selected, or of a selected design (the lineage says so).
Its :class:`Milestone`\\ s have planned and actual dates; its :class:`BudgetItem`\\ s record what was committed and
spent; its :class:`ProjectUpdate`\\ s form a public timeline. The counts and totals a list shows are stored on the
project and changed by the actions in the same transaction.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import latitude_field, longitude_field
from cocreate.engagement.models import Contribution
from cocreate.engagement.workflows import Workflow

MONEY = {"max_digits": 16, "decimal_places": 2}


class ImplementationProject(Contribution):
    lifecycle_step = 5

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    workflow = Workflow(
        statuses=Status,
        initial=Status.PLANNED,
        transitions={
            Status.PLANNED: {Status.IN_PROGRESS, Status.ABANDONED},
            Status.IN_PROGRESS: {Status.PLANNED, Status.DONE, Status.ABANDONED},
            Status.DONE: {Status.IN_PROGRESS},
            Status.ABANDONED: {Status.PLANNED},
        },
        open={Status.PLANNED, Status.IN_PROGRESS},
        awaiting_answer=set(),
        closed={Status.DONE, Status.ABANDONED},
        # Every change says why, in public: starting, finishing, giving up, or starting again.
        answer_required={Status.IN_PROGRESS, Status.DONE, Status.ABANDONED, Status.PLANNED},
    )

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.PROTECT, related_name="implementation_projects"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("public body")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("public description"), max_length=5000)
    status = workflow.status_field()
    departments = models.ManyToManyField(
        "organisations.Department", blank=True, related_name="+", verbose_name=_("responsible departments")
    )
    partners = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("partner organisations")
    )
    district = models.CharField(_("district"), max_length=120, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of the project"),
    )
    # Set by officials; None: derived from the milestones (or, for a project with sub-projects, from theirs).
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    budget_planned = models.DecimalField(_("budget planned"), null=True, blank=True, **MONEY)
    # What the design (or the project on the ballot) estimated, kept as it was when the project was made.
    estimated_cost = models.DecimalField(_("estimated cost"), null=True, blank=True, **MONEY)
    # Stored totals of the line items and milestones, changed by the actions that add them.
    budget_committed = models.DecimalField(_("budget committed"), default=0, **MONEY)
    budget_spent = models.DecimalField(_("budget spent"), default=0, **MONEY)
    milestone_count = models.PositiveIntegerField(default=0)
    milestones_met = models.PositiveIntegerField(default=0)
    # Where it came from: the project a decision selected (at most one implementation each) …
    decision_project = models.OneToOneField(
        "decisions.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="implementation"
    )
    # … and the design or idea it carries out ("app_label.model" and pk; at most one implementation each).
    source_label = models.CharField(max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    submitted_label = _("Planned")

    class Meta:
        verbose_name = _("implementation project")
        verbose_name_plural = _("implementation projects")
        ordering = ["challenge", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="delivery_progress_at_most_100"),
            models.CheckConstraint(condition=Q(budget_planned__gte=0), name="delivery_budget_planned_not_negative"),
            models.UniqueConstraint(
                fields=["source_label", "source_id"],
                condition=Q(source_id__isnull=False),
                name="delivery_project_source_once",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delivery:detail", kwargs={"pk": self.pk})


class Milestone(models.Model):
    project = models.ForeignKey(ImplementationProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateField(_("planned date"))
    reached_on = models.DateField(_("date reached"), null=True, blank=True)
    note = models.TextField(_("public note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_on", "pk"]
        indexes = [models.Index(fields=["planned_on"], name="delivery_milestone_planned")]

    def __str__(self):
        return self.title

    @property
    def is_reached(self) -> bool:
        return self.reached_on is not None

    def is_late(self, today=None) -> bool:
        """Its planned date has passed and it is not reached."""
        return self.reached_on is None and self.planned_on < (today or timezone.localdate())


class BudgetItem(models.Model):
    """A line of the project's budget: money committed (a contract signed) or spent (an invoice paid)."""

    class Kind(models.TextChoices):
        COMMITTED = "committed", _("Committed")
        SPENT = "spent", _("Spent")

    project = models.ForeignKey(ImplementationProject, on_delete=models.CASCADE, related_name="budget_items")
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="delivery_budget_item_not_negative")]

    def __str__(self):
        return self.description


def update_photo_path(instance, filename: str) -> str:
    today = timezone.localdate()
    return f"delivery/{today:%Y/%m}/{instance.project_id}-{filename}"


class ProjectUpdate(models.Model):
    """A dated public note on how the project goes, shown in its timeline, with a photo stored without its
    metadata."""

    project = models.ForeignKey(ImplementationProject, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField(_("update"), max_length=5000)
    photo = models.ImageField(_("photo"), upload_to=update_photo_path, blank=True)
    thumbnail = models.ImageField(upload_to=update_photo_path, blank=True)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["project", "-created_at", "-pk"]

    def __str__(self):
        return self.body[:60]


# --- Co-delivery tasks (volunteering) ---------------------------------------------------------------------------------


class VolunteerTask(models.Model):
    """Something residents can help with on an implementation project: a time, a place, a number of places. The
    count of people signed up is stored and changed by the actions (in ``volunteering.py``) under a row lock."""

    project = models.ForeignKey(ImplementationProject, on_delete=models.CASCADE, related_name="volunteer_tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you will do"), max_length=5000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    latitude = latitude_field()
    longitude = longitude_field()
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    skills = models.JSONField(_("skills that help"), default=list, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    signed_up_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Called off by an official: the people signed up were told and freed; the task stays, marked, with the reason.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("co-delivery task")
        verbose_name_plural = _("co-delivery tasks")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="delivery_task_starts_at")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="delivery_task_ends_after_start"),
            models.CheckConstraint(
                condition=Q(signed_up_count__lte=F("capacity")), name="delivery_task_never_over_capacity"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delivery:task_detail", kwargs={"pk": self.pk})

    @property
    def challenge(self):
        return self.project.challenge

    @property
    def places_left(self) -> int:
        return 0 if self.is_cancelled else max(self.capacity - self.signed_up_count, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class TaskSignup(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    task = models.ForeignKey(VolunteerTask, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_signups")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SIGNED_UP)
    # 1, 2, … on the waiting list (in the order people signed up); None off it.
    waiting_position = models.PositiveIntegerField(null=True, blank=True)
    hours = models.DecimalField(
        _("hours given"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("task sign-up")
        verbose_name_plural = _("task sign-ups")
        ordering = ["task", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "person"], name="delivery_signup_once_per_task"),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="delivery_signup_hours_in_day"),
        ]

    def __str__(self):
        return f"{self.task} – {self.person}"
