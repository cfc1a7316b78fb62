from cocreate.ideas.tests.conftest import collection, make_idea  # noqa: F401
from cocreate.problems.tests.conftest import category, lights, make_problem  # noqa: F401
