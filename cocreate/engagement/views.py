"""Engagement endpoints shared by every contribution: support, comment, follow, answer, notes, notifications.

Each works as a plain form post that redirects back to the contribution; an htmx request gets the updated
fragment instead.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.models import User
from cocreate.core import ratelimit
from cocreate.core.errors import NotFound
from cocreate.core.forms import refusals_shown_on, refuse
from cocreate.core.http import redirect_back, render_form, safe_next
from cocreate.core.permissions import perm_name, require_perm
from cocreate.organisations.models import Department
from cocreate.organisations.queries import department_for_page

from . import actions, queries
from .forms import CommentForm, NoteForm, NotificationSettingsForm, StatusForm
from .models import Comment, NotificationSettings
from .tasks import UNSUBSCRIBE_SALT

# (count, seconds): generous for people, tight enough to stop floods. Benchmarks lift them with
# COCREATE_RATE_LIMITS_OFF.
SUPPORTS_PER_USER, SUPPORTS_PER_ADDRESS = (300, 3600), (1000, 3600)
COMMENTS_PER_USER, COMMENTS_PER_ADDRESS = (30, 3600), (100, 3600)


def _back(request, target):
    return redirect_back(request, target.get_absolute_url())


@login_required
@require_POST
def support(request, app_label: str, model: str, pk: int):
    target = queries.target_for(app_label, model, pk)
    ratelimit.check(request, "support", per_user=SUPPORTS_PER_USER, per_address=SUPPORTS_PER_ADDRESS)
    if request.POST.get("undo"):
        actions.support_remove(user=request.user, target=target)
    else:
        actions.support_add(user=request.user, target=target)
    if request.htmx:
        return render(
            request,
            "engagement/includes/support_button.html",
            {"target": target, "supported": not request.POST.get("undo")},
        )
    return _back(request, target)


@login_required
@require_POST
def follow(request, app_label: str, model: str, pk: int):
    target = queries.target_for(app_label, model, pk)
    if request.POST.get("undo"):
        actions.unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    else:
        actions.follow(user=request.user, target=target)
        messages.success(request, _("You follow this now and will hear about changes."))
    return _back(request, target)


@login_required
@require_POST
def comment(request, app_label: str, model: str, pk: int):
    target = queries.target_for(app_label, model, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():  # empty, too long, or the hidden field filled as bots do
        return _comment_again(request, target, form, status=400)
    try:
        ratelimit.check(request, "comment", per_user=COMMENTS_PER_USER, per_address=COMMENTS_PER_ADDRESS)
    except ratelimit.RateLimited as error:
        refuse(form, error)
        return _comment_again(request, target, form, status=error.status)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
    comment = None
    with refusals_shown_on(form):
        comment = actions.comment_add(
            author=request.user,
            target=target,
            body=form.cleaned_data["body"],
            parent=parent,
            anchor=form.cleaned_data["anchor"],
        )
    if comment is None:
        return _comment_again(request, target, form, status=form.refusal_status)
    messages.success(request, _("Your comment was posted."))
    if parent is None and not request.POST.get("next"):
        # A new thread comes last: show the page of comments it is on.
        threads = Comment.objects.filter(
            target_type=comment.target_type, target_id=target.pk, parent=None, anchor=comment.anchor
        ).count()
        page = (threads - 1) // queries.THREADS_PER_PAGE + 1
        if page > 1:
            return HttpResponseRedirect(f"{target.get_absolute_url()}?comments={page}#comment-{comment.pk}")
    return _back(request, target)


def _comment_again(request, target, form, *, status: int):
    """A comment that could not be posted comes back on a page of its own, with what was typed and why."""
    parent_id = form.cleaned_data.get("parent")  # absent when the parent field itself was invalid
    context = {
        "target": target,
        "form": form,
        "parent": queries.visible_comment(parent_id) if parent_id else None,
        "next": safe_next(request, request.POST.get("next", ""), target.get_absolute_url()),
    }
    return render(request, "engagement/comment_again.html", context, status=status)


@login_required
@require_GET
def reply(request, pk: int):
    """The form to reply to one comment: a page of its own without JavaScript, the form alone for htmx."""
    parent = queries.comment_to_reply_to(pk, request.user)
    back = safe_next(request, request.GET.get("next", ""), parent.target.get_absolute_url())
    if "#" not in back:
        back += f"#comment-{parent.pk}"  # back to the comment answered
    context = {"parent": parent, "target": parent.target, "next": back, "autofocus": True}
    if request.htmx:
        return render(request, "engagement/includes/reply_form.html", context)
    return render(request, "engagement/reply.html", context)


@login_required
@require_POST
def answer(request, app_label: str, model: str, pk: int):
    """A new status with its public answer. Refused (no answer where one is needed, a status that cannot follow),
    it comes back on a page of its own with what was typed and why."""
    target = queries.target_for(app_label, model, pk)
    require_perm(request.user, perm_name(target, "answer"), target)
    form = StatusForm(request.POST, workflow=type(target).workflow, current=target.status)
    if form.is_valid():
        with refusals_shown_on(form):
            actions.status_change(actor=request.user, target=target, **form.cleaned_data)
            messages.success(request, _("The status was changed and the people concerned were told."))
            return _back(request, target)
    context = {
        "target": target,
        "status_form": form,
        "next": safe_next(request, request.POST.get("next", ""), target.get_absolute_url()),
    }
    return render_form(request, "engagement/answer_again.html", context, form=form)


@login_required
@require_POST
def note(request, app_label: str, model: str, pk: int):
    target = queries.target_for(app_label, model, pk)
    require_perm(request.user, perm_name(target, "note"), target)
    form = NoteForm(request.POST, auto_id="note-%s")
    if form.is_valid():
        with refusals_shown_on(form):
            actions.note_add(author=request.user, target=target, body=form.cleaned_data["body"])
            messages.success(request, _("The internal note was added."))
            return _back(request, target)
    next_url = safe_next(request, request.POST.get("next", ""), target.get_absolute_url())
    context = {"target": target, "note_form": form, "next": next_url}
    return render_form(request, "engagement/note_again.html", context, form=form)


@require_GET
def department_overdue(request, organisation: str, department: str):
    """Public: what one department owes an answer to past the date it promised, of every kind of contribution."""
    try:
        department = department_for_page(organisation, department)
    except Department.DoesNotExist:
        raise NotFound() from None
    overdue = queries.overdue_in_department(request.user, department)
    return render(request, "engagement/department_overdue.html", {"department": department, "overdue": overdue})


@login_required
def notifications(request):
    items = list(queries.notifications_for(request.user))
    if request.method == "POST":
        actions.notifications_mark_read(user=request.user)
        return HttpResponseRedirect(request.path)
    return render(request, "engagement/notifications.html", {"notifications": items})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = NotificationSettings.objects.filter(user=request.user).first()
    form = NotificationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        actions.notification_settings_update(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Your notification settings were saved."))
        return HttpResponseRedirect(request.path)
    return render(request, "engagement/settings.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # mail clients post the one-click unsubscribe (RFC 8058) without a session; the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """One click from an e-mail (a POST from mail clients that support it, or the button on this page)."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"]
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        raise NotFound(_("This unsubscribe link is not valid.")) from None
    if request.method == "POST":
        actions.notification_settings_update(user=user, email=NotificationSettings.Email.NEVER)
        return render(request, "engagement/unsubscribed.html")
    return render(request, "engagement/unsubscribe.html", {"token": token})
