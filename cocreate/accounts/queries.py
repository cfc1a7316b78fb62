"""Reads about a person: their public profile and everything stored about them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from cocreate.organisations.queries import user_memberships

from .models import User
from .registry import ROLES, contribution_sources, personal_data_sources

PROFILE_ITEMS_PER_SOURCE = 20
# The relations to the person that the export's own sections hold, and that erasure itself deletes.
ACCOUNT_RELATIONS = (
    "account.EmailAddress.user",
    "socialaccount.SocialAccount.user",
    "mfa.Authenticator.user",
    "organisations.Membership.user",
)


def public_profile(user: User, *, viewer) -> list[dict]:
    """The person's contributions and participation that ``viewer`` may see, grouped by the four roles of
    co-creation; on their own profile, all of their own."""
    sections = []
    for role, role_label in ROLES.items():
        groups = []
        for source in contribution_sources:
            if source.role == role:
                items = list(source.items(user, viewer=viewer, limit=PROFILE_ITEMS_PER_SOURCE))
                if items:
                    groups.append({"label": source.label, "items": items})
        sections.append({"role": role, "label": role_label, "groups": groups})
    return sections


def personal_data(user: User) -> dict:
    """Everything Cocreate stores about a person, as one JSON-serialisable document."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "terms_accepted_at": user.terms_accepted_at.isoformat() if user.terms_accepted_at else None,
            "terms_version": user.terms_version,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "department": m.department.name if m.department else None,
                "since": m.created_at.isoformat(),
            }
            for m in user_memberships(user)
        ],
        "linked_accounts": [
            {"provider": a.provider, "uid": a.uid, "date_joined": a.date_joined.isoformat()}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "second_factors": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }
    for section, source in personal_data_sources.items():
        data[section] = source.collect(user)
    return data


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
