"""Rendering a briefing: Markdown, HTML and text through templates, Word through python-docx."""

from __future__ import annotations

import base64
import io
import math
import mimetypes
from pathlib import Path
from typing import Any

from assistant.briefing.findings import CheckReport, Findings
from assistant.config import Partnership, Settings
from assistant.corpus.documents import front_matter
from assistant.corpus.sources import month_text
from assistant.publishing.rendered import PrivacyBlocked, Rendered, RenderError
from assistant.publishing.templates import render_template, user_template_file

FORMATS = ("md", "html", "docx", "txt")
PUBLISHABLE = ("html", "docx")
"""Formats that are published, so the privacy check must be satisfied first."""


def _logo(partnership: Partnership) -> str:
    """The logo as a data URI, so the HTML needs no other file."""
    if partnership.logo is None:
        return ""
    try:
        data = partnership.logo.read_bytes()
    except OSError as error:
        raise RenderError(
            f"the logo {partnership.logo} cannot be read ({error.strerror})"
        ) from None
    kind = mimetypes.guess_type(partnership.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def context(
    findings: Findings, partnership: Partnership, privacy_override: str = ""
) -> dict[str, Any]:
    """What the templates see."""
    points = []
    for point in findings.seven_points():
        points.append(
            {
                "number": point.number,
                "heading": point.heading,
                "paragraphs": point.paragraphs,
                "bullets": point.items,
                "actions": [
                    {"action": a.action, "owner": a.owner, "by": month_text(a.by) if a.by else ""}
                    for a in point.actions
                ],
                "resources": [{"title": r.title, "link": r.link} for r in point.resources],
            }
        )
    minutes = max(1, math.ceil(findings.minutes))
    return {
        "briefing": {
            "title": findings.title,
            "published": month_text(findings.published) if findings.published else "",
            "audience": findings.audience,
            "source": findings.source,
            "audit": findings.audit,
            "points": points,
            "words": findings.words,
            "reading_time": f"{minutes} minute{'s' if minutes != 1 else ''}",
        },
        "partnership": {
            "name": findings.partnership or partnership.name,
            "logo": _logo(partnership),
            "primary_colour": partnership.primary_colour,
            "accent_colour": partnership.accent_colour,
        },
        "privacy_override": privacy_override,
    }


def render(
    report: CheckReport,
    fmt: str,
    settings: Settings,
    template: str = "default",
    allow_identifying: str = "",
) -> Rendered:
    """Render a checked briefing through the user's templates or ours; RenderError says why it
    cannot be (PrivacyBlocked when something could identify a child or family)."""
    if fmt not in FORMATS:
        raise RenderError(f"the format must be one of {', '.join(FORMATS)}")
    if report.findings is None:
        raise RenderError("the findings file has problems to fix first")
    if fmt in PUBLISHABLE and report.unacknowledged and not allow_identifying:
        raise PrivacyBlocked([f"{note.finding} in {note.field}" for note in report.unacknowledged])
    values = context(report.findings, settings.partnership, allow_identifying)
    if fmt == "docx":
        styles = user_template_file(settings, f"briefing/{template}.docx")
        return Rendered(fmt, _docx(values, styles))
    name = template if template.endswith(".j2") else f"briefing/{template}.{fmt}.j2"
    return Rendered(fmt, render_template(settings, name, values))


def _docx(values: dict[str, Any], styles: Path | None) -> bytes:
    """The same seven points as a Word document (a user's briefing/NAME.docx sets the styles)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document(str(styles)) if styles else Document()
    briefing, partnership = values["briefing"], values["partnership"]
    colour = RGBColor.from_string(partnership["primary_colour"].lstrip("#").upper()[:6])
    properties = document.core_properties
    properties.title = briefing["title"]
    properties.subject = "7 minute briefing"
    properties.author = partnership["name"]
    properties.keywords = "7 minute briefing"
    if values["privacy_override"]:
        properties.comments = f"Identifying details allowed: {values['privacy_override']}"
    if partnership["logo"]:
        data = base64.b64decode(partnership["logo"].split(",", 1)[1])
        document.add_picture(io.BytesIO(data), height=Pt(40))
    document.add_heading(briefing["title"], level=0)
    line = f"7 minute briefing · {partnership['name']}"
    if briefing["published"]:
        line += f" · {briefing['published']}"
    document.add_paragraph(line)
    document.add_paragraph(f"About {briefing['reading_time']} to read aloud.")
    for point in briefing["points"]:
        # Each point in a one-cell table: the Word version of the printed box.
        box = document.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        cell = box.cell(0, 0)
        heading = cell.paragraphs[0]
        run = heading.add_run(f"{point['number']}. {point['heading']}".rstrip(". "))
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = colour
        for paragraph in point["paragraphs"]:
            cell.add_paragraph(paragraph)
        for item in point["bullets"]:
            cell.add_paragraph(item, style="List Bullet")
        for action in point["actions"]:
            text = action["action"]
            if action["owner"]:
                text += f" — {action['owner']}"
            if action["by"]:
                text += f", by {action['by']}"
            cell.add_paragraph(text, style="List Bullet")
        for resource in point["resources"]:
            link = f": {resource['link']}" if resource["link"] else ""
            cell.add_paragraph(f"{resource['title']}{link}", style="List Bullet")
        document.add_paragraph()
    if values["privacy_override"]:
        document.add_paragraph(f"Identifying details allowed: {values['privacy_override']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def knowledge_file(findings: Findings, partnership: Partnership, markdown: str, source: str) -> str:
    """A briefing as a knowledge file (kind: briefing), so practitioners can ask about it."""
    front: dict[str, object] = {
        "title": findings.title,
        "kind": "briefing",
        "organisation": findings.partnership or partnership.name,
    }
    if findings.published:
        front["published"] = findings.published
    front["source"] = source
    return f"{front_matter(front)}\n{markdown.strip()}\n"
