from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import SpamTrapField

from .models import Idea


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea in a few words"), max_length=140, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    description = forms.CharField(
        label=_("Describe your idea"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How would it work, and whom would it help?"),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=250, help_text=_("Up to 5, separated by commas.")
    )
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image; its location and camera data are removed."),
    )
    image_alt = forms.CharField(label=_("What the image shows"), required=False, max_length=200)
    website = SpamTrapField()

    def clean_tags(self):
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > 5:
            raise forms.ValidationError(_("Use at most 5 tags."))
        return tags

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Say in a few words what the image shows, for people who cannot see it."))
        return data


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("random", _("Random")),
            ("newest", _("Newest")),
            ("supported", _("Most supported")),
            ("discussed", _("Most discussed")),
        ],
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All")), *[(t.slug, t.name) for t in tags]]
        self.fields["status"].choices = [("", _("All")), *Idea.workflow.choices]
