"""Every write to a person's account."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .errors import AlreadyErased, UnknownLanguage
from .models import User
from .tasks import send_erasure_confirmation


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    if preferred_language not in dict(settings.LANGUAGES):
        raise UnknownLanguage()
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise UnknownLanguage()
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def user_erase(*, user: User) -> User:
    """Erase a person's account: remove every personal datum, keep the row as a pseudonym.

    Their public contributions stay, and everywhere they are shown (pages, exports, the activity log) the author
    is now "Former participant N". Signing in is no longer possible, and every open session ends, because the
    password hash that sessions are bound to changes.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        raise AlreadyErased()
    former_email, former_language = user.email, user.preferred_language
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.memberships.all().delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ""
    user.preferred_language = settings.LANGUAGE_CODE
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    transaction.on_commit(lambda: send_erasure_confirmation.enqueue(email=former_email, language=former_language))
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    """Set a password outside the account pages (the demo's ``seed_demo --reset-passwords``, administrators)."""
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str, email_verified: bool = False, **extra) -> User:
    """Create an account outside sign-up (demo data, administrators, imports); sign-up goes through allauth."""
    user = User.objects.create_user(email=email, password=password, display_name=display_name, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=email_verified, primary=True)
    return user
