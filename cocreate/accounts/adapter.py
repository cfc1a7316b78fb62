from allauth.account.adapter import DefaultAccountAdapter
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
