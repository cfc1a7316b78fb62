from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class StatementNotOpen(CocreateError):
    code = "statement_not_open"
    status = 400
    default_message = _("This statement is not open for votes.")


class StatementInvalid(CocreateError):
    code = "statement_invalid"
    status = 400
    default_message = _("Write a statement of 1 to 280 characters.")


class StatementAlreadyModerated(CocreateError):
    code = "statement_already_moderated"
    status = 409
    default_message = _("This statement has already been moderated.")


class ImportIntoNonEmptyOpinionMap(CocreateError):
    code = "polis_import_not_empty"
    status = 409
    default_message = _("This challenge already has statements; import a Pol.is conversation into a fresh challenge.")


class PolisImportFailed(CocreateError):
    code = "polis_import_failed"
    default_message = _("The Pol.is export could not be read.")


class NoOpinionMapStage(CocreateError):
    code = "no_opinion_map_stage"
    status = 409
    default_message = _("This challenge has no opinion-map stage to import a Pol.is conversation into.")
