"""Print the authenticator code of this moment for demo accounts, so that a developer can sign in as an official
without an authenticator app. Only authenticators that ``seed_demo`` set up are read; a person's own never are."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current two-factor code of demo accounts (those whose authenticator seed_demo set up)."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="the demo account's e-mail address (default: every demo account)")

    def handle(self, *args, email=None, **options):
        authenticators = Authenticator.objects.filter(type=Authenticator.Type.TOTP, data__demo=True).select_related(
            "user"
        )
        if email:
            authenticators = authenticators.filter(user__email__iexact=email)
        authenticators = sorted(authenticators, key=lambda authenticator: authenticator.user.email)
        if not authenticators:
            raise CommandError(
                f"No demo account {email} with an authenticator set up by seed_demo."
                if email
                else "No demo accounts with an authenticator: run manage.py seed_demo (--reset-passwords if they exist)"
            )
        now = time.time()
        counter = int(now) // app_settings.TOTP_PERIOD
        seconds_left = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
        for authenticator in authenticators:
            code = format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))
            self.stdout.write(code if email else f"{authenticator.user.email:<40} {code}")
        self.stderr.write(f"(valid for {seconds_left} more seconds)")
