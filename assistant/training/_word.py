"""The pack's facilitator plan and participant handout as Word documents."""

from __future__ import annotations

import io
from typing import Any

from assistant.publishing import office


def _document(values: dict[str, Any], subject: str) -> Any:
    from docx import Document
    from docx.shared import Pt, RGBColor

    pack, partnership = values["pack"], values["partnership"]
    document = Document()
    office.fill_properties(
        document.core_properties,
        title=pack["title"],
        subject=subject,
        author=partnership["name"],
        keywords=pack["theme"],
    )
    office.word_a4(document, 18)
    office.word_language(document)
    primary = RGBColor.from_string(partnership["primary_colour"].lstrip("#").upper())
    for name in ("Heading 1", "Heading 2", "Title"):
        document.styles[name].font.color.rgb = primary
    for name in ("Normal", "List Bullet", "List Number"):
        document.styles[name].font.name = "Arial"
        document.styles[name].font.size = Pt(10.5)
        document.styles[name].paragraph_format.space_after = Pt(4)
    document.add_heading(office.xml_safe(pack["title"]), level=0)
    return document


def _text(text: str) -> str:
    return office.xml_safe(text)


def _quotes(document: Any, items: list[dict[str, Any]]) -> None:
    """Each quote a bullet, its number in brackets after it: the sources are listed at the end,
    so a citation never stands between two quotes where it reads as a heading."""
    for item in items:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(_text(f"“{item['quote']}”"))
        paragraph.add_run(_text(f" [{item['number']}]")).bold = True


def _definition(document: Any, pack: dict[str, Any], level: int) -> None:
    definition = pack["definition"]
    if not definition["paragraphs"]:
        return
    document.add_heading(
        _text(f"What {pack['theme']} means" if pack["theme"] else "Definition"), level
    )
    for paragraph in definition["paragraphs"]:
        document.add_paragraph(_text(paragraph))
    label = f"{definition['label']}, in our own words (not a quotation)."
    if definition["source"]:
        label += f" Sources: {definition['source']}."
    document.add_paragraph().add_run(_text(label)).italic = True


def _case(document: Any, pack: dict[str, Any], title: str) -> None:
    if not pack["case_study"]:
        return
    document.add_heading(title, level=1)
    for paragraph in pack["case_study"]:
        document.add_paragraph(_text(paragraph))
    if pack["case_study_source"]:
        document.add_paragraph().add_run(_text(f"From: {pack['case_study_source']}")).italic = True


def _sources(document: Any, pack: dict[str, Any]) -> None:
    document.add_heading("Sources", level=1)
    for item in pack["evidence"]:
        document.add_paragraph(_text(f"[{item['number']}] {item['source']} — {item['section']}"))


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def handout(values: dict[str, Any]) -> bytes:
    """What participants take away: what the term means, what the audits found, a case, what
    to do, questions, sources (no timings, no facilitator notes)."""
    pack, partnership = values["pack"], values["partnership"]
    document = _document(values, "Participant handout")
    line = f"Participant handout · {partnership['name']}"
    if pack["audience"]:
        line += f" · For: {pack['audience']}"
    document.add_paragraph(_text(line))
    _definition(document, pack, 1)
    if pack["findings"]:
        document.add_heading("What the audits found", level=1)
        _quotes(document, pack["findings"])
    _case(document, pack, "A case to think about")
    if pack["to_do"]:
        document.add_heading("What to do", level=1)
        _quotes(document, pack["to_do"])
    if pack["questions"]:
        document.add_heading("Questions to take away", level=1)
        for question in pack["questions"]:
            document.add_paragraph(_text(question), style="List Bullet")
    _sources(document, pack)
    return _bytes(document)


def plan(values: dict[str, Any]) -> bytes:
    """The facilitator's plan: outcomes, the definition, timings, each segment with its
    quotes, the case study, exercises, questions, notes, sources."""
    pack, partnership = values["pack"], values["partnership"]
    document = _document(values, "Facilitator plan")
    line = f"Facilitator plan · {pack['minutes']} minutes · {partnership['name']}"
    if pack["audience"]:
        line += f" · For: {pack['audience']}"
    document.add_paragraph(_text(line))
    document.add_heading("Learning outcomes", level=1)
    for outcome in pack["outcomes"]:
        document.add_paragraph(_text(outcome), style="List Number")
    _definition(document, pack, 1)
    document.add_heading("Timings", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    office.keep_row_whole(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, ("Time", "Segment", "Minutes"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for segment in pack["segments"]:
        row = table.add_row()
        office.keep_row_whole(row)
        cells = row.cells
        cells[0].text = f"{segment['start']}–{segment['end']}"
        cells[1].text = _text(segment["title"])
        cells[2].text = str(segment["minutes"])
    for segment in pack["segments"]:
        document.add_heading(
            _text(f"{segment['number']}. {segment['title']} ({segment['minutes']} minutes)"), 2
        )
        for paragraph in segment["content"]:
            document.add_paragraph(_text(paragraph))
        _quotes(document, segment["evidence"])
    _case(document, pack, "Case study")
    if pack["exercises"]:
        document.add_heading("Exercises", level=1)
        for exercise in pack["exercises"]:
            minutes = f" ({exercise['minutes']} minutes)" if exercise["minutes"] else ""
            heading = document.add_paragraph(style="List Bullet")
            heading.add_run(_text(f"{exercise['title']}{minutes}")).bold = True
            if exercise["instructions"]:
                heading.add_run(_text(f": {exercise['instructions']}"))
    document.add_heading("Questions for reflection", level=1)
    for question in pack["questions"]:
        document.add_paragraph(_text(question), style="List Bullet")
    if pack["notes"]:
        document.add_heading("Facilitator notes", level=1)
        for paragraph in pack["notes"]:
            document.add_paragraph(_text(paragraph))
    _sources(document, pack)
    return _bytes(document)
