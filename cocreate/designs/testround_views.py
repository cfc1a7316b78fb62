"""Pages of prototype test rounds: planning one, its page with sign-up, the official's list of testers, the feedback
form, and the summary with findings. Plus the piece of the design's writing page where a new version answers
findings."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.core.inputs import parse_int

from . import queries
from . import testround_actions as actions
from . import testround_queries as round_queries
from .models import RoundSignup, TestRound
from .testround_errors import (
    FindingNotAnswerable,
    InvalidFeedback,
    InvalidRound,
    NotATester,
    RoundFinished,
    RoundHasFeedback,
)
from .testround_forms import FeedbackForm, FindingForm, FindingsAnsweredForm, RoundForm, SignupForm

ROUNDS_PER_USER = (5, 3600)  # each new round is told to the design's followers
ROUNDS_PER_ADDRESS = (20, 3600)


def _round_form_page(request, design, form, *, test_round=None, status=200):
    return render(
        request,
        "designs/testrounds/form.html",
        {"design": design, "form": form, "test_round": test_round},
        status=400 if form.errors else status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def testround_create(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    if not request.user.has_perm("designs.add_testround", design):
        raise NotPermitted(
            _("Test rounds are planned by the design's authors, while they can write it, and by its officials.")
        )
    today = timezone.localdate()
    initial = {
        "version": design.current_version_id,
        "places": 8,
        "starts_at": today + dt.timedelta(days=7),
        "ends_at": today + dt.timedelta(days=21),
    }
    form = RoundForm(request.POST or None, design=design, initial=initial)
    if request.method == "POST" and form.is_valid():
        ratelimit.check(request, "testround_create", per_user=ROUNDS_PER_USER, per_address=ROUNDS_PER_ADDRESS)
        try:
            test_round = actions.testround_create(actor=request.user, design=design, **form.action_fields())
        except InvalidRound as error:
            form.add_action_errors(error.errors)
        else:
            messages.success(request, _("The test round is open for sign-up. The design's followers are told."))
            return redirect(test_round)
    return _round_form_page(request, design, form)


@login_required
@require_http_methods(["GET", "POST"])
def testround_edit(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user, perm="designs.change_testround")
    if test_round.is_finished:
        raise RoundFinished()
    if test_round.feedback_count:
        raise RoundHasFeedback()
    design = test_round.design
    form = RoundForm(request.POST or None, design=design, initial=RoundForm.initial_from(test_round))
    if request.method == "POST" and form.is_valid():
        try:
            actions.testround_update(actor=request.user, test_round=test_round, **form.action_fields())
        except InvalidRound as error:
            form.add_action_errors(error.errors)
        else:
            messages.success(request, _("The test round is changed."))
            return redirect(test_round)
    return _round_form_page(request, design, form, test_round=test_round)


def _detail(request, test_round: TestRound, *, signup_form=None, status=200):
    user = request.user
    signup = round_queries.signup_of(user, test_round)
    can_sign_up = (
        signup is None
        and test_round.status == TestRound.Status.OPEN
        and test_round.ends_at >= timezone.localdate()
        and user.has_perm("designs.signup_testround", test_round)
    )
    return render(
        request,
        "designs/testrounds/detail.html",
        {
            "design": test_round.design,
            "test_round": test_round,
            "signup": signup,
            "feedback": round_queries.feedback_of(signup),
            "can_sign_up": can_sign_up,
            "can_change": user.has_perm("designs.change_testround", test_round),
            "can_confirm": user.has_perm("designs.confirm_testround", test_round),
            "signup_form": signup_form or SignupForm(),
            "findings": list(test_round.findings.select_related("answered_in").order_by("created_at", "pk")),
            "next_statuses": [TestRound.Status(s) for s in sorted(actions.TRANSITIONS[test_round.status])],
        },
        status=status,
    )


@require_GET
def testround_detail(request, pk: int, round_id: int):
    return _detail(request, round_queries.round_for_page(pk, round_id, request.user))


@login_required
@require_POST
def testround_signup(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user)
    form = SignupForm(request.POST)
    if not form.is_valid():
        return _detail(request, test_round, signup_form=form, status=400)
    actions.signup_create(user=request.user, test_round=test_round, motivation=form.cleaned_data["motivation"])
    messages.success(request, _("You signed up. An official will confirm or decline, and you will be told."))
    return redirect(test_round)


@login_required
@require_POST
def testround_withdraw(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user)
    actions.signup_withdraw(user=request.user, test_round=test_round)
    messages.success(request, _("Your sign-up is withdrawn."))
    return redirect(test_round)


@login_required
@require_POST
def testround_status(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user, perm="designs.change_testround")
    actions.testround_set_status(actor=request.user, test_round=test_round, status=request.POST.get("status", ""))
    messages.success(request, _("The round's status is changed."))
    return redirect(test_round)


@login_required
@require_http_methods(["GET", "POST"])
def testround_testers(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user, perm="designs.confirm_testround")
    if request.method == "POST":
        signup = get_object_or_404(RoundSignup, pk=parse_int(request.POST.get("signup")) or 0, round=test_round)
        confirm = request.POST.get("decision") == "confirm"
        signup = actions.signup_decide(actor=request.user, signup=signup, confirm=confirm)
        name = signup.user.public_name
        if confirm:
            messages.success(request, _("%(name)s is confirmed as a tester.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is declined.") % {"name": name})
        return redirect("designs:testround_testers", pk=pk, round_id=round_id)
    return render(
        request,
        "designs/testrounds/testers.html",
        {"design": test_round.design, "test_round": test_round, "signups": round_queries.signups(test_round)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def testround_feedback(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user)
    signup = round_queries.signup_of(request.user, test_round)
    if signup is None or signup.status != RoundSignup.Status.CONFIRMED:
        raise NotATester()
    if test_round.is_finished:
        raise RoundFinished()
    feedback = round_queries.feedback_of(signup)
    form = FeedbackForm(request.POST or None, test_round=test_round, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            actions.feedback_give(user=request.user, test_round=test_round, **form.action_fields())
        except InvalidFeedback as error:
            form.add_action_errors(error.errors)
        else:
            messages.success(request, _("Thank you. You can change your feedback until the round finishes."))
            return redirect(test_round)
    return render(
        request,
        "designs/testrounds/feedback.html",
        {"design": test_round.design, "test_round": test_round, "form": form, "feedback": feedback},
        status=400 if form.errors else 200,
    )


def _summary(request, test_round: TestRound, *, finding_form=None, status=200):
    user = request.user
    can_read_answers = user.has_perm("designs.results_testround", test_round)
    questions, comments = round_queries.written_answers(test_round) if can_read_answers else ([], [])
    return render(
        request,
        "designs/testrounds/summary.html",
        {
            "design": test_round.design,
            "test_round": test_round,
            "summary": round_queries.summary(test_round),
            "findings": list(test_round.findings.select_related("answered_in").order_by("created_at", "pk")),
            "can_read_answers": can_read_answers,
            "can_record": test_round.is_finished and user.has_perm("designs.finding_testround", test_round),
            "finding_form": finding_form or FindingForm(),
            "questions": questions,
            "comments": comments,
        },
        status=status,
    )


@require_GET
def testround_summary(request, pk: int, round_id: int):
    return _summary(request, round_queries.round_for_page(pk, round_id, request.user))


@login_required
@require_POST
def testround_finding(request, pk: int, round_id: int):
    test_round = round_queries.round_for_page(pk, round_id, request.user, perm="designs.finding_testround")
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            actions.finding_record(actor=request.user, test_round=test_round, **form.cleaned_data)
        except InvalidRound as error:
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect("designs:testround_summary", pk=pk, round_id=round_id)
    return _summary(request, test_round, finding_form=form, status=400)


# --- On the design's writing page ------------------------------------------------------------------------------------


def findings_form(design, data=None) -> FindingsAnsweredForm | None:
    """The open findings a new version may answer, as checkboxes; None when there are none."""
    findings = round_queries.open_findings(design)
    if not findings.exists():
        return None
    return FindingsAnsweredForm(data, findings=findings)


def record_answers(request, form: FindingsAnsweredForm | None, version) -> None:
    """After a version is saved: the findings ticked on the writing page are answered by it. One that someone else
    marked answered meanwhile is left as they marked it."""
    if form is None or not form.cleaned_data["answers_findings"]:
        return
    try:
        actions.findings_answered_by(
            actor=request.user, version=version, findings=form.cleaned_data["answers_findings"]
        )
    except FindingNotAnswerable:
        messages.warning(
            request, _("Some of the findings you ticked were marked as answered by someone else meanwhile.")
        )
