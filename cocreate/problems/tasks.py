import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

# PostgreSQL: set the count of every word of the words table (migration 0005) to the number of titles holding it,
# in one statement (about ten seconds on a million problems). A word no title holds any more gets 0 (suggestions
# skip it). The migration 0006_title_word_counts runs a copy of it.
COUNT_TITLE_WORDS = """
    WITH counts AS (
        SELECT word, count(*) AS n
        FROM (
            SELECT unnest(tsvector_to_array(to_tsvector('simple'::regconfig, title))) AS word FROM problems_problem
        ) AS w
        GROUP BY word
    )
    UPDATE problems_title_word AS t SET n = coalesce(c.n, 0)
    FROM problems_title_word AS k LEFT JOIN counts AS c ON c.word = k.word
    WHERE t.word = k.word AND t.n IS DISTINCT FROM coalesce(c.n, 0)
"""


@task
def ask_whether_fixed() -> int:
    """Some weeks after a problem was marked done, ask its reporter "was it fixed?" (once)."""
    from cocreate.engagement.actions import notify

    from .models import Problem

    cutoff = timezone.now() - dt.timedelta(days=settings.COCREATE_FIXED_CHECK_DAYS)
    asked = 0
    due = Problem.objects.filter(
        status=Problem.Status.DONE, status_changed_at__lte=cutoff, fixed_check_sent_at=None, source=Problem.Source.WEB
    )
    for problem in due.select_related("author").iterator():
        with transaction.atomic():
            if not Problem.objects.filter(pk=problem.pk, fixed_check_sent_at=None).update(
                fixed_check_sent_at=timezone.now()
            ):
                continue
            notify(recipients=[problem.author_id], actor=None, verb="problem.fixed_check", target=problem)
            asked += 1
    return asked


@task
def refresh_title_word_counts() -> int:
    """Recount how many titles hold each known title word, which suggestions use to search rare words first.

    Returns the number of words whose count changed; does nothing (0) on SQLite.
    """
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(COUNT_TITLE_WORDS)
        changed = cursor.rowcount
        # Rows that could not be updated in place went to the trigram index's pending list, which every search
        # reads in full until the next vacuum: merge it into the index now.
        cursor.execute("SELECT gin_clean_pending_list('problems_title_word_trgm'::regclass)")
    return changed


@task
def send_report_confirmation(*, report_id: int) -> bool:
    """E-mail a visitor the link that publishes their report; False when the report is gone (confirmed or expired).

    Takes the report's id, never the address: the task queue keeps its arguments."""
    from django.core.mail import send_mail
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .models import UnconfirmedReport
    from .without_account import confirmation_url

    report = UnconfirmedReport.objects.filter(pk=report_id).select_related("organisation").first()
    if report is None:
        return False
    with translation.override(report.language):
        send_mail(
            subject=_("Confirm your report: %(title)s") % {"title": report.title[:80]},
            message=_(
                "You reported a problem to %(organisation)s:\n\n%(title)s\n\n"
                "To publish it, open this link and press the button:\n\n%(link)s\n\n"
                "Until then nobody sees the report. If it is not confirmed within %(days)d days, it is deleted with "
                "your e-mail address. If you did not report anything, ignore this e-mail."
            )
            % {
                "organisation": report.organisation.name,
                "title": report.title,
                "link": confirmation_url(report),
                "days": settings.COCREATE_UNCONFIRMED_REPORT_DAYS,
            },
            from_email=None,
            recipient_list=[report.email],
        )
    return True


@task
def expire_unconfirmed_reports() -> int:
    """Daily: delete the reports without an account that were not confirmed in time, with their addresses."""
    from .without_account import unconfirmed_reports_expire

    return unconfirmed_reports_expire()
