"""Exporting a pack: the facilitator plan, handout and slides written where they were asked for,
all of them or none."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.publishing.rendered import Rendered, write_outputs
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
    pack: Pack,
    assistant: Assistant,
    targets: list[tuple[str, Path]],
    inputs: Iterable[Path] = (),
) -> tuple[list[Path], list[str]]:
    """Render each (output, file) through the user's templates or ours, then write them all:
    a render that fails writes nothing, and no output goes over ``inputs`` (the pack file) or
    is replaced without a backup. Returns the files written and the warnings about the
    evidence."""
    rendered: list[tuple[Rendered, Path]] = []
    warnings: list[str] = []
    for output, target in targets:
        result, warnings = render_pack(pack, output, assistant)
        rendered.append((result, target))
    write_outputs(rendered, inputs)
    return [target for _result, target in rendered], warnings
