"""Rendering a briefing: Markdown, HTML and text through templates, Word through python-docx."""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateError, TemplateNotFound

from assistant.briefing.findings import CheckReport, Findings
from assistant.config import Partnership
from assistant.publishing.templates import make_environment
from assistant.storage.atomic import write_bytes_atomic, write_text_atomic

FORMATS = ("md", "html", "docx", "txt")
PUBLISHABLE = ("html", "docx")
"""Formats that are published, so the privacy check must be satisfied first."""


class RenderError(Exception):
    """A briefing that cannot be rendered, and why."""


@dataclass
class Rendered:
    """A rendered briefing: text for md, html and txt; bytes for docx."""

    format: str
    content: str | bytes

    def write(self, path: Path) -> None:
        """Save atomically."""
        if isinstance(self.content, bytes):
            write_bytes_atomic(path, self.content)
        else:
            write_text_atomic(path, self.content)


def month_text(value: str) -> str:
    """ "2018-06" as "June 2018", "2018-09-30" as "30 September 2018", "2018" as is."""
    if len(value) == 7:
        return dt.date(int(value[:4]), int(value[5:7]), 1).strftime("%B %Y")
    if len(value) == 10:
        day = dt.date.fromisoformat(value)
        return f"{day.day} {day.strftime('%B %Y')}"
    return value


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
    partnership: Partnership,
    template: str = "default",
    user_templates: Path | None = None,
    allow_identifying: str = "",
) -> Rendered:
    """Render a checked briefing; RenderError says why it cannot be."""
    if fmt not in FORMATS:
        raise RenderError(f"the format must be one of {', '.join(FORMATS)}")
    if report.findings is None:
        raise RenderError("the findings file has problems: run `assistant briefing check` first")
    if fmt in PUBLISHABLE and report.unacknowledged and not allow_identifying:
        listed = "; ".join(f"{note.finding} in {note.field}" for note in report.unacknowledged[:5])
        raise RenderError(
            f"{len(report.unacknowledged)} thing(s) could identify a child or family ({listed}). "
            "Remove them, list them under 'acknowledged:' if they are fine (a published "
            'author\'s name, say), or give --allow-identifying "REASON".'
        )
    values = context(report.findings, partnership, allow_identifying)
    if fmt == "docx":
        return Rendered(fmt, _docx(values, user_templates, template))
    environment = make_environment(user_templates)
    name = template if template.endswith(".j2") else f"briefing/{template}.{fmt}.j2"
    try:
        return Rendered(fmt, environment.get_template(name).render(**values))
    except TemplateNotFound:
        raise RenderError(f"there is no template '{name}'") from None
    except TemplateError as error:
        raise RenderError(f"the template '{name}' failed: {error}") from None


def _docx(values: dict[str, Any], user_templates: Path | None, template: str) -> bytes:
    """The same seven points as a Word document (a user's briefing/NAME.docx sets the styles)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    base = user_templates / "briefing" / f"{template}.docx" if user_templates else None
    document = Document(str(base)) if base and base.is_file() else Document()
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
    front = {
        "title": findings.title,
        "kind": "briefing",
        "organisation": findings.partnership or partnership.name,
    }
    if findings.published:
        front["published"] = findings.published
    front["source"] = source
    meta = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10**6)
    return f"---\n{meta}---\n\n{markdown.strip()}\n"
