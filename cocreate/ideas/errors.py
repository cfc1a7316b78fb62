from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class IdeaNotEditable(CocreateError):
    code = "idea_not_editable"
    status = 409
    default_message = _("This idea can no longer be changed: people have already supported or discussed it.")


class AlreadyWithdrawn(CocreateError):
    code = "idea_already_withdrawn"
    status = 409
    default_message = _("This idea has already been withdrawn.")


class TooManyTags(CocreateError):
    code = "too_many_tags"
    default_message = _("Use at most 5 tags.")
