"""Import a Pabulib file as a decision with its projects and ballots; with --tally, count it and publish the result.

    python manage.py pb_import PATH [--tally greedy|mes|mes-complete] [--title TITLE] [--public]

Prints a JSON object: the decision's ``id``, ``url`` and, with --tally, ``selected`` (project ids as written in the
file). A file that cannot be read is reported with the reason and exit code 2; nothing is imported then.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.core.errors import CocreateError


class Command(BaseCommand):
    help = "Import a Pabulib .pb file as a decision (projects and ballots); --tally counts and publishes it."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--tally", choices=["greedy", "mes", "mes-complete"])
        parser.add_argument("--title", default="")
        parser.add_argument("--public", action="store_true", help="publish the decision (a past vote)")

    def handle(self, *args, path, tally, title, public, **options):
        from cocreate.decisions.pabulib_import import MAX_FILE_BYTES, decision_import_pabulib
        from cocreate.decisions.tally import count

        file = Path(path)
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                return self._fail(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return self._fail(f"{path}: no such file")
        except (OSError, UnicodeDecodeError) as error:
            return self._fail(f"{path}: cannot be read as a UTF-8 text file ({error.__class__.__name__})")
        try:
            with transaction.atomic():
                decision = decision_import_pabulib(
                    text, filename=file.name, title=title, rule=tally or "", public=public
                )
                result = {"id": decision.pk, "url": decision.get_absolute_url()}
                if tally:
                    (run,) = count(decision, rule=tally)
                    if run.status != run.Status.DONE:
                        raise CocreateError(run.error)
                    result["selected"] = sorted(run.outcome["selected"])
                    from cocreate.decisions.results_actions import publish_imported

                    publish_imported(decision)
        except CocreateError as error:
            return self._fail(f"{file.name}: {error.message}")
        self.stdout.write(json.dumps(result))

    def _fail(self, message):
        self.stderr.write(str(message))
        sys.exit(2)
