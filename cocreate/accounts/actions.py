"""Every write to a person's account."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from cocreate.core.pagecache import people_changed
from cocreate.core.taskresults import forget_task_results

from .errors import AlreadyErased, UnknownLanguage
from .models import ErasureNotice, User
from .registry import erasure_steps
from .tasks import send_erasure_confirmation


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    if preferred_language not in dict(settings.LANGUAGES):
        raise UnknownLanguage()
    renamed = user.display_name != display_name.strip()
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    if renamed:
        people_changed()
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
    password hash that sessions are bound to changes. Once the row is pseudonymised, the other apps' erasure steps
    remove what they keep about the person (``registry.register_erasure``); stored task results that mention them
    are deleted, and shared pages are rendered afresh. The confirmation goes out from an ``ErasureNotice``, which is
    deleted once sent.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        raise AlreadyErased()
    emails = sorted({user.email.lower(), *(e.lower() for e in user.emailaddress_set.values_list("email", flat=True))})
    former_name = user.display_name
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.memberships.all().delete()
    user.groups.clear()
    user.user_permissions.clear()
    notice = ErasureNotice.objects.create(email=user.email, language=user.preferred_language)
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ""
    user.preferred_language = settings.LANGUAGE_CODE
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    for step in erasure_steps:
        step.erase(user, emails=emails)
    # The Django admin's log names the records it changed as they were then: the person's own row by their name.
    with translation.override(settings.LANGUAGE_CODE):
        pseudonym = str(user.public_name)
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=pseudonym
    )
    forget_task_results(mentions=emails, traceback_mentions=[former_name] if len(former_name) >= 4 else [])
    people_changed()
    transaction.on_commit(lambda: send_erasure_confirmation.enqueue(notice_id=notice.pk))
    return user


@transaction.atomic
def user_complete_signup(*, user: User, display_name: str, language: str, terms_version: str) -> User:
    """What sign-up asks beyond e-mail and password (allauth creates the account): the display name, the language
    the person signed up in, and their acceptance of the terms of use, dated and with the version accepted."""
    user.display_name = display_name.strip()
    user.preferred_language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    user.terms_accepted_at = timezone.now()
    user.terms_version = terms_version
    user.save(update_fields=["display_name", "preferred_language", "terms_accepted_at", "terms_version"])
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    """Set a password outside the account pages (the demo's ``seed_demo --reset-passwords``, administrators)."""
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def user_set_demo_authenticator(*, user: User) -> str:
    """Give a demo account a fresh authenticator secret in place of any second factor it had, and return the secret.

    Only the demo (``seed_demo``) does this: people set up their own authenticator, whose secret nobody else sees.
    The authenticator is marked as the demo's, so that ``manage.py demo_code`` may print its current code.
    """
    Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ).delete()
    secret = generate_totp_secret()
    authenticator = TOTP.activate(user, secret).instance
    authenticator.data["demo"] = True
    authenticator.save(update_fields=["data"])
    return secret


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str, email_verified: bool = False, **extra) -> User:
    """Create an account outside sign-up (demo data, administrators, imports); sign-up goes through allauth."""
    user = User.objects.create_user(email=email, password=password, display_name=display_name, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=email_verified, primary=True)
    return user
