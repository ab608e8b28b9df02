"""Anchors agree: every heading the index cites is where Textual's viewer looks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import MarkdownViewer

from assistant.corpus.markdown import headings, make_parser
from tests.conftest import REPO

BUNDLED = sorted((REPO / "knowledge").glob("*.md"))


class Viewer(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkdownViewer(parser_factory=make_parser, open_links=False)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
async def test_every_bundled_heading_anchor_is_found_by_the_viewer(path: Path) -> None:
    from textual._slug import TrackedSlugs

    text = path.read_text(encoding="utf-8")
    ours = [heading.anchor for heading in headings(make_parser().parse(text))]
    assert ours, path
    app = Viewer()
    async with app.run_test(size=(100, 30)) as pilot:
        viewer = app.query_one(MarkdownViewer)
        await viewer.document.update(text)
        await pilot.pause()
        slugs = TrackedSlugs()
        theirs = [slugs.slug(title) for _level, title, _id in viewer.document.table_of_contents]
        assert theirs == ours
        for anchor in ours:
            assert viewer.document.goto_anchor(anchor), anchor
