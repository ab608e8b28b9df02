"""The facade reads each glossary once, and a fresh process reads the parsed result back."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import glossary as glossary_module
from assistant.facade import Assistant
from tests.conftest import make_settings

GLOSSARY = """terms:
  - term: core group
    definition: The professionals who carry out the child protection plan.
    abbr: [CG]
"""


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    parsed: list[Path] = []
    real = glossary_module.parse_glossary

    def counting(path: Path, text: str) -> object:
        parsed.append(path)
        return real(path, text)

    monkeypatch.setattr(glossary_module, "parse_glossary", counting)
    return parsed


def test_each_glossary_is_parsed_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    settings = make_settings(tmp_path, [folder])
    parsed = count_parses(monkeypatch)

    assert [t.term for t in Assistant(settings).define("CG")] == ["core group"]
    assert parsed == [folder / "glossary.yaml"]  # once, not once to check and once to load
    assert [t.term for t in Assistant(settings).define("CG")] == ["core group"]
    assert len(parsed) == 1  # the next process reads the cache

    (folder / "glossary.yaml").write_text(GLOSSARY.replace("[CG]", "[CGM]"), encoding="utf-8")
    assert [t.term for t in Assistant(settings).define("CGM")] == ["core group"]
    assert len(parsed) == 2


def test_a_broken_glossary_is_reported_from_the_cache_too(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "glossary.yaml").write_text("terms: [oops\n", encoding="utf-8")
    settings = make_settings(tmp_path, [folder])
    first = Assistant(settings).problems()
    again = Assistant(settings).problems()
    assert first and first == again
    assert first[0].path.endswith("glossary.yaml")


def test_a_damaged_cache_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    settings = make_settings(tmp_path, [folder])
    Assistant(settings).glossary  # noqa: B018
    cache = settings.index_dir.with_name("glossary.pickle")
    cache.write_bytes(cache.read_bytes()[:-10])
    assert [t.term for t in Assistant(settings).define("CG")] == ["core group"]
