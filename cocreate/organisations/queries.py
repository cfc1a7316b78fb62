"""Reads about organisations, departments and who holds which role."""

import threading
import time
from dataclasses import dataclass
from datetime import date

import numpy
from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from .models import Department, Membership, Organisation


def host_organisation() -> Organisation | None:
    """The public body whose name heads every page: the one marked as host, else the oldest public body."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).order_by("-is_host", "created_at", "pk").first()
    )


_host_cache: dict = {}
_host_lock = threading.Lock()


def host_organisation_for_display() -> Organisation | None:
    """``host_organisation()`` for the page frame, kept per process for a few seconds.

    Every page shows the host's name; the answer changes rarely. Saving or deleting an organisation empties this
    process's copy at once (see ``forget_host_organisation``); other processes see the change within
    ``COCREATE_HOST_ORGANISATION_CACHE_SECONDS``. Actions must call ``host_organisation()`` instead.
    """
    seconds = settings.COCREATE_HOST_ORGANISATION_CACHE_SECONDS
    if seconds <= 0:
        return host_organisation()
    now = time.monotonic()
    with _host_lock:
        entry = _host_cache.get("host")
    if entry is not None and entry[0] > now:
        return entry[1]
    organisation = host_organisation()
    with _host_lock:
        _host_cache["host"] = (now + seconds, organisation)
    return organisation


def forget_host_organisation(**kwargs) -> None:
    with _host_lock:
        _host_cache.clear()


def organisation_list() -> dict[str, list[Organisation]]:
    organisations = list(Organisation.objects.order_by("name"))
    return {
        "public_bodies": [o for o in organisations if o.kind == Organisation.Kind.PUBLIC_BODY],
        "partners": [o for o in organisations if o.kind == Organisation.Kind.PARTNER],
    }


@dataclass(frozen=True)
class DepartmentNode:
    department: Department
    children: list["DepartmentNode"]


def department_tree(organisation: Organisation) -> list[DepartmentNode]:
    """The organisation's departments as a tree, read in one query."""
    departments = list(organisation.departments.order_by("name"))
    children: dict[int | None, list[Department]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)

    def build(parent_id):
        return [DepartmentNode(d, build(d.pk)) for d in children.get(parent_id, [])]

    return build(None)


def organisation_for_page(slug: str) -> Organisation:
    return Organisation.objects.prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        Prefetch("partner_of", queryset=Organisation.objects.order_by("name")),
    ).get(slug=slug)


def department_for_page(organisation_slug: str, department_slug: str) -> Department:
    """A public body's department addressed by the two short names; raises Department.DoesNotExist."""
    return Department.objects.select_related("organisation").get(
        organisation__slug=organisation_slug, slug=department_slug
    )


@dataclass(frozen=True)
class Role:
    organisation_id: int
    role: str
    department_id: int | None


def user_roles(user) -> frozenset[Role]:
    """Every role the person holds, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if getattr(user, "_cocreate_roles", None) is None:
        load_standing(user)
    return user._cocreate_roles


SUSPENDED = "__suspended__"


def load_standing(user) -> None:
    """The person's roles and whether a moderator suspended them, in one query, kept on the user object (every
    signed-in page asks both: for the back-office link, and whether the person may take part)."""
    from django.apps import apps
    from django.db import connection
    from django.utils import timezone

    # Hand-written because every signed-in request runs it: Django compiles the same UNION of two querysets on each
    # call, about 1 ms of CPU, six times what running it costs. Names come from the models' metadata, quoted, and
    # every value is a parameter; the suspension's conditions are SuspensionQuerySet.active()'s (a test holds the two
    # together).
    qn = connection.ops.quote_name
    membership = Membership._meta
    suspension = apps.get_model("moderation", "Suspension")._meta

    def column(meta, name):
        return qn(meta.get_field(name).column)

    sql = (
        f"SELECT {column(membership, 'organisation')}, {column(membership, 'role')}, "  # noqa: S608
        f"{column(membership, 'department')} FROM {qn(membership.db_table)} WHERE {column(membership, 'user')} = %s "
        f"UNION ALL SELECT NULL, %s, NULL FROM {qn(suspension.db_table)} WHERE {column(suspension, 'user')} = %s "
        f"AND {column(suspension, 'starts_at')} <= %s AND {column(suspension, 'ends_at')} > %s "
        f"AND {column(suspension, 'lifted_at')} IS NULL"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, SUSPENDED, user.pk, now, now])
        rows = cursor.fetchall()
    user._cocreate_roles = frozenset(Role(*row) for row in rows if row[1] != SUSPENDED)
    user._cocreate_suspended = any(row[1] == SUSPENDED for row in rows)


def has_no_role(user) -> bool:
    """A participant and nothing more: no role in any organisation, not staff (they all see pages alike)."""
    return not (user.is_superuser or user.is_staff or user_roles(user))


def user_memberships(user):
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "department")
        .order_by("organisation__name", "role")
    )


def staff_roles_in(organisation_id: int) -> dict[int, list[str]]:
    """Who speaks for the organisation, in one query: person id -> their roles in it, each named as the public sees
    it ("Official, Road Maintenance", "Moderator"), administrators first."""
    order = {Membership.Role.ADMIN: 0, Membership.Role.OFFICIAL: 1, Membership.Role.MODERATOR: 2}
    memberships = sorted(
        Membership.objects.filter(organisation_id=organisation_id).select_related("department"),
        key=lambda membership: order.get(membership.role, 3),
    )
    staff: dict[int, list[str]] = {}
    for membership in memberships:
        label = str(membership.get_role_display())
        if membership.department is not None:
            label = _("%(role)s, %(department)s") % {"role": label, "department": membership.department.name}
        staff.setdefault(membership.user_id, []).append(label)
    return staff


def working_days_after(organisation: Organisation, start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (Monday to Friday, less the organisation's holidays)."""
    holidays = list(organisation.holidays.values_list("date", flat=True))
    due = numpy.busday_offset(numpy.datetime64(start, "D"), days, roll="forward", holidays=holidays)
    return due.astype(date)


def organisation_ids_where(user, roles: set[str]) -> list[int]:
    """The organisations in which the person holds one of ``roles`` (from the roles read once per request)."""
    return sorted({r.organisation_id for r in user_roles(user) if r.role in roles})


def _subtree_ids(parent_of: dict[int, int | None], roots: set[int]) -> set[int]:
    """``roots`` and every department below them, from a map of each department to its parent."""
    below: dict[int | None, list[int]] = {}
    for department_id, parent_id in parent_of.items():
        below.setdefault(parent_id, []).append(department_id)
    found, waiting = set(), list(roots)
    while waiting:
        department_id = waiting.pop()
        if department_id in found:
            continue
        found.add(department_id)
        waiting.extend(below.get(department_id, []))
    return found


def department_subtree_ids(department: Department) -> set[int]:
    """The department and its sub-departments at every depth, read in one query."""
    parent_of = dict(department.organisation.departments.values_list("pk", "parent_id"))
    return _subtree_ids(parent_of, {department.pk})


def staff_department_ids(user, rows: list[tuple[int, int | None, int]]) -> set[int]:
    """Of ``rows`` (department id, parent id, organisation id), the departments the person works for: those they
    belong to as an official and their sub-departments; every department of the organisations they administer
    (superusers: all)."""
    if getattr(user, "is_superuser", False):
        return {row[0] for row in rows}
    roles = user_roles(user)
    administered = {r.organisation_id for r in roles if r.role == Membership.Role.ADMIN}
    own = {r.department_id for r in roles if r.role == Membership.Role.OFFICIAL and r.department_id}
    parent_of = {row[0]: row[1] for row in rows}
    return _subtree_ids(parent_of, own) | {row[0] for row in rows if row[2] in administered}


def staff_organisation_ids(user) -> list[int] | None:
    """The organisations in which the person is an official or administrator; None means all (superusers)."""
    if getattr(user, "is_superuser", False):
        return None
    return organisation_ids_where(user, {Membership.Role.OFFICIAL, Membership.Role.ADMIN})


def staff_departments(user) -> list[tuple[Department, int]]:
    """The departments the person works for (see ``staff_department_ids``) in tree order, each with its depth (0 for
    a department at the top of its organisation), read in one query."""
    organisation_ids = staff_organisation_ids(user)
    departments = Department.objects.select_related("organisation")
    if organisation_ids is not None:
        departments = departments.filter(organisation_id__in=organisation_ids)
    departments = list(departments.order_by("organisation__name", "name", "pk"))
    mine = staff_department_ids(user, [(d.pk, d.parent_id, d.organisation_id) for d in departments])
    children: dict[int | None, list[Department]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    ordered: list[tuple[Department, int]] = []

    def walk(parent_id, depth):
        for department in children.get(parent_id, []):
            if department.pk in mine:
                ordered.append((department, depth))
            walk(department.pk, depth + 1)

    walk(None, 0)
    return ordered


def responsible_department(department: Department | None) -> Department | None:
    """Who answers for a report routed to ``department``: the department itself when it has officials, else the
    nearest department up the tree that has; the department itself when none has (its organisation's administrators
    see it then). Read in one query."""
    if department is None:
        return None
    departments = {
        d.pk: d
        for d in Department.objects.filter(organisation_id=department.organisation_id).annotate(
            official_count=Count("memberships", filter=Q(memberships__role=Membership.Role.OFFICIAL))
        )
    }
    current = departments.get(department.pk)
    seen = set()
    while current is not None and current.pk not in seen:
        if current.official_count:
            return current
        seen.add(current.pk)
        current = departments.get(current.parent_id)
    return department


def administered_organisations(user) -> list[Organisation]:
    """The organisations whose departments, partners and members the person manages (superusers: all)."""
    if getattr(user, "is_superuser", False):
        return list(Organisation.objects.order_by("name"))
    return list(
        Organisation.objects.filter(pk__in=organisation_ids_where(user, {Membership.Role.ADMIN})).order_by("name")
    )


def organisation_back_office(organisation: Organisation) -> dict:
    """What the administrators' page lists besides the department tree: partners and memberships."""
    return {
        "partners": list(organisation.partners.order_by("name")),
        "memberships": list(
            organisation.memberships.select_related("user", "department").order_by("role", "user__display_name", "pk")
        ),
    }
