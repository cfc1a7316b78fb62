"""How often a password may be tried: a growing delay per account that never refuses the right password after the
wait, and a limit per client address that counts the client behind the reverse proxy, not the proxy."""

import datetime as dt
import threading
import time

import pytest
from allauth.account.signals import password_reset
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from cocreate.accounts import signin
from cocreate.accounts.errors import SignInDelayed
from cocreate.accounts.models import SignInFailures
from cocreate.core.ratelimit import address_key, client_address

from ...conftest import PASSWORD

PROXY = "10.0.0.2"
LOGIN = "/accounts/login/"


def sign_in(email: str, password: str, *, client_at: str = "203.0.113.10") -> tuple[int, str, bool]:
    """(status, page, signed in?) of one sign-in by a client at ``client_at`` behind the proxy."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_at)
    response = client.post(LOGIN, {"login": email, "password": password})
    return response.status_code, response.content.decode(), "_auth_user_id" in client.session


def failures_of(email: str) -> SignInFailures | None:
    return SignInFailures.objects.filter(login_hash=signin.login_hash(email)).first()


class Clock:
    def __init__(self):
        self.at = timezone.now()

    def wait(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The time the delays are measured in: it stands still unless a test waits."""
    clock = Clock()
    monkeypatch.setattr(signin, "now", lambda: clock.at)
    return clock


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.COCREATE_PROXY_COUNT = 1


@pytest.mark.django_db
def test_bad_passwords_from_one_client_lock_out_no_one_else_behind_the_proxy(make_user):
    victim = make_user()
    for n in range(signin.FAILURES_PER_ADDRESS[0]):
        assert sign_in(f"guess{n}@example.org", "wrong password", client_at="198.51.100.66")[2] is False
    status, _page, signed_in = sign_in(victim.email, PASSWORD, client_at="203.0.113.7")
    assert (status, signed_in) == (302, True)
    # the client that failed is still held back: its own address is counted
    attacker = make_user()
    status, page, signed_in = sign_in(attacker.email, PASSWORD, client_at="198.51.100.66")
    assert signed_in is False
    assert "Too many failed sign-ins from your network." in page
    assert failures_of(attacker.email) is None  # refused before its account was tried


@pytest.mark.django_db
def test_the_right_password_signs_in_after_the_wait_that_failures_bring(make_user, clock):
    person = make_user()
    for n in range(signin.FREE_FAILURES):  # from many addresses, so that only the account's delay applies
        status, _page, signed_in = sign_in(person.email, "wrong password", client_at=f"198.51.100.{n + 1}")
        assert (status, signed_in) == (200, False)
    row = failures_of(person.email)
    assert row.failures == signin.FREE_FAILURES
    assert row.not_before - row.last_attempt_at == dt.timedelta(seconds=1)

    # during the wait even the right password is not tried, and the refusal does not count
    _status, page, signed_in = sign_in(person.email.upper(), PASSWORD, client_at="203.0.113.7")
    assert signed_in is False
    assert "Too many failed sign-ins to this account. Please wait 1 second, then try again." in page
    assert failures_of(person.email).failures == signin.FREE_FAILURES

    clock.wait(0.5)
    assert "Please wait 1 second, then try again." in sign_in(person.email, PASSWORD, client_at="203.0.113.7")[1]
    clock.wait(0.5)
    assert sign_in(person.email, "wrong again", client_at="198.51.100.9")[2] is False
    row = failures_of(person.email)
    assert (row.failures, row.not_before - row.last_attempt_at) == (signin.FREE_FAILURES + 1, dt.timedelta(seconds=2))

    clock.wait(1)
    assert "Please wait 1 second, then try again." in sign_in(person.email, PASSWORD, client_at="203.0.113.7")[1]
    clock.wait(1)
    status, _page, signed_in = sign_in(person.email, PASSWORD, client_at="203.0.113.7")
    assert (status, signed_in) == (302, True)
    assert failures_of(person.email) is None  # forgotten: the next mistake costs nothing again


@pytest.mark.django_db
def test_an_unknown_address_is_delayed_like_a_known_one(make_user, clock):
    for n in range(signin.FREE_FAILURES + 1):
        sign_in("nobody@example.org", "wrong password", client_at=f"198.51.100.{n + 1}")
        clock.wait(signin.delay_after(n + 1))
    _status, page, _signed_in = sign_in("nobody@example.org", "wrong password", client_at="198.51.100.99")
    assert failures_of("nobody@example.org").failures == signin.FREE_FAILURES + 2
    _status, page, _signed_in = sign_in("nobody@example.org", "wrong password", client_at="198.51.100.99")
    assert "Please wait 4 seconds, then try again." in page


def test_the_delay_doubles_after_the_free_failures_up_to_a_cap():
    delays = [signin.delay_after(k) for k in range(0, 30)]
    assert delays[: signin.FREE_FAILURES] == [0] * signin.FREE_FAILURES
    assert delays[signin.FREE_FAILURES : signin.FREE_FAILURES + 5] == [1, 2, 4, 8, 16]
    assert max(delays) == signin.MAX_DELAY == delays[-1]
    assert signin.delay_after(10**9) == signin.MAX_DELAY


@pytest.mark.django_db
def test_the_wait_is_told_in_minutes_when_it_is_long(make_user, clock):
    person = make_user()
    SignInFailures.objects.create(
        login_hash=signin.login_hash(person.email),
        failures=20,
        not_before=clock.at + dt.timedelta(seconds=signin.MAX_DELAY),
        last_attempt_at=clock.at,
    )
    _status, page, signed_in = sign_in(person.email, PASSWORD)
    assert signed_in is False
    assert "Please wait 15 minutes, then try again." in page
    clock.wait(signin.MAX_DELAY - 61)
    assert "Please wait 2 minutes, then try again." in sign_in(person.email, PASSWORD)[1]
    clock.wait(61)
    assert sign_in(person.email, PASSWORD)[2] is True


@pytest.mark.django_db
def test_failures_are_forgotten_after_a_day_and_cleared_by_a_password_reset(make_user, clock):
    person = make_user()
    long_ago = clock.at - signin.FORGET_AFTER - dt.timedelta(minutes=1)
    SignInFailures.objects.create(
        login_hash=signin.login_hash(person.email), failures=20, not_before=long_ago, last_attempt_at=long_ago
    )
    assert sign_in(person.email, "wrong password")[2] is False
    assert failures_of(person.email).failures == 1  # counted afresh

    SignInFailures.objects.filter(login_hash=signin.login_hash(person.email)).update(last_attempt_at=long_ago)
    SignInFailures.objects.create(
        login_hash=signin.login_hash("other@example.org"),
        failures=3,
        not_before=clock.at,
        last_attempt_at=clock.at,
    )
    assert signin.forget_old_failures() == 1
    assert failures_of(person.email) is None

    for n in range(signin.FREE_FAILURES + 3):  # the last three are refused: the account waits
        sign_in(person.email, "wrong password", client_at=f"198.51.100.{n + 1}")
    assert failures_of(person.email).failures == signin.FREE_FAILURES
    password_reset.send(sender=type(person), request=None, user=person)
    assert failures_of(person.email) is None
    assert failures_of("other@example.org") is not None


@pytest.mark.django_db(transaction=True)
def test_attempts_sent_at_once_after_the_wait_get_one_turn(make_user, clock):
    person = make_user()
    past = clock.at - dt.timedelta(seconds=1)
    SignInFailures.objects.create(
        login_hash=signin.login_hash(person.email), failures=signin.FREE_FAILURES, not_before=past, last_attempt_at=past
    )
    attempts = 6
    start = threading.Barrier(attempts)
    outcomes = []

    def attempt():
        start.wait()
        try:
            for _try in range(200):
                try:
                    signin._take_turn(signin.login_hash(person.email))
                    outcomes.append("tried")
                    return
                except SignInDelayed:
                    outcomes.append("delayed")
                    return
                except OperationalError:  # SQLite's in-memory test database locks the table instead of waiting
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["delayed"] * (attempts - 1) + ["tried"]
    assert failures_of(person.email).failures == signin.FREE_FAILURES + 1


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7", 1, "203.0.113.7"),  # a client cannot choose its address by sending the header
        ("203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),
        ("", 1, PROXY),
        ("203.0.113.7", 0, PROXY),
    ],
)
def test_allauth_counts_the_address_cocreate_counts(rf, settings, forwarded, proxies, expected):
    from allauth.account.adapter import get_adapter

    settings.COCREATE_PROXY_COUNT = proxies
    request = rf.post(LOGIN, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected
    assert allauth_ratelimit.get_ip(request) == expected  # what allauth's sign-up, reset and code limits count


def test_per_address_limits_count_an_ipv6_subscriber_once():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:203.0.113.7") == address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("unknown") == "unknown"


@pytest.mark.django_db
def test_sign_ins_with_the_right_password_use_up_nothing_of_the_address(make_user):
    people = [make_user() for _ in range(signin.FAILURES_PER_ADDRESS[0] + 5)]  # a town hall behind one address
    for person in people[:-1]:
        assert sign_in(person.email, PASSWORD, client_at="203.0.113.80")[2] is True
    for n in range(signin.FAILURES_PER_ADDRESS[0] - 1):
        assert sign_in(f"typo{n}@example.org", "wrong", client_at="203.0.113.80")[2] is False
    assert sign_in(people[-1].email, PASSWORD, client_at="203.0.113.80")[2] is True
