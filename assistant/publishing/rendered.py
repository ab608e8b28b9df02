"""Rendered outputs, shared by briefings and packs: their content, and why one was refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.storage.atomic import write_bytes_atomic, write_text_atomic


class RenderError(AssistantError):
    """An output that cannot be rendered, and why."""


class PrivacyBlocked(RenderError):
    """An output for publishing refused because something in it could identify a child or
    family; ``findings`` lists them in words ("a phone number: “07700 900123” in background")."""

    def __init__(self, findings: list[str]) -> None:
        self.findings = findings
        listed = "; ".join(findings[:5]) + ("; …" if len(findings) > 5 else "")
        super().__init__(
            f"{len(findings)} thing(s) could identify a child or family ({listed}). Remove "
            "them, or list them under 'acknowledged:' if they are fine (a published author's "
            "name, say)"
        )


@dataclass
class Rendered:
    """A rendered output: text for Markdown, HTML and plain text; bytes for Word and PowerPoint."""

    format: str
    content: str | bytes

    def write(self, path: Path) -> None:
        """Save atomically."""
        if isinstance(self.content, bytes):
            write_bytes_atomic(path, self.content)
        else:
            write_text_atomic(path, self.content)
