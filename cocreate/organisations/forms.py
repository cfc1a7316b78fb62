"""Forms of the organisation administrators' back office."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User

from .models import Department, Membership, Organisation
from .queries import department_subtree_ids


def tree_choices(organisation: Organisation, *, exclude: set[int] = frozenset()) -> list[tuple[int, str]]:
    """The organisation's departments in tree order, with a dash per level, so that the tree reads in a select."""
    children: dict[int | None, list[Department]] = {}
    for department in organisation.departments.order_by("name", "pk"):
        children.setdefault(department.parent_id, []).append(department)
    choices = []

    def walk(parent_id, depth):
        for department in children.get(parent_id, []):
            if department.pk not in exclude:
                choices.append((department.pk, "— " * depth + department.name))
                walk(department.pk, depth + 1)

    walk(None, 0)
    return choices


def limit_to_tree(field: forms.ModelChoiceField, organisation: Organisation, *, exclude: set[int] = frozenset()):
    choices = tree_choices(organisation, exclude=exclude)
    field.queryset = organisation.departments.filter(pk__in=[pk for pk, _label in choices])
    field.choices = [("", field.empty_label), *choices]


class DepartmentForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the department a name.")}
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("No department: at the top"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation: Organisation, department: Department | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        exclude = department_subtree_ids(department) if department is not None else set()
        limit_to_tree(self.fields["parent"], organisation, exclude=exclude)


class PartnerForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Organisation.objects.filter(kind=Organisation.Kind.PARTNER)
            .exclude(pk__in=organisation.partners.values("pk"))
            .order_by("name")
        )


class MembershipForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("The person needs an account on this site."),
        max_length=254,
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Officials belong to a department."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_tree(self.fields["department"], organisation)
        if not organisation.is_public_body:
            self.fields["role"].choices = [
                (value, label) for value, label in Membership.Role.choices if value != Membership.Role.OFFICIAL
            ]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has an account with this e-mail address."))
        self.user = user
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Membership.Role.OFFICIAL and not cleaned.get("department"):
            self.add_error("department", _("An official belongs to a department; choose one."))
        return cleaned
