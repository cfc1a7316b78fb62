from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cocreate.organisations.predicates import needs_second_factor

from .queries import has_second_factor

# Where a person sent to set up a second factor was going; the recovery codes page, shown after set-up, leads on there.
SECOND_FACTOR_NEXT_SESSION_KEY = "cocreate_second_factor_next"


class PreferredLanguageMiddleware:
    """Speaks a signed-in person's preferred language unless this browser chose another with the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language != request.LANGUAGE_CODE
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Officials, administrators and superusers must set up a second factor before they can do anything else.

    Once they have one, allauth asks for it at every sign-in.
    """

    ALWAYS_REACHABLE = ("/accounts/", "/static/", "/media/", "/health/", "/i18n/", "/legal/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.COCREATE_SECOND_FACTOR_REQUIRED
            and not request.path.startswith(self.ALWAYS_REACHABLE)
            and needs_second_factor(request.user)
            and not has_second_factor(request.user)
        ):
            if request.method == "GET" and "HX-Request" not in request.headers:
                request.session[SECOND_FACTOR_NEXT_SESSION_KEY] = request.get_full_path()
            elif SECOND_FACTOR_NEXT_SESSION_KEY not in request.session:
                request.session[SECOND_FACTOR_NEXT_SESSION_KEY] = reverse("home")
            messages.warning(
                request,
                _("Your role needs two-factor sign-in. Set up an authenticator app to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
