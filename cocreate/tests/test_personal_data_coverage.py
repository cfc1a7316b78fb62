"""Every relation to a person is in their data export and is dealt with by erasure, or is left alone on purpose.

A person is a user row or an ``engagement.Participant`` (who may be a signed-in person). The test walks every model
of every installed app, so a new model that points at a person fails here until an app's export section or erasure
step names the relation (``accounts.registry``), or it is added below with the reason it is left alone.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from cocreate.accounts.queries import ACCOUNT_RELATIONS
from cocreate.accounts.registry import erasure_steps, personal_data_sources

# Relations the export leaves out, and why.
NOT_EXPORTED = {
    # Django admin's record of what staff changed; its entries describe other people's records.
    "admin.LogEntry.user": "audit trail of the Django admin",
    # Made by actions whose own entries are in the export's "activity" section.
    "activity.Link.created_by": "the action that made the link is in the activity section",
    "challenges.Challenge.created_by": "challenge.created is in the activity section",
    "challenges.IndicatorMeasurement.recorded_by": "indicator.measured is in the activity section",
    "moderation.Suspension.created_by": "moderation.suspended is in the activity section",
    "moderation.Suspension.lifted_by": "moderation.suspension_lifted is in the activity section",
    "problems.ApiKey.created_by": "api_key.issued is in the activity section",
    # The notifications others received about what the person did: the acts are in the activity section.
    "engagement.Notification.actor": "others' notifications",
    "engagement.Announcement.actor": "others' notifications, waiting to be written (deleted once written)",
    # An Open311 application's service account: no person signs in with it.
    "problems.ApiKey.user": "service account of an application",
    # The public body's own record of preparing and counting a decision, written by its officials.
    "decisions.Decision.created_by": "the public body's record of a decision",
    "decisions.Project.added_by": "the public body's record of a decision",
    "decisions.VotingCodeBatch.created_by": "the public body's record of a decision",
    "decisions.PaperSheet.resolved_by": "the public body's record of a decision",
    "decisions.PaperEntry.entered_by": "the public body's record of a decision",
    "decisions.TallyRun.requested_by": "the public body's record of a decision",
}

# Relations that erasure keeps, pointing at the pseudonymised row ("Former participant N"), and why.
KEPT_AT_ERASURE = {
    # Public contributions and what they are made of stay readable, under the pseudonym.
    "ideas.Idea.author": "public contribution",
    "engagement.Comment.author": "public contribution",
    "engagement.Support.user": "counted on a public contribution",
    "problems.Photo.uploaded_by": "evidence on a problem (stored without its metadata)",
    "opinionmaps.Statement.author": "public contribution, pseudonymous already",
    "opinionmaps.StatementVote.participant": "counted in the opinion map",
    "wikisurveys.PairwiseVote.participant": "counted in the wiki survey's results",
    "engagement.Participant.user": "the participant the votes and statements above belong to",
    # The record of what the public body and its moderators did.
    "activity.Activity.actor": "the append-only log (entries about the person are relabelled by activity's step)",
    "activity.Link.created_by": "lineage",
    "admin.LogEntry.user": "audit trail (entries about the person are relabelled by erasure)",
    "challenges.Challenge.created_by": "the public body's challenge",
    "challenges.IndicatorMeasurement.recorded_by": "the public body's record of its outcome measurements",
    "engagement.StatusChange.actor": "a public answer",
    "engagement.InternalNote.author": "the officials' case file",
    "engagement.Notification.actor": "read from the pseudonymised row",
    "engagement.Announcement.actor": "read from the pseudonymised row; the announcement is deleted once delivered",
    "moderation.Case.author": "the moderation record of a contribution that stays",
    "moderation.Flag.user": "the moderation record",
    "moderation.ModerationDecision.moderator": "the moderation record",
    "moderation.Suspension.user": "the moderation record",
    "moderation.Suspension.created_by": "the moderation record",
    "moderation.Suspension.lifted_by": "the moderation record",
    "problems.ApiKey.user": "service account of an application",
    "problems.ApiKey.created_by": "the public body's key",
    # Designs are public contributions written in versions; who wrote, proposed and answered what stays readable.
    "designs.Design.author": "public contribution",
    "designs.DesignVersion.author": "a public version of a design",
    "designs.DesignVersion.credited_to": "a public version of a design",
    "designs.CoAuthor.invited_by": "the public list of a design's authors",
    "designs.Amendment.proposer": "public contribution",
    "designs.Amendment.answered_by": "a public answer",
    "designs.FeasibilityReview.requested_by": "the public body's record of a review",
    "designs.FeasibilityReview.reviewer": "a department's public verdict",
    "designs.TestRound.created_by": "a public test round",
    "designs.RoundSignup.decided_by": "the public body's record of who tests",
    "designs.RoundFinding.recorded_by": "a public finding",
    "decisions.Decision.created_by": "the public body's record of a decision",
    "decisions.Project.added_by": "the public body's record of a decision",
    "decisions.VotingCodeBatch.created_by": "the public body's record of a decision",
    "decisions.PaperSheet.resolved_by": "the public body's record of a decision",
    "decisions.PaperEntry.entered_by": "the public body's record of a decision",
    "decisions.TallyRun.requested_by": "the public body's record of a decision",
}


def relations_to_a_person() -> set[str]:
    people = {get_user_model(), apps.get_model("engagement", "Participant")}
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model in people
    }


# E-mail addresses are personal data even where no relation points at a person (a report made without an account).
# Those not both exported and erased through the registry, and why.
EMAIL_FIELDS_HANDLED_ELSEWHERE = {
    "accounts.User.email": "the account itself: exported by accounts, replaced by erasure",
    "account.EmailAddress.email": "the account's addresses (account.EmailAddress.user)",
    "accounts.ErasureNotice.email": "the notice sent to the former address after erasure, then deleted",
    "problems.ApiKey.contact": "an application's technical contact, not a participant",
    "designs.CoAuthor.email": "an invitation, turned into designs.CoAuthor.user when accepted",
}


def email_fields() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.EmailField)
    }


def test_every_email_address_is_exported_and_erased_or_handled_elsewhere():
    exported = set().union(*(source.covers for source in personal_data_sources.values()))
    erased = set().union(*(step.covers for step in erasure_steps))
    fields = email_fields()
    assert "problems.UnconfirmedReport.email" in exported & erased
    assert fields - (exported & erased) - set(EMAIL_FIELDS_HANDLED_ELSEWHERE) == set()
    assert set(EMAIL_FIELDS_HANDLED_ELSEWHERE) - fields == set()


def test_the_walk_finds_relations_to_users_and_to_participants():
    found = relations_to_a_person()
    assert {"ideas.Idea.author", "opinionmaps.StatementVote.participant", "engagement.Participant.user"} <= found


def test_every_relation_to_a_person_is_exported_or_left_out_on_purpose():
    exported = set(ACCOUNT_RELATIONS).union(*(source.covers for source in personal_data_sources.values()))
    relations = relations_to_a_person()
    assert relations - exported - set(NOT_EXPORTED) == set()
    # Nothing is both, and nothing is named that does not exist (a renamed field must be renamed here too).
    assert exported & set(NOT_EXPORTED) == set()
    assert (exported | set(NOT_EXPORTED)) - relations - email_fields() == set()


def test_every_relation_to_a_person_is_erased_or_kept_on_purpose():
    erased = set(ACCOUNT_RELATIONS).union(*(step.covers for step in erasure_steps))
    relations = relations_to_a_person()
    assert relations - erased - set(KEPT_AT_ERASURE) == set()
    assert erased & set(KEPT_AT_ERASURE) == set()
    assert (erased | set(KEPT_AT_ERASURE)) - relations - email_fields() == set()
