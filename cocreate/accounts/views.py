from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from rules.contrib.views import permission_required

from . import actions, queries
from .forms import EraseAccountForm, ProfileForm
from .models import User


def profile(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    return render(
        request,
        "accounts/profile.html",
        {"person": person, "sections": queries.public_profile(person, viewer=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        actions.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:settings")
        response.delete_cookie("django_language")
        return response
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def personal_data(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.user_erase(user=request.user)
        logout(request)
        messages.success(request, _("Your account was erased. Your contributions remain under a pseudonym."))
        return redirect("home")
    return render(request, "accounts/personal_data.html", {"form": form}, status=400 if form.errors else 200)


@never_cache  # everything about the person: no browser or proxy may keep a copy
@login_required
@permission_required("accounts.export_data", fn=lambda request: request.user, raise_exception=True)
def personal_data_export(request):
    response = JsonResponse(queries.personal_data(request.user), json_dumps_params={"indent": 2})
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="cocreate-personal-data-{stamp}.json"'
    return response


@require_POST
def set_language(request):
    """The language switcher: remembers the choice in a cookie, and for a signed-in person as a preference."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        next_url = request.POST.get("next", "/")
        safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
        return HttpResponseRedirect(next_url if safe else "/")
    if request.user.is_authenticated:
        actions.user_set_language(user=request.user, language=language)
    return django_set_language(request)
