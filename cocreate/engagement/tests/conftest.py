from cocreate.problems.tests.conftest import category, lights, make_problem, photo_upload  # noqa: F401
