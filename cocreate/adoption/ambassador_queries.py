"""Reads of ambassadors: the one way to fetch an ambassadorship by its code (for attribution) or for its person, the
partner organisations a person may act for, the share link, its texts, and the officials' list. Counts are read
from the ambassadors' own counters, never counted from reports."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Ambassador, Campaign

# What ``secrets.token_urlsafe`` makes: letters, digits, "-" and "_". Anything else cannot be a code.
CODE_PATTERN = r"^[A-Za-z0-9_-]{6,16}$"
SHARE_TEXT_LANGUAGE_LENGTH = 40


def is_code(code) -> bool:
    return isinstance(code, str) and re.fullmatch(CODE_PATTERN, code) is not None


def ambassador_for_code(campaign: Campaign, code, reporter=None) -> Ambassador | None:
    """The active ambassador of this campaign whose link carries ``code``; None for a malformed, unknown, stopped
    or other campaign's code, and for the ambassador's own report (nobody brings themselves)."""
    if not is_code(code):
        return None
    ambassador = Ambassador.objects.filter(campaign=campaign, code=code, is_active=True).first()
    if ambassador is None or (reporter is not None and reporter.is_authenticated and ambassador.user_id == reporter.pk):
        return None
    return ambassador


def own_ambassador(campaign: Campaign, user) -> Ambassador | None:
    """The person's ambassadorship of the campaign, active or stopped, if they ever had one."""
    if not user.is_authenticated:
        return None
    return Ambassador.objects.select_related("organisation").filter(campaign=campaign, user=user).first()


def eligible_organisations(user, campaign: Campaign) -> QuerySet:
    """The partner organisations of the campaign's public body that the person is a member of."""
    from cocreate.organisations.models import Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.PARTNER, partner_of=campaign.organisation_id, memberships__user=user
        )
        .distinct()
        .order_by("name")
    )


def ambassadors_of(campaign: Campaign) -> list[Ambassador]:
    """The campaign's ambassadors for its officials: the ones who brought most people first."""
    return list(
        Ambassador.objects.filter(campaign=campaign)
        .select_related("user", "organisation")
        .annotate(total=F("heard") + F("tried") + F("regular") + F("recommend"))
        .order_by("-is_active", "-total", "created_at", "pk")
    )


def share_link(ambassador: Ambassador) -> str:
    """The absolute address of the ambassador's link, as printed in the QR code."""
    return settings.COCREATE_BASE_URL + ambassador.get_absolute_url()


def qr_urls(ambassador: Ambassador) -> dict[str, str]:
    return {fmt: reverse("adoption:ambassador_qr", args=[ambassador.campaign_id, fmt]) for fmt in ("png", "svg")}


def parse_share_texts(text: str) -> list[tuple[str, str]]:
    """The official's share texts: blocks separated by an empty line, each starting with its language and a colon.
    Raises ValueError for a block without a language."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    result = []
    for block in filter(None, blocks):
        language, colon, body = block.partition(":")
        language, body = language.strip(), body.strip()
        if not colon or not language or not body or len(language) > SHARE_TEXT_LANGUAGE_LENGTH or "\n" in language:
            raise ValueError(block)
        result.append((language, body))
    return result


@dataclass
class ShareText:
    language: str
    text: str  # with the link at its end


def share_texts(ambassador: Ambassador) -> list[ShareText]:
    """A text per language the official wrote, each ending with the link; a default one from the campaign's name
    when the official wrote none."""
    campaign, link = ambassador.campaign, share_link(ambassador)
    try:
        texts = parse_share_texts(campaign.share_texts)
    except ValueError:  # stored before the form checked them: show them whole rather than nothing
        texts = [("", campaign.share_texts.strip())]
    if not texts:
        default = _("Have you heard of “%(title)s”? Here is how to use it, and you can say how far you have come:") % {
            "title": campaign.title
        }
        texts = [("", default)]
    return [ShareText(language, f"{text} {link}") for language, text in texts]


def may_become_ambassador(user, campaign: Campaign) -> bool:
    """Whether the person may sign up now: the stage decides for everyone, superusers too."""
    from .rules import takes_reports_now

    return takes_reports_now.test(user, campaign) and user.has_perm("adoption.add_ambassador", campaign)


def offer(user, campaign: Campaign) -> dict:
    """What the campaign page offers about ambassadors: to become one, or a link to one's own ambassadorship."""
    mine = own_ambassador(campaign, user)
    return {
        "ambassador_mine": mine if mine is not None and mine.is_active else None,
        "ambassador_may_join": may_become_ambassador(user, campaign),
        "ambassador_may_list": user.has_perm("adoption.view_ambassadors", campaign),
    }
