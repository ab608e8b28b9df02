"""Hypothesis profiles: "ci" (the default, quick and repeatable) and "dev" (many more examples).

Choose with HYPOTHESIS_PROFILE=dev; "ci" keeps `make test` quick and gives the same examples
on every run, so a failure in CI can be run again as it was. Loaded when pytest collects this
folder, the profile is the default for the whole run (a test's own @settings still wins).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# The autouse home fixture is per test, not per example (the readers never write to it), and
# hostile input is big and slow to make on purpose.
_SHARED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SHARED,
)
settings.register_profile("dev", max_examples=2000, deadline=None, suppress_health_check=_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
