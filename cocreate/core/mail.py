"""The e-mail backends Cocreate sends through: Django's, with header and body lines as long as RFC 5322 allows.

Python's e-mail package folds lines at 78 characters. A token that cannot be folded there, such as the address in
``List-Unsubscribe`` or a confirmation link, then becomes an RFC 2047 encoded word in a header (mail clients no
longer offer one-click unsubscribe) or a quoted-printable soft break in the body (a link printed to the console is
cut in two). Allowing 998 characters, the RFC's limit, keeps both intact; real folding still happens beyond it.
"""

import email.policy

from django.core.mail.backends import console, smtp

LINE_LIMIT = 998


def _keep_long_lines(message) -> None:
    render = message.message

    def message_with_long_lines(*, policy=email.policy.default):
        return render(policy=policy.clone(max_line_length=LINE_LIMIT))

    message.message = message_with_long_lines


class LongLinesMixin:
    def send_messages(self, email_messages):
        for message in email_messages or ():
            _keep_long_lines(message)
        return super().send_messages(email_messages)


class SMTPEmailBackend(LongLinesMixin, smtp.EmailBackend):
    pass


class ConsoleEmailBackend(LongLinesMixin, console.EmailBackend):
    pass
