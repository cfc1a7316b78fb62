from allauth.account.models import EmailAddress

from . import signin


def forget_failed_sign_ins(sender, request, user, **kwargs) -> None:
    """A person who reset their password has shown they own their addresses: no delay for them any more."""
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    signin.forget_failures(user.email, *addresses)
