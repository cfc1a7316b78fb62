from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from .signin import forget_old_failures


@task
def send_erasure_confirmation(*, email: str, language: str) -> None:
    """Tell the former address that its account was erased (the account itself no longer knows the address)."""
    with translation.override(language):
        send_mail(
            subject=_("Your account was erased"),
            message=_(
                "Your account and personal data were erased as you asked. Your public contributions remain, "
                "shown under a pseudonym. If you did not ask for this, reply to this e-mail."
            ),
            from_email=None,
            recipient_list=[email],
        )


@task
def forget_old_sign_in_failures() -> None:
    """Failed sign-ins of a day ago and more no longer delay anyone (``accounts/signin.py``)."""
    forget_old_failures()
