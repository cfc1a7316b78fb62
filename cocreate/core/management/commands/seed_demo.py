"""Load the demo city: a public body with departments, partners, a person for every role, and what the apps add.

Each app registers its part with ``cocreate.core.registry.register_demo``; they run in their order. Idempotent: what
exists already is left alone, and passwords are printed only when an account is created.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.core.registry import DemoContext, demo_seeders_in_order


class Command(BaseCommand):
    help = (
        "Load the demo city (idempotent). Prints the passwords of the accounts it creates, once; "
        "--reset-passwords gives the demo accounts new ones and prints them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give every demo account a new password and print it"
        )

    @transaction.atomic
    def handle(self, *args, **options):
        context = DemoContext(say=self.stdout.write, warn=lambda text: self.stdout.write(self.style.WARNING(text)))
        context.things["reset_passwords"] = options["reset_passwords"]
        for seeder in demo_seeders_in_order():
            seeder.seed(context)
