"""Background work of co-delivery tasks: the reminder the day before, registered as a daily task."""

from django.tasks import task


@task
def remind_volunteers() -> int:
    """Everyone signed up for a task that starts within a day hears of it, once (``reminded_at``): running it twice,
    or twice at once, sends no second reminder. Returns how many were sent."""
    from .volunteering import remind_signup
    from .volunteering_queries import reminders_due

    return sum(remind_signup(signup) for signup in reminders_due().iterator())
