from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from . import actions, queries
from .forms import EraseAccountForm, ProfileForm
from .models import User


def profile(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    return render(
        request,
        "accounts/profile.html",
        {"person": person, "sections": queries.public_profile(person)},
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


@login_required
@permission_required("accounts.export_data", fn=lambda request: request.user, raise_exception=True)
def personal_data_export(request):
    response = JsonResponse(queries.personal_data(request.user), json_dumps_params={"indent": 2})
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="cocreate-personal-data-{stamp}.json"'
    return response
