from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A public body that runs engagements, or a partner organisation that works with public bodies."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        PARTNER = "partner", _("Partner organisation")

    class PartnerType(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University or research institute")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC_BODY)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_host = models.BooleanField(
        _("hosts this installation"),
        default=False,
        help_text=_("Its name is shown in the page header. At most one organisation hosts an installation."),
    )
    accepts_reports = models.BooleanField(
        _("residents may report problems"),
        default=True,
        help_text=_("Signed-in residents may report problems to this public body outside any challenge."),
    )
    partners = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="partner_of",
        limit_choices_to={"kind": Kind.PARTNER},
        verbose_name=_("partner organisations"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_host"], condition=models.Q(is_host=True), name="organisations_one_host"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="partner") | models.Q(partner_type=""),
                name="organisations_partner_type_only_for_partners",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_public_body(self) -> bool:
        return self.kind == self.Kind.PUBLIC_BODY


class Department(models.Model):
    """A unit of a public body; departments form a tree (a department may have sub-departments)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="organisations_department_slug_unique")
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in an organisation. Everyone is a citizen; a membership adds a role on top."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        OFFICIAL = "official", _("Official")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
        help_text=_("Officials belong to a department."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="organisations_membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="official") | models.Q(department__isnull=False),
                name="organisations_official_has_department",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


class PublicHoliday(models.Model):
    """A day on which the organisation does not work: response commitments count working days without it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("organisation")
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="organisations_holiday_unique")]

    def __str__(self):
        return f"{self.date}: {self.name}"
