"""Every write of prototype test rounds: planning a round, signing up, confirming testers, feedback, the round's
status, findings, and the later version that answers them."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement import actions as engagement
from cocreate.sensemaking.usability import SUS_ITEMS, sus_score

from .models import Design, DesignVersion, RoundFeedback, RoundFinding, RoundSignup, TestRound
from .testround_errors import (
    AlreadySignedUp,
    FindingNotAnswerable,
    HasGivenFeedback,
    InvalidFeedback,
    InvalidRound,
    NotATester,
    NotSignedUp,
    RoundFinished,
    RoundFull,
    RoundHasFeedback,
    RoundNotFinished,
    RoundNotOpen,
    StatusNotAllowed,
)

EARLIEST_START_DAYS = 90  # a round run before it was entered may start this many days back
LATEST_START_DAYS = 730
LONGEST_ROUND_DAYS = 366
MOTIVATION_MAX = 500
ANSWER_MAX = 2000
COMMENT_MAX = 3000

Status = TestRound.Status
TRANSITIONS = {
    Status.OPEN: {Status.RUNNING, Status.FINISHED},
    Status.RUNNING: {Status.OPEN, Status.FINISHED},
    Status.FINISHED: set(),
}


def _lines(values, *, most: int, longest: int, field: str, errors: dict) -> list[str]:
    cleaned = [str(v).strip() for v in values if str(v).strip()]
    if len(cleaned) > most:
        errors.setdefault(field, []).append(_("At most %(count)s.") % {"count": most})
    for text in cleaned:
        if len(text) > longest:
            errors.setdefault(field, []).append(
                _("Each at most %(count)s characters: “%(start)s…”") % {"count": longest, "start": text[:40]}
            )
            break
    return cleaned


def clean_round(
    *, design: Design, version, title, tasks, questions, criteria, places, starts_at, ends_at, before=None
) -> dict:
    """What a round states, checked; :class:`InvalidRound` names each field that is wrong. ``before``: the round as
    it is, when it is being changed (a start day already in the past may stay)."""
    errors: dict[str, list] = {}
    title, criteria = (title or "").strip(), (criteria or "").strip()
    if not title:
        errors["title"] = [_("Give the round a title.")]
    elif len(title) > 140:
        errors["title"] = [_("At most 140 characters.")]
    if not isinstance(version, DesignVersion) or version.design_id != design.pk:
        errors["version"] = [_("Choose a version of this design.")]
    tasks = _lines(tasks or [], most=TestRound.TASKS_MAX, longest=TestRound.TASK_MAX, field="tasks", errors=errors)
    if not tasks and "tasks" not in errors:
        errors["tasks"] = [_("Give at least one task for testers to do.")]
    questions = _lines(
        questions or [], most=TestRound.QUESTIONS_MAX, longest=TestRound.QUESTION_MAX, field="questions", errors=errors
    )
    if not criteria:
        errors["criteria"] = [_("Describe who may take part.")]
    elif len(criteria) > 1000:
        errors["criteria"] = [_("At most 1000 characters.")]
    if isinstance(places, bool) or not isinstance(places, int) or not 1 <= places <= TestRound.PLACES_MAX:
        errors["places"] = [_("From 1 to %(most)s places.") % {"most": TestRound.PLACES_MAX}]
    elif before is not None and places < before.confirmed_count:
        errors["places"] = [
            _("%(count)s testers are confirmed already; decline some before offering fewer places.")
            % {"count": before.confirmed_count}
        ]
    today = timezone.localdate()
    if not isinstance(starts_at, dt.date):
        errors["starts_at"] = [_("Enter the first day.")]
    elif (before is None or starts_at != before.starts_at) and not (
        today - dt.timedelta(days=EARLIEST_START_DAYS) <= starts_at <= today + dt.timedelta(days=LATEST_START_DAYS)
    ):
        errors["starts_at"] = [
            _("The first day is at most %(back)s days ago and at most two years ahead.") % {"back": EARLIEST_START_DAYS}
        ]
    if not isinstance(ends_at, dt.date):
        errors["ends_at"] = [_("Enter the last day.")]
    elif isinstance(starts_at, dt.date) and not starts_at <= ends_at <= starts_at + dt.timedelta(LONGEST_ROUND_DAYS):
        errors["ends_at"] = [_("The last day is on or after the first day, and within a year of it.")]
    if errors:
        raise InvalidRound(errors)
    return {
        "version": version,
        "title": title,
        "tasks": tasks,
        "questions": questions,
        "criteria": criteria,
        "places": places,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


@transaction.atomic
def testround_create(*, actor, design: Design, **fields) -> TestRound:
    """Plan a test round of a version of the design; it opens for sign-up at once and the design's followers hear
    of it."""
    require_perm(actor, "designs.add_testround", design)
    cleaned = clean_round(design=design, **fields)
    test_round = TestRound.objects.create(design=design, created_by=actor, **cleaned)
    page_changed(design)
    activity_record(actor=actor, verb="design.test_round_opened", target=design, data={"round": test_round.pk})
    engagement.notify(
        recipients=engagement.followers(design),
        actor=actor,
        verb="design.test_round_opened",
        target=design,
        text=test_round.title,
        url=test_round.get_absolute_url(),
    )
    return test_round


def _locked(test_round: TestRound) -> TestRound:
    return TestRound.objects.select_for_update(of=("self",)).select_related("design").get(pk=test_round.pk)


@transaction.atomic
def testround_update(*, actor, test_round: TestRound, **fields) -> TestRound:
    """Change what a round states, until its first feedback (so every tester answered the same tasks)."""
    test_round = _locked(test_round)
    require_perm(actor, "designs.change_testround", test_round)
    if test_round.is_finished:
        raise RoundFinished()
    if test_round.feedback_count:
        raise RoundHasFeedback()
    cleaned = clean_round(design=test_round.design, before=test_round, **fields)
    for name, value in cleaned.items():
        setattr(test_round, name, value)
    test_round.save()
    activity_record(actor=actor, verb="design.test_round_changed", target=test_round.design, public=False)
    return test_round


@transaction.atomic
def testround_set_status(*, actor, test_round: TestRound, status: str) -> TestRound:
    """Open or close sign-up, or finish the round (for good: its results stay as they are)."""
    test_round = _locked(test_round)
    require_perm(actor, "designs.change_testround", test_round)
    if status not in TRANSITIONS[test_round.status]:
        raise StatusNotAllowed()
    test_round.status = status
    if status == Status.FINISHED:
        test_round.finished_at = timezone.now()
    test_round.save(update_fields=["status", "finished_at", "updated_at"])
    page_changed(test_round.design)
    activity_record(
        actor=actor,
        verb="design.test_round_finished" if status == Status.FINISHED else "design.test_round_status",
        target=test_round.design,
        data={"round": test_round.pk, "status": status},
    )
    return test_round


@transaction.atomic
def signup_create(*, user, test_round: TestRound, motivation: str) -> RoundSignup:
    """Offer to test; an official confirms or declines."""
    test_round = _locked(test_round)
    require_perm(user, "designs.signup_testround", test_round)
    if test_round.status != Status.OPEN or test_round.ends_at < timezone.localdate():
        raise RoundNotOpen()
    motivation = (motivation or "").strip()
    if not motivation or len(motivation) > MOTIVATION_MAX:
        raise InvalidRound(
            {"motivation": [_("Say in up to %(count)s characters why you fit.") % {"count": MOTIVATION_MAX}]}
        )
    try:
        with transaction.atomic():
            signup = RoundSignup.objects.create(round=test_round, user=user, motivation=motivation)
    except IntegrityError as error:
        raise AlreadySignedUp() from error
    TestRound.objects.filter(pk=test_round.pk).update(signup_count=F("signup_count") + 1)
    activity_record(actor=user, verb="design.test_signed_up", target=test_round.design, public=False)
    return signup


@transaction.atomic
def signup_withdraw(*, user, test_round: TestRound) -> None:
    """Take back one's own sign-up, until one has given feedback or the round has finished."""
    test_round = _locked(test_round)
    signup = RoundSignup.objects.select_for_update(of=("self",)).filter(round=test_round, user=user).first()
    if signup is None:
        raise NotSignedUp()
    if test_round.is_finished:
        raise RoundFinished()
    if RoundFeedback.objects.filter(signup=signup).exists():
        raise HasGivenFeedback()
    confirmed = signup.status == RoundSignup.Status.CONFIRMED
    signup.delete()
    TestRound.objects.filter(pk=test_round.pk).update(
        signup_count=F("signup_count") - 1, confirmed_count=F("confirmed_count") - int(confirmed)
    )
    activity_record(actor=user, verb="design.test_signup_withdrawn", target=test_round.design, public=False)


@transaction.atomic
def signup_decide(*, actor, signup: RoundSignup, confirm: bool) -> RoundSignup:
    """An official confirms a tester (while places are left) or declines them; the person is told. A tester who has
    given feedback keeps their place."""
    test_round = _locked(signup.round)
    require_perm(actor, "designs.confirm_testround", test_round)
    signup = RoundSignup.objects.select_for_update(of=("self",)).get(pk=signup.pk, round=test_round)
    if test_round.is_finished:
        raise RoundFinished()
    new = RoundSignup.Status.CONFIRMED if confirm else RoundSignup.Status.DECLINED
    if signup.status == new:
        return signup
    if not confirm and RoundFeedback.objects.filter(signup=signup).exists():
        raise HasGivenFeedback()
    change = 1 if confirm else -int(signup.status == RoundSignup.Status.CONFIRMED)
    if confirm and test_round.confirmed_count >= test_round.places:
        raise RoundFull()
    signup.status, signup.decided_at, signup.decided_by = new, timezone.now(), actor
    signup.save(update_fields=["status", "decided_at", "decided_by"])
    TestRound.objects.filter(pk=test_round.pk).update(confirmed_count=F("confirmed_count") + change)
    verb = "design.tester_confirmed" if confirm else "design.tester_declined"
    activity_record(actor=actor, verb=verb, target=test_round.design, public=False, data={"round": test_round.pk})
    engagement.notify(
        recipients={signup.user_id},
        actor=actor,
        verb=verb,
        target=test_round.design,
        text=test_round.title,
        url=test_round.get_absolute_url(),
    )
    return signup


def clean_feedback(test_round: TestRound, *, task_outcomes, sus_answers, answers, comment) -> dict:
    errors: dict[str, list] = {}
    outcomes = list(task_outcomes or [])
    valid_outcomes = set(RoundFeedback.Outcome.values)
    for index in range(len(test_round.tasks)):
        if index >= len(outcomes) or outcomes[index] not in valid_outcomes:
            errors[f"tasks.{index}"] = [_("Say whether you could do this task.")]
    if len(outcomes) > len(test_round.tasks):
        errors["tasks"] = [_("The round has %(count)s tasks.") % {"count": len(test_round.tasks)}]
    sus = list(sus_answers or [])
    for index in range(SUS_ITEMS):
        value = sus[index] if index < len(sus) else None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[f"sus.{index}"] = [_("Choose from 1 (strongly disagree) to 5 (strongly agree).")]
    if len(sus) > SUS_ITEMS:
        errors["sus"] = [_("The scale has ten statements.")]
    texts = [str(a or "").strip() for a in (answers or [])]
    if len(texts) > len(test_round.questions):
        errors["answers"] = [_("The round asks %(count)s questions.") % {"count": len(test_round.questions)}]
    for index, text in enumerate(texts):
        if len(text) > ANSWER_MAX:
            errors[f"answers.{index}"] = [_("At most %(count)s characters.") % {"count": ANSWER_MAX}]
    texts += [""] * (len(test_round.questions) - len(texts))
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(count)s characters.") % {"count": COMMENT_MAX}]
    if errors:
        raise InvalidFeedback(errors)
    return {
        "task_outcomes": outcomes,
        "sus_answers": sus,
        "sus_score": Decimal(str(sus_score(sus))),
        "answers": texts,
        "comment": comment,
    }


@transaction.atomic
def feedback_give(*, user, test_round: TestRound, task_outcomes, sus_answers, answers=(), comment="") -> RoundFeedback:
    """A confirmed tester's feedback: given once, changed (not added to) until the round finishes."""
    test_round = _locked(test_round)
    if test_round.is_finished:
        raise RoundFinished()
    signup = (
        RoundSignup.objects.select_for_update(of=("self",))
        .filter(round=test_round, user=user, status=RoundSignup.Status.CONFIRMED)
        .first()
    )
    if signup is None or not user.has_perm("designs.feedback_testround", test_round):
        raise NotATester()
    cleaned = clean_feedback(
        test_round, task_outcomes=task_outcomes, sus_answers=sus_answers, answers=answers, comment=comment
    )
    feedback, created = RoundFeedback.objects.update_or_create(signup=signup, defaults={"round": test_round, **cleaned})
    if created:
        TestRound.objects.filter(pk=test_round.pk).update(feedback_count=F("feedback_count") + 1)
        activity_record(actor=user, verb="design.test_feedback_given", target=test_round.design, public=False)
    return feedback


@transaction.atomic
def finding_record(*, actor, test_round: TestRound, text: str, severity: str) -> RoundFinding:
    """The authors record what they learnt from a finished round."""
    test_round = _locked(test_round)
    require_perm(actor, "designs.finding_testround", test_round)
    if not test_round.is_finished:
        raise RoundNotFinished()
    text = (text or "").strip()
    errors = {}
    if not text or len(text) > 1000:
        errors["text"] = [_("Describe the finding in up to 1000 characters.")]
    if severity not in RoundFinding.Severity.values:
        errors["severity"] = [_("Choose how severe it is.")]
    if errors:
        raise InvalidRound(errors)
    finding = RoundFinding.objects.create(round=test_round, text=text, severity=severity, recorded_by=actor)
    page_changed(test_round.design)
    activity_record(
        actor=actor, verb="design.finding_recorded", target=test_round.design, data={"round": test_round.pk}
    )
    return finding


@transaction.atomic
def findings_answered_by(*, actor, version: DesignVersion, findings) -> list[RoundFinding]:
    """Mark ``findings`` as answered by ``version`` (the authors tick them when they save it). Each must be an open
    finding of a round of the same design that tested an earlier version."""
    ids = {getattr(f, "pk", f) for f in findings}
    if not ids:
        return []
    design = version.design
    require_perm(actor, "designs.change_design", design)
    locked = list(
        RoundFinding.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, round__design=design, answered_in__isnull=True, round__version__number__lt=version.number)
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise FindingNotAnswerable()
    RoundFinding.objects.filter(pk__in=ids).update(answered_in=version)
    for finding in locked:
        finding.answered_in = version
    page_changed(design)
    activity_record(
        actor=actor,
        verb="design.findings_answered",
        target=design,
        data={"version": version.number, "findings": sorted(ids)},
    )
    return locked
