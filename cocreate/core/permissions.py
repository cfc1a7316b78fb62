from .errors import NotPermitted


def require_perm(user, perm: str, obj=None) -> None:
    """Actions call this so that views, the API and scripts are held to the same rule."""
    if not user.has_perm(perm, obj):
        raise NotPermitted()
