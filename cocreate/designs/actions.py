"""Every write to designs: starting one, saving a version, inviting co-authors and answering, withdrawing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record, link_create
from cocreate.core.errors import NotPermitted
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement import actions as engagement

from . import queries
from .errors import (
    AlreadyInvited,
    AlreadyWithdrawn,
    AmendmentNotOpen,
    AmendmentOutdated,
    AmendmentsClosed,
    AnswerRequired,
    IdeaNotInChallenge,
    InvalidContent,
    NoInvitation,
    NothingChanged,
    UnknownSection,
    VersionConflict,
)
from .models import Amendment, CoAuthor, Design, DesignVersion
from .rules import author_ids
from .sections import BY_KEY, changed_sections, clean_content, empty_content
from .tasks import send_coauthor_invitation


def _clean(content, challenge) -> dict:
    try:
        return clean_content(content, indicator_ids=set(challenge.indicators.values_list("pk", flat=True)))
    except ValidationError as error:
        raise InvalidContent(error.message_dict) from error


@transaction.atomic
def design_start(
    *, author, challenge, title: str, summary: str, ideas=(), problems=(), content=None, note: str = ""
) -> Design:
    """Start a design in the challenge's active stage, built from some of its ideas and of the problems raised in it;
    its first version holds ``content`` (empty sections unless given)."""
    require_perm(author, "designs.add_design", challenge)
    ideas, problems = list(ideas), list(problems)
    allowed_ideas = set(queries.ideas_to_build_on(author, challenge).values_list("pk", flat=True))
    allowed_problems = set(queries.problems_to_build_on(author, challenge).values_list("pk", flat=True))
    if any(i.pk not in allowed_ideas for i in ideas) or any(p.pk not in allowed_problems for p in problems):
        raise IdeaNotInChallenge()
    cleaned = _clean(content if content is not None else empty_content(), challenge)
    design = Design(
        author=author,
        challenge=challenge,
        stage=challenge.active_stage(),
        organisation=challenge.organisation,
        title=title.strip(),
        summary=summary.strip(),
    )
    design.save()
    version = DesignVersion.objects.create(
        design=design, number=1, author=author, note=note.strip() or _("Started the design"), content=cleaned
    )
    Design.objects.filter(pk=design.pk).update(current_version=version, version_count=1)
    design.current_version, design.version_count = version, 1
    for item in [*ideas, *problems]:
        link_create(source=design, target=item, kind="designed_from", actor=author)
    link_create(source=design, target=challenge, kind="designed_in", actor=author)
    engagement.follow_without_check(user=author, target=design)
    page_changed(design, listed=True)
    activity_record(actor=author, verb="design.started", target=design)
    engagement.notify_upstream(actor=author, target=design, verb="lineage.taken_forward", told={author.pk})
    return design


@transaction.atomic
def design_save_version(
    *, actor, design: Design, content, note: str = "", base_version: int | None = None
) -> DesignVersion:
    """Save the design's sections as a new version. ``base_version`` is the version the writer started from: if
    someone saved a newer one since, nothing is saved (:class:`VersionConflict`), so no one's text is overwritten.

    Supporters and followers are told, each with a link to what changed since the version they last saw."""
    design = Design.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=design.pk)
    require_perm(actor, "designs.change_design", design)
    current = design.current_version
    if base_version is not None and current is not None and base_version != current.number:
        raise VersionConflict()
    return _new_version(actor=actor, design=design, content=_clean(content, design.challenge), note=note)


def _new_version(*, actor, design: Design, content: dict, note: str, credited_to=None) -> DesignVersion:
    """Store cleaned ``content`` as the design's next version (the design row is locked by the caller)."""
    previous = design.current_version.content if design.current_version else empty_content()
    changed = changed_sections(previous, content)
    if not changed:
        raise NothingChanged()
    version = DesignVersion.objects.create(
        design=design,
        number=design.version_count + 1,
        author=actor,
        credited_to=credited_to,
        note=note.strip()[:300],
        content=content,
    )
    Design.objects.filter(pk=design.pk).update(
        current_version=version, version_count=F("version_count") + 1, updated_at=timezone.now()
    )
    design.current_version, design.version_count = version, version.number
    page_changed(design)
    activity_record(actor=actor, verb="design.revised", target=design, data={"version": version.number})
    _tell_of_revision(actor=actor, design=design, version=version, changed=[str(s.label) for s in changed])
    return version


def _tell_of_revision(*, actor, design: Design, version: DesignVersion, changed: list[str]) -> None:
    """Supporters and followers hear of every revision made after they supported or followed, each time with the
    link to what changed since the version before, section by section and word by word."""
    recipients = engagement.supporters(design) | engagement.followers(design)
    text = _("Changed: %(sections)s.") % {"sections": get_text_list(changed, _("and"))}
    if version.note:
        text += " " + version.note
    url = reverse("designs:compare", kwargs={"pk": design.pk}) + f"?from={version.number - 1}&to={version.number}"
    engagement.notify(recipients=recipients, actor=actor, verb="design.revised", target=design, text=text, url=url)


@transaction.atomic
def coauthor_invite(*, actor, design: Design, email: str = "", user=None) -> CoAuthor:
    """Invite a person to write the design: by account, or by e-mail address (an account with that verified address
    is invited as itself). They are told, and accept or decline."""
    require_perm(actor, "designs.invite_design", design)
    if user is None:
        from allauth.account.models import EmailAddress

        address = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).select_related("user").first()
        user = address.user if address else None
    if user is not None and user.pk in {design.author_id} | {
        c.user_id for c in design.coauthors.exclude(status=CoAuthor.Status.DECLINED)
    }:
        raise AlreadyInvited()
    try:
        with transaction.atomic():
            if user is not None:
                invitation, _created = CoAuthor.objects.update_or_create(
                    design=design,
                    user=user,
                    defaults={"status": CoAuthor.Status.INVITED, "invited_by": actor, "answered_at": None, "email": ""},
                )
            else:
                invitation = CoAuthor.objects.create(design=design, email=email.strip().lower(), invited_by=actor)
    except IntegrityError as error:
        raise AlreadyInvited() from error
    page_changed(design)
    activity_record(actor=actor, verb="design.coauthor_invited", target=design, public=False)
    if user is not None:
        engagement.notify(recipients={user.pk}, actor=actor, verb="design.coauthor_invited", target=design)
    else:
        transaction.on_commit(lambda: send_coauthor_invitation.enqueue(coauthor_id=invitation.pk))
    return invitation


@transaction.atomic
def coauthor_answer(*, user, design: Design, accept: bool) -> CoAuthor:
    invitation = queries.invitation_for(user, design)
    if invitation is None:
        raise NoInvitation()
    invitation = CoAuthor.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id is None and CoAuthor.objects.filter(design=design, user=user).exists():
        invitation.delete()  # invited both by address and by account: the account's invitation answers
        invitation = CoAuthor.objects.select_for_update().get(design=design, user=user)
    invitation.user, invitation.email = user, ""
    invitation.status = CoAuthor.Status.ACCEPTED if accept else CoAuthor.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save()
    design._author_ids = None
    if accept:
        engagement.follow_without_check(user=user, target=design)
    page_changed(design, listed=True)
    verb = "design.coauthor_accepted" if accept else "design.coauthor_declined"
    activity_record(actor=user, verb=verb, target=design, public=accept)
    engagement.notify(recipients={invitation.invited_by_id}, actor=user, verb=verb, target=design)
    return invitation


@transaction.atomic
def design_withdraw(*, actor, design: Design) -> Design:
    design = Design.objects.select_for_update().get(pk=design.pk)
    if design.is_withdrawn:
        raise AlreadyWithdrawn()
    require_perm(actor, "designs.withdraw_design", design)
    design.withdrawn_at = timezone.now()
    design.save(update_fields=["withdrawn_at", "updated_at"])
    page_changed(design, listed=True)
    activity_record(actor=actor, verb="design.withdrawn", target=design)
    engagement.notify(
        recipients=engagement.supporters(design) | engagement.followers(design),
        actor=actor,
        verb="design.withdrawn",
        target=design,
    )
    return design


# Amendments ---------------------------------------------------------------------------------------------------------


def _clean_section(section: str, value, challenge):
    if section not in BY_KEY:
        raise UnknownSection()
    try:
        cleaned = clean_content({section: value}, indicator_ids=set(challenge.indicators.values_list("pk", flat=True)))
    except ValidationError as error:
        raise InvalidContent(error.message_dict) from error
    return cleaned[section]


@transaction.atomic
def amendment_propose(*, proposer, design: Design, section: str, content, reason: str) -> Amendment:
    """Propose new content for one section of the design's current version; the authors are told."""
    design = (
        Design.objects.select_for_update(of=("self",)).select_related("current_version", "challenge").get(pk=design.pk)
    )
    if design.amendments_closed:
        raise AmendmentsClosed()
    require_perm(proposer, "designs.amend_design", design)
    cleaned = _clean_section(section, content, design.challenge)
    if cleaned == design.current_version.content.get(section):
        raise NothingChanged()
    if not reason.strip():
        raise AnswerRequired()
    amendment = Amendment.objects.create(
        design=design,
        section=section,
        proposer=proposer,
        base_version=design.current_version,
        content=cleaned,
        reason=reason.strip(),
    )
    engagement.follow_without_check(user=proposer, target=design)
    page_changed(design)
    activity_record(actor=proposer, verb="design.amendment_proposed", target=design, data={"amendment": amendment.pk})
    engagement.notify(
        recipients=author_ids(design),
        actor=proposer,
        verb="design.amendment_proposed",
        target=design,
        text=amendment.reason[:300],
        url=amendment.get_absolute_url(),
    )
    return amendment


@transaction.atomic
def amendment_revise(*, proposer, amendment: Amendment, content, reason: str) -> Amendment:
    """The proposer updates an amendment the authors asked changes for (or one still open): it waits for them again,
    now against the current version."""
    amendment = Amendment.objects.select_for_update(of=("self",)).select_related("design").get(pk=amendment.pk)
    design = (
        Design.objects.select_for_update(of=("self",))
        .select_related("current_version", "challenge")
        .get(pk=amendment.design_id)
    )
    if amendment.proposer_id != proposer.pk:
        raise NotPermitted()
    if amendment.status not in (Amendment.Status.OPEN, Amendment.Status.CHANGES_REQUESTED):
        raise AmendmentNotOpen()
    require_perm(proposer, "designs.amend_design", design)
    cleaned = _clean_section(amendment.section, content, design.challenge)
    if cleaned == design.current_version.content.get(amendment.section):
        raise NothingChanged()
    amendment.content, amendment.base_version = cleaned, design.current_version
    amendment.reason = reason.strip() or amendment.reason
    amendment.status = Amendment.Status.OPEN
    amendment.save()
    page_changed(design)
    engagement.notify(
        recipients=author_ids(design),
        actor=proposer,
        verb="design.amendment_revised",
        target=design,
        url=amendment.get_absolute_url(),
    )
    return amendment


def _answerable(actor, amendment: Amendment) -> tuple[Amendment, Design]:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    design = (
        Design.objects.select_for_update(of=("self",))
        .select_related("current_version", "challenge")
        .get(pk=amendment.design_id)
    )
    require_perm(actor, "designs.change_design", design)
    if amendment.status != Amendment.Status.OPEN:
        raise AmendmentNotOpen()
    return amendment, design


@transaction.atomic
def amendment_accept(*, actor, amendment: Amendment) -> DesignVersion:
    """An author accepts: the section takes the proposed content in a new version credited to the proposer.

    Refused when the section changed since the amendment was proposed: accepting would silently undo that change."""
    amendment, design = _answerable(actor, amendment)
    current = design.current_version.content
    if current.get(amendment.section) != amendment.base_version.content.get(amendment.section):
        raise AmendmentOutdated()
    note = _("Amendment by %(name)s accepted") % {"name": amendment.proposer.public_name}
    version = _new_version(
        actor=actor,
        design=design,
        content={**current, amendment.section: amendment.content},
        note=note,
        credited_to=amendment.proposer,
    )
    _answer(amendment, actor, Amendment.Status.ACCEPTED, "", result_version=version)
    return version


@transaction.atomic
def amendment_reject(*, actor, amendment: Amendment, answer: str) -> Amendment:
    amendment, _design = _answerable(actor, amendment)
    return _answer(amendment, actor, Amendment.Status.REJECTED, answer)


@transaction.atomic
def amendment_request_changes(*, actor, amendment: Amendment, answer: str) -> Amendment:
    amendment, _design = _answerable(actor, amendment)
    return _answer(amendment, actor, Amendment.Status.CHANGES_REQUESTED, answer)


def _answer(amendment: Amendment, actor, status: str, answer: str, *, result_version=None) -> Amendment:
    answer = answer.strip()
    if status != Amendment.Status.ACCEPTED and not answer:
        raise AnswerRequired()
    amendment.status, amendment.answer = status, answer
    amendment.answered_by, amendment.answered_at = actor, timezone.now()
    amendment.result_version = result_version
    amendment.save()
    page_changed(amendment.design)
    verb = f"design.amendment_{status}"
    activity_record(actor=actor, verb=verb, target=amendment.design, data={"amendment": amendment.pk})
    engagement.notify(
        recipients={amendment.proposer_id},
        actor=actor,
        verb=verb,
        target=amendment.design,
        text=answer[:300],
        url=amendment.get_absolute_url(),
    )
    return amendment


@transaction.atomic
def amendment_spin_off(*, proposer, amendment: Amendment, title: str, summary: str) -> Design:
    """A rejected amendment becomes a design of its own: the original's current sections with the amendment's
    section, started by the proposer and linked to the design it came from."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",)).select_related("design__current_version").get(pk=amendment.pk)
    )
    if amendment.proposer_id != proposer.pk or amendment.status != Amendment.Status.REJECTED or amendment.spun_off_id:
        raise NotPermitted()
    original = amendment.design
    design = design_start(
        author=proposer,
        challenge=original.challenge,
        title=title,
        summary=summary,
        content={**original.current_version.content, amendment.section: amendment.content},
        note=_("Started from an amendment to “%(title)s”") % {"title": original.title},
    )
    link_create(source=design, target=original, kind="spun_off_from", actor=proposer)
    amendment.spun_off = design
    amendment.save(update_fields=["spun_off", "updated_at"])
    page_changed(original)
    return design


@transaction.atomic
def amendments_close(*, actor, design: Design, closed: bool) -> Design:
    """Officials close a design to new amendments (or open it again); those made stay visible."""
    require_perm(actor, "designs.answer_design", design)
    Design.objects.filter(pk=design.pk).update(amendments_closed=closed, updated_at=timezone.now())
    design.amendments_closed = closed
    page_changed(design)
    activity_record(
        actor=actor, verb="design.amendments_closed" if closed else "design.amendments_opened", target=design
    )
    return design


def erase_person(user, *, emails) -> None:
    """Erasure: open invitations to write a design, addressed to the person's account or to one of their addresses,
    are withdrawn (what they wrote and accepted stays, under their pseudonym)."""
    open_invitations = CoAuthor.objects.filter(status=CoAuthor.Status.INVITED)
    open_invitations.filter(user=user).delete()
    if emails:
        open_invitations.filter(user__isnull=True, email__in=[e.lower() for e in emails]).delete()
