from django.http import Http404
from ninja import Router

from .models import Organisation
from .queries import organisation_for_page
from .schemas import OrganisationDetailOut, OrganisationOut

router = Router()


@router.get("/", response=list[OrganisationOut])
def list_organisations(request, kind: Organisation.Kind | None = None):
    organisations = Organisation.objects.order_by("name")
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


@router.get("/{slug}", response=OrganisationDetailOut)
def get_organisation(request, slug: str):
    try:
        organisation = organisation_for_page(slug)
    except Organisation.DoesNotExist:
        raise Http404("No organisation with this short name.") from None
    return {
        **OrganisationOut.from_orm(organisation).dict(),
        "departments": list(organisation.departments.order_by("name")),
        "partners": list(organisation.partners.all()),
    }
