"""Rendering a training pack: facilitator plan, participant handout and slides."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from assistant.config import Partnership
from assistant.corpus.sources import Source, describe_source
from assistant.publishing.rendered import Rendered, RenderError
from assistant.publishing.templates import render_template
from assistant.training.pack import Pack

if TYPE_CHECKING:
    from assistant.facade import Assistant

OUTPUTS = ("plan.md", "plan.html", "plan.docx", "handout.html", "handout.docx", "slides.pptx")
"""What a pack renders to: the facilitator's plan, the participants' handout, the slides."""


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
            "missing": self.missing,
            "stale": bool(self.described and self.described.older_than),
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


def context(pack: Pack, quoted: list[Quoted], partnership: Partnership) -> dict[str, Any]:
    """What the templates see."""
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
                "content": [p.strip() for p in segment.content.split("\n\n") if p.strip()],
                "evidence": [q.values() for q in quoted if q.number in segment.evidence],
            }
        )
        start += segment.minutes
    return {
        "pack": {
            "title": pack.title,
            "theme": pack.theme,
            "audience": pack.audience,
            "minutes": pack.minutes,
            "outcomes": pack.learning_outcomes,
            "case_study": [p.strip() for p in pack.case_study.split("\n\n") if p.strip()],
            "questions": pack.reflective_questions,
            "exercises": [asdict(e) for e in pack.exercises],
            "notes": [p.strip() for p in pack.facilitator_notes.split("\n\n") if p.strip()],
            "segments": segments,
            "evidence": [q.values() for q in quoted],
        },
        "partnership": {
            "name": partnership.name,
            "primary_colour": partnership.primary_colour,
            "accent_colour": partnership.accent_colour,
        },
    }


def render_pack(
    pack: Pack, output: str, assistant: Assistant, template: str = ""
) -> tuple[Rendered, list[str]]:
    """Render one output of a pack (through the user's templates or ours); returns it with
    warnings about the evidence."""
    if output not in OUTPUTS:
        raise RenderError(f"the output must be one of {', '.join(OUTPUTS)}")
    settings = assistant.settings
    quoted, warnings = resolve(pack, assistant)
    values = context(pack, quoted, settings.partnership)
    kind, fmt = output.split(".")
    if fmt == "pptx":
        return Rendered(fmt, _slides(values)), warnings
    if fmt == "docx":
        return Rendered(fmt, _docx(values, handout=kind == "handout")), warnings
    text = render_template(settings, template or f"training/{kind}.{fmt}.j2", values)
    return Rendered(fmt, text), warnings


def _docx(values: dict[str, Any], handout: bool) -> bytes:
    """The plan (every segment with its timings and notes) or the handout, as Word."""
    from docx import Document

    pack = values["pack"]
    document = Document()
    properties = document.core_properties
    properties.title = pack["title"]
    properties.subject = "Participant handout" if handout else "Facilitator plan"
    properties.author = values["partnership"]["name"]
    document.add_heading(pack["title"], level=0)
    what = "Participant handout" if handout else f"Facilitator plan · {pack['minutes']} minutes"
    document.add_paragraph(f"{what} · {values['partnership']['name']}")
    if pack["audience"]:
        document.add_paragraph(f"For: {pack['audience']}")
    document.add_heading("Learning outcomes", level=1)
    for outcome in pack["outcomes"]:
        document.add_paragraph(outcome, style="List Number")

    def evidence(items: list[dict[str, Any]]) -> None:
        for item in items:
            document.add_paragraph(f"“{item['quote']}”", style="Intense Quote")
            document.add_paragraph(f"[{item['number']}] {item['source']} — {item['section']}")

    if handout:
        document.add_heading("What the evidence says", level=1)
        evidence(pack["evidence"])
    else:
        document.add_heading("Timings", level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Time", "Segment", "Minutes"), strict=True):
            cell.text = text
        for segment in pack["segments"]:
            row = table.add_row().cells
            row[0].text = f"{segment['start']}–{segment['end']}"
            row[1].text = segment["title"]
            row[2].text = str(segment["minutes"])
        for segment in pack["segments"]:
            document.add_heading(
                f"{segment['number']}. {segment['title']} ({segment['minutes']} minutes)", level=1
            )
            for paragraph in segment["content"]:
                document.add_paragraph(paragraph)
            evidence(segment["evidence"])
    if pack["case_study"]:
        document.add_heading("Case study", level=1)
        for paragraph in pack["case_study"]:
            document.add_paragraph(paragraph)
    if pack["exercises"]:
        document.add_heading("Exercises", level=1)
        for exercise in pack["exercises"]:
            minutes = f" ({exercise['minutes']} minutes)" if exercise["minutes"] else ""
            document.add_paragraph(f"{exercise['title']}{minutes}", style="List Bullet")
            if exercise["instructions"]:
                document.add_paragraph(exercise["instructions"])
    document.add_heading("Questions for reflection", level=1)
    for question in pack["questions"]:
        document.add_paragraph(question, style="List Bullet")
    if not handout and pack["notes"]:
        document.add_heading("Facilitator notes", level=1)
        for paragraph in pack["notes"]:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _slides(values: dict[str, Any]) -> bytes:
    """A title slide, then one slide a segment; each slide's citations in its speaker notes."""
    from pptx import Presentation
    from pptx.util import Pt

    pack = values["pack"]
    deck = Presentation()
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = pack["title"]
    title_slide.placeholders[
        1
    ].text = f"{values['partnership']['name']} · {pack['minutes']} minutes"
    title_slide.notes_slide.notes_text_frame.text = "Learning outcomes:\n" + "\n".join(
        f"- {outcome}" for outcome in pack["outcomes"]
    )
    for segment in pack["segments"]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"{segment['title']} ({segment['minutes']} min)"
        body = slide.placeholders[1].text_frame
        body.clear()
        lines = list(segment["content"])
        if segment["number"] == 1:
            lines += pack["outcomes"]
        lines += [f"“{item['quote']}” [{item['number']}]" for item in segment["evidence"][:3]]
        if segment["number"] == len(pack["segments"]):
            lines += pack["questions"]
        for number, line in enumerate(lines or [segment["title"]]):
            paragraph = body.paragraphs[0] if number == 0 else body.add_paragraph()
            paragraph.text = line if len(line) <= 240 else line[:239] + "…"
            for run in paragraph.runs:
                run.font.size = Pt(16 if len(lines) > 3 else 20)
        notes = [
            f"[{item['number']}] {item['source']} — {item['section']}"
            for item in segment["evidence"]
        ]
        if len(segment["evidence"]) > 3:
            notes.append("Further quotes for this segment are in the facilitator plan.")
        notes += pack["notes"]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes) or "No sources on this slide."
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
