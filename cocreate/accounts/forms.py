from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import User


class SignupExtraForm(forms.Form):
    """Fields that sign-up asks for beyond e-mail and password (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. You can use a nickname."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and have read the privacy notice"),
        error_messages={"required": _("To take part, accept the terms of use.")},
    )

    def signup(self, request, user):
        # allauth saves the user itself; this only fills in what it does not know about.
        actions.user_complete_signup(
            user=user,
            display_name=self.cleaned_data["display_name"],
            language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            terms_version=settings.COCREATE_TERMS_VERSION,
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. You can use a nickname."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def clean_display_name(self):
        value = self.cleaned_data["display_name"].strip()
        if not value:
            raise forms.ValidationError(_("Enter a display name."))
        return value


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
        help_text=_("To make sure it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased, and that this cannot be undone."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"].required = True
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
