"""Training session packs: the pack file, its checks, and a first draft from gathered evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.corpus.sentences import split_sentences
from assistant.publishing.checks import (
    Issue,
    control_character,
    draft_reasons,
    placeholder,
    unknown_field,
)
from assistant.publishing.gate import Acknowledgement, PrivacyNote, line_of, privacy_notes
from assistant.storage.atomic import write_text_with_backup
from assistant.storage.yaml_files import YamlProblem, read_mapping, read_yaml_file, tidy_yaml
from assistant.training.evidence import Evidence, EvidenceItem

FIELDS = {
    "title": "the session's title",
    "theme": "the theme",
    "audience": "who it is for",
    "minutes": "the session's length in minutes",
    "learning_outcomes": "the learning outcomes",
    "definition": "what the theme means, in our own words",
    "definition_source": "where the definition's facts come from",
    "evidence": "the evidence chosen (id and quote)",
    "case_study": "the case study",
    "case_study_source": "where the case study comes from",
    "reflective_questions": "the reflective questions",
    "exercises": "the exercises (title, minutes, instructions)",
    "facilitator_notes": "notes for the facilitator",
    "segments": "the timings (title, minutes, content, evidence)",
    "acknowledged": "privacy findings checked and allowed (text, reason)",
}
LISTS = ("learning_outcomes", "reflective_questions")
TEXTS = (
    "title",
    "theme",
    "audience",
    "definition",
    "definition_source",
    "case_study",
    "case_study_source",
    "facilitator_notes",
)


@dataclass
class EvidenceChoice:
    """A passage chosen for the session, by id, with the words quoted from it."""

    id: str
    quote: str
    source: str = ""
    """Title, organisation, kind, date and section, as gathered (kept if the passage goes)."""
    role: str = ""


@dataclass
class Exercise:
    """Something participants do."""

    title: str
    minutes: int = 0
    instructions: str = ""


@dataclass
class Segment:
    """A timed part of the session; ``evidence`` numbers the chosen evidence it uses (from 1)."""

    title: str
    minutes: int
    content: str = ""
    evidence: list[int] = field(default_factory=list)


@dataclass
class Pack:
    """A training session pack."""

    title: str
    minutes: int
    theme: str = ""
    audience: str = ""
    learning_outcomes: list[str] = field(default_factory=list)
    definition: str = ""
    """What the theme means, written by us (drafted from the glossary), never a quotation."""
    definition_source: str = ""
    evidence: list[EvidenceChoice] = field(default_factory=list)
    case_study: str = ""
    case_study_source: str = ""
    reflective_questions: list[str] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    facilitator_notes: str = ""
    segments: list[Segment] = field(default_factory=list)
    acknowledged: list[Acknowledgement] = field(default_factory=list)

    def texts(self) -> list[tuple[str, str]]:
        """Every piece of text that reaches an output, with the field it is in."""
        texts = [(name, getattr(self, name)) for name in TEXTS]
        for name in LISTS:
            texts += [(f"{name}[{n}]", text) for n, text in enumerate(getattr(self, name), 1)]
        for n, choice in enumerate(self.evidence, 1):
            texts += [
                (f"evidence[{n}].quote", choice.quote),
                (f"evidence[{n}].source", choice.source),
            ]
        for n, exercise in enumerate(self.exercises, 1):
            texts += [
                (f"exercises[{n}].title", exercise.title),
                (f"exercises[{n}].instructions", exercise.instructions),
            ]
        for n, segment in enumerate(self.segments, 1):
            texts += [
                (f"segments[{n}].title", segment.title),
                (f"segments[{n}].content", segment.content),
            ]
        return [(name, text) for name, text in texts if text]

    def privacy(self, lines: dict[str, int] | None = None) -> list[PrivacyNote]:
        """What in the pack could identify someone, each marked allowed when acknowledged."""
        return privacy_notes(self.texts(), lines or {}, self.acknowledged)

    def placeholders(self) -> list[tuple[str, str]]:
        """Starter text still to be replaced, with the field it is in."""
        found = [(name, placeholder(text)) for name, text in self.texts()]
        return [(name, text) for name, text in found if text]

    def draft_reasons(self) -> list[str]:
        """Why a render of the pack is only a draft (empty when it can be used in the room)."""
        standing = [note for note in self.privacy() if not note.acknowledged]
        return draft_reasons(len(self.placeholders()), len(standing))

    def as_values(self) -> dict[str, Any]:
        """Plain values in the file's order, empty fields left out."""
        values = {name: getattr(self, name) for name in FIELDS}
        for name in ("evidence", "exercises", "segments", "acknowledged"):
            values[name] = [
                {k: v for k, v in asdict(item).items() if v not in ("", [], 0) or k == "minutes"}
                for item in values[name]
            ]
        return {name: value for name, value in values.items() if value not in ("", [], None)}


@dataclass
class PackReport:
    """What ``assistant pack check`` reports."""

    pack: Pack | None
    problems: list[Issue] = field(default_factory=list)
    """What must be fixed, placeholders and privacy findings nobody has allowed included."""
    warnings: list[Issue] = field(default_factory=list)
    privacy: list[PrivacyNote] = field(default_factory=list)

    @property
    def unacknowledged(self) -> list[PrivacyNote]:
        """Privacy findings nobody has allowed yet."""
        return [note for note in self.privacy if not note.acknowledged]

    @property
    def ok(self) -> bool:
        """Ready to use: no problems (warnings are reported separately)."""
        return self.pack is not None and not self.problems


def read_pack(text: str) -> PackReport:
    """Check a pack file's text."""
    try:
        data, lines = read_mapping(text)
    except YamlProblem as problem:
        return PackReport(None, [Issue(problem.message, problem.line)])
    problems: list[Issue] = []

    def wrong(message: str, where: str) -> None:
        problems.append(Issue(message, lines.get(where), where.split("[")[0].split(".")[0]))

    for key in data:
        if key not in FIELDS:
            wrong(unknown_field(key, FIELDS, "a pack file"), key)
    values: dict[str, Any] = {}
    for name in TEXTS:
        if name in data:
            if isinstance(data[name], (dict, list)):
                wrong(f"{FIELDS[name]} should be text", name)
            elif data[name] is not None:
                values[name] = str(data[name]).strip()
                control = control_character(values[name])
                if control:
                    wrong(f"{FIELDS[name]} {control}", name)
    for name in LISTS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
                wrong(f"{FIELDS[name]} should be a list, one '- ' line each", name)
            else:
                values[name] = [str(v).strip() for v in value if str(v).strip()]
                for number, text in enumerate(values[name], 1):
                    control = control_character(text)
                    if control:
                        wrong(f"{FIELDS[name]}: item {number} {control}", f"{name}[{number}]")
    minutes = data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        wrong("the session's length should be a whole number of minutes, like 90", "minutes")
    else:
        values["minutes"] = minutes
    if not values.get("title"):
        wrong("the session's title is missing: add a 'title:' line", "title")
    for name, make, required in [
        ("evidence", EvidenceChoice, ("id", "quote")),
        ("exercises", Exercise, ("title",)),
        ("segments", Segment, ("title", "minutes")),
        ("acknowledged", Acknowledgement, ("text",)),
    ]:
        items = data.get(name) or []
        if not isinstance(items, list):
            wrong(f"{FIELDS[name]} should be a list", name)
            continue
        made = []
        keys = {f for f in make.__dataclass_fields__}  # type: ignore[attr-defined]
        for number, item in enumerate(items, start=1):
            where = f"{name}[{number}]"
            if not isinstance(item, dict):
                wrong(
                    f"item {number} of {FIELDS[name]} should have {', '.join(sorted(keys))}", where
                )
                continue
            extra = set(item) - keys
            missing = [key for key in required if item.get(key) in (None, "")]
            if extra:
                wrong(
                    f"item {number} has '{sorted(extra)[0]}'; use {', '.join(sorted(keys))}", where
                )
            elif missing:
                wrong(f"item {number} of {FIELDS[name]} needs '{missing[0]}:'", where)
            elif "minutes" in item and not isinstance(item["minutes"], int):
                wrong(f"item {number}: minutes should be a whole number", f"{where}.minutes")
            elif any(isinstance(v, str) and control_character(v) for v in item.values()):
                key = next(
                    k for k, v in item.items() if isinstance(v, str) and control_character(v)
                )
                wrong(f"item {number}: '{key}:' {control_character(item[key])}", f"{where}.{key}")
            elif name == "segments" and not (
                isinstance(item.get("evidence", []), list)
                and all(isinstance(n, int) for n in item.get("evidence", []))
            ):
                wrong(f"segment {number}: evidence should list numbers, like [1, 3]", where)
            else:
                made.append(
                    make(
                        **{
                            k: v if k in ("minutes", "evidence") else str(v).strip()
                            for k, v in item.items()
                            if v is not None
                        }
                    )
                )
        values[name] = made
    if problems:
        return PackReport(None, problems)
    pack = Pack(**values)
    report = PackReport(pack)
    total = sum(segment.minutes for segment in pack.segments)
    if pack.segments and total != pack.minutes:
        report.problems.append(
            Issue(
                f"the timings add up to {total} minutes but the session is {pack.minutes}",
                lines.get("segments"),
                "segments",
            )
        )
    for number, segment in enumerate(pack.segments, start=1):
        for chosen in segment.evidence:
            if not 1 <= chosen <= len(pack.evidence):
                report.problems.append(
                    Issue(
                        f"segment {number} uses evidence {chosen}, but there are "
                        f"{len(pack.evidence)} items",
                        lines.get(f"segments[{number}]"),
                        "segments",
                    )
                )
    for name, text in pack.placeholders():
        report.problems.append(
            Issue(f"still to fill in: {text}", line_of(lines, name), name, "placeholder")
        )
    report.privacy = pack.privacy(lines)
    for note in report.unacknowledged:
        report.problems.append(
            Issue(
                f"could identify a child or family: {note.finding}; remove it, or list it "
                "under 'acknowledged:' if it is fine",
                note.line,
                note.field,
                "privacy",
            )
        )
    return report


def check_pack_file(path: Path) -> PackReport:
    """Read and check a pack file."""
    try:
        return read_pack(read_yaml_file(path))
    except FileNotFoundError:
        return PackReport(None, [Issue("there is no such file")])
    except YamlProblem as problem:
        return PackReport(None, [Issue(problem.message, problem.line)])


def pack_yaml(pack: Pack) -> str:
    """The pack as a tidy YAML file."""
    header = (
        "# A training session pack (Briefing Assistant). Edit freely; the timings must add up\n"
        "# to 'minutes'. Evidence is quoted word for word from the knowledge base; segments\n"
        "# refer to it by number (from 1).\n"
    )
    return tidy_yaml(pack.as_values(), header)


def save_pack(path: Path, pack: Pack, fresh_backup: bool = False) -> None:
    """Save a pack atomically, the file as it was kept as ``.bak`` (see
    ``write_text_with_backup``; the app asks for a fresh one on its first save over a pack)."""
    write_text_with_backup(path, pack_yaml(pack), fresh_backup)


def _split_minutes(total: int, shares: list[float]) -> list[int]:
    """Whole minutes in the given shares that add up exactly to ``total`` (fives where possible)."""
    step = 5 if total >= 30 else 1
    parts = [max(step, round(total * share / step) * step) for share in shares]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def retimed(segments: list[Segment], minutes: int) -> list[Segment]:
    """The segments with their minutes rescaled to add up to ``minutes``, in the same shares."""
    if not segments:
        return []
    total = sum(segment.minutes for segment in segments)
    shares = [segment.minutes / total if total else 1 / len(segments) for segment in segments]
    lengths = _split_minutes(minutes, shares)
    return [
        Segment(s.title, length, s.content, list(s.evidence))
        for s, length in zip(segments, lengths, strict=True)
    ]


def default_choice(evidence: Evidence) -> list[EvidenceItem]:
    """The evidence a first draft uses: what names the theme, then a few that describe it."""
    chosen = [item for item in evidence.items if item.tier == 1][:8]
    for item in evidence.items:
        if len(chosen) >= 12:
            break
        if item not in chosen and item.tier > 1:
            chosen.append(item)
    return chosen


CASE_WORDS = 220
"""A drafted case study stops at the sentence before this many words: it is read in the room."""


def whole_sentences(text: str, words: int) -> str:
    """``text`` cut at the last sentence that ends within ``words`` words, with " …" where it
    was cut (the first sentence is kept whole however long it is)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept: list[str] = []
    count = 0
    for paragraph in paragraphs:
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            size = len(sentence.split())
            if count + size > words and (kept or sentences):
                if sentences:
                    kept.append(" ".join(sentences))
                return "\n\n".join(kept) + " …"
            sentences.append(sentence)
            count += size
        kept.append(" ".join(sentences))
    return "\n\n".join(kept)


def draft_pack(
    evidence: Evidence,
    minutes: int = 90,
    audience: str = "",
    chosen: list[EvidenceItem] | None = None,
) -> Pack:
    """A first pack for a theme: our definition (from the glossary), the evidence (the
    strongest, or ``chosen``), a case study from the knowledge base's case examples, timings,
    and placeholders where only the trainer can write it."""
    theme = evidence.theme
    chosen_items = list(chosen) if chosen is not None else default_choice(evidence)
    choices = [
        EvidenceChoice(item.hit.pid, item.quote, item.citation(), item.role)
        for item in chosen_items
    ]

    def numbers(*roles: str) -> list[int]:
        return [n for n, item in enumerate(chosen_items, 1) if item.role in roles]

    cases = [item for item in chosen_items if item.role == "case example"]
    plan = [
        (
            "Welcome and learning outcomes",
            0.1,
            "Introductions; why this theme, and what we will cover.",
            [],
        ),
        (
            f"What {theme} is",
            0.15,
            f"Our definition of {theme}: where the term comes from, and why some prefer other "
            "words for it.",
            [],
        ),
        ("What our audits found", 0.25, "The findings, with their figures.", numbers("finding")),
        (
            "Case study and discussion",
            0.25,
            "Read the case study in small groups, then the exercise.",
            numbers("case example"),
        ),
        (
            "What to do differently",
            0.15,
            "What the procedures require and the audits recommend.",
            numbers("recommendation", "procedure"),
        ),
        ("Reflection and close", 0.1, "Reflective questions; one thing each person will do.", []),
    ]
    # Every chosen piece of evidence is used somewhere: the rest go with the findings.
    used = {number for *_rest, chosen in plan for number in chosen}
    plan[2][3].extend(n for n in range(1, len(chosen_items) + 1) if n not in used)
    plan[2][3].sort()
    timings = _split_minutes(minutes, [share for _title, share, _content, _ev in plan])
    segments = [
        Segment(title, length, content, chosen)
        for (title, _share, content, chosen), length in zip(plan, timings, strict=True)
    ]
    if cases:
        case_study = whole_sentences(cases[0].whole or cases[0].quote, CASE_WORDS)
        case_source = cases[0].citation()
    else:
        case_study = (
            f'[Fill in: a short case study that shows {theme}, anonymised: use "Child A", '
            "roles and agencies]"
        )
        case_source = ""
    term = evidence.term
    definition = " ".join(term.definition.split()) if term else ""
    if term is None:
        definition = f"[Fill in: what {theme} means, in your own words]"
    source = "Briefing Assistant glossary, in our own words"
    if term is not None and term.source:
        source += f"; the facts from {term.source}"
    return Pack(
        title=f"{theme[:1].upper()}{theme[1:]}: learning from our audits",
        minutes=minutes,
        theme=theme,
        audience=audience or "Practitioners and managers across the partnership",
        learning_outcomes=[
            f"Describe what {theme} is and how it shows in practice.",
            f"Recognise where {theme} appears in our own audits and what it led to.",
            "Plan what you will do differently, and how you will know it is working.",
        ],
        definition=definition,
        definition_source=source,
        evidence=choices,
        case_study=case_study,
        case_study_source=case_source,
        reflective_questions=[
            f"Where have you seen {theme} in your own work, and what helped you notice it?",
            "What would have helped the practitioners in these audits?",
            "What will you do differently from tomorrow?",
        ],
        exercises=[
            Exercise(
                "Spot the signs",
                max(5, segments[3].minutes // 2),
                f"In pairs, read the case study and mark where {theme} might be at work and "
                "what evidence of real change you would want to see.",
            )
        ],
        facilitator_notes=(
            "Quote the evidence as it stands and give its source and date; older sources are "
            "marked. Keep the discussion on the child's experience, not only the parents' "
            "engagement."
        ),
        segments=segments,
    )
