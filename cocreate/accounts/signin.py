"""How often a password may be tried: a growing delay per account, and a limit per client address.

Replaces allauth's count of failed sign-ins, whose lock per e-mail address refused even the right password for five
minutes after five wrong ones (anyone could keep a person out), and whose limit per address counted the reverse
proxy's address before it learnt the client's. Here:

* **Per account** (the e-mail address as typed): the first ``FREE_FAILURES`` failures in a row cost nothing; after
  ``k`` failures the next attempt must wait ``2 ** (k - FREE_FAILURES)`` seconds, at most ``MAX_DELAY``. An attempt
  during the wait is refused without a look at the password and does not count; after the wait the right password
  signs in. Each attempt takes its turn with one conditional UPDATE, so requests sent at once get one turn between
  them; it is counted as a failure before the password is checked and the row is deleted when it was right.
  Failures are forgotten ``FORGET_AFTER`` after the last attempt.
* **Per client address** (``core.ratelimit.client_address``, behind ``COCREATE_PROXY_COUNT`` proxies): at most
  ``FAILURES_PER_ADDRESS`` failed sign-ins a window; a sign-in with the right password gives its count back.

Time is in the database's rows, so every web process sees the same delays.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core import ratelimit

from .errors import SignInDelayed, TooManyFailedSignIns
from .models import SignInFailures

FREE_FAILURES = 5
MAX_DELAY = 15 * 60
FORGET_AFTER = dt.timedelta(days=1)
FAILURES_PER_ADDRESS = (10, 60)
TURN_RETRIES = 5


@dataclass(frozen=True)
class Attempt:
    login_hash: str
    address_counter: str


def now() -> dt.datetime:
    """The time the delays are measured in (a test moves it on instead of waiting)."""
    return timezone.now()


def delay_after(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` failed sign-ins in a row."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** min(failures - FREE_FAILURES, 30), MAX_DELAY)


def login_hash(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()


def attempt_begin(request, login: str) -> Attempt | None:
    """Let one password attempt for ``login`` go ahead, counted as failed until :func:`attempt_succeeded`.

    Raises :class:`SignInDelayed` or :class:`TooManyFailedSignIns` when it may not.
    """
    if settings.COCREATE_RATE_LIMITS_OFF:
        return None
    counter = ratelimit.address_counter(request, "sign_in_failed")
    limit, window = FAILURES_PER_ADDRESS
    if not ratelimit.hit(counter, limit=limit, window=window):
        raise TooManyFailedSignIns()
    try:
        _take_turn(login_hash(login))
    except SignInDelayed:
        ratelimit.release(counter, window=window)  # no password was tried
        raise
    return Attempt(login_hash(login), counter)


def attempt_succeeded(attempt: Attempt | None) -> None:
    """The password was right: the account's failures are forgotten and the address's count given back."""
    if attempt is None:
        return
    SignInFailures.objects.filter(login_hash=attempt.login_hash).delete()
    ratelimit.release(attempt.address_counter, window=FAILURES_PER_ADDRESS[1])


def forget_failures(*logins: str) -> None:
    """After a password reset: the person has shown they own the address."""
    SignInFailures.objects.filter(login_hash__in=[login_hash(login) for login in logins]).delete()


def forget_old_failures() -> int:
    deleted, _by_model = SignInFailures.objects.filter(last_attempt_at__lt=now() - FORGET_AFTER).delete()
    return deleted


def _take_turn(key: str) -> None:
    for _attempt in range(TURN_RETRIES):
        at = now()
        row, _created = SignInFailures.objects.get_or_create(
            login_hash=key, defaults={"not_before": at, "last_attempt_at": at}
        )
        forgotten = at - row.last_attempt_at >= FORGET_AFTER
        if not forgotten and row.not_before > at:
            raise SignInDelayed(_wait_message(row.not_before - at))
        failures = 1 if forgotten else row.failures + 1
        taken = SignInFailures.objects.filter(
            pk=row.pk, failures=row.failures, not_before=row.not_before, last_attempt_at=row.last_attempt_at
        ).update(
            failures=failures,
            not_before=at + dt.timedelta(seconds=delay_after(failures)),
            last_attempt_at=at,
        )
        if taken:
            return
        # another attempt took this turn first: look again
    raise SignInDelayed()


def _wait_message(wait: dt.timedelta) -> str:
    seconds = max(1, int(-(-wait.total_seconds() // 1)))
    if seconds < 60:
        duration = ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    else:
        minutes = -(-seconds // 60)
        duration = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return _("Too many failed sign-ins to this account. Please wait %(duration)s, then try again.") % {
        "duration": duration
    }
