import pytest

from cocreate.designs.actions import design_start
from cocreate.ideas.models import Idea


@pytest.fixture
def studio(make_challenge_in):
    """A challenge whose design stage is running."""
    return make_challenge_in(stage="design", title="A digital parking permit")


@pytest.fixture
def make_design(studio, make_user):
    def make(title="Permit in the city app", author=None, challenge=None, **extra):
        extra.setdefault("summary", "Renew online in two minutes.")
        return design_start(author=author or make_user(), challenge=challenge or studio, title=title, **extra)

    return make


@pytest.fixture
def studio_idea(studio, make_user):
    """An idea of the studio's challenge (written directly: the design stage takes no new ideas)."""
    return Idea.objects.create(
        author=make_user(), challenge=studio, organisation=studio.organisation, title="Renew in the app", description=""
    )


def full_content(**changes):
    content = {
        "problem": "Permits are renewed on paper.",
        "target_groups": "Residents with a car.",
        "blueprint": [{"person": "Signs in", "staff": "", "channel": "App"}],
        "resources": "The app team.",
        "costs": [{"item": "App module", "one_off": 85000, "yearly": 9000}],
        "risks": [{"risk": "No smartphone", "mitigation": "Paper stays"}],
        "measures": [{"measure": "Renewals without a visit", "indicator": ""}],
    }
    content.update(changes)
    return content
