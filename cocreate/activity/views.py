from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cocreate.core.errors import NotFound, NotPermitted
from cocreate.core.permissions import perm_name
from cocreate.organisations.queries import organisation_ids_where

from . import queries
from .journeys import journey_model


def journey(request, app_label: str, model: str, pk: int):
    """The public journey of one item: everything it came from and everything it led to."""
    model_class = journey_model(app_label, model)
    if model_class is None:
        raise NotFound()
    item = model_class._default_manager.filter(pk=pk).first()
    if item is None or not request.user.has_perm(perm_name(model_class, "view"), item):
        raise NotFound()
    steps = queries.journey(item, user=request.user)
    context = {"item": item, "steps": steps, "stages": queries.journey_stages(steps, item)}
    return render(request, "activity/journey.html", context)


@login_required
def activity_log(request):
    """The full log: superusers see everything, organisation administrators their organisations'."""
    if request.user.is_superuser:
        organisation_ids = None
    else:
        organisation_ids = organisation_ids_where(request.user, {"admin"})
        if not organisation_ids:
            raise NotPermitted()
    verb = request.GET.get("verb", "")[:60]
    entries = queries.activity_log(organisation_ids=organisation_ids, verb=verb)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "activity/log.html", {"page": page, "verb": verb})
