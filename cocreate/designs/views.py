"""Design pages: a challenge's designs, starting one, one design, writing a version, its history, comparing two
versions, inviting co-authors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.core.inputs import parse_int
from cocreate.core.pagecache import Shared, page_cache, version_name
from cocreate.engagement.forms import CommentForm, NoteForm, StatusForm
from cocreate.engagement.queries import comment_counts_by_anchor, comments_page_number, engagement_for

from . import actions, queries, testround_views
from .errors import (
    AmendmentNotOpen,
    AmendmentOutdated,
    AmendmentsClosed,
    AnswerRequired,
    InvalidContent,
    NothingChanged,
    UnknownSection,
    VersionConflict,
)
from .forms import AmendmentEditor, AnswerForm, DesignEditor, DesignStartForm, InviteForm, SpinOffForm
from .models import Design
from .review_views import review_context
from .sections import BY_KEY, compare

DESIGNS_PER_USER = (5, 3600)
DESIGNS_PER_ADDRESS = (20, 3600)
INVITES_PER_USER = (20, 3600)
INVITES_PER_ADDRESS = (40, 3600)
AMENDMENTS_ON_PAGE = 10  # the rest are on the design's list of amendments
AMENDMENTS_PER_USER = (20, 3600)
AMENDMENTS_PER_ADDRESS = (60, 3600)


def design_list(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    return render(
        request,
        "designs/list.html",
        {
            "challenge": challenge,
            "designs": queries.design_list(request.user, challenge),
            "can_start": request.user.has_perm("designs.add_design", challenge),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def design_start(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("designs.add_design", challenge):
        raise NotPermitted(_("Designs cannot be started in this challenge at the moment."))
    ideas = queries.ideas_to_build_on(request.user, challenge)
    initial = {"ideas": [i for i in request.GET.getlist("idea") if i.isdecimal()][:20]}
    problems = queries.problems_to_build_on(request.user, challenge)
    form = DesignStartForm(request.POST or None, ideas=ideas, problems=problems, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            raise NotPermitted()
        ratelimit.check(request, "design_start", per_user=DESIGNS_PER_USER, per_address=DESIGNS_PER_ADDRESS)
        design = actions.design_start(
            author=request.user,
            challenge=challenge,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            ideas=form.cleaned_data["ideas"],
            problems=form.cleaned_data["problems"],
        )
        messages.success(
            request, _("Your design is started. Write its sections now, or invite others to write it with you.")
        )
        return redirect("designs:edit", pk=design.pk)
    return render(
        request,
        "designs/start.html",
        {"challenge": challenge, "form": form},
        status=400 if form.errors else 200,
    )


# Visitors share a design's page; every action that changes what it shows calls ``page_changed``.
@page_cache(version=lambda request, pk: version_name(Design, pk))
def design_detail(request, pk: int):
    design = queries.design_for_page(pk, request.user, perm="designs.view_design_page")
    is_official = request.user.has_perm("designs.answer_design", design)
    engagement = engagement_for(
        design,
        user=request.user,
        with_notes=is_official,
        comments_page=comments_page_number(request.GET.get("comments")),
    )
    version = design.current_version
    response = render(
        request,
        "designs/detail.html",
        {
            "design": design,
            "challenge": design.challenge,
            "version": version,
            "sections": queries.sections_of(version),
            "totals": queries.totals_of(version),
            "indicators": queries.indicator_names(design.challenge),
            "coauthors": queries.coauthors(design),
            "invitation": queries.invitation_for(request.user, design),
            "ideas": queries.source_ideas(design),
            "problems": queries.source_problems(design),
            "recent_versions": queries.versions(design, limit=5),
            "engagement": engagement,
            "is_official": is_official,
            "can_support": request.user.has_perm("designs.support_design", design),
            "can_comment": request.user.has_perm("designs.comment_design", design),
            "can_edit": request.user.has_perm("designs.change_design", design),
            "can_invite": request.user.has_perm("designs.invite_design", design),
            "can_withdraw": request.user.has_perm("designs.withdraw_design", design),
            "can_amend": request.user.has_perm("designs.amend_design", design) and not design.amendments_closed,
            "amendments": queries.amendments(design, limit=AMENDMENTS_ON_PAGE + 1),
            "amendments_on_page": AMENDMENTS_ON_PAGE,
            "section_comments": comment_counts_by_anchor(design) if design.comment_count else {},
            "comment_form": CommentForm(),
            "status_form": StatusForm(workflow=Design.workflow, current=design.status),
            "note_form": NoteForm(auto_id="note-%s"),
            "invite_form": InviteForm(),
            **review_context(request.user, design),
        },
    )
    response.shared = Shared(except_users=frozenset(), until=design.challenge.next_stage_change())
    return response


@login_required
@require_http_methods(["GET", "POST"])
def design_edit(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    if not request.user.has_perm("designs.change_design", design):
        raise NotPermitted(_("Only the design's authors can write it, while its stage is open."))
    current = design.current_version
    data = request.POST if request.method == "POST" else None
    more_rows = request.POST.get("more_rows", "") if data is not None else ""
    editor = DesignEditor(
        data,
        content=current.content,
        base_version=current.number,
        indicators=list(queries.indicator_names(design.challenge).items()),
        more_rows=more_rows,
    )
    answers = testround_views.findings_form(design, data)  # the test rounds' findings this version answers
    status = 200
    conflict = False
    if data is not None and not more_rows:
        if editor.is_valid() and (answers is None or answers.is_valid()):
            if editor.text.cleaned_data["website"]:
                raise NotPermitted()
            try:
                version = actions.design_save_version(
                    actor=request.user,
                    design=design,
                    content=editor.content,
                    note=editor.text.cleaned_data["note"],
                    base_version=editor.text.cleaned_data["base_version"],
                )
                testround_views.record_answers(request, answers, version)
            except VersionConflict as error:
                editor.text.add_error(None, error.message)
                conflict, status = True, error.status
            except (NothingChanged, InvalidContent) as error:
                if isinstance(error, InvalidContent):
                    editor.add_content_errors(error.errors)
                editor.text.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Version %(number)s is saved.") % {"number": version.number})
                return redirect(design)
        else:
            status = 400
    return render(
        request,
        "designs/edit.html",
        {"design": design, "editor": editor, "current": current, "conflict": conflict, "answers_form": answers},
        status=status,
    )


@require_GET
def version_list(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    return render(request, "designs/versions.html", {"design": design, "versions": queries.versions(design)})


@require_GET
def version_detail(request, pk: int, number: int):
    design = queries.design_for_page(pk, request.user)
    version = queries.version_of(design, number)
    return render(
        request,
        "designs/version.html",
        {
            "design": design,
            "version": version,
            "sections": queries.sections_of(version),
            "totals": queries.totals_of(version),
            "indicators": queries.indicator_names(design.challenge),
        },
    )


@require_GET
def version_compare(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    newest = design.current_version.number
    to_number = parse_int(request.GET.get("to")) or newest
    from_number = parse_int(request.GET.get("from")) or max(to_number - 1, 1)
    old, new = queries.version_of(design, from_number), queries.version_of(design, to_number)
    return render(
        request,
        "designs/compare.html",
        {
            "design": design,
            "old": old,
            "new": new,
            "changes": compare(old.content, new.content, indicator_names=queries.indicator_names(design.challenge)),
            "old_totals": queries.totals_of(old),
            "new_totals": queries.totals_of(new),
            "versions": queries.versions(design),
        },
    )


@login_required
@require_POST
def coauthor_invite(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address to invite someone."))
        return redirect(design)
    ratelimit.check(request, "design_invite", per_user=INVITES_PER_USER, per_address=INVITES_PER_ADDRESS)
    actions.coauthor_invite(actor=request.user, design=design, email=form.cleaned_data["email"])
    messages.success(request, _("The invitation is sent."))
    return redirect(design)


@login_required
@require_POST
def coauthor_answer(request, pk: int):
    design = queries.design_for_page(pk, request.user, perm="designs.view_design_page")
    accept = request.POST.get("answer") == "accept"
    actions.coauthor_answer(user=request.user, design=design, accept=accept)
    if accept:
        messages.success(request, _("You are a co-author of this design now."))
    else:
        messages.success(request, _("You declined the invitation."))
    return redirect(design)


@login_required
@require_POST
def design_withdraw(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    actions.design_withdraw(actor=request.user, design=design)
    messages.success(request, _("The design was withdrawn. It stays readable, marked as withdrawn."))
    return redirect(design)


# Amendments ---------------------------------------------------------------------------------------------------------


@require_GET
def amendment_list(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    return render(request, "designs/amendments.html", {"design": design, "amendments": queries.amendments(design)})


@login_required
@require_http_methods(["GET", "POST"])
def amendment_propose(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    section = BY_KEY.get(request.GET.get("section") or request.POST.get("section") or "")
    if section is None:
        raise UnknownSection()
    if design.amendments_closed:
        raise AmendmentsClosed()
    if not request.user.has_perm("designs.amend_design", design):
        raise NotPermitted(
            _("Amendments are proposed by participants who do not write the design, while its stage is open.")
        )

    def send(editor):
        ratelimit.check(request, "amendment", per_user=AMENDMENTS_PER_USER, per_address=AMENDMENTS_PER_ADDRESS)
        amendment = actions.amendment_propose(
            proposer=request.user,
            design=design,
            section=section.key,
            content=editor.value,
            reason=editor.text.cleaned_data["reason"],
        )
        messages.success(request, _("Your amendment is sent to the design's authors."))
        return amendment

    value = design.current_version.content.get(section.key)
    return _amendment_form(request, design, section, value=value, amendment=None, send=send)


def _amendment_form(request, design, section, *, value, amendment, send):
    """The page where an amendment is written or updated: ``send(editor)`` stores a valid one and returns it; what
    cannot be stored comes back with what was typed and why."""
    data = request.POST if request.method == "POST" else None
    more_rows = bool(data is not None and request.POST.get("more_rows"))
    editor = AmendmentEditor(
        data,
        section=section,
        value=value,
        reason=amendment.reason if amendment else "",
        indicators=list(queries.indicator_names(design.challenge).items()),
        more_rows=more_rows,
    )
    status = 200
    if data is not None and not more_rows:
        if not editor.is_valid():
            status = 400
        elif editor.text.cleaned_data["website"]:
            raise NotPermitted()
        else:
            try:
                return redirect(send(editor))
            except (NothingChanged, InvalidContent, AmendmentNotOpen) as error:
                if isinstance(error, InvalidContent):
                    editor.add_content_errors(error.errors)
                editor.text.add_error(None, error.message)
                status = error.status
    return render(
        request,
        "designs/amendment_form.html",
        {"design": design, "section": section, "editor": editor, "amendment": amendment},
        status=status,
    )


def amendment_detail(request, pk: int, amendment: int):
    design = queries.design_for_page(pk, request.user)
    return _amendment_page(request, design, queries.amendment_for_page(design, amendment))


def _amendment_page(request, design, amendment, *, answer_form=None, spin_off_form=None, status=200):
    section = amendment.section_def
    changes = []
    if section is not None:
        changes = compare(
            {section.key: amendment.base_version.content.get(section.key)},
            {section.key: amendment.content},
            indicator_names=queries.indicator_names(design.challenge),
        )
    change = next((c for c in changes if section and c.section.key == section.key), None)
    is_proposer = request.user.is_authenticated and request.user.pk == amendment.proposer_id
    return render(
        request,
        "designs/amendment.html",
        {
            "design": design,
            "amendment": amendment,
            "change": change,
            "can_answer": amendment.status == amendment.Status.OPEN
            and request.user.has_perm("designs.change_design", design),
            "can_revise": is_proposer
            and amendment.status in (amendment.Status.OPEN, amendment.Status.CHANGES_REQUESTED)
            and request.user.has_perm("designs.amend_design", design),
            "can_spin_off": is_proposer
            and amendment.status == amendment.Status.REJECTED
            and not amendment.spun_off_id
            and request.user.has_perm("designs.add_design", design.challenge),
            "answer_form": answer_form or AnswerForm(),
            "spin_off_form": spin_off_form or SpinOffForm(),
        },
        status=status,
    )


@login_required
@require_POST
def amendment_answer(request, pk: int, amendment: int):
    design = queries.design_for_page(pk, request.user)
    amendment = queries.amendment_for_page(design, amendment)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _amendment_page(request, design, amendment, answer_form=form, status=400)
    answer, decision = form.cleaned_data["answer"], request.POST.get("decision")
    try:
        if decision == "accept":
            version = actions.amendment_accept(actor=request.user, amendment=amendment)
            messages.success(request, _("The amendment is accepted: version %(number)s.") % {"number": version.number})
        elif decision == "reject":
            actions.amendment_reject(actor=request.user, amendment=amendment, answer=answer)
            messages.success(request, _("The amendment is rejected, with your answer."))
        elif decision == "changes":
            actions.amendment_request_changes(actor=request.user, amendment=amendment, answer=answer)
            messages.success(request, _("The proposer is asked for changes."))
        else:
            form.add_error(None, _("Choose whether to accept, reject or ask for changes."))
            return _amendment_page(request, design, amendment, answer_form=form, status=400)
    except (AnswerRequired, AmendmentOutdated) as error:
        form.add_error("answer" if isinstance(error, AnswerRequired) else None, error.message)
        return _amendment_page(request, design, amendment, answer_form=form, status=error.status)
    return redirect(amendment)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_revise(request, pk: int, amendment: int):
    design = queries.design_for_page(pk, request.user)
    amendment = queries.amendment_for_page(design, amendment)
    if request.user.pk != amendment.proposer_id or amendment.section_def is None:
        raise NotPermitted()

    def send(editor):
        revised = actions.amendment_revise(
            proposer=request.user,
            amendment=amendment,
            content=editor.value,
            reason=editor.text.cleaned_data["reason"],
        )
        messages.success(request, _("Your amendment is updated and waits for the authors again."))
        return revised

    return _amendment_form(
        request, design, amendment.section_def, value=amendment.content, amendment=amendment, send=send
    )


@login_required
@require_POST
def amendment_spin_off(request, pk: int, amendment: int):
    design = queries.design_for_page(pk, request.user)
    amendment = queries.amendment_for_page(design, amendment)
    form = SpinOffForm(request.POST)
    if not form.is_valid():
        return _amendment_page(request, design, amendment, spin_off_form=form, status=400)
    ratelimit.check(request, "design_start", per_user=DESIGNS_PER_USER, per_address=DESIGNS_PER_ADDRESS)
    new = actions.amendment_spin_off(
        proposer=request.user,
        amendment=amendment,
        title=form.cleaned_data["title"],
        summary=form.cleaned_data["summary"],
    )
    messages.success(request, _("Your amendment is a design of its own now."))
    return redirect(new)


@login_required
@require_POST
def amendments_close(request, pk: int):
    design = queries.design_for_page(pk, request.user)
    closed = request.POST.get("closed") == "1"
    actions.amendments_close(actor=request.user, design=design, closed=closed)
    if closed:
        messages.success(request, _("The design takes no new amendments now."))
    else:
        messages.success(request, _("The design takes amendments again."))
    return redirect(design)


@require_GET
def section_comments(request, pk: int, section: str):
    """One section of the design's current version, with the comments about it."""
    design = queries.design_for_page(pk, request.user)
    definition = BY_KEY.get(section)
    if definition is None:
        raise UnknownSection()
    version = design.current_version
    return render(
        request,
        "designs/section_comments.html",
        {
            "design": design,
            "section": definition,
            "version": version,
            "sections": [s for s in queries.sections_of(version) if s[0].key == section],
            "totals": queries.totals_of(version),
            "indicators": queries.indicator_names(design.challenge),
            "engagement": engagement_for(
                design,
                user=request.user,
                comments_page=comments_page_number(request.GET.get("comments")),
                comments_anchor=section,
            ),
            "can_comment": request.user.has_perm("designs.comment_design", design),
            "comment_form": CommentForm(),
        },
    )
