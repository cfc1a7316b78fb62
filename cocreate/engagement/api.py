from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja import Router

from cocreate.organisations.models import Department
from cocreate.organisations.queries import department_for_page

from . import queries
from .schemas import OverdueOut

router = Router()


@router.get("/departments/{organisation}/{department}/overdue", response=list[OverdueOut])
def list_overdue(request, organisation: str, department: str):
    """Public contributions of one department that wait for an answer past their due date, oldest due first
    (at most 200)."""
    try:
        department = department_for_page(organisation, department)
    except Department.DoesNotExist:
        raise Http404("No department with these short names.") from None
    return [
        {
            "kind": item._meta.model_name,
            "id": item.pk,
            "title": str(item),
            "status": item.status,
            "answer_due": item.answer_due,
            "url": item.get_absolute_url(),
        }
        for item in queries.overdue_in_department(AnonymousUser(), department).items
    ]
