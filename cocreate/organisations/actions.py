"""Every write to organisations, departments and memberships."""

from django.db import transaction

from cocreate.core.slugs import unique_slug

from .errors import DepartmentOutsideOrganisation, NotAPartner, OfficialNeedsDepartment
from .models import Department, Membership, Organisation


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = Organisation.Kind.PUBLIC_BODY,
    partner_type: str = "",
    description: str = "",
    website: str = "",
    is_host: bool = False,
    slug: str | None = None,
) -> Organisation:
    if is_host:
        Organisation.objects.filter(is_host=True).update(is_host=False)
    return Organisation.objects.create(
        name=name,
        slug=slug or unique_slug(Organisation, name),
        kind=kind,
        partner_type=partner_type if kind == Organisation.Kind.PARTNER else "",
        description=description,
        website=website,
        is_host=is_host,
    )


@transaction.atomic
def department_create(
    *, organisation: Organisation, name: str, parent: Department | None = None, description: str = ""
) -> Department:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise DepartmentOutsideOrganisation()
    return Department.objects.create(
        organisation=organisation,
        parent=parent,
        name=name,
        slug=unique_slug(Department, name, organisation=organisation),
        description=description,
    )


@transaction.atomic
def partner_add(*, organisation: Organisation, partner: Organisation) -> None:
    if partner.kind != Organisation.Kind.PARTNER:
        raise NotAPartner()
    organisation.partners.add(partner)


@transaction.atomic
def membership_grant(
    *, user, organisation: Organisation, role: str, department: Department | None = None
) -> Membership:
    if role == Membership.Role.OFFICIAL and department is None:
        raise OfficialNeedsDepartment()
    if department is not None and department.organisation_id != organisation.pk:
        raise DepartmentOutsideOrganisation()
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"department": department}
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.delete()
