"""The organisation administrators' back office: departments (a tree), partner organisations and memberships."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.core.errors import CocreateError, NotFound, NotPermitted

from . import actions, queries
from .forms import DepartmentForm, MembershipForm, PartnerForm
from .models import Department, Membership, Organisation

CHANGE = "organisations.change_organisation"
MEMBERS = "organisations.manage_memberships"


def _administered(request, slug: str, perm: str = CHANGE) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound()
    if not request.user.has_perm(perm, organisation):
        raise NotPermitted()
    return organisation


def _overview(request, organisation, *, status=200, **forms):
    context = {
        "organisation": organisation,
        "departments": queries.department_tree(organisation),
        **queries.organisation_back_office(organisation),
        "department_form": forms.get("department_form") or DepartmentForm(organisation=organisation),
        "partner_form": forms.get("partner_form") or PartnerForm(organisation=organisation, auto_id="partner-%s"),
        "membership_form": forms.get("membership_form")
        or MembershipForm(organisation=organisation, auto_id="member-%s"),
    }
    return render(request, "organisations/manage/organisation.html", context, status=status)


@login_required
def organisation_list(request):
    organisations = queries.administered_organisations(request.user)
    if not organisations:
        raise NotPermitted()
    return render(request, "organisations/manage/list.html", {"organisations": organisations})


@login_required
def organisation_manage(request, slug: str):
    return _overview(request, _administered(request, slug))


@login_required
@require_POST
def department_add(request, slug: str):
    organisation = _administered(request, slug)
    form = DepartmentForm(request.POST, organisation=organisation)
    if form.is_valid():
        department = actions.department_add(
            actor=request.user,
            organisation=organisation,
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("The department “%(name)s” was added.") % {"name": department.name})
        return redirect("organisations_manage:organisation", slug=slug)
    return _overview(request, organisation, status=400, department_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request, slug: str, pk: int):
    organisation = _administered(request, slug)
    department = get_object_or_404(Department, pk=pk, organisation=organisation)
    initial = {"name": department.name, "parent": department.parent_id, "description": department.description}
    form = DepartmentForm(
        request.POST or None, organisation=organisation, department=department, initial=initial, auto_id="edit-%s"
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.department_update(
                    actor=request.user,
                    department=department,
                    name=form.cleaned_data["name"],
                    parent=form.cleaned_data["parent"],
                    description=form.cleaned_data["description"],
                )
            except CocreateError as error:
                form.add_error("parent", error.message)
            else:
                messages.success(request, _("The department “%(name)s” was saved.") % {"name": department.name})
                return redirect("organisations_manage:organisation", slug=slug)
        status = 400
    return render(
        request,
        "organisations/manage/department.html",
        {"organisation": organisation, "department": department, "form": form},
        status=status,
    )


@login_required
@require_POST
def department_remove(request, slug: str, pk: int):
    organisation = _administered(request, slug)
    department = get_object_or_404(Department, pk=pk, organisation=organisation)
    name = department.name
    actions.department_remove(actor=request.user, department=department)
    messages.success(request, _("The department “%(name)s” was removed.") % {"name": name})
    return redirect("organisations_manage:organisation", slug=slug)


@login_required
@require_POST
def partner_add(request, slug: str):
    organisation = _administered(request, slug)
    form = PartnerForm(request.POST, organisation=organisation, auto_id="partner-%s")
    if form.is_valid():
        actions.partner_link(actor=request.user, organisation=organisation, partner=form.cleaned_data["partner"])
        messages.success(
            request, _("%(name)s is now a partner organisation.") % {"name": form.cleaned_data["partner"].name}
        )
        return redirect("organisations_manage:organisation", slug=slug)
    return _overview(request, organisation, status=400, partner_form=form)


@login_required
@require_POST
def partner_remove(request, slug: str, partner_slug: str):
    organisation = _administered(request, slug)
    partner = get_object_or_404(organisation.partners, slug=partner_slug)
    actions.partner_unlink(actor=request.user, organisation=organisation, partner=partner)
    messages.success(request, _("%(name)s is no longer a partner organisation.") % {"name": partner.name})
    return redirect("organisations_manage:organisation", slug=slug)


@login_required
@require_POST
def membership_add(request, slug: str):
    organisation = _administered(request, slug, MEMBERS)
    form = MembershipForm(request.POST, organisation=organisation, auto_id="member-%s")
    if form.is_valid():
        try:
            membership = actions.membership_add(
                actor=request.user,
                user=form.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except CocreateError as error:
            form.add_error("department", error.message)
        else:
            messages.success(
                request,
                _("%(name)s now holds the role “%(role)s”.")
                % {"name": membership.user.public_name, "role": membership.get_role_display()},
            )
            return redirect("organisations_manage:organisation", slug=slug)
    return _overview(request, organisation, status=400, membership_form=form)


@login_required
@require_POST
def membership_remove(request, slug: str, pk: int):
    organisation = _administered(request, slug, MEMBERS)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    actions.membership_remove(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(name)s no longer holds the role “%(role)s”.")
        % {"name": membership.user.public_name, "role": membership.get_role_display()},
    )
    return redirect("organisations_manage:organisation", slug=slug)
