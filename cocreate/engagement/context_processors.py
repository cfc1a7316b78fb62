from django.utils.functional import SimpleLazyObject

from .queries import unread_count


def notifications(request):
    """How many notifications the viewer has not read, for the page frame (counted only when shown)."""
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request.user))}
