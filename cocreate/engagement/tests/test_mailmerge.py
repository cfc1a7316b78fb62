"""Merged copies of one message are the messages built one by one, but for their Message-ID."""

import re

from django.core.mail import EmailMessage

from cocreate.engagement import mailmerge
from cocreate.engagement.tasks import SMTP_POLICY

VARYING = re.compile(rb"^(Message-ID|Date): .*\r\n", re.MULTILINE)


def build(person):
    return EmailMessage(
        subject="News about “Shade trees” — Bäume",
        body=f"Hello {person.name},\n\nThe trees were ordered.\nStop all e-mails: {person.unsubscribe_url}\n",
        to=[person.email],
        headers={"List-Unsubscribe": f"<{person.unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One"},
    )


def serialised(message) -> bytes:
    return VARYING.sub(b"", message.message(policy=SMTP_POLICY).as_bytes())


PEOPLE = [
    mailmerge.Person("Ana", "ana@example.org", "https://city.example/u/abc/"),
    mailmerge.Person("Jürgen Weiß", "jw@example.org", "https://city.example/u/d%C3%A9f/"),
    mailmerge.Person("李小龍", "li@example.org", "https://city.example/u/x/"),
]


def test_merged_copies_are_the_messages_built_one_by_one():
    merged = mailmerge.merge(build, PEOPLE, policy=SMTP_POLICY)
    assert all(isinstance(m, mailmerge.MergedEmail) for m in merged)
    assert [serialised(m) for m in merged] == [serialised(build(p)) for p in PEOPLE]
    assert [m.to for m in merged] == [[p.email] for p in PEOPLE]
    assert merged[1].body.startswith("Hello Jürgen Weiß,")
    assert merged[1].extra_headers["List-Unsubscribe"] == "<https://city.example/u/d%C3%A9f/>"


def test_each_copy_has_its_own_message_id():
    merged = mailmerge.merge(build, PEOPLE, policy=SMTP_POLICY)
    ids = [re.search(rb"^Message-ID: (.*)\r$", m.message().as_bytes(), re.MULTILINE).group(1) for m in merged]
    assert len(set(ids)) == len(PEOPLE)


def test_an_address_that_needs_encoding_gets_an_ordinary_message():
    odd = mailmerge.Person("Zoë", "zoë@例え.jp", "https://city.example/u/z/")
    merged = mailmerge.merge(build, [PEOPLE[0], odd], policy=SMTP_POLICY)
    assert isinstance(merged[0], mailmerge.MergedEmail)
    assert not isinstance(merged[1], mailmerge.MergedEmail)


def test_a_body_that_is_not_sent_as_8bit_text_is_not_merged():
    def long_lines(person):  # a line longer than the limit: the body is encoded, placeholders cannot be replaced
        message = build(person)
        message.body += "x" * 1200 + "\n"
        return message

    merged = mailmerge.merge(long_lines, PEOPLE[:1], policy=SMTP_POLICY)
    assert not isinstance(merged[0], mailmerge.MergedEmail)
