"""The e-mail that confirms an erasure. Its task takes the id of an ``ErasureNotice``, never the address: the task
queue and its stored results keep arguments and outcomes, and must hold nothing of a person who asked to be
forgotten."""

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .signin import forget_old_failures

# A notice that could not be sent within this many days is forgotten with its address.
ERASURE_NOTICE_DAYS = 7
# The daily run sends again the notices left this long after their own task should have sent them.
RETRY_AFTER = dt.timedelta(hours=1)


class ErasureNoticeNotSent(Exception):
    """Sending failed. Raised in place of the mail system's error, whose message and traceback name the address."""


@task
def send_erasure_confirmation(*, notice_id: int) -> bool:
    """Tell the former address that its account was erased, then forget the address; False if sent before.

    The notice is taken out of the table before the mail server is reached (no lock is held while it answers) and
    put back, with its original date, when sending fails.
    """
    from .models import ErasureNotice

    with transaction.atomic():
        notice = ErasureNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            return False
        notice.delete()
    try:
        with translation.override(notice.language):
            send_mail(
                subject=_("Your account was erased"),
                message=_(
                    "Your account and personal data were erased as you asked. Your public contributions remain, "
                    "shown under a pseudonym. If you did not ask for this, reply to this e-mail."
                ),
                from_email=None,
                recipient_list=[notice.email],
            )
    except Exception as error:
        ErasureNotice.objects.create(email=notice.email, language=notice.language, created_at=notice.created_at)
        raise ErasureNoticeNotSent(type(error).__name__) from None
    return True


@task
def retry_erasure_notices() -> int:
    """Daily: send again the erasure notices whose first attempt failed, and forget those too old to send.

    Returns how many were sent.
    """
    from .models import ErasureNotice

    now = timezone.now()
    ErasureNotice.objects.filter(created_at__lt=now - dt.timedelta(days=ERASURE_NOTICE_DAYS)).delete()
    sent = 0
    for notice_id in ErasureNotice.objects.filter(created_at__lt=now - RETRY_AFTER).values_list("pk", flat=True):
        try:
            sent += send_erasure_confirmation.call(notice_id=notice_id)
        except ErasureNoticeNotSent:
            continue
    return sent


@task
def forget_old_sign_in_failures() -> None:
    """Failed sign-ins of a day ago and more no longer delay anyone (``accounts/signin.py``)."""
    forget_old_failures()
