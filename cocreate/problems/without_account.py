"""Reporting without an account, as FixMyStreet does: every write of it.

A visitor reports city-wide with an e-mail address (and a name, if they like). The report waits, unpublished, as an
:class:`UnconfirmedReport` until they follow the link e-mailed to them; confirming publishes it as an ordinary problem
filed by the person whose address it is: the account that has the address, or else a new one without a password,
which they may make a full account by choosing a password (offered, never required). Reports not confirmed within
``COCREATE_UNCONFIRMED_REPORT_DAYS`` are deleted with the address and the photos.

The link carries the report's id, signed: nothing secret is stored, the task that sends it takes only the id, and a
link works once, since confirming deletes the unconfirmed report.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.actions import user_create
from cocreate.core.images import process_photo
from cocreate.core.permissions import require_perm

from .actions import clean_answers, clean_location, problem_report
from .errors import CategoryNotOffered, ConfirmationLinkInvalid, TooManyPhotos
from .models import Category, Problem, UnconfirmedPhoto, UnconfirmedReport

CONFIRMATION_SALT = "cocreate.problems.unconfirmed-report"
# The personal data kept here, named for the export and erasure registries (``accounts.registry``).
PERSONAL_DATA_COVERS = ("problems.UnconfirmedReport.email",)


def confirmation_token(report: UnconfirmedReport) -> str:
    return signing.dumps(report.pk, salt=CONFIRMATION_SALT, compress=True)


def confirmation_url(report: UnconfirmedReport) -> str:
    return settings.COCREATE_BASE_URL + reverse("problems:confirm", args=[confirmation_token(report)])


def unconfirmed_report_for_token(token: str) -> UnconfirmedReport:
    """The unconfirmed report a link names, if it is still waiting; else :class:`ConfirmationLinkInvalid`."""
    try:
        pk = signing.loads(token, salt=CONFIRMATION_SALT)
    except signing.BadSignature:
        raise ConfirmationLinkInvalid() from None
    report = (
        UnconfirmedReport.objects.filter(pk=pk, expires_at__gt=timezone.now()).first() if isinstance(pk, int) else None
    )
    if report is None:
        raise ConfirmationLinkInvalid()
    return report


@transaction.atomic
def unconfirmed_report_create(
    *,
    visitor,
    organisation,
    email: str,
    name: str = "",
    title: str,
    description: str,
    category: Category | None = None,
    latitude=None,
    longitude=None,
    address: str = "",
    answers: dict | None = None,
    photos=(),
    language: str = "",
) -> UnconfirmedReport:
    """Keep a visitor's report unpublished and e-mail them the link that publishes it."""
    from .tasks import send_report_confirmation

    require_perm(visitor, "problems.add_problem_without_account", organisation)
    if category is not None and (category.organisation_id != organisation.pk or not category.is_active):
        raise CategoryNotOffered()
    if len(photos) > settings.COCREATE_PHOTOS_PER_PROBLEM:
        raise TooManyPhotos()
    latitude, longitude = clean_location(latitude, longitude)
    processed = [process_photo(upload) for upload in photos]  # metadata never reaches the storage
    now = timezone.now()
    report = UnconfirmedReport.objects.create(
        organisation=organisation,
        category=category,
        title=title.strip(),
        description=description.strip(),
        latitude=latitude,
        longitude=longitude,
        address=address.strip(),
        answers=clean_answers(category, answers or {}),
        email=email.strip().lower(),
        name=name.strip(),
        language=language or settings.LANGUAGE_CODE,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.COCREATE_UNCONFIRMED_REPORT_DAYS),
    )
    for image, _thumbnail in processed:
        photo = UnconfirmedPhoto(report=report)
        photo.image.save(image.name, image, save=False)
        photo.save()
    transaction.on_commit(lambda: send_report_confirmation.enqueue(report_id=report.pk))
    return report


def _reporter(report: UnconfirmedReport):
    """The person whose address it is: the account that has it, else a new one without a password."""
    User = get_user_model()
    existing = User.objects.filter(email__iexact=report.email, erased_at=None).first()
    if existing is not None:
        return existing
    return user_create(email=report.email, password=None, display_name=report.name, email_verified=True)


@transaction.atomic
def unconfirmed_report_confirm(*, report: UnconfirmedReport) -> Problem:
    """Publish the report: the link proved the address, so the problem is filed by the person it belongs to."""
    report = UnconfirmedReport.objects.select_for_update().filter(pk=report.pk).first()
    if report is None:
        raise ConfirmationLinkInvalid()
    stored = list(report.photos.all())
    files = [photo.image.open("rb") for photo in stored]
    try:
        problem = problem_report(
            author=_reporter(report),
            organisation=report.organisation,
            category=report.category,
            title=report.title,
            description=report.description,
            latitude=report.latitude,
            longitude=report.longitude,
            address=report.address,
            answers=report.answers,
            photos=files,
        )
    finally:
        for file in files:
            file.close()
    _delete(UnconfirmedReport.objects.filter(pk=report.pk))
    return problem


def _delete(reports) -> int:
    """Delete unconfirmed reports and, once the deletion is committed, their photo files."""
    names = list(UnconfirmedPhoto.objects.filter(report__in=reports).values_list("image", flat=True))
    count = reports.count()
    reports.delete()
    if names:
        storage = UnconfirmedPhoto._meta.get_field("image").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return count


@transaction.atomic
def unconfirmed_reports_expire(*, now=None) -> int:
    """Delete the reports not confirmed in time, with their addresses and photos."""
    return _delete(UnconfirmedReport.objects.filter(expires_at__lte=now or timezone.now()))


def unconfirmed_reports_with(emails) -> Q:
    condition = Q(pk__in=[])
    for email in {e.strip() for e in emails if e and e.strip()}:
        condition |= Q(email__iexact=email)
    return condition


def unconfirmed_reports_forget(user, *, emails, organisation=None) -> int:
    """Erasure of an account (or, with ``organisation``, of a reporter by a public body's administrator): the
    unconfirmed reports carrying one of the person's addresses go, with their photos."""
    reports = UnconfirmedReport.objects.filter(unconfirmed_reports_with(emails))
    if organisation is not None:
        reports = reports.filter(organisation=organisation)
    return _delete(reports)


def personal_data(user) -> list[dict]:
    """The export: reports waiting for confirmation with one of the person's addresses."""
    emails = [user.email, *user.emailaddress_set.values_list("email", flat=True)]
    return [
        {
            "title": report.title,
            "description": report.description,
            "email": report.email,
            "name": report.name,
            "address": report.address,
            "latitude": str(report.latitude) if report.latitude is not None else None,
            "longitude": str(report.longitude) if report.longitude is not None else None,
            "created_at": report.created_at.isoformat(),
            "expires_at": report.expires_at.isoformat(),
        }
        for report in UnconfirmedReport.objects.filter(unconfirmed_reports_with(emails))
    ]
