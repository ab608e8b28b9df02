"""How a source is named wherever it is shown: title, organisation, kind, date and its age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOT_STATED = "organisation not stated"
UNDATED = "undated"


def month_text(value: str) -> str:
    """ "2018-06" as "June 2018", "2018-09-30" as "30 September 2018", "2018" as it is."""
    try:
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1).strftime("%B %Y")
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return f"{day.day} {day.strftime('%B %Y')}"
    except ValueError:
        pass  # not a date after all: shown as written
    return value


def is_stale(published: str, years: int, today: dt.date | None = None) -> bool:
    """Whether a source published on ``published`` (YYYY, YYYY-MM or YYYY-MM-DD) is older than
    ``years``; an undated source is not called old, as nothing says it is."""
    if not published[:4].isdigit():
        return False
    today = today or dt.date.today()
    year = int(published[:4])
    month = int(published[5:7]) if published[5:7].isdigit() else 1
    return (today.year - year) * 12 + (today.month - month) > years * 12


@dataclass(frozen=True)
class Source:
    """A document as a reader is told of it, so every screen and output says the same."""

    title: str
    organisation: str
    """The publisher, or "organisation not stated"."""
    kind: str
    date: str
    """"September 2022", "2024", or "undated"."""
    older_than: int | None = None
    """The configured age in years when the source is older than that, else None."""

    @property
    def byline(self) -> str:
        """Organisation · kind · date."""
        return f"{self.organisation} · {self.kind} · {self.date}"

    @property
    def age_warning(self) -> str:
        """ "older than 5 years" for an old source, else ""."""
        if self.older_than is None:
            return ""
        return f"older than {self.older_than} year{'s' if self.older_than != 1 else ''}"

    def line(self) -> str:
        """Title — organisation · kind · date, with the age warning when there is one."""
        warning = f" ⚠ {self.age_warning}" if self.age_warning else ""
        return f"{self.title} — {self.byline}{warning}"


def describe_source(
    title: str,
    organisation: str,
    kind: str,
    published: str,
    stale_after_years: int,
    today: dt.date | None = None,
) -> Source:
    """The one description of a source, its age judged against the configured number of years."""
    old = is_stale(published, stale_after_years, today)
    return Source(
        title=title,
        organisation=organisation or NOT_STATED,
        kind=kind,
        date=month_text(published) if published else UNDATED,
        older_than=stale_after_years if old else None,
    )
