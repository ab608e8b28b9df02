"""Rendering a training pack: facilitator plan, participant handout and slides."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from assistant.config import Partnership
from assistant.corpus.sources import Source, describe_source
from assistant.publishing.colours import partnership_colours
from assistant.publishing.gate import refuse_unacknowledged
from assistant.publishing.rendered import Rendered, RenderError
from assistant.publishing.templates import render_template
from assistant.training.pack import Pack
from assistant.wording import counted

if TYPE_CHECKING:
    from assistant.facade import Assistant

OUTPUTS = ("plan.md", "plan.html", "plan.docx", "handout.html", "handout.docx", "slides.pptx")
"""What a pack renders to: the facilitator's plan, the participants' handout, the slides."""
DRAFTS = ("plan.md",)
"""Outputs that render as a marked draft while placeholders or privacy findings remain (the
app previews the plan as it is edited); the rest go to a room and must be clean first."""
DEFINITION_LABEL = "Our definition"
"""How the definition is labelled everywhere: written by us, not a quotation."""


@dataclass
class Quoted:
    """A piece of chosen evidence with the source it has now."""

    number: int
    quote: str
    role: str
    section: str
    described: Source | None
    """The source as it is now, or None when the passage has left the knowledge base."""
    gathered: str
    """The source as it was when the evidence was gathered (shown when it has gone)."""

    @property
    def source(self) -> str:
        """Title — organisation · kind · date (the date flagged when old)."""
        return self.described.line() if self.described else self.gathered

    @property
    def short_source(self) -> str:
        """Organisation · kind · date: the line under a quote on a slide."""
        if self.described is None:
            return self.gathered.split(" — ")[0]
        described = self.described
        who = (
            described.organisation
            if described.organisation != "organisation not stated"
            else described.title
        )
        return f"{who} · {described.kind} · {described.date}"

    @property
    def missing(self) -> bool:
        """Whether the passage is no longer in the knowledge base."""
        return self.described is None

    def values(self) -> dict[str, Any]:
        """What the templates see of it."""
        described = self.described
        return {
            "title": described.title if described else self.gathered,
            "organisation": described.organisation if described else "",
            "kind": described.kind if described else "",
            "date": described.date if described else "",
            "number": self.number,
            "quote": self.quote,
            "role": self.role,
            "section": self.section,
            "source": self.source,
            "short_source": self.short_source,
            "missing": self.missing,
            "stale": bool(self.described and self.described.older_than),
            "figures": any(ch.isdigit() for ch in self.quote),
        }


def resolve(pack: Pack, assistant: Assistant) -> tuple[list[Quoted], list[str]]:
    """Each chosen passage with its current source, and warnings for any that changed or went."""
    years = assistant.settings.stale_after_years
    quoted: list[Quoted] = []
    warnings: list[str] = []
    for number, choice in enumerate(pack.evidence, start=1):
        hit = assistant.passage(choice.id)
        gathered = choice.source or choice.id
        if hit is None:
            warnings.append(f"evidence {number} ({choice.id}) is no longer in the knowledge base")
            quoted.append(Quoted(number, choice.quote, choice.role, "", None, gathered))
            continue
        flat = " ".join(hit.text.split())
        if not all(" ".join(part.split()) in flat for part in choice.quote.split(" … ")):
            warnings.append(f"evidence {number}: the passage has changed since it was quoted")
        source = describe_source(hit.title, hit.organisation, hit.kind, hit.published, years)
        quoted.append(Quoted(number, choice.quote, choice.role, hit.section, source, gathered))
    return quoted, warnings


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def context(
    pack: Pack, quoted: list[Quoted], partnership: Partnership, draft: list[str] | None = None
) -> dict[str, Any]:
    """What the templates see."""
    primary, accent = partnership_colours(partnership)
    segments = []
    start = 0
    for number, segment in enumerate(pack.segments, start=1):
        segments.append(
            {
                "number": number,
                "title": segment.title,
                "minutes": segment.minutes,
                "start": f"{start // 60}:{start % 60:02d}",
                "end": f"{(start + segment.minutes) // 60}:{(start + segment.minutes) % 60:02d}",
                "content": _paragraphs(segment.content),
                "evidence": [q.values() for q in quoted if q.number in segment.evidence],
            }
        )
        start += segment.minutes
    evidence = [q.values() for q in quoted]
    # A case example is read whole as the case study when there is one, so not quoted twice.
    shown = ("finding", "") if pack.case_study else ("finding", "case example", "")
    findings = [item for item in evidence if item["role"] in shown]
    findings.sort(key=lambda item: not item["figures"])  # figures first: they stay in mind
    return {
        "pack": {
            "title": pack.title,
            "theme": pack.theme,
            "audience": pack.audience,
            "minutes": pack.minutes,
            "outcomes": pack.learning_outcomes,
            "definition": {
                "label": DEFINITION_LABEL,
                "paragraphs": _paragraphs(pack.definition),
                "source": pack.definition_source,
            },
            "case_study": _paragraphs(pack.case_study),
            "case_study_source": pack.case_study_source,
            "questions": pack.reflective_questions,
            "exercises": [asdict(e) for e in pack.exercises],
            "notes": _paragraphs(pack.facilitator_notes),
            "segments": segments,
            "evidence": evidence,
            "findings": findings,
            "to_do": [i for i in evidence if i["role"] in ("recommendation", "procedure")],
            "other": [i for i in evidence if i["role"] in ("guidance", "definition")],
        },
        "partnership": {
            "name": partnership.name,
            "primary_colour": primary.hex,
            "accent_colour": accent.hex,
        },
        "draft": draft or [],
    }


def prepare(pack: Pack, output: str) -> None:
    """RenderError unless ``output`` may be rendered from ``pack`` now: a known output, and for
    anything but a draft, no placeholders and no privacy finding nobody has allowed."""
    if output not in OUTPUTS:
        raise RenderError(f"the output must be one of {', '.join(OUTPUTS)}")
    if output in DRAFTS:
        return
    left = pack.placeholders()
    if left:
        raise RenderError(
            f"{counted(len(left), 'placeholder')} still to fill in "
            f"(first: {left[0][1]} in {left[0][0]})"
        )
    refuse_unacknowledged(pack.privacy())


def render_pack(
    pack: Pack, output: str, assistant: Assistant, template: str = ""
) -> tuple[Rendered, list[str]]:
    """Render one output of a pack (through the user's templates or ours); returns it with
    warnings about the evidence. RenderError (PrivacyBlocked for privacy) says why not."""
    prepare(pack, output)
    settings = assistant.settings
    quoted, warnings = resolve(pack, assistant)
    draft = pack.draft_reasons() if output in DRAFTS else []
    values = context(pack, quoted, settings.partnership, draft)
    kind, fmt = output.split(".")
    if fmt == "pptx":
        from assistant.training import _slides

        return Rendered(fmt, _slides.deck(values)), warnings
    if fmt == "docx":
        from assistant.training import _word

        build = _word.handout if kind == "handout" else _word.plan
        return Rendered(fmt, build(values)), warnings
    text = render_template(settings, template or f"training/{kind}.{fmt}.j2", values)
    return Rendered(fmt, text), warnings
