import time
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings

from cocreate.core.errors import CocreateError
from cocreate.core.ratelimit import client_address

from . import signin


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.COCREATE_SIGNUP_OPEN

    def get_client_ip(self, request) -> str:
        """The address every rate limit counts, allauth's too: the client's, behind COCREATE_PROXY_COUNT proxies."""
        return client_address(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """Before a password is checked: :mod:`cocreate.accounts.signin` instead of allauth's count of failures."""
        try:
            self._sign_in_attempt = signin.attempt_begin(request, credentials.get("email", ""))
        except CocreateError as refused:
            raise forms.ValidationError(refused.message, code=refused.code) from None

    def authenticate(self, request, **credentials):
        self._sign_in_attempt = None
        user = super().authenticate(request, **credentials)
        if user is not None:
            signin.attempt_succeeded(self._sign_in_attempt)
        return user

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account e-mails (allauth's and its second-factor notices) speak of the site by its name and address, never
        by the host name the request happened to come to."""
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.COCREATE_BASE_URL).netloc)
        site_context = {"current_site": site, "site_name": settings.SITE_NAME, "site_url": settings.COCREATE_BASE_URL}
        super().send_mail(template_prefix, email, {**context, **site_context})

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not when the person signed in moments ago (within ACCOUNT_REAUTHENTICATION_TIMEOUT) with their password:
        an official sent to set up a second factor right after signing in is not asked for the password twice."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request or allauth_context.request
        if request is None or not request.user.is_authenticated:
            return True
        password_sign_ins = [
            record["at"]
            for record in get_authentication_records(request, request.user)
            if record.get("method") == "password" and "at" in record
        ]
        return not password_sign_ins or time.time() - password_sign_ins[-1] >= allauth_settings.REAUTHENTICATION_TIMEOUT
