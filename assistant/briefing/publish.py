"""Publishing a briefing into the knowledge base, so practitioners can ask about what it says."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.briefing.findings import CheckReport
from assistant.briefing.render import knowledge_file, render
from assistant.publishing.gate import refuse_unacknowledged
from assistant.publishing.rendered import RenderError
from assistant.search.model import IndexReport
from assistant.storage.atomic import write_text_atomic
from assistant.wording import counted

if TYPE_CHECKING:
    from assistant.facade import Assistant


def publish_briefing(
    assistant: Assistant, report: CheckReport, findings_path: Path, allow_identifying: str = ""
) -> tuple[Path, IndexReport]:
    """Write the briefing as ``briefing-NAME.md`` (kind: briefing) into the user's knowledge
    folder and bring the index up to date; PrivacyBlocked while a privacy finding stands, and
    RenderError while a placeholder is still to fill in."""
    settings = assistant.settings
    if report.placeholders:
        raise RenderError(f"{counted(len(report.placeholders), 'placeholder')} still to fill in")
    if not allow_identifying:
        refuse_unacknowledged(report.privacy)
    markdown = render(report, "md", settings, allow_identifying=allow_identifying).content
    assert isinstance(markdown, str) and report.findings is not None  # as render checked
    target = settings.user_knowledge_dir / f"briefing-{findings_path.stem}.md"
    text = knowledge_file(report.findings, settings.partnership, markdown, findings_path.name)
    write_text_atomic(target, text)
    return target, assistant.update_index()
