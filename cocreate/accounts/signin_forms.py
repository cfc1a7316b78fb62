"""allauth's own forms in Cocreate's words. Apart from ``forms.py``, which allauth imports while it loads its forms
(ACCOUNT_SIGNUP_FORM_CLASS), so that module cannot import allauth's forms itself."""

from allauth.account.forms import LoginForm, SignupForm
from django.utils.translation import gettext_lazy as _


class SignInForm(LoginForm):
    """allauth's sign-in form in Cocreate's words (ACCOUNT_FORMS["login"])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class CreateAccountForm(SignupForm):
    """allauth's sign-up form with labels only: placeholders that repeat the label are noise to screen readers and
    vanish while typing (ACCOUNT_FORMS["signup"])."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        if "accept_terms" in self.fields:  # last, after the password, as the page shows it
            self.fields["accept_terms"] = self.fields.pop("accept_terms")
