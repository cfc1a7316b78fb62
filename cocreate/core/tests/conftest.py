from cocreate.problems.tests.conftest import category, lights, make_problem  # noqa: F401
