"""The wiki survey compares ideas: the ideas app's fixtures make them."""

from cocreate.ideas.tests.conftest import collection, make_idea  # noqa: F401
