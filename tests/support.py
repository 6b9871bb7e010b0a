"""Helpers shared by tests."""

import os

import pytest


def require(condition, reason):
    """Skip when a service or browser is missing, but fail under CI, where all are present."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)
