"""Process templates: named lists of stage types, fitted to the innovation context.

A template is only a default. When a challenge is created from it, the stages are copied to the challenge, which
can then change them. Stage types named here that no app has registered yet are left out, with a note.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import stages


@dataclass(frozen=True)
class ProcessTemplate:
    key: str
    label: str
    context: str  # the innovation context it fits
    description: str
    # each stage lasts its type's ``default_days``; a type that stays open by default is listed last
    stage_types: tuple[str, ...]

    def available_stage_types(self) -> list[str]:
        return [key for key in self.stage_types if stages.is_registered(key)]

    def missing_stage_types(self) -> list[str]:
        return [key for key in self.stage_types if not stages.is_registered(key)]


TEMPLATES = [
    ProcessTemplate(
        key="open_exploration",
        label=_("Open exploration"),
        context=_("The problem is not clear yet."),
        description=_(
            "Ask an open question, collect experiences and evidence from the people affected, and map where they "
            "agree, before anyone proposes solutions."
        ),
        stage_types=("information", "exploration", "opinion_map"),
    ),
    ProcessTemplate(
        key="idea_challenge",
        label=_("Idea challenge"),
        context=_("The problem is clear; the solution is open."),
        description=_("Collect ideas for a well-defined problem, let people weigh them pairwise, and decide."),
        stage_types=("information", "idea_collection", "wiki_survey", "selection", "delivery"),
    ),
    ProcessTemplate(
        key="co_design_studio",
        label=_("Co-design studio"),
        context=_("The direction is chosen; the design is open."),
        description=_(
            "Designers, officials and partners turn chosen ideas into a service that can be built, with "
            "feasibility reviews and prototype tests, then decide and deliver it."
        ),
        stage_types=("information", "design", "vote", "delivery"),
    ),
    ProcessTemplate(
        key="adoption_campaign",
        label=_("Adoption campaign"),
        context=_("The service is ready."),
        description=_("Help a new service reach the people it is for, with ambassadors and adoption tracking."),
        stage_types=("information", "adoption"),
    ),
]

_by_key = {t.key: t for t in TEMPLATES}


def get(key: str) -> ProcessTemplate | None:
    return _by_key.get(key)


def choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in TEMPLATES]
