"""Audit findings for a 7 minute briefing: the schema, its checks, and the seven points."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from assistant.corpus.documents import normalise_date
from assistant.errors import AlreadyExists, AssistantError
from assistant.publishing.checks import (
    Issue,
    control_character,
    draft_reasons,
    link_problem,
    placeholder,
    unknown_field,
)
from assistant.publishing.gate import Acknowledgement, PrivacyNote, line_of, privacy_notes
from assistant.storage.atomic import write_text_atomic, write_text_with_backup
from assistant.storage.yaml_files import YamlProblem, read_mapping, read_yaml_file, tidy_yaml

WORDS_PER_MINUTE = 130
"""A steady pace for reading aloud to a team (estimates run from 120 to 150 words a minute)."""
MINUTES = 7
POINT_MINUTES = 1.5
"""A point past this is hard to keep to in a seven-minute briefing."""


def reading_minutes(words: int) -> float:
    """Minutes to read ``words`` aloud, to a tenth: the one figure every check, screen and
    output shows."""
    return round(words / WORDS_PER_MINUTE, 1)


def reading_time(words: int) -> str:
    """The reading-aloud time in words: "1.4 minutes", "1 minute"."""
    minutes = reading_minutes(words)
    return f"{minutes:g} minute{'' if minutes == 1 else 's'}"


# Each field: what it holds, whether it is required, and how a subgroup member would say it.
FIELDS: dict[str, tuple[str, bool, str]] = {
    "title": ("text", True, "the briefing's title"),
    "partnership": ("text", False, "the partnership publishing it"),
    "published": ("date", False, "the month it is published (YYYY-MM)"),
    "audience": ("text", False, "who it is for"),
    "source": ("text", False, "what it comes from (an audit, a rapid review…)"),
    "audit": ("audit", False, "how the audit was done (method, sample, period)"),
    "background": ("text", False, "the background"),
    "why_it_matters": ("text", False, "why it matters"),
    "working_well": ("list", False, "what worked well"),
    "to_improve": ("list", False, "what needs to improve"),
    "key_learning": ("list", False, "the key learning"),
    "actions": ("actions", False, "the actions (action, owner, by)"),
    "reflection_questions": ("list", False, "questions for reflection"),
    "resources": ("resources", False, "resources (title, link)"),
    "points": ("list", False, "seven points written out in full"),
    "acknowledged": ("acknowledged", False, "privacy findings checked and allowed"),
}
STRUCTURED = (
    "background",
    "why_it_matters",
    "working_well",
    "to_improve",
    "key_learning",
    "actions",
    "reflection_questions",
    "resources",
)
AUDIT_KEYS = ("method", "sample", "period")
ACTION_KEYS = ("action", "owner", "by")
RESOURCE_KEYS = ("title", "link")
POINT_FIELDS = (
    "background",
    "why_it_matters",
    "working_well",
    "to_improve",
    "key_learning",
    "actions",
    "reflection_questions",
)
"""The field each headed point is written in."""
HEADINGS = (
    "Background",
    "Why it matters",
    "What worked well",
    "What needs to improve",
    "Key learning",
    "What to do",
    "Questions for reflection and resources",
)


class FindingsError(AssistantError):
    """A findings file that cannot be read at all (missing, unreadable, not text)."""

    def __init__(self, path: Path, issue: Issue) -> None:
        self.issue = issue
        super().__init__(str(issue), path)


@dataclass
class Action:
    """Something to do, who does it and by when."""

    action: str
    owner: str = ""
    by: str = ""


@dataclass
class Resource:
    """Somewhere to read more."""

    title: str
    link: str = ""


@dataclass
class Point:
    """One of the seven numbered points of a briefing."""

    number: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)

    @property
    def words(self) -> int:
        """How many words are read out for this point."""
        texts = [self.heading, *self.paragraphs, *self.items]
        texts += [f"{a.action} {a.owner} {a.by}" for a in self.actions]
        texts += [r.title for r in self.resources]
        return sum(len(text.split()) for text in texts)

    @property
    def minutes(self) -> float:
        """Reading-aloud time in minutes, to a tenth."""
        return reading_minutes(self.words)


@dataclass
class Findings:
    """A checked findings file."""

    title: str
    partnership: str = ""
    published: str = ""
    audience: str = ""
    source: str = ""
    audit: dict[str, str] = field(default_factory=dict)
    background: str = ""
    why_it_matters: str = ""
    working_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)
    key_learning: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    reflection_questions: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    """The line each field starts on (list items as "field[n]")."""

    @property
    def free_text(self) -> bool:
        """Whether the seven points are written out in full rather than by heading."""
        return bool(self.points)

    def seven_points(self) -> list[Point]:
        """The briefing's seven numbered points."""
        if self.points:
            return [
                Point(n, "", paragraphs=_paragraphs(text)) for n, text in enumerate(self.points, 1)
            ]
        background = _paragraphs(self.background)
        if self.audit:
            parts = [
                f"{key.capitalize()}: {self.audit[key]}" for key in AUDIT_KEYS if key in self.audit
            ]
            background.append("; ".join(parts) + ".")
        return [
            Point(1, HEADINGS[0], paragraphs=background),
            Point(2, HEADINGS[1], paragraphs=_paragraphs(self.why_it_matters)),
            Point(3, HEADINGS[2], items=list(self.working_well)),
            Point(4, HEADINGS[3], items=list(self.to_improve)),
            Point(5, HEADINGS[4], items=list(self.key_learning)),
            Point(6, HEADINGS[5], actions=list(self.actions)),
            Point(
                7,
                HEADINGS[6],
                items=list(self.reflection_questions),
                resources=list(self.resources),
            ),
        ]

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every piece of text a reader will see, with the field it is in."""
        yield "title", self.title
        for name in ("partnership", "audience", "source", "background", "why_it_matters"):
            value = getattr(self, name)
            if value:
                yield name, value
        for key, value in self.audit.items():
            yield f"audit.{key}", value
        for name in (
            "working_well",
            "to_improve",
            "key_learning",
            "reflection_questions",
            "points",
        ):
            for number, value in enumerate(getattr(self, name), start=1):
                yield f"{name}[{number}]", value
        for number, action in enumerate(self.actions, start=1):
            yield f"actions[{number}].action", action.action
            if action.owner:
                yield f"actions[{number}].owner", action.owner
        for number, resource in enumerate(self.resources, start=1):
            yield f"resources[{number}].title", resource.title
            if resource.link:
                # A link is read as it will be followed: "%20" is a space, "+" in a query too.
                yield f"resources[{number}].link", unquote_plus(resource.link)

    @property
    def words(self) -> int:
        """Words read out in the whole briefing."""
        return sum(point.words for point in self.seven_points())

    @property
    def minutes(self) -> float:
        """Reading-aloud time of the whole briefing, in minutes, to a tenth."""
        return reading_minutes(self.words)


@dataclass
class CheckReport:
    """What ``assistant briefing check`` reports."""

    findings: Findings | None
    problems: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    privacy: list[PrivacyNote] = field(default_factory=list)

    @property
    def unacknowledged(self) -> list[PrivacyNote]:
        """Privacy findings nobody has allowed yet."""
        return [note for note in self.privacy if not note.acknowledged]

    @property
    def placeholders(self) -> list[Issue]:
        """Starter text still to be replaced ("[Fill in: …]")."""
        return [issue for issue in self.problems if issue.severity == "placeholder"]

    @property
    def ok(self) -> bool:
        """Ready to publish: no problems, no placeholders, every privacy finding resolved
        (length warnings are advice and do not count)."""
        return self.findings is not None and not self.problems and not self.unacknowledged

    def draft_reasons(self) -> list[str]:
        """Why a render of these findings is only a draft (empty when it can be published)."""
        return draft_reasons(len(self.placeholders), len(self.unacknowledged))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def read_findings(text: str) -> CheckReport:
    """Check a findings file's text; the report holds the findings when they can be used."""
    try:
        data, lines = read_mapping(text)
    except YamlProblem as problem:
        return CheckReport(None, [Issue(problem.message, problem.line)])
    problems: list[Issue] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.get(key)
        if key not in FIELDS:
            problems.append(Issue(unknown_field(key, FIELDS, "a findings file"), line, key))
            continue
        kind, _required, label = FIELDS[key]
        checked = _check_value(key, kind, label, value, lines, problems)
        if checked is not None:
            values[key] = checked
    for key, (_kind, required, label) in FIELDS.items():
        if required and key not in data:
            problems.append(Issue(f"{label} is missing: add a '{key}:' line", None, key))
        elif required and key not in values and not any(p.field == key for p in problems):
            problems.append(Issue(f"{label} is empty", lines.get(key), key))  # 'title: ""'
    structured = [key for key in STRUCTURED if key in data]
    if "points" in values:
        if len(values["points"]) != 7:
            count = len(values["points"])
            problems.append(
                Issue(
                    f"a briefing has seven points; this one has {count}",
                    lines.get("points"),
                    "points",
                )
            )
        if structured:
            problems.append(
                Issue(
                    "give either seven 'points:' or the headed fields "
                    f"({', '.join(structured)}), not both",
                    lines.get("points"),
                    "points",
                )
            )
    elif not structured:
        problems.append(Issue("there is nothing to brief: add the findings or seven 'points:'"))
    if problems or "title" not in values:
        return CheckReport(None, problems)
    findings = Findings(lines=lines, **values)
    return _review(findings)


def _check_value(
    key: str, kind: str, label: str, value: Any, lines: dict[str, int], problems: list[Issue]
) -> Any:
    """The value in the shape the model wants, or None after recording what is wrong."""
    line = lines.get(key)

    def wrong(message: str, where: str = key) -> None:
        problems.append(Issue(message, lines.get(where, line), key))

    def text_of(item: Any, where: str) -> str | None:
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            text = str(item).strip()
            control = control_character(text)
            if control:
                wrong(f"{label} {control}", where)
                return None
            return text if text else None
        wrong(f"{label} should be text here", where)
        return None

    if kind == "text":
        return text_of(value, key)
    if kind == "date":
        try:
            return normalise_date(value)
        except ValueError as error:
            wrong(f"the date {error}")
            return None
    if kind == "list":
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        if items is None:
            wrong(f"{label} should be a list, one '- ' line each")
            return None
        texts = [text_of(item, f"{key}[{n}]") for n, item in enumerate(items, 1)]
        return [t for t in texts if t]
    if kind == "audit":
        if not isinstance(value, dict):
            wrong("'audit:' should hold method, sample and period")
            return None
        for extra in set(value) - set(AUDIT_KEYS):
            wrong(
                f"'{extra}' is not part of 'audit:' (use {', '.join(AUDIT_KEYS)})", f"audit.{extra}"
            )
        return {k: str(v) for k, v in value.items() if k in AUDIT_KEYS and v is not None}
    if kind in ("actions", "resources", "acknowledged"):
        keys, make = {
            "actions": (ACTION_KEYS, Action),
            "resources": (RESOURCE_KEYS, Resource),
            "acknowledged": (("text", "reason"), Acknowledgement),
        }[kind]
        if not isinstance(value, list):
            wrong(f"{label} should be a list")
            return None
        made = []
        for number, item in enumerate(value, start=1):
            where = f"{key}[{number}]"
            if isinstance(item, str):
                item = {keys[0]: item}
            if not isinstance(item, dict):
                wrong(f"item {number} of {label} should have {', '.join(keys)}", where)
                continue
            unknown = set(item) - set(keys)
            if unknown:
                wrong(f"item {number} has '{sorted(unknown)[0]}'; use {', '.join(keys)}", where)
                continue
            if not item.get(keys[0]):
                wrong(f"item {number} of {label} needs '{keys[0]}:'", where)
                continue
            fields_ = {k: str(item[k]).strip() for k in keys if item.get(k) is not None}
            controls = [(k, control_character(v)) for k, v in fields_.items()]
            bad = [(k, message) for k, message in controls if message]
            if bad:
                wrong(f"item {number}: '{bad[0][0]}:' {bad[0][1]}", f"{where}.{bad[0][0]}")
                continue
            link = link_problem(fields_.get("link", "")) if kind == "resources" else None
            if link:
                wrong(f"resource {number}: {link}", f"{where}.link")
                continue
            if kind == "actions" and "by" in fields_:
                try:
                    fields_["by"] = normalise_date(item["by"])
                except ValueError as error:
                    wrong(f"action {number}: 'by:' {error}", f"{where}.by")
                    continue
            made.append(make(**fields_))
        return made
    raise AssertionError(kind)  # every kind in FIELDS is handled above


def _review(findings: Findings) -> CheckReport:
    """Length warnings and privacy findings for findings that passed the checks."""
    report = CheckReport(findings)
    for point in findings.seven_points():
        if point.minutes > POINT_MINUTES:
            report.warnings.append(
                Issue(
                    f"point {point.number} takes about {point.minutes:.1f} minutes to read aloud "
                    f"({point.words} words); aim for under {POINT_MINUTES:g}",
                    severity="warning",
                    field=(
                        f"points[{point.number}]"
                        if findings.free_text
                        else POINT_FIELDS[point.number - 1]
                    ),
                )
            )
    if findings.minutes > MINUTES:
        report.warnings.append(
            Issue(
                f"the whole briefing takes about {findings.minutes:.1f} minutes to read aloud "
                f"({findings.words} words at {WORDS_PER_MINUTE} a minute); aim for {MINUTES}",
                severity="warning",
            )
        )

    texts = list(findings.texts())
    for name, text in texts:
        left = placeholder(text)
        if left:
            report.problems.append(
                Issue(
                    f"still to fill in: {left}",
                    line_of(findings.lines, name),
                    name,
                    severity="placeholder",
                )
            )
    report.privacy = privacy_notes(texts, findings.lines, findings.acknowledged)
    return report


def check_file(path: Path) -> CheckReport:
    """Read and check a findings file (FindingsError when it cannot be read at all)."""
    try:
        text = read_yaml_file(path)
    except FileNotFoundError:
        raise FindingsError(path, Issue("there is no such file")) from None
    except YamlProblem as problem:
        raise FindingsError(path, Issue(problem.message, problem.line)) from None
    return read_findings(text)


STARTER = """\
# Findings for a 7 minute briefing. Replace every "[Fill in: …]" with what the audit found,
# then run
#   assistant briefing check {name}
#   assistant briefing render {name} --format html
# `check` lists what is still to fill in; HTML, Word and PDF are not rendered until it is done.
# Write nothing that identifies a child or family: use "Child A", roles and agencies.
# Either fill in the headed fields below, or replace them with seven 'points:' in full.

title: "[Fill in: the briefing's title, such as the theme the audit looked at]"
partnership: {partnership}
published: {month}          # the month it is published, YYYY-MM
audience: All practitioners working with children and families
source: "[Fill in: what it comes from, such as a multi-agency case audit]"

audit:
  method: "[Fill in: how the audit was done]"
  sample: "[Fill in: how many cases, children or families were looked at]"
  period: "[Fill in: the months or years the cases come from]"

# 1 Background: what was looked at and why.
background: >-
  [Fill in: what the audit looked at and why, in two or three sentences.]

# 2 Why it matters.
why_it_matters: >-
  [Fill in: what the learning means for children.]

# 3 What worked well (one line each).
working_well:
  - "[Fill in: something that went well]"

# 4 What needs to improve.
to_improve:
  - "[Fill in: something to do differently]"

# 5 Key learning.
key_learning:
  - "[Fill in: the one thing to remember]"

# 6 What to do: actions, who owns them, and by when (YYYY-MM or YYYY-MM-DD).
actions:
  - action: "[Fill in: what will be done]"
    owner: "[Fill in: who will do it]"
    by: {month}

# 7 Questions for reflection, and where to read more (web and mailto: links only).
reflection_questions:
  - "[Fill in: a question for teams to discuss]"
resources:
  - title: "[Fill in: where to read more, such as your local procedures]"
#   link: https://…

# Privacy findings you have checked and allow (for example a published author's name):
# acknowledged:
#   - text: Jane Example
#     reason: author of the published report
"""


def starter(name: str, partnership: str, today: dt.date | None = None) -> str:
    """A commented findings file to start from."""
    today = today or dt.date.today()
    return STARTER.format(
        name=name, partnership=json.dumps(partnership), month=today.strftime("%Y-%m")
    )


def findings_values(findings: Findings) -> dict[str, Any]:
    """A checked briefing as plain values, ready to edit or to save."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(findings, name)
        if name in ("actions", "resources", "acknowledged"):
            value = [{k: v for k, v in vars(item).items() if v} for item in value]
        if value:
            values[name] = value
    return values


def findings_yaml(values: dict[str, Any]) -> str:
    """Findings as a tidy YAML file, fields in the usual order, long texts as folded blocks."""
    ordered = {name: values[name] for name in FIELDS if values.get(name)}
    return tidy_yaml(ordered, "# Findings for a 7 minute briefing (saved by Briefing Assistant).\n")


def save_findings(path: Path, text: str, fresh_backup: bool = False) -> None:
    """Save findings atomically; the first save over a file keeps the original as ``.bak``
    (``fresh_backup`` replaces an older ``.bak`` with the file as it is now: the app asks for
    that on its first save after opening a file).

    A crash in the middle leaves the old file or the new one, never half of each.
    """
    write_text_with_backup(path, text, fresh_backup)


def write_starter(path: Path, partnership: str, replace: bool = False) -> None:
    """Write a commented findings file to start from (AlreadyExists unless ``replace``)."""
    if path.exists() and not replace:
        raise AlreadyExists("already exists", path)
    write_text_atomic(path, starter(path.name, partnership))
