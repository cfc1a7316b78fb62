"""Every write of moderation: flagging, deciding on a case, suspending and lifting suspensions.

Items are any contribution (a model inheriting ``Contribution``) or a comment; both have ``is_hidden``. Hiding only
sets that flag: the text stays in the database for the audit. Every entry in the activity log is internal
(``public=False``), so that a hidden item's title never appears in public lists.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.activity.actions import activity_record
from cocreate.core.errors import NotFound
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import comment_visibility_changed, notify
from cocreate.engagement.models import Comment
from cocreate.organisations.queries import user_roles

from .errors import (
    AlreadyFlagged,
    AlreadyHidden,
    AlreadySuspended,
    CannotSuspend,
    DecisionNotAllowed,
    NotAParticipant,
    ReasonRequired,
    SuspensionLength,
    SuspensionNotActive,
    UnknownReason,
)
from .models import Case, Flag, ModerationDecision, Reason, Suspension
from .queries import contribution_of, is_participant, moderator_ids, place_of

DEFAULT_FLAGS_TO_HIDE = 3
MAX_SUSPENSION_DAYS = 365


def flags_to_hide() -> int:
    """How many different people's flags hide an item pending review (setting ``COCREATE_FLAGS_TO_HIDE``)."""
    return max(1, int(getattr(settings, "COCREATE_FLAGS_TO_HIDE", DEFAULT_FLAGS_TO_HIDE)))


def _set_hidden(item, hidden: bool) -> None:
    changed = type(item)._default_manager.filter(pk=item.pk, is_hidden=not hidden).update(is_hidden=hidden)
    item.is_hidden = hidden
    if changed and isinstance(item, Comment):
        comment_visibility_changed(item, visible=not hidden)
    page_changed(contribution_of(item), listed=True)


def _tell_author(case: Case, item, *, actor, verb: str, text: str = "") -> None:
    """The author hears of it on their contribution's page (a comment has no page of its own)."""
    contribution = contribution_of(item)
    if contribution is not item:
        verb = verb.replace("moderation.", "moderation.comment_")
    notify(recipients=[case.author_id], actor=actor, verb=verb, target=contribution, text=text[:300])


@transaction.atomic
def flag_add(*, user, item, reason: str, text: str = "") -> Flag:
    """Report an item to the moderators; enough different people hide it pending review."""
    require_perm(user, "moderation.flag", item)
    if reason not in Reason.values:
        raise UnknownReason()
    if item.is_hidden:
        raise AlreadyHidden()
    organisation_id, challenge_id = place_of(item)
    case, _created = Case.objects.get_or_create(
        target_type=ContentType.objects.get_for_model(item),
        target_id=item.pk,
        defaults={"organisation_id": organisation_id, "challenge_id": challenge_id, "author_id": item.author_id},
    )
    case = Case.objects.select_for_update().get(pk=case.pk)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(case=case, user=user, reason=reason, text=text.strip()[:1000])
    except IntegrityError:
        raise AlreadyFlagged() from None
    now = timezone.now()
    case.flag_count += 1
    case.state = Case.State.OPEN
    case.last_flagged_at = case.updated_at = now
    activity_record(
        actor=user,
        verb="moderation.flagged",
        target=item,
        organisation=case.organisation,
        public=False,
        data={"case": case.pk, "reason": reason},
    )
    notify(
        recipients=moderator_ids(case.organisation_id),
        actor=user,
        verb="moderation.flag_received",
        target=contribution_of(item),
        text=str(Reason(reason).label),
        url=reverse("moderation:case", args=[case.pk]),
    )
    if case.flag_count >= flags_to_hide():
        _set_hidden(item, True)
        case.auto_hidden_at = now
        case.hidden_reason = ""
        activity_record(
            actor=None,
            verb="moderation.auto_hidden",
            target=item,
            organisation=case.organisation,
            public=False,
            data={"case": case.pk, "flags": case.flag_count},
        )
        _tell_author(case, item, actor=None, verb="moderation.auto_hidden")
    case.save(update_fields=["flag_count", "state", "last_flagged_at", "updated_at", "auto_hidden_at", "hidden_reason"])
    return flag


VERBS = {
    ModerationDecision.Action.HIDE: "moderation.hidden",
    ModerationDecision.Action.RESTORE: "moderation.restored",
    ModerationDecision.Action.DISMISS: "moderation.dismissed",
}


@transaction.atomic
def case_decide(
    *, moderator, case: Case, action: str, public_reason: str = "", internal_note: str = ""
) -> ModerationDecision:
    """Hide the item with a public reason, restore it, or dismiss the flags; the open flags are closed."""
    require_perm(moderator, "moderation.moderate", case)
    case = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    item = case.target
    if item is None:
        raise NotFound()
    public_reason = public_reason.strip()
    if action == ModerationDecision.Action.HIDE:
        if not public_reason:
            raise ReasonRequired()
    elif action == ModerationDecision.Action.RESTORE:
        if not item.is_hidden:
            raise DecisionNotAllowed()
    elif action == ModerationDecision.Action.DISMISS:
        if item.is_hidden or case.flag_count == 0:
            raise DecisionNotAllowed()
    else:
        raise DecisionNotAllowed()
    decision = ModerationDecision.objects.create(
        case=case,
        moderator=moderator,
        action=action,
        public_reason=public_reason[:500],
        internal_note=internal_note.strip()[:5000],
    )
    Flag.objects.filter(case=case, decision=None).update(decision=decision)
    if action == ModerationDecision.Action.HIDE:
        _set_hidden(item, True)
        case.hidden_reason = decision.public_reason
    elif action == ModerationDecision.Action.RESTORE:
        _set_hidden(item, False)
        case.hidden_reason = ""
        case.auto_hidden_at = None
    case.flag_count = 0
    case.state = Case.State.DECIDED
    case.updated_at = timezone.now()
    case.save(update_fields=["flag_count", "state", "updated_at", "hidden_reason", "auto_hidden_at"])
    verb = VERBS[action]
    activity_record(
        actor=moderator,
        verb=verb,
        target=item,
        organisation=case.organisation,
        public=False,
        data={"case": case.pk, "decision": decision.pk, "reason": decision.public_reason},
    )
    _tell_author(case, item, actor=moderator, verb=verb, text=decision.public_reason)
    return decision


def _is_staff_of(user, organisation) -> bool:
    return user.is_superuser or any(r.organisation_id == organisation.pk for r in user_roles(user))


@transaction.atomic
def suspension_create(*, actor, user, organisation, reason: str, days: int) -> Suspension:
    """Suspend a participant of the organisation: until it ends, they may read but not write anywhere."""
    require_perm(actor, "moderation.suspend_user", organisation)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise SuspensionLength()
    user = User.objects.select_for_update().get(pk=user.pk)  # one suspension at a time, even when two moderators act
    if user.pk == actor.pk or _is_staff_of(user, organisation):
        raise CannotSuspend()
    if not is_participant(user, organisation):
        raise NotAParticipant()
    if Suspension.objects.active().filter(user=user, organisation=organisation).exists():
        raise AlreadySuspended()
    now = timezone.now()
    suspension = Suspension.objects.create(
        user=user,
        organisation=organisation,
        reason=reason[:500],
        starts_at=now,
        ends_at=now + dt.timedelta(days=days),
        created_by=actor,
    )
    activity_record(
        actor=actor,
        verb="moderation.suspended",
        target=user,
        organisation=organisation,
        public=False,
        data={"suspension": suspension.pk, "days": days},
    )
    notify(recipients=[user.pk], actor=actor, verb="moderation.suspended", target=suspension, text=reason[:300])
    return suspension


@transaction.atomic
def suspension_lift(*, actor, suspension: Suspension) -> Suspension:
    require_perm(actor, "moderation.lift_suspension", suspension)
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if not suspension.is_active():
        raise SuspensionNotActive()
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = actor
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    activity_record(
        actor=actor,
        verb="moderation.suspension_lifted",
        target=suspension.user,
        organisation=suspension.organisation,
        public=False,
        data={"suspension": suspension.pk},
    )
    notify(recipients=[suspension.user_id], actor=actor, verb="moderation.suspension_lifted", target=suspension)
    return suspension
