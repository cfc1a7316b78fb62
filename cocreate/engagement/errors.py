from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class AlreadySupported(CocreateError):
    code = "already_supported"
    status = 409
    default_message = _("You already support this.")


class NotSupported(CocreateError):
    code = "not_supported"
    status = 409
    default_message = _("You do not support this.")


class StatusTransitionNotAllowed(CocreateError):
    code = "status_transition_not_allowed"
    field = "status"
    default_message = _("The status cannot change from “%(old)s” to “%(new)s”.")

    def __init__(self, old_label: str, new_label: str):
        super().__init__(self.default_message % {"old": old_label, "new": new_label})


class AnswerRequired(CocreateError):
    code = "answer_required"
    field = "answer"
    default_message = _("Explain the decision in a public answer.")


class EmptyComment(CocreateError):
    code = "empty_comment"
    field = "body"
    default_message = _("Write a comment first.")


class ReplyToAnotherThread(CocreateError):
    code = "reply_to_another_thread"
    default_message = _("You can only reply to a comment on the same page.")


class UnknownCommentAnchor(CocreateError):
    code = "unknown_comment_anchor"
    default_message = _("There is no such part to comment on.")
