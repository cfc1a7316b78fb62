"""Adoption campaigns: a service people are helped to take up, its target populations, the reports of the residents
who use it, and the funnel counts kept up to date as each report is written."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.inputs import validate_date_in_range

# The largest goal or population a segment may name: every city on earth fits, a typing slip does not.
MAX_PEOPLE = 100_000_000


class Step(models.TextChoices):
    """How far a person has come with the service, in the order of the funnel."""

    HEARD = "heard", _("I have heard of it")
    TRIED = "tried", _("I have tried it")
    REGULAR = "regular", _("I use it regularly")
    RECOMMEND = "recommend", _("I recommend it to others")


STEPS = [choice.value for choice in Step]
# The steps at which a person counts as a regular user of the service (towards a segment's goal and the Bass curve).
ADOPTED = frozenset({Step.REGULAR.value, Step.RECOMMEND.value})


class Helped(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class Campaign(models.Model):
    """The campaign of one adoption stage: what the service is, how to use it and where, in which languages."""

    stage = models.OneToOneField(
        "challenges.Stage", on_delete=models.CASCADE, related_name="adoption_campaign", verbose_name=_("stage")
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="adoption_campaigns", verbose_name=_("challenge")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("public body")
    )
    title = models.CharField(_("name of the service"), max_length=160)
    service = models.TextField(_("what the service is"), max_length=4000)
    how_to_use = models.TextField(_("how to use it"), max_length=4000)
    where = models.TextField(_("where to find it"), max_length=2000, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("The languages it is offered in, e.g. English, Polish.")
    )
    # The delivered project whose service this is: the journey of a problem ends with how many people use it.
    project = models.ForeignKey(
        "delivery.ImplementationProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoption_campaigns",
        verbose_name=_("delivered project"),
    )
    # The answers to "did it help you?" of the reports now, kept as each report is written (as the funnel counts).
    helped_yes = models.PositiveIntegerField(default=0)
    helped_no = models.PositiveIntegerField(default=0)
    helped_unsure = models.PositiveIntegerField(default=0)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("ask again after (days)"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("Days after which people who tried the service are asked whether they still use it; 0: never."),
    )
    share_texts = models.TextField(
        _("share texts for ambassadors"),
        max_length=4000,
        blank=True,
        help_text=_(
            "One short text per language for ambassadors to share with their link. Start each with the language "
            "and a colon, and leave an empty line between them, e.g. “English: Get your library card online!”"
        ),
    )
    # Who started it is in the activity log (adoption.campaign_created), as for every official's act.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("adoption campaign")
        verbose_name_plural = _("adoption campaigns")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("adoption:campaign", args=[self.pk])

    @property
    def helped_share(self) -> float | None:
        """The share of the reports answering "did it help you?" that said yes (None: nobody answered yet)."""
        answered = self.helped_yes + self.helped_no + self.helped_unsure
        return self.helped_yes / answered if answered else None

    @property
    def helped_percent(self) -> int | None:
        share = self.helped_share
        return None if share is None else round(share * 100)

    @property
    def launched_at(self):
        """When the service was launched for the funnel and the Bass curve: the day the adoption stage opened."""
        return self.stage.starts_at


class Segment(models.Model):
    """A target population of a campaign, with a goal of regular users by a date."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(_("name"), max_length=160)
    estimated_size = models.PositiveIntegerField(
        _("estimated size"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PEOPLE)],
        help_text=_("About how many people belong to it."),
    )
    area = models.CharField(_("area or district"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    goal = models.PositiveIntegerField(
        _("goal (regular users)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE)]
    )
    goal_date = models.DateField(_("goal date"), null=True, blank=True, validators=[validate_date_in_range])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # When its regular users first reached the goal (the people upstream were told then, once).
    goal_reached_at = models.DateTimeField(_("goal reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("target population")
        verbose_name_plural = _("target populations")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="adoption_segment_name_unique"),
        ]

    def __str__(self):
        return self.name


class AdoptionReport(models.Model):
    """What one resident says of the service. A signed-in person has one current report per campaign, which they
    update as they go further; a visitor's report names nobody."""

    class Channel(models.TextChoices):
        WEB = "web", _("on the campaign's page")
        API = "api", _("through the API")
        APP = "app", _("by a service's own application")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("segment")
    )
    step = models.CharField(_("how far you have come"), max_length=12, choices=Step.choices)
    helped = models.CharField(_("did it help you?"), max_length=8, choices=Helped.choices, blank=True)
    reason = models.CharField(_("why?"), max_length=300, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    # The application that sent it, when one did (its key's public body answers for it); no person is named.
    api_key = models.ForeignKey(
        "problems.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    # The ambassador whose link brought the person, when it did (set with the first report, never changed).
    ambassador = models.ForeignKey(
        "adoption.Ambassador", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The one reminder "do you still use it?" (reminders.py): a visitor's address is kept for it only, and deleted
    # when it is sent; the language it is written in.
    reminder_email = models.EmailField(_("e-mail address for one reminder"), blank=True)
    reminder_language = models.CharField(max_length=10, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("adoption report")
        verbose_name_plural = _("adoption reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "reporter"],
                condition=models.Q(reporter__isnull=False),
                name="adoption_one_report_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.get_step_display()}"


class FunnelCount(models.Model):
    """How many reports are at one step in one segment (none: people who named no segment) of a campaign now: kept
    in the transaction that writes the report, so that the funnel is read, never counted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="funnel_counts")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    step = models.CharField(max_length=12, choices=Step.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "segment", "step"],
                condition=models.Q(segment__isnull=False),
                name="adoption_funnel_segment_step_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "step"],
                condition=models.Q(segment__isnull=True),
                name="adoption_funnel_no_segment_step_unique",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.segment_id}/{self.step}: {self.count}"


class MonthlyCount(models.Model):
    """What happened in one month in one segment of a campaign: how many reports reached each step, and the net
    change in regular users (people who reached regular use, less those who went back from it). Kept on write."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="monthly_counts")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    month = models.DateField()  # its first day
    heard = models.PositiveIntegerField(default=0)
    tried = models.PositiveIntegerField(default=0)
    regular = models.PositiveIntegerField(default=0)
    recommend = models.PositiveIntegerField(default=0)
    adopted = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "segment", "month"],
                condition=models.Q(segment__isnull=False),
                name="adoption_monthly_segment_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "month"],
                condition=models.Q(segment__isnull=True),
                name="adoption_monthly_no_segment_unique",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.segment_id}/{self.month:%Y-%m}"


class ReasonGroups(models.Model):
    """What people say: the latest reasons of a campaign's reports grouped by similarity, as a background task last
    computed them (see ``voices.py``); ``pending`` counts the reasons given or changed since."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="reason_groups")
    data = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    reasons_at_computation = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("grouped reasons")
        verbose_name_plural = _("grouped reasons")

    def __str__(self):
        return f"reasons of campaign {self.campaign_id}"


class Ambassador(models.Model):
    """A resident who spreads the word about a campaign, alone or for a partner organisation of its public body,
    with a personal share link. The counts say how far the people their link brought have come: kept on write,
    like the funnel's, so that the ambassador's page never counts reports."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ambassadors")
    # None once the person erased their account: the counts stay, anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the organisation"),
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    heard = models.PositiveIntegerField(default=0)
    tried = models.PositiveIntegerField(default=0)
    regular = models.PositiveIntegerField(default=0)
    recommend = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"], condition=models.Q(user__isnull=False), name="adoption_one_ambassador"
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                condition=models.Q(organisation__isnull=False, is_active=True),
                name="adoption_one_ambassador_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.code}"

    def get_absolute_url(self):
        return reverse("adoption:share", args=[self.campaign_id, self.code])

    @property
    def counts(self) -> dict[str, int]:
        return {step: getattr(self, step) for step in STEPS}

    @property
    def brought(self) -> int:
        return sum(self.counts.values())


from .event_models import EventSignup, InformationEvent  # noqa: E402, F401  (the campaigns' information events)
