import datetime as dt

from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cocreate.core.inputs import validate_date_in_range

from . import stages


class ChallengeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def with_status(self, now=None):
        """Annotate ``status_code``: draft, upcoming, open or finished, from publication and stage dates."""
        now = now or timezone.now()
        active = Stage.objects.filter(challenge=models.OuterRef("pk")).active(now)
        later = Stage.objects.filter(challenge=models.OuterRef("pk"), starts_at__gt=now)
        return self.annotate(
            status_code=models.Case(
                models.When(published_at__isnull=True, then=models.Value(Challenge.Status.DRAFT)),
                models.When(models.Exists(active), then=models.Value(Challenge.Status.OPEN)),
                models.When(models.Exists(later), then=models.Value(Challenge.Status.UPCOMING)),
                default=models.Value(Challenge.Status.FINISHED),
                output_field=models.CharField(),
            ),
            active_stage_type=models.Subquery(active.order_by("position").values("type")[:1]),
        )


class Challenge(models.Model):
    """A well-defined problem that a public body opens for co-creation, run through a process of stages."""

    lifecycle_step = 1

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: everyone can see it")
        INVITED = "invited", _("Invited members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        FINISHED = "finished", _("Finished")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("public body"),
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("owning department"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partner_challenges",
        limit_choices_to={"kind": "partner"},
        verbose_name=_("partner organisations"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences for lists."))
    problem_statement = models.TextField(_("problem statement"))
    affected = models.TextField(_("who is affected"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    constraints = models.TextField(_("constraints"), blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In the local currency."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("response commitment (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("We answer every contribution within this many working days."),
    )
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="invited_challenges", verbose_name=_("invited members")
    )
    process_template = models.CharField(_("process template"), max_length=40, blank=True)
    follower_count = models.PositiveIntegerField(_("followers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "published_at"], name="challenge_org_published_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenges:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def active_stage(self, now=None):
        """The stage running now, if any (stages are read once and cached on the instance)."""
        now = now or timezone.now()
        for stage in self.ordered_stages:
            if stage.is_active(now):
                return stage
        return None

    def next_stage(self, now=None):
        """The stage that opens next, after now, if any."""
        now = now or timezone.now()
        return next((stage for stage in self.ordered_stages if stage.starts_at > now), None)

    def stage_allows(self, feature: str, model, now=None) -> bool:
        """Whether the stage running now lets people ``feature`` contributions of ``model`` (whoever they are)."""
        stage = self.active_stage(now)
        return stage is not None and stage.allows(feature, model)

    def stage_for(self, feature: str, model, now=None):
        """The stage in which contributions of ``model`` are ``feature``d (made, voted on…): the one running now if it
        allows that, else the next that will, else the last that did; None when no stage of the challenge does."""
        now = now or timezone.now()
        allowing = [stage for stage in self.ordered_stages if stage.allows(feature, model)]
        running = [stage for stage in allowing if stage.is_active(now)]
        upcoming = [stage for stage in allowing if stage.starts_at > now]
        return (running or upcoming or allowing[-1:] or [None])[0]

    def next_stage_change(self, now=None):
        """When a stage next opens or closes (what participants may do changes then); None if never again. A stage
        with no end never closes, so only the openings after it count."""
        now = now or timezone.now()
        moments = [
            m for stage in self.ordered_stages for m in (stage.starts_at, stage.ends_at) if m is not None and m > now
        ]
        return min(moments, default=None)

    @property
    def ordered_stages(self) -> list["Stage"]:
        if not hasattr(self, "_ordered_stages"):
            self._ordered_stages = list(self.stages.order_by("position", "starts_at"))
        return self._ordered_stages

    def status(self, now=None) -> str:
        if not self.is_published:
            return self.Status.DRAFT
        now = now or timezone.now()
        if self.active_stage(now):
            return self.Status.OPEN
        if any(stage.starts_at > now for stage in self.ordered_stages):
            return self.Status.UPCOMING
        return self.Status.FINISHED


class StageQuerySet(models.QuerySet):
    def active(self, now):
        """The stages running at ``now``: started, and not ended (a stage with no end runs on)."""
        return self.filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now), starts_at__lte=now)


class Stage(models.Model):
    """One stage of a challenge's process: a registered stage type, with dates."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="stages")
    type = models.CharField(_("stage type"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=120, blank=True, help_text=_("Leave empty for the type's name."))
    description = models.TextField(_("what happens in this stage"), blank=True)
    # Bounded for every form built from the model, the admin's too: a year-1 start is stored as an unreadable year 0.
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_in_range])
    ends_at = models.DateTimeField(
        _("ends"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("Empty: the stage stays open until an end is set."),
    )
    # When the challenge's followers were told that this stage opened; it is announced once.
    opening_announced_at = models.DateTimeField(_("opening announced"), null=True, blank=True, editable=False)

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "position"], name="challenges_stage_position_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="stage_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="challenges_stage_dates_idx")]

    def __str__(self):
        return self.display_title

    @property
    def stage_type(self) -> stages.StageType | None:
        return stages.get(self.type)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        stage_type = self.stage_type
        return str(stage_type.label) if stage_type else self.type

    @property
    def last_day(self):
        """Stages end at midnight after their last day; people think in last days. None for a stage with no end."""
        if self.ends_at is None:
            return None
        return timezone.localtime(self.ends_at - dt.timedelta(microseconds=1)).date()

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    def allows(self, feature: str, model) -> bool:
        """Whether this stage lets people ``feature`` (create, support…) contributions of ``model``."""
        stage_type = self.stage_type
        return stage_type is not None and stage_type.allows(feature, model)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)

    def is_over(self, now=None) -> bool:
        now = now or timezone.now()
        return self.ends_at is not None and self.ends_at <= now

    @cached_property
    def settings(self) -> "StageSettings | None":
        """The settings of this stage, in the model its type's app declares; their defaults until someone saves them.
        None for a stage type without settings."""
        stage_type = self.stage_type
        if stage_type is None or stage_type.settings_model is None:
            return None
        model = apps.get_model(stage_type.settings_model)
        return model.objects.filter(stage=self).first() or model(stage=self)


class StageSettings(models.Model):
    """What a stage type's app lets officials set for one stage (open to visitors, ballot rules…). Each stage type
    with settings names a concrete subclass in its app as ``StageType.settings_model``; its fields need defaults."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.stage)


class OutcomeIndicator(models.Model):
    """What will show whether the problem was solved: measured before (baseline) and after delivery."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def lower_is_better(self) -> bool:
        """A target below the baseline means the indicator should fall (days to a decision, accidents…)."""
        return self.baseline is not None and self.target is not None and self.target < self.baseline

    def reached_by(self, value) -> bool | None:
        """Whether ``value`` reaches the target, in the indicator's direction; None when there is no target or value."""
        if self.target is None or value is None:
            return None
        return value <= self.target if self.lower_is_better else value >= self.target


class IndicatorMeasurement(models.Model):
    """One value of an outcome indicator on a day, from a named source (a survey, a register, a count)."""

    indicator = models.ForeignKey(OutcomeIndicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"), validators=[validate_date_in_range])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "pk"]
        constraints = [
            # One value per day and source: importing the same file again replaces, never doubles.
            models.UniqueConstraint(
                fields=["indicator", "measured_on", "source"], name="challenges_measurement_day_source_unique"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.measured_on.isoformat()}: {self.value}"
