from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RoundFeedback, RoundFinding, TestRound
from .testround_actions import ANSWER_MAX, COMMENT_MAX, MOTIVATION_MAX

# The ten statements of the System Usability Scale as Brooke wrote them: odd ones positive, even ones negative.
SUS_STATEMENTS = [
    _("I think that I would like to use this system frequently."),
    _("I found the system unnecessarily complex."),
    _("I thought the system was easy to use."),
    _("I think that I would need the support of a technical person to be able to use this system."),
    _("I found the various functions in this system were well integrated."),
    _("I thought there was too much inconsistency in this system."),
    _("I would imagine that most people would learn to use this system very quickly."),
    _("I found the system very cumbersome to use."),
    _("I felt very confident using the system."),
    _("I needed to learn a lot of things before I could get going with this system."),
]
SUS_SCALE = [
    (1, _("1, strongly disagree")),
    (2, _("2, disagree")),
    (3, _("3, neither agree nor disagree")),
    (4, _("4, agree")),
    (5, _("5, strongly agree")),
]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title of the round"), max_length=140)
    version = forms.ModelChoiceField(label=_("Version to test"), queryset=None, empty_label=None)
    tasks = forms.CharField(
        label=_("Tasks"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TestRound.TASKS_MAX * (TestRound.TASK_MAX + 2),
        help_text=_("One task per line, in the order testers do them: at most 12, each up to 200 characters."),
    )
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TestRound.QUESTIONS_MAX * (TestRound.QUESTION_MAX + 2),
        help_text=_("Questions testers answer in their own words, one per line: at most 5."),
    )
    criteria = forms.CharField(
        label=_("Who may take part"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people the service is for, described so that people can tell whether they fit."),
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=TestRound.PLACES_MAX)
    starts_at = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_at = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, design, **kwargs):
        super().__init__(*args, **kwargs)
        versions = design.versions.order_by("-number").defer("content")
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: _("Version %(number)s") % {"number": v.number}

    @classmethod
    def initial_from(cls, test_round: TestRound) -> dict:
        return {
            "title": test_round.title,
            "version": test_round.version_id,
            "tasks": "\n".join(test_round.tasks),
            "questions": "\n".join(test_round.questions),
            "criteria": test_round.criteria,
            "places": test_round.places,
            "starts_at": test_round.starts_at,
            "ends_at": test_round.ends_at,
        }

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "title": data["title"],
            "tasks": lines(data["tasks"]),
            "questions": lines(data["questions"]),
            "criteria": data["criteria"],
            "places": data["places"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }

    def add_action_errors(self, errors: dict) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class SignupForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you fit who this round is for?"),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two. Only the officials who confirm testers read it."),
    )


class FeedbackForm(forms.Form):
    """One field per task (done, with help, not done), one radio group per SUS statement, one per question."""

    comment = forms.CharField(
        label=_("Anything else you want the authors to know?"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please leave out names and other details that could identify you or others."),
    )

    def __init__(self, *args, test_round: TestRound, feedback: RoundFeedback | None = None, **kwargs):
        if feedback is not None and not kwargs.get("initial"):
            kwargs["initial"] = self.initial_from(test_round, feedback)
        super().__init__(*args, **kwargs)
        self.test_round = test_round
        fields = {}
        for index, task in enumerate(test_round.tasks):
            fields[f"task_{index}"] = forms.ChoiceField(
                label=_("Task %(number)s: %(task)s") % {"number": index + 1, "task": task},
                choices=RoundFeedback.Outcome.choices,
                widget=forms.RadioSelect,
            )
        for index, statement in enumerate(SUS_STATEMENTS):
            fields[f"sus_{index}"] = forms.TypedChoiceField(
                label=statement, choices=SUS_SCALE, coerce=int, widget=forms.RadioSelect
            )
        for index, question in enumerate(test_round.questions):
            fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3})
            )
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment

    @staticmethod
    def initial_from(test_round: TestRound, feedback: RoundFeedback) -> dict:
        initial = {"comment": feedback.comment}
        initial |= {f"task_{i}": o for i, o in enumerate(feedback.task_outcomes)}
        initial |= {f"sus_{i}": a for i, a in enumerate(feedback.sus_answers)}
        initial |= {f"answer_{i}": a for i, a in enumerate(feedback.answers)}
        return initial

    def task_fields(self):
        return [self[f"task_{i}"] for i in range(len(self.test_round.tasks))]

    def sus_fields(self):
        return [self[f"sus_{i}"] for i in range(len(SUS_STATEMENTS))]

    def question_fields(self):
        return [self[f"answer_{i}"] for i in range(len(self.test_round.questions))]

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "task_outcomes": [data[f"task_{i}"] for i in range(len(self.test_round.tasks))],
            "sus_answers": [data[f"sus_{i}"] for i in range(len(SUS_STATEMENTS))],
            "answers": [data.get(f"answer_{i}", "") for i in range(len(self.test_round.questions))],
            "comment": data.get("comment", ""),
        }

    def add_action_errors(self, errors: dict) -> None:
        names = {"tasks": "task", "sus": "sus", "answers": "answer"}
        for place, messages in errors.items():
            key, _dot, index = place.partition(".")
            field = f"{names[key]}_{index}" if key in names and index else key
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=RoundFinding.Severity.choices, widget=forms.RadioSelect, initial="major"
    )


class FindingsAnsweredForm(forms.Form):
    """On the page where a new version is written: the open findings that the new version answers."""

    answers_findings = forms.ModelMultipleChoiceField(
        label=_("Findings of test rounds that this version answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what your changes address; the rounds' pages will say that this version answers them."),
    )

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, prefix="findings", **kwargs)
        field = self.fields["answers_findings"]
        field.queryset = findings
        field.label_from_instance = lambda f: (
            _("%(severity)s: %(text)s (%(round)s, version %(number)s)")
            % {
                "severity": f.get_severity_display(),
                "text": f.text,
                "round": f.round.title,
                "number": f.round.version.number,
            }
        )
