"""The e-mail that carries a voter's receipt. Its task takes ids only: the receipt is read from the ballot when the
mail is sent, so a ballot changed meanwhile is confirmed with its newest receipt."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


@task
def send_ballot_receipt(*, decision_id: int, user_id: int) -> bool:
    """E-mail the person their ballot's receipt; False when they have no ballot (any more) or no address."""
    from .models import Ballot

    ballot = (
        Ballot.objects.filter(decision_id=decision_id, user_id=user_id)
        .select_related("decision", "user")
        .order_by("-updated_at", "-pk")
        .first()
    )
    if ballot is None or not ballot.user.email or not ballot.user.is_active or ballot.user.is_erased:
        return False
    url = settings.COCREATE_BASE_URL + reverse("decisions:my_ballot", kwargs={"pk": decision_id})
    with translation.override(ballot.user.preferred_language):
        send_mail(
            subject=_("Your ballot in “%(title)s”: receipt %(receipt)s")
            % {
                "title": ballot.decision.title,
                "receipt": ballot.receipt,
            },
            message=_(
                "Thank you for voting in “%(title)s” on %(site)s.\n\n"
                "Your receipt: %(receipt)s\n\n"
                "Keep it: when the results are published with every ballot (without names), you can find your "
                "ballot by this receipt and check that it was counted as you cast it. You can change your ballot "
                "until voting closes; each change gets a new receipt.\n\n"
                "Your ballot: %(url)s"
            )
            % {"title": ballot.decision.title, "site": settings.SITE_NAME, "receipt": ballot.receipt, "url": url},
            from_email=None,
            recipient_list=[ballot.user.email],
        )
    return True
