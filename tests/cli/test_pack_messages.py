"""A pack file that is not there is named once, in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main


def test_a_missing_pack_is_named_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["pack", "check", "missing.yaml"]) == 1
    err = capsys.readouterr().err
    assert "missing.yaml: there is no such file" in err
    assert err.count("missing.yaml") == 1
