from django.http import Http404
from django.shortcuts import render

from . import queries
from .models import Organisation


def organisation_list(request):
    return render(request, "organisations/list.html", queries.organisation_list())


def organisation_detail(request, slug: str):
    try:
        organisation = queries.organisation_for_page(slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "organisations/detail.html",
        {"organisation": organisation, "departments": queries.department_tree(organisation)},
    )
