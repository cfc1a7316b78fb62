"""The page where a public body's administrators issue and revoke the API keys of Open311 applications, and erase
the contact an application passed on for a reporter without an account."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cocreate.core.errors import CocreateError, NotPermitted
from cocreate.organisations.models import Organisation
from cocreate.organisations.queries import organisation_ids_where

from .api_keys import api_key_issue, api_key_revoke, reporter_contact_erase
from .models import ApiKey


class ApiKeyForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Public body"))
    name = forms.CharField(
        label=gettext_lazy("Application"),
        max_length=120,
        help_text=gettext_lazy("Its reports appear under this name."),
    )
    contact = forms.EmailField(
        label=gettext_lazy("Contact e-mail of the application's makers"),
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]


class ReporterContactForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=gettext_lazy("Public body"))
    email = forms.EmailField(label=gettext_lazy("The reporter's e-mail address"), required=False)
    phone = forms.CharField(
        label=gettext_lazy("or their phone number"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Digits are compared, however the number is written."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, prefix="contact", **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]


def _organisations(user):
    """The public bodies whose keys the person manages; refused when there are none."""
    public_bodies = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).order_by("name")
    if not user.is_superuser:
        public_bodies = public_bodies.filter(pk__in=organisation_ids_where(user, {"admin"}))
    if not public_bodies:
        raise NotPermitted()
    return public_bodies


def _page(request, organisations, form, *, issued=None, raw_key="", contact_form=None, status=200):
    keys = ApiKey.objects.filter(organisation__in=organisations).select_related("organisation", "created_by")
    response = render(
        request,
        "problems/manage/api_keys.html",
        {
            "form": form,
            "contact_form": contact_form or ReporterContactForm(organisations=organisations),
            "keys": keys.order_by("revoked_at", "-created_at"),
            "issued": issued,
            "raw_key": raw_key,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the raw key is shown once and must not stay in a cache
    return response


@login_required
def api_keys(request):
    organisations = _organisations(request.user)
    if request.method != "POST":
        return _page(request, organisations, ApiKeyForm(organisations=organisations))
    form = ApiKeyForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _page(request, organisations, form)
    api_key, raw_key = api_key_issue(
        actor=request.user,
        organisation=form.cleaned_data["organisation"],
        name=form.cleaned_data["name"],
        contact=form.cleaned_data["contact"],
    )
    return _page(request, organisations, ApiKeyForm(organisations=organisations), issued=api_key, raw_key=raw_key)


@login_required
@require_POST
def revoke(request, pk: int):
    api_key = get_object_or_404(ApiKey.objects.filter(organisation__in=_organisations(request.user)), pk=pk)
    api_key_revoke(actor=request.user, api_key=api_key)
    messages.success(request, _("The key of “%(name)s” was revoked.") % {"name": api_key.name})
    return redirect("api_keys:list")


@login_required
@require_POST
def erase_reporter_contact(request):
    organisations = _organisations(request.user)
    form = ReporterContactForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            count = reporter_contact_erase(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except CocreateError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                ngettext(
                    "The reporter's contact was removed from %(count)d report.",
                    "The reporter's contact was removed from %(count)d reports.",
                    count,
                )
                % {"count": count},
            )
            return redirect("api_keys:list")
    return _page(request, organisations, ApiKeyForm(organisations=organisations), contact_form=form, status=400)
