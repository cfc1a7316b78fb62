"""Problem pages for residents: report, browse (list and map), read, confirm."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.queries import challenge_for_page
from cocreate.core import ratelimit
from cocreate.core.errors import CocreateError, NotPermitted
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.permissions import require_perm
from cocreate.engagement.forms import CommentForm, NoteForm, StatusForm
from cocreate.engagement.queries import comments_page_number, engagement_for, supported_ids
from cocreate.organisations.models import Organisation
from cocreate.organisations.queries import host_organisation

from . import actions, queries
from . import without_account as without_account_actions
from .forms import FixedForm, ProblemFilterForm, ReportForm
from .models import Category, Problem

PAGE_SIZE = 20
REPORTS_PER_USER = (10, 3600)
REPORTS_PER_ADDRESS = (30, 3600)
# Reports waiting for confirmation per e-mail address: nobody is sent a flood of confirmation e-mails.
REPORTS_PER_EMAIL = (5, 3600)


def _where_to_report(request):
    """City-wide to a public body (``?organisation=``, else the host), or into a challenge (``?challenge=``)."""
    slug = request.GET.get("challenge") or request.POST.get("challenge")
    if slug:
        challenge = challenge_for_page(slug, request.user)
        return challenge.organisation, challenge
    organisation_slug = request.GET.get("organisation") or request.POST.get("organisation")
    if organisation_slug:
        return get_object_or_404(Organisation, slug=organisation_slug, kind=Organisation.Kind.PUBLIC_BODY), None
    organisation = host_organisation()
    if organisation is None:
        raise NotPermitted(_("No public body takes reports here yet."))
    return organisation, None


def problem_list(request):
    organisation = host_organisation()
    categories = Category.objects.filter(organisation=organisation, is_active=True) if organisation else []
    form = ProblemFilterForm(request.GET or None, categories=categories)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.ProblemFilters(
        category=data.get("category", ""),
        status=data.get("status", ""),
        since=data.get("since"),
        bbox=data.get("bbox"),
        text=data.get("q", ""),
        sort=data.get("sort") or "newest",
        challenge=request.GET.get("challenge", "")[:80],
    )
    page = Paginator(queries.problem_list(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "problems/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "supported": supported_ids(request.user, Problem, [p.pk for p in page.object_list]),
            "organisation": organisation,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def problem_map_data(request):
    """GeoJSON for the map: public locations are rounded to the neighbourhood grid for everyone but officials."""
    form = ProblemFilterForm(request.GET, categories=Category.objects.filter(is_active=True))
    if not form.is_valid():
        return JsonResponse({"error": form.errors.get_json_data()}, status=400)
    data = form.cleaned_data
    filters = queries.ProblemFilters(
        category=data.get("category", ""),
        status=data.get("status", ""),
        since=data.get("since"),
        bbox=data.get("bbox"),
        text=data.get("q", ""),
    )
    features = []
    for problem in queries.problem_list(request.user, filters).filter(latitude__isnull=False)[:1000]:
        exact = request.user.has_perm("problems.view_exact_location", problem)
        lat, lon = (float(problem.latitude), float(problem.longitude)) if exact else problem.public_location
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": problem.pk,
                    "title": problem.title,
                    "url": problem.get_absolute_url(),
                    "status": problem.get_status_display(),
                    "supports": problem.support_count,
                    "exact": exact,
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_http_methods(["GET", "POST"])
def problem_report(request):
    """Report a problem: with an account, or city-wide with an e-mail address confirmed by a link (without_account)."""
    organisation, challenge = _where_to_report(request)
    target = challenge or organisation
    without_account = request.user.has_perm("problems.add_problem_without_account", target)
    if not request.user.is_authenticated and not without_account:
        return redirect_to_login(request.get_full_path())
    if not without_account and not request.user.has_perm("problems.add_problem", target):
        raise NotPermitted(_("Reports cannot be made here at the moment."))
    where = {"organisation": organisation, "challenge": challenge, "without_account": without_account}
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"category": request.GET.get("category")}, **where
    )
    refreshing = request.method == "POST" and "refresh" in request.POST
    if refreshing:
        # Showing the chosen category's questions is not a submission: no errors yet, and nothing typed is lost.
        form = ReportForm(initial=request.POST.dict(), **where)
        if request.htmx:
            return render(request, "problems/report.html#questions", {"form": form})
    if request.method == "POST" and not refreshing and form.is_valid():
        with refusals_shown_on(form):
            ratelimit.check(request, "problem_report", per_user=REPORTS_PER_USER, per_address=REPORTS_PER_ADDRESS)
            report = {
                "organisation": organisation,
                "category": form.cleaned_data.get("category"),
                "title": form.cleaned_data["title"],
                "description": form.cleaned_data["description"],
                "latitude": form.cleaned_data["latitude"],
                "longitude": form.cleaned_data["longitude"],
                "address": form.cleaned_data["address"],
                "answers": form.answers(),
                "photos": form.cleaned_data["photos"],
            }
            if without_account:
                email = form.cleaned_data["email"]
                if not ratelimit.hit(
                    f"problem_report:e:{email.lower()}", limit=REPORTS_PER_EMAIL[0], window=REPORTS_PER_EMAIL[1]
                ):
                    raise ratelimit.RateLimited()
                without_account_actions.unconfirmed_report_create(
                    visitor=request.user, email=email, name=form.cleaned_data["name"], language=get_language(), **report
                )
                return redirect("problems:report_sent")
            problem = actions.problem_report(author=request.user, challenge=challenge, **report)
            messages.success(request, _("Thank you. Your report was sent to the department responsible."))
            return redirect(problem)
    similar = []
    if request.method == "POST" and form.data.get("title"):
        similar = queries.similar_problems(
            request.user, form.data.get("title", ""), organisation=organisation, challenge=challenge
        )
    context = {
        "form": form,
        "organisation": organisation,
        "challenge": challenge,
        "similar": similar,
        "without_account": without_account,
    }
    return render_form(request, "problems/report.html", context, form=form, status=200 if refreshing else None)


@require_GET
def problem_report_sent(request):
    """After reporting without an account: look in your mailbox."""
    return render(request, "problems/report_sent.html", {"days": settings.COCREATE_UNCONFIRMED_REPORT_DAYS})


@require_http_methods(["GET", "POST"])
def problem_report_confirm(request, token: str):
    """The link e-mailed to a visitor who reported without an account. Opening it shows the report and a button;
    pressing the button publishes it (mail scanners that open links do not publish anything)."""
    report = without_account_actions.unconfirmed_report_for_token(token)
    if request.method == "POST":
        problem = without_account_actions.unconfirmed_report_confirm(report=report)
        context = {"problem": problem, "has_password": problem.author.has_usable_password()}
        return render(request, "problems/report_confirmed.html", context)
    return render(request, "problems/report_confirm.html", {"report": report})


@require_GET
def problem_suggestions(request):
    """Similar problems while a person types (an htmx fragment)."""
    organisation = challenge = None
    if request.GET.get("challenge"):
        challenge = challenge_for_page(request.GET["challenge"], request.user)
    else:
        organisation = (
            Organisation.objects.filter(slug=request.GET.get("organisation", "")).first() or host_organisation()
        )
    near = None
    try:
        if request.GET.get("latitude") and request.GET.get("longitude"):
            near = actions.clean_location(request.GET["latitude"], request.GET["longitude"])
            near = (float(near[0]), float(near[1]))
    except CocreateError:
        near = None
    similar = queries.similar_problems(
        request.user, request.GET.get("title", ""), organisation=organisation, challenge=challenge, near=near
    )
    return render(request, "problems/includes/suggestions.html", {"similar": similar})


def _detail_context(request, problem, *, fixed_form=None) -> dict:
    is_official = request.user.has_perm("problems.answer_problem", problem)
    return {
        "problem": problem,
        "engagement": engagement_for(
            problem,
            user=request.user,
            with_notes=is_official,
            comments_page=comments_page_number(request.GET.get("comments")),
        ),
        "is_official": is_official,
        "exact_location": is_official,
        "location": (
            (float(problem.latitude), float(problem.longitude))
            if is_official and problem.has_location
            else problem.public_location
        ),
        "comment_form": CommentForm(),
        "status_form": StatusForm(workflow=Problem.workflow, current=problem.status),
        "note_form": NoteForm(auto_id="note-%s"),
        "fixed_form": fixed_form or FixedForm(),
        "can_support": request.user.has_perm("problems.support_problem", problem),
        "can_comment": request.user.has_perm("problems.comment_problem", problem),
        # "Was it fixed?" is asked of the reporter once the problem is done.
        "can_confirm_fixed": (
            problem.status == Problem.Status.DONE and request.user.has_perm("problems.confirm_fixed", problem)
        ),
    }


def problem_detail(request, pk: int):
    problem = queries.problem_for_page(pk, request.user, perm="problems.view_problem_page")
    return render(request, "problems/detail.html", _detail_context(request, problem))


@login_required
@require_POST
def problem_fixed(request, pk: int):
    """The reporter answers "was it fixed?"; refused, the page comes back with what they typed and why."""
    problem = queries.problem_for_page(pk, request.user)
    require_perm(request.user, "problems.confirm_fixed", problem)
    form = FixedForm(request.POST)
    if form.is_valid():
        with refusals_shown_on(form):
            actions.problem_confirm_fixed(
                user=request.user,
                problem=problem,
                fixed=form.cleaned_data["fixed"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for telling us."))
            return redirect(problem)
    context = _detail_context(request, problem, fixed_form=form) | {"can_confirm_fixed": True}
    return render_form(request, "problems/detail.html", context, form=form)
