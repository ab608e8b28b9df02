"""The pack's slides: 16:9 in the partnership's colours, one idea a slide, each quote whole or cut
at a sentence, a short source line on every slide, full citations and timings in the notes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from assistant.corpus.sentences import split_sentences
from assistant.publishing import office

WIDTH_IN, HEIGHT_IN = 13.333, 7.5
"""16:9, as projectors and meeting-room screens are now."""
QUOTE_CHARACTERS = 330
"""A quote longer than this is cut after its last whole sentence that fits, with "…"."""
CASE_WORDS = 95
"""A case study is spread over slides of about this many words, at sentence breaks."""


@dataclass
class Slide:
    """What one slide says: its title, its body, the line at its foot, its notes."""

    title: str
    body: list[str] = field(default_factory=list)
    foot: str = ""
    notes: list[str] = field(default_factory=list)
    bullets: bool = False
    quote: bool = False
    label: str = ""
    """A line in small italics under the body ("Our definition, in our own words")."""


def cut_at_sentence(text: str, limit: int = QUOTE_CHARACTERS) -> str:
    """``text`` whole when it fits, else its first sentences that fit and " …" (the first
    sentence is kept whole however long: a quote is never cut inside a sentence)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # Each sentence with what comes before it: a space, or " … " where the quote skips some.
    pieces = [
        (sentence, " … " if n == 0 else " ")
        for part in text.split(" … ")
        for n, sentence in enumerate(split_sentences(part))
    ]
    kept = pieces[0][0]
    for sentence, before in pieces[1:]:
        if len(kept) + len(before) + len(sentence) > limit:
            break
        kept += before + sentence
    return f"{kept} …"


def _chunks(paragraphs: list[str], words: int) -> list[list[str]]:
    """Paragraphs spread over slides of about ``words`` words, broken only between sentences."""
    slides: list[list[str]] = [[]]
    count = 0
    for paragraph in paragraphs:
        current: list[str] = []
        for sentence in split_sentences(paragraph):
            size = len(sentence.split())
            if count + size > words and (current or slides[-1]):
                if current:
                    slides[-1].append(" ".join(current))
                slides.append([])
                current, count = [], 0
            current.append(sentence)
            count += size
        if current:
            slides[-1].append(" ".join(current))
    return [chunk for chunk in slides if chunk]


def plan_slides(values: dict[str, Any]) -> list[Slide]:
    """The deck, slide by slide (after the title slide)."""
    pack, partnership = values["pack"], values["partnership"]
    name = partnership["name"]
    segments = pack["segments"]
    definition = pack["definition"]
    slides: list[Slide] = []

    def timing(segment: dict[str, Any]) -> str:
        return (
            f"Segment {segment['number']}: {segment['title']}, {segment['minutes']} minutes "
            f"({segment['start']}–{segment['end']})."
        )

    def definition_slides(notes: list[str]) -> list[Slide]:
        # One idea a slide: what the term means (its first sentence), then the rest of what
        # we say about it (where it comes from, how it is criticised) on a slide of its own.
        sentences = [s for p in definition["paragraphs"] for s in split_sentences(p)]
        label = f"{definition['label']}, in our own words: not a quotation."
        foot = f"Sources: {definition['source']}" if definition["source"] else name
        title = f"What {pack['theme']} means" if pack["theme"] else definition["label"]
        made = [Slide(title, sentences[:1], foot=foot, notes=notes, label=label)]
        if len(sentences) > 1:
            more = f"About the term “{pack['theme']}”" if pack["theme"] else "About the term"
            made.append(Slide(more, [" ".join(sentences[1:])], foot=foot, notes=notes, label=label))
        return made

    def case_slides(notes: list[str]) -> list[Slide]:
        chunks = _chunks(pack["case_study"], CASE_WORDS)
        made = []
        for number, chunk in enumerate(chunks, 1):
            title = "Case study" + (f" ({number} of {len(chunks)})" if len(chunks) > 1 else "")
            foot = pack["case_study_source"].split(" — ")[0] if pack["case_study_source"] else name
            made.append(Slide(title, chunk, foot=f"From: {foot}", notes=notes))
        for exercise in pack["exercises"]:
            body = [exercise["instructions"]] if exercise["instructions"] else []
            if exercise["minutes"]:
                body.append(f"Time: {exercise['minutes']} minutes")
            made.append(Slide(f"Exercise: {exercise['title']}", body, foot=name, notes=notes))
        return made

    placed_definition = not definition["paragraphs"]
    placed_case = not pack["case_study"] and not pack["exercises"]
    for index, segment in enumerate(segments):
        notes = [timing(segment), *segment["content"]]
        first, last = index == 0, index == len(segments) - 1
        quotes = [item for item in segment["evidence"] if item["role"] != "case example"]
        cases = len(quotes) < len(segment["evidence"])
        if first:
            slides.append(
                Slide(segment["title"], pack["outcomes"], foot=name, notes=notes, bullets=True)
            )
            continue
        if last:
            if not placed_definition:
                slides.extend(definition_slides(notes))
                placed_definition = True
            if not placed_case:
                slides.extend(case_slides(notes))
                placed_case = True
            questions = pack["questions"] or segment["content"]
            slides.append(Slide(segment["title"], questions, foot=name, notes=notes, bullets=True))
            continue
        if not placed_definition and not segment["evidence"]:
            slides.extend(definition_slides(notes))
            placed_definition = True
            continue
        if cases and not placed_case:
            cited = [
                f"[{item['number']}] {item['source']} — {item['section']}"
                for item in segment["evidence"]
                if item["role"] == "case example"
            ]
            slides.extend(case_slides([*notes, *cited]))
            placed_case = True
        if not quotes and not cases:
            slides.append(Slide(segment["title"], segment["content"], foot=name, notes=notes))
        for item in quotes:
            citation = f"[{item['number']}] {item['source']} — {item['section']}"
            slides.append(
                Slide(
                    segment["title"],
                    [f"“{cut_at_sentence(item['quote'])}”"],
                    foot=f"[{item['number']}] {item['short_source']}",
                    notes=[*notes, citation],
                    quote=True,
                )
            )
    if not placed_definition:
        slides[1:1] = definition_slides([])
    if not placed_case:
        slides.extend(case_slides([]))
    slides.append(_sources(values))
    for slide in slides:
        slide.notes += pack["notes"]
    return slides


def _sources(values: dict[str, Any]) -> Slide:
    """The closing slide: every source once, with the numbers of the quotes from it."""
    pack = values["pack"]
    numbers: dict[str, list[int]] = {}
    for item in pack["evidence"]:
        numbers.setdefault(item["source"], []).append(item["number"])
    lines = [f"[{', '.join(str(n) for n in ns)}] {source}" for source, ns in numbers.items()]
    if pack["definition"]["source"]:
        lines.append(f"{pack['definition']['label']}: {pack['definition']['source']}")
    return Slide("Sources", lines, foot=values["partnership"]["name"], bullets=True)


def _size(slide: Slide) -> int:
    """The body's type size in points: as large as its length allows."""
    characters = sum(len(line) for line in slide.body) + 40 * len(slide.body)
    for limit, size in ((180, 30), (320, 26), (480, 22), (700, 19), (950, 16)):
        if characters <= limit:
            return size
    return 14


def _rgb(colour: str) -> Any:
    """A checked ``#rrggbb`` colour as python-pptx takes it."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())  # type: ignore[no-untyped-call]


def deck(values: dict[str, Any]) -> bytes:
    """The slides as a PowerPoint file."""
    from pptx import Presentation
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    pack, partnership = values["pack"], values["partnership"]
    primary = _rgb(partnership["primary_colour"])
    accent = _rgb(partnership["accent_colour"])
    white, ink, grey = (
        _rgb("#ffffff"),
        _rgb("#1a1a1a"),
        _rgb("#444444"),
    )
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(WIDTH_IN), Inches(HEIGHT_IN)
    office.fill_properties(
        presentation.core_properties,
        title=pack["title"],
        subject="Training session slides",
        author=partnership["name"],
        keywords=pack["theme"],
    )

    def style(paragraph: Any, size: float, colour: Any, bold: bool = False) -> None:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.color.rgb = colour
            run.font.bold = bold
            run.font.name = "Arial"
            run.font.language_id = MSO_LANGUAGE_ID.ENGLISH_UK

    def text(value: str) -> str:
        return office.xml_safe(value)

    # The title slide: the partnership's colour, the title, who it is for.
    first = presentation.slides.add_slide(presentation.slide_layouts[0])
    first.background.fill.solid()
    first.background.fill.fore_color.rgb = primary
    title, subtitle = first.shapes.title, first.placeholders[1]
    title.left, title.top, title.width, title.height = (
        Inches(0.8),
        Inches(2.0),
        Inches(11.7),
        Inches(2.0),
    )
    subtitle.left, subtitle.top = Inches(0.8), Inches(4.3)
    subtitle.width, subtitle.height = Inches(11.7), Inches(1.6)
    title.text_frame.text = text(pack["title"])
    style(title.text_frame.paragraphs[0], 40, white, bold=True)
    lines = [partnership["name"]] + ([f"For: {pack['audience']}"] if pack["audience"] else [])
    subtitle.text_frame.text = text("\n".join(lines))
    for paragraph in subtitle.text_frame.paragraphs:
        style(paragraph, 22, white)
    first.notes_slide.notes_text_frame.text = text(
        f"{pack['minutes']} minutes.\n" + "\n".join(f"Outcome: {o}" for o in pack["outcomes"])
    )

    layout = presentation.slide_layouts[5]  # title only: the body is ours to place
    for planned in plan_slides(values):
        slide = presentation.slides.add_slide(layout)
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = accent
        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, 0, 0, presentation.slide_width, Inches(1.15)
        )
        bar.fill.solid()
        bar.fill.fore_color.rgb = primary
        bar.line.fill.background()
        tree = slide.shapes._spTree
        tree.remove(bar._element)
        tree.insert(2, bar._element)  # behind the title
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            Inches(0.6),
            Inches(0.1),
            Inches(12.1),
            Inches(0.95),
        )
        heading.text_frame.text = text(planned.title)
        heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        heading.text_frame.word_wrap = True
        style(heading.text_frame.paragraphs[0], 28 if len(planned.title) < 60 else 22, white, True)
        body = slide.shapes.add_textbox(Inches(0.8), Inches(1.5), Inches(11.7), Inches(5.0))
        frame = body.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP if planned.bullets else MSO_ANCHOR.MIDDLE
        size = _size(planned)
        for number, line in enumerate(planned.body):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.text = text(("•  " if planned.bullets else "") + line)
            paragraph.space_after = Pt(size * 0.6)
            style(paragraph, size, ink)
            if planned.quote:
                for run in paragraph.runs:
                    run.font.italic = True
        if planned.label:
            paragraph = frame.add_paragraph()
            paragraph.text = text(planned.label)
            style(paragraph, 16, grey)
            for run in paragraph.runs:
                run.font.italic = True
        foot = slide.shapes.add_textbox(Inches(0.8), Inches(6.7), Inches(11.7), Inches(0.55))
        foot.text_frame.word_wrap = True
        foot.text_frame.text = text(planned.foot)
        style(foot.text_frame.paragraphs[0], 12, grey)
        slide.notes_slide.notes_text_frame.text = text("\n".join(planned.notes))
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
