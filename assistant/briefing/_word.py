"""The briefing and its action plan as Word documents: the HTML page's layout, in python-docx."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

from assistant.publishing import office
from assistant.publishing.rendered import RenderError

MARGIN_MM = 10
GAP_MM = 3
"""The space between boxes, as in the HTML."""
ACTION_COLUMNS_MM = (104, 52, 28)
"""What, who and by when, across a box the width of the page."""
PLAN_COLUMNS_MM = (68, 34, 24, 64)
"""Action, who, by when, how we will know: the columns of the team's plan."""
BODY_PT = 9.5
"""The body size that keeps the longest of our examples on one A4 page, as the HTML does."""


def _document(values: dict[str, Any], styles: Path | None, subject: str) -> Any:
    """A blank A4 document in British English with the properties filled in; our own look
    unless the partnership's Word template (``styles``) brings its own."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document(str(styles)) if styles else Document()
    briefing, partnership = values["briefing"], values["partnership"]
    comments = (
        f"Identifying details allowed: {values['privacy_override']}"
        if values["privacy_override"]
        else ""
    )
    office.fill_properties(
        document.core_properties,
        title=briefing["title"],
        subject=subject,
        author=partnership["name"],
        keywords=f"7 minute briefing; {subject}",
        comments=comments,
    )
    office.word_a4(document, MARGIN_MM)
    office.word_language(document)
    if styles:
        return document
    primary = RGBColor.from_string(partnership["primary_colour"].lstrip("#").upper())
    body = BODY_PT - (0.5 if briefing["compact"] else 0)
    sizes = {"Normal": body, "List Bullet": body, "Heading 1": 16, "Heading 2": 11.5}
    for name, size in sizes.items():
        style = _style(document, name)
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(1.5 if name != "Heading 1" else 1)
        style.paragraph_format.line_spacing = 1.1
        if name.startswith("Heading"):
            style.font.color.rgb = primary
            style.font.bold = True
            style.paragraph_format.keep_with_next = True
    return document


def _style(document: Any, name: str) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        raise RenderError(f"the Word template has no '{name}' style") from None


def _text(text: str) -> str:
    return office.xml_safe(text)


def _header(document: Any, values: dict[str, Any], kind: str, plan: bool = False) -> None:
    """Logo, title, and the lines under it: kind, partnership, date, source, and for the
    briefing its reading time and audience (for the action plan, what to do with it)."""
    from docx.shared import Mm

    briefing, partnership = values["briefing"], values["partnership"]
    if partnership["logo"]:
        data = base64.b64decode(partnership["logo"].split(",", 1)[1])
        picture = document.add_paragraph()
        try:
            shape = picture.add_run().add_picture(io.BytesIO(data), height=Mm(12))
        except Exception as error:  # python-docx raises its own kinds for images it cannot read
            raise RenderError(f"the logo cannot be placed in Word ({error})") from None
        office.alt_text(shape, f"{partnership['name']} logo")
    title = f"Action plan: {briefing['title']}" if plan else briefing["title"]
    document.add_heading(_text(title), level=1)
    line = f"{kind} · {partnership['name']}"
    if briefing["published"]:
        line += f" · {briefing['published']}"
    if briefing["source"]:
        line += f" · {briefing['source']}"
    first = document.add_paragraph()
    first.add_run(_text(line)).bold = True
    second = f"About {briefing['reading_time']} to read aloud"
    if briefing["audience"]:
        second += f" · Audience: {briefing['audience']}"
    if plan:
        second = "Fill this in after your team has used the briefing, and keep it with your "
        second += "team's improvement plan."
    under = document.add_paragraph(_text(second))
    office.rule_below(under, partnership["primary_colour"].lstrip("#").upper())


def _draft(document: Any, values: dict[str, Any]) -> None:
    if values["privacy_override"]:
        document.add_paragraph(
            _text(f"Published with identifying details allowed: {values['privacy_override']}")
        )


def briefing(values: dict[str, Any], styles: Path | None) -> bytes:
    """The seven points as boxes on one A4 page: 1–4 in two columns, 5–7 across, each box in
    the partnership's colours with its title a heading, no box split by a page break."""
    from docx.shared import Mm, Pt

    document = _document(values, styles, "7 minute briefing")
    briefing, partnership = values["briefing"], values["partnership"]
    primary = partnership["primary_colour"].lstrip("#").upper()
    accent = partnership["accent_colour"].lstrip("#").upper()
    _header(document, values, "7 minute briefing")
    points = briefing["points"]
    full = 210 - 2 * MARGIN_MM
    half = (full - GAP_MM) / 2
    # Boxes 1–4 in pairs (box, gap, box), 5–7 across: separate tables with a little space
    # between, which Word and LibreOffice both draw as the HTML's separate boxes.
    layout = [
        (points[0], points[1]),
        (points[2], points[3]),
        (points[4],),
        (points[5],),
        (points[6],),
    ]
    for row_points in layout:
        widths = [half, GAP_MM, half] if len(row_points) == 2 else [full]
        table = document.add_table(rows=1, cols=len(widths))
        table.autofit = False
        office.no_borders(table)
        row = table.rows[0]
        office.keep_row_whole(row)
        for column, cell, width in zip(table.columns, row.cells, widths, strict=True):
            column.width = cell.width = Mm(width)  # the grid for LibreOffice, cells for Word
        boxes = [row.cells[0], row.cells[2]] if len(row_points) == 2 else [row.cells[0]]
        for cell, point in zip(boxes, row_points, strict=True):
            _box(document, cell, point, primary, accent)
        spacer = document.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)
        spacer.paragraph_format.line_spacing = Pt(GAP_MM * 2.2)
    footer = document.add_paragraph(
        _text(
            f"{partnership['name']}. Read it aloud or discuss it in a team meeting; the last "
            "point can be left for later if time is short."
        )
    )
    footer.paragraph_format.space_before = Pt(3)
    for run in footer.runs:
        run.font.size = Pt(7.5)
    _draft(document, values)
    return _bytes(document)


def _box(document: Any, cell: Any, point: dict[str, Any], primary: str, accent: str) -> None:
    """One numbered point in its box: a heading with the number as a badge, then its text."""
    office.box_borders(cell, primary)
    office.shade(cell, accent)
    heading = cell.paragraphs[0]
    heading.style = _style(document, "Heading 2")
    badge = heading.add_run(f" {point['number']} ")
    office.run_shading(badge, primary)
    badge.font.color.rgb = _white()
    if point["heading"]:
        heading.add_run(_text(f"  {point['heading']}"))
    for paragraph in point["paragraphs"]:
        cell.add_paragraph(_text(paragraph))
    for item in point["bullets"]:
        cell.add_paragraph(_text(item), style=_style(document, "List Bullet"))
    if point["actions"]:
        _actions(document, cell, point["actions"], primary)
    for resource in point["resources"]:
        line = cell.add_paragraph(style=_style(document, "List Bullet"))
        line.add_run(_text(resource["title"]))
        if resource["link"]:
            line.add_run(_text(f": {resource['link']}"))


def _white() -> Any:
    from docx.shared import RGBColor

    return RGBColor(0xFF, 0xFF, 0xFF)


def _actions(document: Any, cell: Any, actions: list[dict[str, str]], primary: str) -> None:
    """What to do, who and by when, as a table with a header row (as the HTML has)."""
    from docx.shared import Mm, Pt

    table = cell.add_table(rows=1, cols=3)
    table.autofit = False
    office.keep_row_whole(table.rows[0], header=True)
    for target, text in zip(table.rows[0].cells, ("What", "Who", "By when"), strict=True):
        target.paragraphs[0].add_run(text).bold = True
    for action in actions:
        row = table.add_row()
        office.keep_row_whole(row)
        for target, text in zip(
            row.cells, (action["action"], action["owner"], action["by"]), strict=True
        ):
            target.paragraphs[0].add_run(_text(text))
    for row in table.rows:
        for target, width in zip(row.cells, ACTION_COLUMNS_MM, strict=True):
            target.width = Mm(width)
            office.box_borders(target, primary, 2)
            for paragraph in target.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
    for column, width in zip(table.columns, ACTION_COLUMNS_MM, strict=True):
        column.width = Mm(width)
    spacer = cell.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(3)


def action_plan(values: dict[str, Any], styles: Path | None) -> bytes:
    """The action plan a team fills in after using the briefing: who used it and how, what
    the briefing asks, what the team will do and by when, how it will know."""
    from docx.shared import Mm, Pt

    document = _document(values, styles, "7 minute briefing action plan")
    briefing, partnership = values["briefing"], values["partnership"]
    primary = partnership["primary_colour"].lstrip("#").upper()
    accent = partnership["accent_colour"].lstrip("#").upper()
    _header(document, values, "7 minute briefing action plan", plan=True)
    _style(document, "Heading 2").paragraph_format.space_before = Pt(7)
    about = document.add_table(rows=2, cols=4)
    for row, labels in zip(
        about.rows,
        (("Team or service", "Date used"), ("Led by", "How many took part")),
        strict=True,
    ):
        office.keep_row_whole(row)
        for index, label in enumerate(labels):
            row.cells[index * 2].paragraphs[0].add_run(label).bold = True
            office.shade(row.cells[index * 2], accent)
    for row in about.rows:
        for target in row.cells:
            office.box_borders(target, primary, 4)
    document.add_heading("How we used the briefing", level=2)
    document.add_paragraph("Team meeting ☐   Supervision ☐   Training ☐   Other ☐ ……………………")
    if briefing["key_learning"]:
        document.add_heading("The briefing's key learning", level=2)
        for item in briefing["key_learning"]:
            document.add_paragraph(_text(item), style=_style(document, "List Bullet"))
    if briefing["actions"]:
        document.add_heading("What the briefing asks", level=2)
        for action in briefing["actions"]:
            who = f" ({action['owner']}{', by ' + action['by'] if action['by'] else ''})"
            text = action["action"] + (who if action["owner"] else "")
            document.add_paragraph(_text(text), style=_style(document, "List Bullet"))
    document.add_heading("Our key thoughts and reflections", level=2)
    if briefing["questions"]:
        for question in briefing["questions"]:
            document.add_paragraph(_text(question), style=_style(document, "List Bullet"))
    _lines(document, 3)
    document.add_heading("What we will do", level=2)
    plan = document.add_table(rows=6, cols=4)
    plan.autofit = False
    for column, width in zip(plan.columns, PLAN_COLUMNS_MM, strict=True):
        column.width = Mm(width)
    office.keep_row_whole(plan.rows[0], header=True)
    headings = ("Action", "Who", "By when", "How we will know it has worked")
    for target, text in zip(plan.rows[0].cells, headings, strict=True):
        target.paragraphs[0].add_run(text).bold = True
        office.shade(target, accent)
    for row in plan.rows:
        office.keep_row_whole(row)
        row.height = Pt(26)
        for target, width in zip(row.cells, PLAN_COLUMNS_MM, strict=True):
            target.width = Mm(width)
            office.box_borders(target, primary, 4)
    document.add_heading("How the learning will be embedded, and how we will know", level=2)
    _lines(document, 3)
    document.add_paragraph(
        _text(
            f"Keep this plan with your team's improvement plan and send a copy to "
            f"{partnership['name']}."
        )
    )
    _draft(document, values)
    return _bytes(document)


def _lines(document: Any, count: int) -> None:
    """Ruled space to write in."""
    for _ in range(count):
        document.add_paragraph("……………………………………………………………………………………………………………………………………………")


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
