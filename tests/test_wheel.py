"""The built wheel carries the knowledge and templates and answers from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (dependencies borrowed from ours)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
    )
    wheel = next((root / "dist").glob("briefing_assistant-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
    )
    # The dependencies are already installed here; a .pth line lends them without a download.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "borrowed-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return venv


def test_wheel_answers_from_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ASSISTANT_HOME": str(tmp_path / "home")}
    env.pop("ASSISTANT_KNOWLEDGE", None)
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import assistant.locations as l; print(l.bundled_knowledge_dir()); "
            "print(l.bundled_templates_dir())",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert all(str(installed) in path for path in where), where
    assert (Path(where[0]) / "glossary.yaml").exists()
    result = subprocess.run(
        [str(installed / "bin" / "assistant"), "ask", "who has to agree a third CP plan?"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    assert "Head of Service" in result.stdout
    assert str(installed) in result.stdout  # the cited file is the installed copy


def test_the_privacy_checks_word_lists_ship_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    probe = (
        "from assistant.publishing.privacy import find_identifying, _vocabulary\n"
        "print(len(_vocabulary().given) > 10000, len(_vocabulary().surnames) > 10000)\n"
        "print(find_identifying('Aaliyah told the health visitor she was scared.')[0].kind)\n"
    )
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert result.stdout.split() == ["True", "True", "name"]
