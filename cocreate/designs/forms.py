from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import SpamTrapField

from .sections import CELL_MAX, ROWS_MAX, SECTIONS, TEXT_MAX, Section, clean_content

BLANK_ROWS = 2  # empty rows offered under a table's rows; "More rows" adds more without saving


class DesignStartForm(forms.Form):
    title = forms.CharField(label=_("Name of the design"), max_length=140)
    summary = forms.CharField(
        label=_("In short"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the service would be, in two or three sentences."),
    )
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas it builds on"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The people who proposed and supported them will hear that their idea is taken forward."),
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("Problems it answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Problems reported in this challenge; the people who reported them will hear of the design."),
    )
    website = SpamTrapField()

    def __init__(self, *args, ideas, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas
        self.fields["problems"].queryset = problems


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        help_text=_("If they have no account yet, they are invited by e-mail and can accept once they sign up."),
    )


def _row_form(section: Section, indicators) -> type[forms.Form]:
    fields = {}
    for column in section.columns:
        if column.is_indicator:
            fields[column.key] = forms.ChoiceField(
                label=column.label, required=False, choices=[("", _("None of them")), *indicators]
            )
        elif column.is_amount:
            fields[column.key] = forms.CharField(
                label=column.label,
                required=False,
                max_length=14,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
            )
        else:
            fields[column.key] = forms.CharField(
                label=column.label, required=False, max_length=CELL_MAX, widget=forms.Textarea(attrs={"rows": 2})
            )
    return type(f"{section.key.title()}RowForm", (forms.Form,), fields)


class DesignTextForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**6)
    note = forms.CharField(
        label=_("What did you change, and why?"),
        required=False,
        max_length=300,
        help_text=_("Shown in the version history and told to the people who follow the design."),
    )
    website = SpamTrapField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            if not section.is_table:
                self.fields[section.key] = forms.CharField(
                    label=section.label,
                    help_text=section.help,
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 5}),
                )


def table_formset(section: Section, data, rows: list, indicators, more_rows: bool):
    """The rows of one table as a formset: its rows and some empty ones; with ``more_rows``, what was typed and three
    more empty rows."""
    formset_class = forms.formset_factory(
        _row_form(section, indicators),
        extra=BLANK_ROWS + (3 if more_rows else 0),
        max_num=ROWS_MAX,
        absolute_max=ROWS_MAX + 10,
        validate_max=True,
    )
    formset = formset_class(data, initial=rows, prefix=section.key)
    if data is not None and more_rows and formset.is_valid():
        typed = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        formset = formset_class(initial=typed, prefix=section.key)
        formset.extra = BLANK_ROWS + 3
    return formset


def add_content_errors(errors: dict, *, text_form, tables: dict) -> None:
    """Put each message of ``clean_content`` beside its field (``costs.2.yearly``) or atop the form."""
    for place, messages in errors.items():
        key, *rest = place.split(".")
        formset = tables.get(key)
        for message in messages:
            if formset is not None and len(rest) == 2 and rest[0].isdecimal() and int(rest[0]) < len(formset.forms):
                formset.forms[int(rest[0])].add_error(rest[1], message)
            elif key in text_form.fields:
                text_form.add_error(key, message)
            else:
                text_form.add_error(None, message)


class DesignEditor:
    """The forms of the page where a design is written: its text sections and note, and a set of rows per table.

    Rows are ordinary form fields, so the page works without JavaScript; a table grows by "More rows", which shows the
    page again with what was typed and more empty rows, saving nothing."""

    def __init__(self, data=None, *, content: dict, base_version: int, indicators=(), more_rows: str = ""):
        """``indicators``: (id, name) of the challenge's outcome indicators, which success measures may name."""
        self.indicator_ids = {pk for pk, _name in indicators}
        initial = {s.key: content.get(s.key, "") for s in SECTIONS if not s.is_table}
        self.text = DesignTextForm(data, initial={**initial, "base_version": base_version})
        self.tables = [
            (
                section,
                table_formset(section, data, content.get(section.key) or [], indicators, more_rows == section.key),
            )
            for section in SECTIONS
            if section.is_table
        ]
        self.content = None

    @property
    def is_bound(self) -> bool:
        return self.text.is_bound

    def is_valid(self) -> bool:
        valid = self.text.is_valid()
        # A list, not a generator: every table is validated, so each shows its errors at once.
        valid = all([formset.is_valid() for _section, formset in self.tables]) and valid  # noqa: C419
        if not valid:
            return False
        raw = {s.key: self.text.cleaned_data.get(s.key, "") for s in SECTIONS if not s.is_table}
        for section, formset in self.tables:
            raw[section.key] = [form.cleaned_data or {} for form in formset.forms]
        try:
            self.content = clean_content(raw, indicator_ids=self.indicator_ids)
        except forms.ValidationError as error:
            self.add_content_errors(error.message_dict)
            return False
        return True

    def add_content_errors(self, errors: dict) -> None:
        add_content_errors(errors, text_form=self.text, tables={s.key: f for s, f in self.tables})

    @property
    def text_fields(self):
        return [self.text[s.key] for s in SECTIONS if not s.is_table]

    def blocks(self):
        """(section, bound text field or None, formset or None) in the order a design is read."""
        tables = dict(self.tables)
        for section in SECTIONS:
            if section.is_table:
                yield section, None, tables[section]
            else:
                yield section, self.text[section.key], None


class AmendmentTextForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The authors read it when they decide, and everyone can read it with the amendment."),
    )
    website = SpamTrapField()

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        if not section.is_table:
            self.fields[section.key] = forms.CharField(
                label=section.label,
                help_text=section.help,
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 8}),
            )
            self.order_fields([section.key, "reason"])


class AmendmentEditor:
    """The page where a participant proposes new content for one section: the section's field (or its rows) and why."""

    def __init__(self, data=None, *, section: Section, value, reason: str = "", indicators=(), more_rows: bool = False):
        self.section = section
        self.indicator_ids = {pk for pk, _name in indicators}
        initial = {"reason": reason} if section.is_table else {section.key: value, "reason": reason}
        self.text = AmendmentTextForm(data, section=section, initial=initial)
        self.formset = table_formset(section, data, value or [], indicators, more_rows) if section.is_table else None
        self.value = None

    def is_valid(self) -> bool:
        valid = self.text.is_valid()
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
        if not valid:
            return False
        if self.formset is not None:
            raw = [form.cleaned_data or {} for form in self.formset.forms]
        else:
            raw = self.text.cleaned_data.get(self.section.key, "")
        try:
            self.value = clean_content({self.section.key: raw}, indicator_ids=self.indicator_ids)[self.section.key]
        except forms.ValidationError as error:
            self.add_content_errors(error.message_dict)
            return False
        return True

    def add_content_errors(self, errors: dict) -> None:
        tables = {self.section.key: self.formset} if self.formset is not None else {}
        add_content_errors(errors, text_form=self.text, tables=tables)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to reject or to ask for changes; the proposer and everyone else will read it."),
    )


class SpinOffForm(forms.Form):
    title = forms.CharField(label=_("Name of the new design"), max_length=140)
    summary = forms.CharField(label=_("In short"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
