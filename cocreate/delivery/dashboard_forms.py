"""The execution dashboard's filters, read from the query string (the page, the CSV and the JSON API use this form):
only the public bodies, departments, districts and cycles that have public projects can be chosen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import dashboards


class DashboardFilterForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Public body"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    cycle = forms.TypedChoiceField(label=_("Cycle (year)"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        bodies = dashboards.organisation_choices()
        self._organisation_pks = {slug: pk for pk, slug, _name in bodies}
        self.fields["organisation"].choices = everything + [(slug, name) for _pk, slug, name in bodies]
        self.fields["department"].choices = everything + dashboards.department_choices()
        self.fields["district"].choices = everything + [(d, d) for d in dashboards.district_choices()]
        self.fields["cycle"].choices = everything + [(str(y), str(y)) for y in dashboards.cycle_choices()]

    def filters(self) -> dashboards.Filters:
        """The valid form's choices as the dashboard's filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        return dashboards.Filters(
            organisation=self._organisation_pks.get(data.get("organisation") or ""),
            department=int(data["department"]) if data.get("department") else None,
            district=data.get("district") or None,
            cycle=data.get("cycle"),
        )

    def query_string(self) -> str:
        """The chosen filters, for the CSV link."""
        from urllib.parse import urlencode

        if not self.is_bound or self.errors:
            return ""
        return urlencode({k: v for k, v in self.data.items() if k in self.fields and v})
