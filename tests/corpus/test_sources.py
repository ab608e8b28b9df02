"""Sources are described one way everywhere, their age judged by the configured years."""

from __future__ import annotations

import datetime as dt

from assistant.corpus.sources import describe_source, is_stale, month_text

TODAY = dt.date(2026, 12, 1)


def test_a_source_is_named_with_its_organisation_kind_and_date() -> None:
    source = describe_source("Repeat plans", "North Yorkshire SCP", "audit", "2022-09", 5, TODAY)
    assert source.byline == "North Yorkshire SCP · audit · September 2022"
    assert source.line() == "Repeat plans — North Yorkshire SCP · audit · September 2022"
    assert source.older_than is None and source.age_warning == ""


def test_missing_details_are_said_plainly() -> None:
    source = describe_source("Chapter", "", "procedure", "", 5, TODAY)
    assert source.byline == "organisation not stated · procedure · undated"


def test_the_age_warning_uses_the_configured_years() -> None:
    assert describe_source("A", "B", "audit", "2014-02", 5, TODAY).age_warning == (
        "older than 5 years"
    )
    assert describe_source("A", "B", "audit", "2024", 1, TODAY).age_warning == ("older than 1 year")
    assert describe_source("A", "B", "audit", "2024", 3, TODAY).age_warning == ""


def test_staleness_and_dates() -> None:
    assert is_stale("2014-02", 5, TODAY) and not is_stale("", 5, TODAY)
    assert not is_stale("2022-01-05", 5, TODAY)
    assert month_text("2018-06") == "June 2018"
    assert month_text("2018-09-30") == "30 September 2018"
    assert month_text("2018") == "2018"
    assert month_text("2018-13") == "2018-13"  # shown as written, never a crash
