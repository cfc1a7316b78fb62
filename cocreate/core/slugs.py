from django.utils.text import slugify


def unique_slug(model, text: str, *, default: str = "item", **scope) -> str:
    """A slug made from ``text`` that no other ``model`` row (within ``scope``) has yet: ``name``, ``name-2``…"""
    base = slugify(text)[:70] or default
    slug, n = base, 2
    while model._default_manager.filter(slug=slug, **scope).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
