"""Every write for Open311: issuing and revoking API keys, and filing a report in an application's name.

A key is shown once, when it is issued; only its SHA-256 hash and its first characters are stored. Each key has a
service account (no password, named after the application) in whose name the application's reports are filed, so
that pages, notifications and the activity log treat them like any other report.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.activity.actions import activity_record
from cocreate.core.errors import NotPermitted
from cocreate.core.permissions import require_perm
from cocreate.core.taskresults import forget_task_results
from cocreate.engagement.actions import notification_settings_update
from cocreate.engagement.models import NotificationSettings

from .actions import PHONE_MIN_DIGITS, digits_of, problem_report, reporter_contacts_blank, reports_with_contact
from .errors import ReporterContactRequired, ReportsClosed
from .models import ApiKey, Category, Problem
from .without_account import unconfirmed_reports_forget

PREFIX_LENGTH = 8
# The reporter's contact an application may pass on; kept private (officials only).
CONTACT_FIELDS = ("email", "first_name", "last_name", "phone")


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_issue(*, actor, organisation, name: str, contact: str = "") -> tuple[ApiKey, str]:
    """Issue a key to an application of ``organisation``; returns the key and its raw value, which is not stored."""
    require_perm(actor, "problems.manage_api_keys", organisation)
    if not organisation.is_public_body:
        raise NotPermitted()
    name = name.strip()
    raw = secrets.token_urlsafe(32)
    service_user = User.objects.create_user(
        email=f"api-key-{secrets.token_hex(8)}@open311.invalid", password=None, display_name=name[:80]
    )
    # The service account has no mailbox: it is never e-mailed about its reports.
    notification_settings_update(user=service_user, email=NotificationSettings.Email.NEVER)
    api_key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        user=service_user,
        key_hash=_hash(raw),
        prefix=raw[:PREFIX_LENGTH],
        contact=contact.strip(),
        created_by=actor,
    )
    activity_record(actor=actor, verb="api_key.issued", target=api_key, public=False)
    return api_key, raw


@transaction.atomic
def api_key_revoke(*, actor, api_key: ApiKey) -> ApiKey:
    """Revoke a key: the application can no longer report. Revoking twice changes nothing."""
    require_perm(actor, "problems.manage_api_keys", api_key.organisation)
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    if api_key.user_id:
        User.objects.filter(pk=api_key.user_id).update(is_active=False)
    activity_record(actor=actor, verb="api_key.revoked", target=api_key, public=False)
    return api_key


def api_key_authenticate(raw: str | None) -> ApiKey | None:
    """The active key with this raw value, or None; notes when it was used."""
    if not raw:
        return None
    api_key = (
        ApiKey.objects.select_related("organisation", "user")
        .filter(key_hash=_hash(raw), revoked_at=None, user__isnull=False)
        .first()
    )
    if api_key is not None:
        api_key.last_used_at = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=api_key.last_used_at)
    return api_key


@transaction.atomic
def problem_report_by_api_key(
    *,
    api_key: ApiKey,
    category: Category,
    title: str,
    description: str,
    latitude=None,
    longitude=None,
    address: str = "",
    answers: dict | None = None,
    reporter_contact: dict | None = None,
    media_url: str = "",
) -> Problem:
    """Report a problem through Open311, in the name of the key's service account, to the key's public body."""
    organisation = api_key.organisation
    if not organisation.accepts_reports:
        raise ReportsClosed()
    problem = problem_report(
        author=api_key.user,
        organisation=organisation,
        category=category,
        title=title,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=address,
        answers=answers,
        source=Problem.Source.OPEN311,
        api_key=api_key,
    )
    contact = {k: v for k, v in (reporter_contact or {}).items() if k in CONTACT_FIELDS and v}
    if contact or media_url:
        Problem.objects.filter(pk=problem.pk).update(reporter_contact=contact, media_url=media_url)
        problem.reporter_contact, problem.media_url = contact, media_url
    return problem


@transaction.atomic
def reporter_contact_erase(*, actor, organisation, email: str = "", phone: str = "") -> int:
    """Erase a reporter without an account: blank the contact that Open311 applications passed on for them, on every
    report to ``organisation`` that carries this e-mail address or phone number. Returns how many reports.

    The report itself stays (it was filed in the application's name); the stored task results that mention the
    address go too. The activity log records that it was done and how many reports, not whose contact it was.
    """
    require_perm(actor, "problems.erase_reporter_contact", organisation)
    email = email.strip()
    if not email and len(digits_of(phone)) < PHONE_MIN_DIGITS:
        raise ReporterContactRequired()
    count = reporter_contacts_blank(
        reports_with_contact(Problem.objects.filter(organisation=organisation), emails=[email], phone=phone)
    )
    if email:
        # Reports made on this site without an account and still waiting for confirmation go with the address.
        unconfirmed_reports_forget(None, emails=[email], organisation=organisation)
        forget_task_results(mentions=[email])
    activity_record(
        actor=actor,
        verb="problem.reporter_contact_erased",
        target=organisation,
        organisation=organisation,
        public=False,
        data={"reports": count},
    )
    return count
