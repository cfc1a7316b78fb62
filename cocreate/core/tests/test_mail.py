"""Mail leaves with its long lines whole: a List-Unsubscribe address and links stay as they are written."""

import io

from django.core.mail import EmailMessage

from cocreate.core.mail import ConsoleEmailBackend

URL = "http://127.0.0.1:8100/notifications/unsubscribe/eyJ1IjoxMn0:1wXYZabcdefghijklmnopqrstuvwx-ABCDEFGHIJK/"
LINK = "https://cocreate.example.org/accounts/confirm-email/MTI:1wXYZ:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ/"


def test_a_long_unsubscribe_address_and_link_are_not_encoded_or_broken():
    out = io.StringIO()
    message = EmailMessage(
        subject="Neuigkeiten über „Straße“",
        body=f"Bitte bestätigen Sie Ihre Adresse: {LINK}\n",
        to=["person@example.org"],
        headers={"List-Unsubscribe": f"<{URL}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    assert ConsoleEmailBackend(stream=out).send_messages([message]) == 1
    printed = out.getvalue()
    assert f"List-Unsubscribe: <{URL}>" in printed
    assert LINK in printed and "Bitte bestätigen Sie" in printed
