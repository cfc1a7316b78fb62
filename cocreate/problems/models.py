import datetime as dt
import math

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import latitude_field, longitude_field
from cocreate.engagement.models import Contribution
from cocreate.engagement.workflows import Workflow

# Without a challenge or category that promises otherwise, a problem is answered within this many working days.
DEFAULT_RESPONSE_DAYS = 10

# Public maps show a problem at the centre of its cell in this grid (about 550 m north–south), never the exact point.
PUBLIC_GRID_DEGREES = 0.005


class Category(models.Model):
    """What a problem is about. Routes it to a department and carries the department's response commitment.

    Its ``code`` is the Open311 service code.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="categories", verbose_name=_("public body")
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("responsible department"),
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, help_text=_("Stable identifier, e.g. for Open311."))
    description = models.CharField(_("description"), max_length=300, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("response commitment (working days)"), default=10, validators=[MaxValueValidator(365)]
    )
    is_active = models.BooleanField(_("offered to reporters"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="problems_category_code_unique")]

    def __str__(self):
        return self.name


class CategoryQuestion(models.Model):
    """An extra question a category asks reporters, typed as Open311 service-definition attributes."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("One choice")
        MULTIVALUELIST = "multivaluelist", _("Several choices")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    datatype = models.CharField(_("kind of answer"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_('For choices: a list of {"key": …, "name": …}.')
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="problems_question_code_unique")]

    def __str__(self):
        return self.label


class Problem(Contribution):
    """Something that does not work in a public service, reported by a resident.

    City-wide problems belong to an organisation and a category; problems in a challenge's exploration stage also
    belong to the challenge. Same model, same pages, same triage.
    """

    lifecycle_step = 0
    support_label = _("Affects me too")
    support_label_done = _("Affects you too")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DUPLICATE = "duplicate", _("Duplicate")

    # "done" may go back to "in progress" when the reporter says it is not fixed.
    workflow = Workflow(
        statuses=Status,
        initial=Status.SUBMITTED,
        transitions={
            Status.SUBMITTED: {
                Status.UNDER_REVIEW,
                Status.ACCEPTED,
                Status.NOT_ACCEPTED,
                Status.IN_PROGRESS,
                Status.DUPLICATE,
            },
            Status.UNDER_REVIEW: {Status.ACCEPTED, Status.NOT_ACCEPTED, Status.IN_PROGRESS, Status.DUPLICATE},
            Status.ACCEPTED: {Status.IN_PROGRESS, Status.DONE, Status.NOT_ACCEPTED},
            Status.NOT_ACCEPTED: {Status.UNDER_REVIEW},
            Status.IN_PROGRESS: {Status.DONE, Status.NOT_ACCEPTED},
            Status.DONE: {Status.IN_PROGRESS},
            Status.DUPLICATE: {Status.UNDER_REVIEW},
        },
        open={Status.SUBMITTED, Status.UNDER_REVIEW, Status.ACCEPTED, Status.IN_PROGRESS},
        awaiting_answer={Status.SUBMITTED},
        closed={Status.NOT_ACCEPTED, Status.DONE, Status.DUPLICATE},
        answer_required={Status.NOT_ACCEPTED, Status.DUPLICATE, Status.DONE},
    )

    class Source(models.TextChoices):
        WEB = "web", _("This website")
        OPEN311 = "open311", _("Open311 application")

    status = workflow.status_field()

    # The organisation, challenge and department need no index of their own: indexes below begin with each.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("public body"),
        db_index=False,
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="problems", verbose_name=_("category")
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("challenge"),
        db_index=False,
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("department"),
        db_index=False,
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    latitude = latitude_field()
    longitude = longitude_field()
    address = models.CharField(_("address or place"), max_length=250, blank=True)
    answers = models.JSONField(_("answers to the category's questions"), default=dict, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_problems",
        verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    source = models.CharField(_("reported through"), max_length=20, choices=Source.choices, default=Source.WEB)
    api_key = models.ForeignKey(
        "problems.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="problems"
    )
    # The contact an Open311 application passed on for a reporter without an account: only officials see it.
    reporter_contact = models.JSONField(_("reporter's contact"), default=dict, blank=True)
    # The address of a photo an Open311 application posted with the report (public, as Open311's media_url).
    media_url = models.URLField(_("photo address"), max_length=500, blank=True, default="", db_default="")
    fixed_check_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "-created_at"], name="problems_org_status_idx"),
            models.Index(fields=["department", "status", "answer_due"], name="problems_triage_idx"),
            models.Index(fields=["challenge", "-created_at"], name="problems_challenge_idx"),
            models.Index(fields=["-support_count"], name="problems_support_idx"),
            models.Index(fields=["latitude", "longitude"], name="problems_location_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="problems_location_complete",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("problems:detail", kwargs={"pk": self.pk})

    @property
    def has_location(self) -> bool:
        return self.latitude is not None

    @property
    def public_location(self) -> tuple[float, float] | None:
        """The centre of the neighbourhood cell the problem lies in: what public maps and exports show."""
        if not self.has_location:
            return None
        cell = PUBLIC_GRID_DEGREES

        def centre(value):
            return round((math.floor(float(value) / cell) + 0.5) * cell, 6)

        return centre(self.latitude), centre(self.longitude)

    def response_commitment_days(self) -> int:
        """The challenge's promise, else the category's, else the default."""
        if self.challenge_id and self.challenge.response_days:
            return self.challenge.response_days
        if self.category_id:
            return self.category.response_days
        return DEFAULT_RESPONSE_DAYS


def photo_path(instance, filename: str) -> str:
    today = dt.date.today()
    return f"problems/{today:%Y/%m}/{instance.problem_id}-{filename}"


class Photo(models.Model):
    """Evidence: a photo, stored re-encoded without its metadata, with a thumbnail."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.alt_text or self.image.name


def unconfirmed_photo_path(instance, filename: str) -> str:
    return f"problems/unconfirmed/{instance.report_id}-{filename}"


class UnconfirmedReport(models.Model):
    """A city-wide report from a visitor without an account, unpublished until they follow the link e-mailed to them.

    It holds what the report form holds (its photos already stripped of their metadata) and the reporter's e-mail
    address and name, which are personal data: in the export and erased with the account that has the address, and
    deleted with the report when it is not confirmed before ``expires_at``.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("public body")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address or place"), max_length=250, blank=True)
    answers = models.JSONField(_("answers to the category's questions"), default=dict, blank=True)
    email = models.EmailField(_("e-mail address"), db_index=True)
    name = models.CharField(_("name"), max_length=80, blank=True)
    # The language the visitor reported in: the confirmation e-mail is written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("unconfirmed report")
        verbose_name_plural = _("unconfirmed reports")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class UnconfirmedPhoto(models.Model):
    """A photo of an unconfirmed report, re-encoded without its metadata when it was uploaded."""

    report = models.ForeignKey(UnconfirmedReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=unconfirmed_photo_path)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.image.name


class ApiKey(models.Model):
    """A key issued to a partner application that reports problems through Open311."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("application"), max_length=120)
    # The service account in whose name the application's reports are filed.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="api_key"
    )
    key_hash = models.CharField(max_length=128, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("The first characters, to recognise the key."))
    contact = models.EmailField(_("contact"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
