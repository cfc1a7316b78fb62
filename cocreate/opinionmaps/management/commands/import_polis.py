"""Import a Pol.is conversation export (a folder with votes.csv, comments.csv…) into a challenge's opinion map."""

from django.core.management.base import BaseCommand, CommandError

from cocreate.challenges.models import Challenge
from cocreate.core.errors import CocreateError
from cocreate.opinionmaps.exports import opinion_map_import_polis


class Command(BaseCommand):
    help = "Import a Pol.is export folder: comments become statements, voters pseudonymous participants."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the Pol.is export folder (votes.csv, comments.csv, …)")
        parser.add_argument("--challenge", required=True, help="the short name (slug) of the challenge")

    def handle(self, *args, directory, challenge, **options):
        target = Challenge.objects.filter(slug=challenge).first()
        if target is None:
            raise CommandError(f"There is no challenge with the short name {challenge!r}.")
        try:
            counts = opinion_map_import_polis(challenge=target, directory=directory)
        except CocreateError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            f"Imported {counts['statements']} statements, {counts['participants']} participants and "
            f"{counts['votes']} votes into {target.slug}; the opinion map will be recomputed."
        )
