"""The tests across apps make ideas with the ideas app's fixtures."""

from cocreate.ideas.tests.conftest import collection, make_idea  # noqa: F401
