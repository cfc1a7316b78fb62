from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def journey_url(item) -> str:
    meta = item._meta
    return reverse("activity:journey", kwargs={"app_label": meta.app_label, "model": meta.model_name, "pk": item.pk})


@register.filter
def verbose_name(item) -> str:
    return item._meta.verbose_name


@register.filter(name="verb_label")
def verb_label_filter(verb: str) -> str:
    from cocreate.activity.verbs import verb_label

    return verb_label(verb)
