from .errors import NotPermitted


def perm_name(obj, action: str) -> str:
    """The permission to do ``action`` to ``obj`` (an instance or a model), as the apps' ``rules.py`` name it:
    ``ideas.support_idea``."""
    meta = obj._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def require_perm(user, perm: str, obj=None) -> None:
    """Actions call this so that views, the API and scripts are held to the same rule."""
    if not user.has_perm(perm, obj):
        raise NotPermitted()
