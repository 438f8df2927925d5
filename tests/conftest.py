"""Shared settings for the unit tests."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests explore the same examples on every run (derandomize), so the
# suite is reproducible and free of flakes: "three runs in a row" means three
# identical runs. Set HYPOTHESIS_PROFILE=explore to search new examples locally.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course website, built once per test session (``make site`` into a temporary folder)."""
    from tests._site import load_builder

    out = tmp_path_factory.mktemp("site") / "site"
    load_builder().build_site(out)
    return out
