"""Rendering a briefing and its action plan: Markdown, HTML and text through templates, Word
through python-docx, PDF by printing the HTML."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any

from assistant.briefing.findings import CheckReport, Findings, reading_time
from assistant.config import Partnership, Settings
from assistant.corpus.documents import front_matter
from assistant.corpus.sources import month_text
from assistant.publishing.colours import partnership_colours
from assistant.publishing.gate import refuse_unacknowledged
from assistant.publishing.pdf import print_to_pdf
from assistant.publishing.rendered import Rendered, RenderError
from assistant.publishing.templates import render_template, user_template_file
from assistant.wording import counted

FORMATS = ("md", "html", "docx", "txt", "pdf")
PUBLISHABLE = ("html", "docx", "pdf")
"""Formats that are published: placeholders and privacy findings must be resolved first."""
TEMPLATES = ("default", "action-plan")
"""Our templates: the briefing itself, and the action plan a team fills in after using it."""


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
    findings: Findings,
    partnership: Partnership,
    privacy_override: str = "",
    draft: list[str] | None = None,
) -> dict[str, Any]:
    """What the templates see."""
    primary, accent = partnership_colours(partnership)
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
    return {
        "briefing": {
            "title": findings.title,
            "published": month_text(findings.published) if findings.published else "",
            "audience": findings.audience,
            "source": findings.source,
            "audit": findings.audit,
            "points": points,
            "key_learning": list(findings.key_learning),
            "actions": points[5]["actions"],
            "questions": list(findings.reflection_questions),
            "words": findings.words,
            "reading_time": reading_time(findings.words),
            "compact": findings.words > COMPACT_WORDS,
        },
        "partnership": {
            "name": findings.partnership or partnership.name,
            "logo": _logo(partnership),
            "primary_colour": primary.hex,
            "accent_colour": accent.hex,
        },
        "privacy_override": privacy_override,
        "draft": draft or [],
    }


COMPACT_WORDS = 520
"""Past this many words the page is set a little tighter, so it still fits one A4 page."""


def default_output(findings_path: Path, fmt: str, template: str = "default") -> Path:
    """Where a render goes when no file is named: beside the findings, ``NAME.FORMAT`` for the
    briefing and ``NAME.TEMPLATE.FORMAT`` for any other template (so they never collide)."""
    name = Path(template).name.removesuffix(".j2")
    if name in ("default", ""):
        return findings_path.with_suffix(f".{fmt}")
    return findings_path.with_name(f"{findings_path.stem}.{name.split('.')[0]}.{fmt}")


def render(
    report: CheckReport,
    fmt: str,
    settings: Settings,
    template: str = "default",
    allow_identifying: str = "",
) -> Rendered:
    """Render a checked briefing (or, with ``template="action-plan"``, its action plan) through
    the user's templates or ours; RenderError says why it cannot be (PrivacyBlocked when
    something could identify a child or family)."""
    if fmt not in FORMATS:
        raise RenderError(f"the format must be one of {', '.join(FORMATS)}")
    if report.findings is None:
        raise RenderError("the findings file has problems to fix first")
    blocking = [issue for issue in report.problems if issue.severity != "placeholder"]
    if blocking:
        raise RenderError(f"the findings file has {counted(len(blocking), 'problem')} to fix first")
    if fmt in PUBLISHABLE:
        if report.placeholders:
            raise RenderError(
                counted(len(report.placeholders), "placeholder")
                + f" from the starter still to fill in (first: {report.placeholders[0]})"
            )
        if not allow_identifying:
            refuse_unacknowledged(report.privacy)
    draft = [] if fmt in PUBLISHABLE else report.draft_reasons()
    values = context(report.findings, settings.partnership, allow_identifying, draft)
    inputs = (settings.partnership.logo,) if settings.partnership.logo else ()
    if fmt == "pdf":
        html = render(report, "html", settings, template, allow_identifying)
        return Rendered(fmt, print_to_pdf(str(html.content), pages=1), html.inputs)
    if fmt == "docx":
        from assistant.briefing import _word

        styles = user_template_file(settings, f"briefing/{template}.docx")
        build = _word.action_plan if template == "action-plan" else _word.briefing
        styled = (*inputs, styles) if styles else inputs
        return Rendered(fmt, build(values, styles), styled)
    name = template if template.endswith(".j2") else f"briefing/{template}.{fmt}.j2"
    return Rendered(fmt, render_template(settings, name, values), inputs)


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
