"""E-mail for an invitation to co-author sent to an address without an account. Takes the invitation's id only."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


@task
def send_coauthor_invitation(*, coauthor_id: int) -> bool:
    from .models import CoAuthor

    invitation = (
        CoAuthor.objects.filter(pk=coauthor_id, status=CoAuthor.Status.INVITED, user__isnull=True)
        .exclude(email="")
        .select_related("design", "invited_by")
        .first()
    )
    if invitation is None:  # answered or withdrawn meanwhile
        return False
    with translation.override(invitation.invited_by.preferred_language):
        send_mail(
            subject=_("You are invited to write a design: “%(title)s”") % {"title": invitation.design.title},
            message=_(
                "%(name)s invites you to write the design “%(title)s” with them on %(site)s.\n\n"
                "To accept, sign up or sign in with this e-mail address and open the design:\n%(url)s\n\n"
                "If you do not want to take part, ignore this e-mail."
            )
            % {
                "name": invitation.invited_by.public_name,
                "title": invitation.design.title,
                "site": settings.SITE_NAME,
                "url": settings.COCREATE_BASE_URL + reverse("designs:detail", kwargs={"pk": invitation.design_id}),
            },
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True
