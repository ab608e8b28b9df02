"""Rendered outputs, shared by briefings and packs: their content, why one was refused, and
writing them without ever replacing an input or losing what they replace."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import AssistantError
from assistant.storage.atomic import write_bytes_atomic
from assistant.storage.reading import TextFileProblem, read_regular_file
from assistant.wording import counted

MAX_REPLACED_BYTES = 500_000_000
"""An existing output is read to be kept as a backup; one bigger than this (or a device: -o
/dev/zero would never end) is not written over."""


class RenderError(AssistantError):
    """An output that cannot be rendered, and why."""


class PrivacyBlocked(RenderError):
    """An output for publishing refused because something in it could identify a child or
    family; ``findings`` lists them in words ("a phone number: “07700 900123” in background")."""

    def __init__(self, findings: list[str]) -> None:
        self.findings = findings
        listed = "; ".join(findings[:5]) + ("; …" if len(findings) > 5 else "")
        super().__init__(
            counted(len(findings), "thing")
            + f" could identify a child or family ({listed}). Remove "
            "them, or list them under 'acknowledged:' if they are fine (a published author's "
            "name, say)"
        )


class OutputIsInput(RenderError):
    """An output that would be written over a file it is rendered from."""


@dataclass
class Rendered:
    """A rendered output: text for Markdown, HTML and plain text; bytes for Word, PowerPoint
    and PDF."""

    format: str
    content: str | bytes
    inputs: tuple[Path, ...] = field(default=())
    """Files it was rendered from besides the findings or pack (a logo, a Word template)."""

    @property
    def data(self) -> bytes:
        """The content as the bytes of the file."""
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")

    def write(self, path: Path, inputs: Iterable[Path] = ()) -> None:
        """Save atomically: never over ``inputs`` (the findings or pack file) or the files it
        was rendered from (OutputIsInput); an output it replaces is kept as ``NAME.bak``."""
        write_outputs([(self, path)], inputs)


def backup_path(path: Path) -> Path:
    """Where the output a render replaces is kept."""
    return path.with_name(path.name + ".bak")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_targets(outputs: Sequence[tuple[Rendered, Path]], inputs: Iterable[Path] = ()) -> None:
    """OutputIsInput when any output would be written over a file it is rendered from."""
    sources = list(inputs)
    for rendered, path in outputs:
        for source in [*sources, *rendered.inputs]:
            if _same_file(path, source):
                raise OutputIsInput(
                    f"{path} is a file it is rendered from ({source.name}); an output is never "
                    "written over an input, so choose another name for it"
                )


def write_outputs(outputs: Sequence[tuple[Rendered, Path]], inputs: Iterable[Path] = ()) -> None:
    """Write every output, or none: all are checked against the inputs first, each replaced
    file is kept as ``NAME.bak`` (unless it already holds the same bytes), and a failure part of
    the way puts back what was written before it."""
    check_targets(outputs, inputs)
    done: list[tuple[Path, bytes | None]] = []
    try:
        for rendered, path in outputs:
            data = rendered.data
            try:
                old: bytes | None = read_regular_file(path, MAX_REPLACED_BYTES)
            except FileNotFoundError:
                old = None
            except TextFileProblem as problem:
                raise RenderError(f"it cannot be written there: {problem.message}", path) from None
            if old is not None and old != data:
                write_bytes_atomic(backup_path(path), old)
            write_bytes_atomic(path, data)
            done.append((path, old))
    except BaseException as error:
        for path, old in reversed(done):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_bytes_atomic(path, old)
        if isinstance(error, OSError):
            where = Path(error.filename) if error.filename else None
            raise RenderError(f"it cannot be written ({error.strerror})", where) from None
        raise
