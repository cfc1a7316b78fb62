from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.organisations.models import Organisation
from cocreate.organisations.predicates import PRIVILEGED_ROLES
from cocreate.organisations.queries import organisation_ids_where

from .models import Decision
from .pabulib_import import MAX_FILE_BYTES


class SelectionForm(forms.Form):
    """For each project: selected or not, and the public reason."""

    CHOICES = [("yes", _("Selected")), ("no", _("Not selected"))]

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = projects
        for project in projects:
            initial = None if project.selected is None else ("yes" if project.selected else "no")
            self.fields[f"selected_{project.pk}"] = forms.ChoiceField(
                label=_("Decision on “%(title)s”") % {"title": project.title},
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": _("Say whether this project is selected.")},
            )
            self.fields[f"reason_{project.pk}"] = forms.CharField(
                label=_("Public reason for “%(title)s”") % {"title": project.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=3000,
                initial=project.reason,
                error_messages={"required": _("Give the public reason for this choice.")},
            )

    def rows(self):
        return [(project, self[f"selected_{project.pk}"], self[f"reason_{project.pk}"]) for project in self.projects]

    def choices(self) -> dict:
        return {
            project.pk: (
                self.cleaned_data[f"selected_{project.pk}"] == "yes",
                self.cleaned_data[f"reason_{project.pk}"],
            )
            for project in self.projects
        }

    def add_action_errors(self, error):
        for pk, message in error.errors.items():
            self.add_error(f"reason_{pk}", message)
        if not error.errors:
            self.add_error(None, str(error.message))


class ImportForm(forms.Form):
    MODES = [
        ("dry", _("Rehearse: import and count for officials only")),
        ("publish", _("Publish a past vote: import, count and publish the results")),
    ]
    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        help_text=_("A participatory-budgeting file in the Pabulib format, as published on pabulib.org."),
    )
    organisation = forms.ModelChoiceField(label=_("Public body"), queryset=Organisation.objects.none())
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the file's description.")
    )
    rule = forms.ChoiceField(
        label=_("Counting rule"), choices=Decision.Rule.choices, initial=Decision.Rule.MES_COMPLETE
    )
    mode = forms.ChoiceField(label=_("What to do"), choices=MODES, widget=forms.RadioSelect, initial="dry")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.all()
        if not user.is_superuser:
            organisations = organisations.filter(pk__in=organisation_ids_where(user, PRIVILEGED_ROLES))
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.text = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not a UTF-8 text file.")) from None
        return upload
