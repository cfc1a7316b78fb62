from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateField, SpamTrapField

from .models import MAX_PEOPLE, Campaign, Helped, Segment, Step


class ReportForm(forms.Form):
    """How far a resident has come with the service; nothing in it names them."""

    step = forms.ChoiceField(label=_("How far have you come with it?"), choices=Step.choices, widget=forms.RadioSelect)
    segment = forms.ModelChoiceField(
        label=_("Which of these groups do you belong to?"),
        queryset=Segment.objects.none(),
        required=False,
        empty_label=_("I would rather not say"),
        help_text=_("It helps the public body see whom the service reaches. You need not answer."),
    )
    helped = forms.ChoiceField(
        label=_("Did it help you?"), choices=Helped.choices, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label=_("Why, in a few words?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Up to 300 characters. Reasons are shown, grouped with similar ones, on the funnel page: do not write your "
            "name or anyone else's personal data."
        ),
    )
    reminder_email = forms.EmailField(
        label=_("E-mail address for one reminder (optional)"),
        max_length=254,
        required=False,
        help_text=_(
            "If you have tried it, we can ask you once, in %(days)s days, whether you still use it. The address is "
            "used for nothing else and deleted as soon as that e-mail is sent."
        ),
    )
    website = SpamTrapField()
    # The code of the ambassador's link the person came by. Nothing is said to them about a stale or mangled one:
    # their report is kept, without attribution (see ``ambassador_queries.ambassador_for_code``).
    ambassador = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaign: Campaign, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        segments = Segment.objects.filter(campaign=campaign)
        self.fields["segment"].queryset = segments
        if not segments.exists():
            del self.fields["segment"]
        # Only visitors give an address, and only where the campaign asks again (signed-in people are notified).
        if (user is not None and user.is_authenticated) or not campaign.reminder_after_days:
            del self.fields["reminder_email"]
        else:
            field = self.fields["reminder_email"]
            field.help_text = field.help_text % {"days": campaign.reminder_after_days}

    def clean_ambassador(self) -> str:
        from .ambassador_queries import is_code

        code = self.cleaned_data.get("ambassador", "")
        return code if is_code(code) else ""


class CampaignForm(forms.ModelForm):
    source = forms.ModelChoiceField(
        label=_("Comes from the design"),
        queryset=None,
        required=False,
        help_text=_("The challenge's design this service was built from, shown on both journeys."),
    )
    project = forms.ModelChoiceField(
        label=_("Delivered by the project"),
        queryset=None,
        required=False,
        help_text=_("The challenge's delivered project whose service this is, shown on both pages and journeys."),
    )

    class Meta:
        model = Campaign
        fields = ["title", "service", "how_to_use", "where", "languages", "share_texts", "reminder_after_days"]
        widgets = {
            "share_texts": forms.Textarea(attrs={"rows": 4}),
            "service": forms.Textarea(attrs={"rows": 4}),
            "how_to_use": forms.Textarea(attrs={"rows": 4}),
            "where": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, challenge, with_project: bool = True, **kwargs):
        from cocreate.delivery.models import ImplementationProject
        from cocreate.designs.models import Design

        super().__init__(*args, **kwargs)
        designs = Design.objects.filter(challenge=challenge, is_hidden=False).order_by("title")
        self.fields["source"].queryset = designs
        if not designs.exists():
            del self.fields["source"]
        projects = ImplementationProject.objects.filter(challenge=challenge, status="done").order_by("title")
        self.fields["project"].queryset = projects
        if self.instance.pk and self.instance.project_id:
            self.fields["project"].initial = self.instance.project_id
        if not with_project or not projects.exists():
            del self.fields["project"]
        self.fields["reminder_after_days"].required = False  # left empty: as it was (30 days for a new campaign)

    def clean_reminder_after_days(self):
        days = self.cleaned_data.get("reminder_after_days")
        return self.instance.reminder_after_days if days is None else days

    def clean_share_texts(self):
        from .ambassador_queries import parse_share_texts

        text = self.cleaned_data["share_texts"]
        try:
            parse_share_texts(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Start each text with its language and a colon, and leave an empty line between texts.")
            ) from error
        return text


class SegmentForm(forms.ModelForm):
    goal = forms.IntegerField(label=_("Goal (regular users)"), min_value=1, max_value=MAX_PEOPLE)
    estimated_size = forms.IntegerField(
        label=_("Estimated size"),
        min_value=0,
        max_value=MAX_PEOPLE,
        required=False,
        help_text=_("About how many people belong to it."),
    )
    goal_date = BoundedDateField(
        label=_("Goal date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    class Meta:
        model = Segment
        fields = ["name", "estimated_size", "area", "languages", "goal", "goal_date"]


class AmbassadorForm(forms.Form):
    """Becoming an ambassador: for oneself, or for a partner organisation one is a member of."""

    organisation = forms.ModelChoiceField(
        label=_("I spread the word for"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
        help_text=_("A partner organisation of the public body that you are a member of, if you act for it."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not organisations.exists():
            del self.fields["organisation"]
