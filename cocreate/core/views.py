from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import home_blocks_in_order


def home(request):
    """The blocks the apps registered, in their order (see ``registry.register_home_block``)."""
    blocks = [
        {"template_name": block.template_name, "variables": block.context(request)} for block in home_blocks_in_order()
    ]
    return render(request, "core/home.html", {"home_blocks": blocks})


def legal(request, page: str):
    return render(request, f"core/legal/{page}.html")


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
