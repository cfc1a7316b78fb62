"""Decisions: which designs or ideas go ahead, chosen by a participatory-budgeting vote or by officials with reasons.

A :class:`Decision` belongs to one stage of a challenge (a ``vote`` or a ``selection`` stage, created on first use),
or stands alone when it was imported from a Pabulib file. Its :class:`Project`\\ s are on the ballot, each in one
:class:`Budget`; every budget is tallied as an election of its own. Ballots are kept per voter and budget, with the
voter detached at erasure; printed voting codes are stored only as keyed digests; paper ballots are entered twice.
A :class:`TallyRun` keeps one count: a dry run for officials, or the published result with the anonymised ballots as
a Pabulib file, the tally as JSON, and the SHA-256 of each.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class Decision(models.Model):
    class Method(models.TextChoices):
        VOTE = "vote", _("Participatory budgeting vote")
        SELECTION = "selection", _("Selection by officials, with reasons")

    class BallotType(models.TextChoices):
        APPROVAL = "approval", _("Approval: choose the projects you support")
        KNAPSACK = "knapsack", _("Budget: choose projects within the budget")
        CUMULATIVE = "cumulative", _("Points: share your points among projects")
        RANKED = "ranked", _("Ranking: rank your favourite projects")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("Most votes per cost first (greedy)")
        MES = "mes", _("Method of Equal Shares")
        MES_COMPLETE = "mes-complete", _("Method of Equal Shares, completed greedily")

    class Voters(models.TextChoices):
        RESIDENTS = "residents", _("Signed-in residents who confirm they may vote")
        CODES = "codes", _("Holders of a printed voting code")
        BOTH = "both", _("Both")

    class BudgetRule(models.TextChoices):
        ALL = "all", _("Vote in every budget")
        ONE = "one", _("Vote in one budget only")

    class Results(models.TextChoices):
        NONE = "none", _("Not counted yet")
        TALLYING = "tallying", _("Being counted")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Counting failed")

    stage = models.OneToOneField(
        "challenges.Stage", on_delete=models.CASCADE, null=True, blank=True, related_name="decision"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is decided"), max_length=5000, blank=True)
    method = models.CharField(_("how it is decided"), max_length=12, choices=Method.choices, default=Method.VOTE)
    ballot_type = models.CharField(_("ballot"), max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL)
    rule = models.CharField(_("counting rule"), max_length=14, choices=Rule.choices, default=Rule.MES_COMPLETE)
    min_choices = models.PositiveSmallIntegerField(
        _("fewest projects a ballot must choose"), default=1, help_text=_("Approval and ranking ballots.")
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a ballot may choose"),
        null=True,
        blank=True,
        help_text=_("Approval ballots: empty for no limit. Ranking ballots: how many projects are ranked."),
    )
    points_per_voter = models.PositiveIntegerField(_("points each voter shares"), default=10)
    max_points_per_project = models.PositiveIntegerField(_("most points for one project"), null=True, blank=True)
    min_budget_share = models.PositiveSmallIntegerField(
        _("share of the budget a ballot must use (%)"), default=0, help_text=_("Budget ballots: 0 for none.")
    )
    budget_rule = models.CharField(
        _("several budgets"), max_length=4, choices=BudgetRule.choices, default=BudgetRule.ALL
    )
    voters = models.CharField(_("who may vote"), max_length=10, choices=Voters.choices, default=Voters.RESIDENTS)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    eligibility = models.CharField(
        _("who is eligible"),
        max_length=300,
        blank=True,
        help_text=_("What a voter confirms, e.g. “I live in Riverside”."),
    )
    live_counts = models.BooleanField(
        _("show counts while voting is open"),
        default=False,
        help_text=_("Off: nobody sees how projects are doing (pages, API, exports) until the count."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    results = models.CharField(max_length=10, choices=Results.choices, default=Results.NONE)
    results_published_at = models.DateTimeField(null=True, blank=True)
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Off: a rehearsal, seen by the public body's officials only.")
    )
    imported_from = models.CharField(_("imported from"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("decisions:detail", kwargs={"pk": self.pk})

    @property
    def is_vote(self) -> bool:
        return self.method == self.Method.VOTE

    def voting_open(self, now=None) -> bool:
        """Ballots are taken while the decision's stage runs, until the results are counted."""
        return (
            self.is_vote
            and self.stage is not None
            and self.stage.is_active(now)
            and self.results in (self.Results.NONE, self.Results.FAILED)
        )

    def counts_visible(self, now=None) -> bool:
        """Whether support counts may be shown to the public: after publication, or while open if the stage says so."""
        return self.results == self.Results.PUBLISHED or (self.live_counts and self.is_vote)


class Budget(models.Model):
    """Money to spend, as one election of its own: the whole decision's, or one district's."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(_("name"), max_length=120)
    amount = models.DecimalField(_("amount"), **MONEY)
    district = models.CharField(_("district"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["decision", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="decisions_budget_not_negative")]

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project on the ballot, usually a design or an idea of the challenge (``source``), with its cost."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="projects")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    cost = models.DecimalField(_("cost"), **MONEY)
    district = models.CharField(_("district"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=120, blank=True)
    # The project's id in the published Pabulib file: the file's own for an import, else the primary key.
    external_id = models.CharField(max_length=64, blank=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    position = models.PositiveIntegerField(default=0)
    # Set by the published count, or by officials in a selection: None until then.
    selected = models.BooleanField(null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=3000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project on the ballot")
        verbose_name_plural = _("projects on the ballot")
        ordering = ["decision", "budget", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="decisions_project_cost_not_negative"),
            models.UniqueConstraint(
                fields=["decision", "external_id"], condition=~Q(external_id=""), name="decisions_project_external_id"
            ),
            models.UniqueConstraint(
                fields=["decision", "source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="decisions_project_source_once",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def file_id(self) -> str:
        return self.external_id or str(self.pk)


class VotingCodeBatch(models.Model):
    """Printed single-use voting codes, generated together. The codes are printed once; only digests are kept."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="code_batches")
    label = models.CharField(_("label"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("number of codes"))
    district = models.CharField(_("district"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("batch of voting codes")
        verbose_name_plural = _("batches of voting codes")
        ordering = ["decision", "created_at", "pk"]

    def __str__(self):
        return self.label or f"{self.size} codes"


class VotingCode(models.Model):
    """One printed code: an HMAC of the code, never the code itself. Used once."""

    batch = models.ForeignKey(VotingCodeBatch, on_delete=models.CASCADE, related_name="codes")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self):
        return f"code {self.pk}"


class Ballot(models.Model):
    """One voter's ballot in one budget. ``choices`` lists project primary keys (best first in a ranking);
    ``points`` the points given to each, for points ballots. ``voter_key`` identifies the voter within the decision
    without naming them ("u<user id>", "c<code id>", "p<paper sheet id>", "i<file voter id>"); at erasure the
    user is detached and the key replaced by a random one."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        CODE = "code", _("Online with a voting code")
        PAPER = "paper", _("Paper")
        IMPORTED = "imported", _("Imported")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter_key = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ballots"
    )
    code = models.ForeignKey(VotingCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    district = models.CharField(max_length=120, blank=True)
    polling_place = models.CharField(max_length=120, blank=True)
    # The voter's receipt: their ballot's voter id in the published file. One receipt covers one submission, so a
    # voter in several budgets has the same receipt in each.
    receipt = models.CharField(max_length=64)
    choices = models.JSONField(default=list)
    points = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter_key"], name="decisions_ballot_one_per_voter"),
            models.UniqueConstraint(fields=["budget", "receipt"], name="decisions_ballot_receipt_unique"),
        ]
        indexes = [models.Index(fields=["decision", "receipt"], name="decisions_ballot_receipt_idx")]

    def __str__(self):
        return f"ballot {self.receipt}"


class PaperSheet(models.Model):
    """A paper ballot, identified by its polling place and the number on the sheet, entered by two officials. When
    both entries agree it becomes a :class:`Ballot`; when they differ an official resolves it."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the second entry")
        MATCHED = "matched", _("Both entries agree")
        MISMATCH = "mismatch", _("The entries differ")
        RESOLVED = "resolved", _("Resolved")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="paper_sheets")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="paper_sheets")
    polling_place = models.CharField(_("polling place"), max_length=120)
    number = models.CharField(_("sheet number"), max_length=40)
    district = models.CharField(_("district"), max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    ballot = models.OneToOneField(Ballot, on_delete=models.SET_NULL, null=True, blank=True, related_name="paper_sheet")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        ordering = ["decision", "polling_place", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "polling_place", "number"], name="decisions_paper_sheet_unique")
        ]

    def __str__(self):
        return f"{self.polling_place} #{self.number}"


class PaperEntry(models.Model):
    """What one official read from a paper ballot."""

    sheet = models.ForeignKey(PaperSheet, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    choices = models.JSONField(default=list)
    points = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["sheet", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "entered_by"], condition=Q(entered_by__isnull=False), name="decisions_entry_once"
            )
        ]

    def __str__(self):
        return f"entry {self.pk} of {self.sheet}"


class TallyRun(models.Model):
    """One count of one budget's ballots with the decision's rule. A dry run is seen by officials only; the
    published run carries the files anyone can recompute the result from."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be counted")
        RUNNING = "running", _("Being counted")
        DONE = "done", _("Counted")
        FAILED = "failed", _("Failed")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tally_runs")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="tally_runs")
    rule = models.CharField(max_length=14, choices=Decision.Rule.choices)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ballot_count = models.PositiveIntegerField(default=0)
    # The outcome as the results page reads it: selected file ids, the engine's steps, support and comparisons.
    outcome = models.JSONField(default=dict, blank=True)
    ballots_file = models.TextField(blank=True)  # the anonymised ballots, Pabulib .pb
    ballots_sha256 = models.CharField(max_length=64, blank=True)
    tally_file = models.TextField(blank=True)  # the tally with the step-by-step report, JSON
    tally_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")
        ordering = ["decision", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"], condition=Q(dry_run=False, status="done"), name="decisions_one_published_count"
            )
        ]

    def __str__(self):
        return f"{self.budget}: {self.rule}"
