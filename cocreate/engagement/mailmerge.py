"""The same e-mail to many people, each with their own name, address and unsubscribe link, serialised once.

Telling a hundred thousand people of one milestone sends a hundred thousand e-mails that differ only in the greeting,
the recipient and the unsubscribe link. Python's e-mail package spends about a millisecond serialising each message
(parsing and folding every header), which is most of a worker's time. So the first message of a group is built by
Django as usual, with placeholders where the person goes, and serialised once (the *stencil*); each person's copy is
the stencil's bytes with the placeholders replaced and a Message-ID of its own. No library does this: mail-merge
tools render whole messages per person, which is the cost avoided here.

It is used only where it is exact: the stencil's body must be sent as 8bit text (the name placeholder is not ASCII,
so any name fits) and hold each placeholder where expected; a person whose address or name would need encoding
(non-ASCII address, line breaks) gets a message built the ordinary way. A test compares merged copies with messages
built one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import make_msgid

from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME

NAME = "Ñame-merge-5b1e"  # not ASCII on purpose: the stencil's body is then 8bit, as a person's name may need
ADDRESS = "merge-5b1e@merge.invalid"
UNSUBSCRIBE = "merge-unsubscribe-5b1e"
_MESSAGE_ID = re.compile(rb"^Message-ID: <[^>\r\n]*>\r$", re.MULTILINE)


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    unsubscribe_url: str


class _Serialised:
    """What ``EmailMessage.message()`` returns, for a message already serialised (the mail backends call
    ``as_bytes()``, the console one ``get_charset()`` too)."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, *args, **kwargs) -> bytes:
        return self.data

    def get_charset(self):
        return None


class MergedEmail(EmailMessage):
    """One person's copy of a merged message. ``subject``, ``body``, ``to`` and ``extra_headers`` are theirs, for
    whoever reads them (the test backend's outbox); the backends send ``data``."""

    def __init__(self, data: bytes, *, subject: str, body: str, to: str, headers: dict):
        super().__init__(subject=subject, body=body, to=[to], headers=headers)
        self.data = data

    def message(self, *, policy=None):
        return _Serialised(self.data)


def _mergeable(person: Person) -> bool:
    return person.email.isascii() and not any(c in person.email + person.name for c in '\r\n<>"')


def merge(build: Callable[[Person], EmailMessage], people: list[Person], *, policy) -> list[EmailMessage]:
    """Each person's message: ``build(person)`` gives the ordinary one; ``policy`` is the one the SMTP backend
    serialises with. The messages come back in the order of ``people``."""
    stencil_message = build(Person(NAME, ADDRESS, UNSUBSCRIBE))
    stencil = stencil_message.message(policy=policy).as_bytes()
    usable = (
        b"Content-Transfer-Encoding: 8bit" in stencil
        and stencil.count(NAME.encode()) == stencil_message.body.count(NAME) == 1
        and stencil.count(ADDRESS.encode()) == 1
        and stencil.count(UNSUBSCRIBE.encode()) == 2  # the List-Unsubscribe header and the link in the body
        and len(_MESSAGE_ID.findall(stencil)) == 1
    )
    # Python sends a body that is all ASCII as 7bit: so do the copies whose name keeps it so.
    rest_is_ascii = stencil_message.body.replace(NAME, "").replace(UNSUBSCRIBE, "").isascii()
    messages: list[EmailMessage] = []
    for person in people:
        if not usable or not _mergeable(person):
            messages.append(build(person))
            continue
        data = (
            stencil.replace(NAME.encode(), person.name.encode())
            .replace(ADDRESS.encode(), person.email.encode())
            .replace(UNSUBSCRIBE.encode(), person.unsubscribe_url.encode())
        )
        if rest_is_ascii and person.name.isascii() and person.unsubscribe_url.isascii():
            data = data.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: 7bit", 1)
        data = _MESSAGE_ID.sub(f"Message-ID: {make_msgid(domain=DNS_NAME)}\r".encode(), data, count=1)
        headers = {k: v.replace(UNSUBSCRIBE, person.unsubscribe_url) for k, v in stencil_message.extra_headers.items()}
        messages.append(
            MergedEmail(
                data,
                subject=stencil_message.subject,
                body=stencil_message.body.replace(NAME, person.name).replace(UNSUBSCRIBE, person.unsubscribe_url),
                to=person.email,
                headers=headers,
            )
        )
    return messages
