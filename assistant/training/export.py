"""Exporting a pack: the facilitator plan, handout and slides written where they were asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.training.pack import Pack
from assistant.training.render import OUTPUTS, render_pack

if TYPE_CHECKING:
    from assistant.facade import Assistant


def targets_in(
    folder: Path, name: str, outputs: tuple[str, ...] = OUTPUTS
) -> list[tuple[str, Path]]:
    """Each output beside the others in ``folder``: ``NAME.plan.md``, ``NAME.slides.pptx``…"""
    return [(output, folder / f"{name}.{output}") for output in outputs]


def export_pack(
    pack: Pack, assistant: Assistant, targets: list[tuple[str, Path]]
) -> tuple[list[Path], list[str]]:
    """Render each (output, file) through the user's templates or ours and write it; returns the
    files written and the warnings about the evidence."""
    written: list[Path] = []
    warnings: list[str] = []
    for output, target in targets:
        rendered, warnings = render_pack(pack, output, assistant)
        rendered.write(target)
        written.append(target)
    return written, warnings
