"""Every write to organisations, departments and memberships."""

from django.db import transaction
from django.db.models import ProtectedError

from cocreate.activity.actions import activity_record
from cocreate.core.permissions import require_perm
from cocreate.core.slugs import unique_slug

from .errors import (
    DepartmentInsideItself,
    DepartmentInUse,
    DepartmentOutsideOrganisation,
    LastAdministrator,
    NotAPartner,
    OfficialNeedsDepartment,
)
from .models import Department, Membership, Organisation
from .queries import department_subtree_ids


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


# The organisation administrators' back office: each action checks the permission and writes the audit entry.


@transaction.atomic
def department_add(
    *, actor, organisation: Organisation, name: str, parent: Department | None = None, description: str = ""
) -> Department:
    require_perm(actor, "organisations.change_organisation", organisation)
    department = department_create(organisation=organisation, name=name.strip(), parent=parent, description=description)
    activity_record(actor=actor, verb="department.added", target=department, organisation=organisation, public=False)
    return department


@transaction.atomic
def department_update(
    *, actor, department: Department, name: str, parent: Department | None, description: str = ""
) -> Department:
    """Rename, describe or move a department within its organisation (never under itself)."""
    require_perm(actor, "organisations.change_organisation", department.organisation)
    if parent is not None:
        if parent.organisation_id != department.organisation_id:
            raise DepartmentOutsideOrganisation()
        if parent.pk in department_subtree_ids(department):
            raise DepartmentInsideItself()
    department.name = name.strip()
    department.parent = parent
    department.description = description.strip()
    department.save(update_fields=["name", "parent", "description"])
    activity_record(
        actor=actor, verb="department.changed", target=department, organisation=department.organisation, public=False
    )
    return department


@transaction.atomic
def department_remove(*, actor, department: Department) -> None:
    """Remove a department nothing depends on: no sub-departments, categories, problems or challenges. Its
    memberships go with it."""
    require_perm(actor, "organisations.change_organisation", department.organisation)
    if department.children.exists():
        raise DepartmentInUse()
    activity_record(
        actor=actor,
        verb="department.removed",
        target=department,
        organisation=department.organisation,
        public=False,
        data={"name": department.name},
    )
    try:
        with transaction.atomic():
            department.delete()
    except ProtectedError:
        raise DepartmentInUse() from None


@transaction.atomic
def partner_link(*, actor, organisation: Organisation, partner: Organisation) -> None:
    require_perm(actor, "organisations.change_organisation", organisation)
    partner_add(organisation=organisation, partner=partner)
    activity_record(actor=actor, verb="partner.added", target=partner, organisation=organisation, public=False)


@transaction.atomic
def partner_unlink(*, actor, organisation: Organisation, partner: Organisation) -> None:
    require_perm(actor, "organisations.change_organisation", organisation)
    organisation.partners.remove(partner)
    activity_record(actor=actor, verb="partner.removed", target=partner, organisation=organisation, public=False)


@transaction.atomic
def membership_add(
    *, actor, user, organisation: Organisation, role: str, department: Department | None = None
) -> Membership:
    require_perm(actor, "organisations.manage_memberships", organisation)
    membership = membership_grant(user=user, organisation=organisation, role=role, department=department)
    activity_record(
        actor=actor,
        verb="membership.granted",
        target=organisation,  # the person is named by id only: erasing their account leaves no name here
        organisation=organisation,
        public=False,
        data={"user": user.pk, "role": role, "department": getattr(department, "pk", None)},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    require_perm(actor, "organisations.manage_memberships", membership.organisation)
    if (
        membership.role == Membership.Role.ADMIN
        and not Membership.objects.filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise LastAdministrator()
    activity_record(
        actor=actor,
        verb="membership.revoked",
        target=membership.organisation,
        organisation=membership.organisation,
        public=False,
        data={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()
