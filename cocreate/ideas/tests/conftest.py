import pytest

from cocreate.ideas.actions import idea_submit


@pytest.fixture
def collection(make_challenge_in):
    return make_challenge_in()


@pytest.fixture
def make_idea(collection, make_user):
    def make(title="Protected bike lanes on Station Road", author=None, challenge=None, **extra):
        return idea_submit(
            author=author or make_user(),
            challenge=challenge or collection,
            title=title,
            description="Separated lanes with kerbs.",
            **extra,
        )

    return make
