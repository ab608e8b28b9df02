"""PDF by printing our HTML in a headless Chromium, where the machine has one (never required)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.publishing.rendered import RenderError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The browsers that print a page to PDF headless, by the names their packages install."""
PRINT_SECONDS = 120
"""A browser that takes longer than this to print one page has hung."""
# Offline and quiet: no first-run set-up, no updates, no sync, no sandbox (which needs
# privileges a container may not give), and no header or footer of the browser's own.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


def find_browser() -> Path | None:
    """The headless browser used for PDF, if the machine has one."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has (its page objects, which every PDF writer lists)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def print_to_pdf(html: str, pages: int | None = None) -> bytes:
    """``html`` (a self-contained page) printed to PDF; with ``pages``, RenderError unless it
    fits in that many. RenderError says plainly when the machine has no browser to print with."""
    browser = find_browser()
    if browser is None:
        raise RenderError(
            "PDF needs a Chromium browser to print with, and none is installed here "
            "(Debian and Ubuntu: apt-get install chromium); HTML prints the same page from "
            "any browser"
        )
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        target = Path(folder) / "page.pdf"
        command = [
            str(browser),
            *_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=PRINT_SECONDS,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "HOME": folder},
            )
            pdf = target.read_bytes()
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"{browser.name} did not print the page within {PRINT_SECONDS} s"
            ) from None
        except (subprocess.CalledProcessError, OSError) as error:
            raise RenderError(f"{browser.name} could not print the page ({error})") from None
    count = page_count(pdf)
    if pages is not None and count > pages:
        raise RenderError(
            f"it prints on {count} A4 pages, not {pages}: shorten the points that take "
            "longest to read aloud"
        )
    return pdf
