"""Idea collection pages: the list with its sorts, proposing, editing, withdrawing, one idea's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import ratelimit
from cocreate.core.errors import CocreateError, NotPermitted
from cocreate.core.pagecache import ForMembers, Shared, list_version_name, page_cache, version_name
from cocreate.core.shuffle import remembers_visitor_seed, visitor_seed
from cocreate.engagement.forms import CommentForm, NoteForm, StatusForm
from cocreate.engagement.queries import comments_page_number, engagement_for, supported_ids, supports
from cocreate.organisations.predicates import is_suspended
from cocreate.organisations.queries import has_no_role

from . import actions, queries
from .forms import IdeaFilterForm, IdeaForm
from .models import Idea

PAGE_SIZE = 20
IDEAS_PER_USER = (10, 3600)
IDEAS_PER_ADDRESS = (40, 3600)


def _random_order_of(request) -> str:
    """The shuffle an anonymous visitor's list is in, when the list is in random order (the cache keeps one each)."""
    if request.GET.get("sort") in (None, "", "random"):
        return str(visitor_seed(request))
    return ""


@remembers_visitor_seed
@page_cache(version=lambda request, slug: list_version_name(Idea, slug), vary=_random_order_of, is_list=True)
def idea_list(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    form = IdeaFilterForm(request.GET or None, tags=challenge.tags.all())
    data = form.cleaned_data if form.is_valid() else {}
    sort = data.get("sort") or "random"
    ideas = queries.idea_list(
        request.user,
        challenge,
        sort=sort,
        seed=visitor_seed(request) if sort == "random" else 1,
        text=data.get("q", ""),
        tag=data.get("tag", ""),
        status=data.get("status", ""),
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ideas/list.html",
        {
            "challenge": challenge,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "supported": supported_ids(request.user, Idea, [i.pk for i in page.object_list]),
            "can_propose": request.user.has_perm("ideas.add_idea", challenge),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_submit(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("ideas.add_idea", challenge):
        raise NotPermitted(_("Ideas cannot be proposed in this challenge at the moment."))
    form = IdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            raise NotPermitted()
        ratelimit.check(request, "idea_submit", per_user=IDEAS_PER_USER, per_address=IDEAS_PER_ADDRESS)
        try:
            idea = actions.idea_submit(
                author=request.user,
                challenge=challenge,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                tags=form.cleaned_data["tags"],
                image=form.cleaned_data["image"],
                image_alt=form.cleaned_data["image_alt"],
            )
        except CocreateError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Thank you. Your idea is online."))
            return redirect(idea)
    similar = queries.similar_ideas(request.user, challenge, form.data.get("title", "")) if form.is_bound else []
    return render(
        request,
        "ideas/submit.html",
        {"challenge": challenge, "form": form, "similar": similar},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@require_GET
def idea_suggestions(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    similar = queries.similar_ideas(request.user, challenge, request.GET.get("title", ""))
    return render(request, "ideas/includes/suggestions.html", {"similar": similar})


# Participants share an idea's page; what is theirs alone is whether they support it, and whether they may write.
SHARED_IDEA_PAGE = ForMembers(
    vary=lambda request, pk: f"supports={supports(request.user, Idea, pk)};suspended={is_suspended(request.user)}",
    may_share=has_no_role,
)


@page_cache(version=lambda request, pk: version_name(Idea, pk), members=SHARED_IDEA_PAGE)
def idea_detail(request, pk: int):
    idea = queries.idea_for_page(pk, request.user, perm="ideas.view_idea_page")
    is_official = request.user.has_perm("ideas.answer_idea", idea)
    engagement = engagement_for(
        idea,
        user=request.user,
        with_notes=is_official,
        comments_page=comments_page_number(request.GET.get("comments")),
    )
    response = render(
        request,
        "ideas/detail.html",
        {
            "idea": idea,
            "challenge": idea.challenge,
            "engagement": engagement,
            "is_official": is_official,
            "can_support": request.user.has_perm("ideas.support_idea", idea),
            "can_comment": request.user.has_perm("ideas.comment_idea", idea),
            "can_edit": request.user.has_perm("ideas.change_idea", idea),
            "can_withdraw": request.user.has_perm("ideas.withdraw_idea", idea),
            "comment_form": CommentForm(),
            "status_form": StatusForm(workflow=Idea.workflow, current=idea.status),
            "note_form": NoteForm(auto_id="note-%s"),
        },
    )
    if AnonymousUser().has_perm("ideas.view_idea_page", idea):  # never share what only some may see
        response.shared = Shared(
            except_users=frozenset({idea.author_id, *engagement.comment_author_ids}),
            until=idea.challenge.next_stage_change(),
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request, pk: int):
    idea = queries.idea_for_page(pk, request.user)
    if not request.user.has_perm("ideas.change_idea", idea):
        raise NotPermitted(_("This idea can no longer be changed: people have already supported or discussed it."))
    initial = {
        "title": idea.title,
        "description": idea.description,
        "tags": ", ".join(t.name for t in idea.tags.all()),
        "image_alt": idea.image_alt,
    }
    form = IdeaForm(request.POST or None, initial=initial)
    del form.fields["image"]
    if request.method == "POST" and form.is_valid():
        actions.idea_edit(
            actor=request.user,
            idea=idea,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            tags=form.cleaned_data["tags"],
            image_alt=form.cleaned_data["image_alt"],
        )
        messages.success(request, _("The idea was saved."))
        return redirect(idea)
    return render(request, "ideas/edit.html", {"idea": idea, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def idea_withdraw(request, pk: int):
    idea = queries.idea_for_page(pk, request.user)
    actions.idea_withdraw(actor=request.user, idea=idea)
    messages.success(request, _("Your idea was withdrawn. It stays readable, marked as withdrawn."))
    return redirect(idea)
