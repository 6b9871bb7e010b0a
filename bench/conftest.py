# The benchmarks use the test suite's settings, cast and fixtures.
from tests.conftest import *  # noqa: F403
