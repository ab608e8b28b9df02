"""The benchmark's own parts, on a corpus small enough for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench
from tests.conftest import make_settings


def test_sizes_are_read_as_passage_counts() -> None:
    assert bench.parse_sizes("bundled, 10k,2500") == [0, 10_000, 2_500]
    assert bench.parse_sizes(bench.DEFAULT_SIZES) == [0, 10_000, 50_000, 100_000]
    for wrong in ("ten", "0", "-5k"):
        with pytest.raises(ValueError, match="not a corpus size"):
            bench.parse_sizes(wrong)


def test_build_update_and_latency_rows_on_a_small_synthetic_corpus(tmp_path: Path) -> None:
    from assistant.facade import Assistant

    corpus = tmp_path / "corpus"
    files = bench.write_synthetic_corpus(corpus, 200)
    settings = make_settings(tmp_path, [corpus])
    table = bench.Table("small")
    report = bench.full_build(table, settings.index_dir, [corpus])
    assert report.passages >= 200 and not report.problems
    bench.incremental_update(table, settings.index_dir, [corpus], corpus / "synthetic-00000.md")
    assistant = Assistant(settings)
    try:
        bench.question_latency(table, assistant)
    finally:
        assistant.close()
    rows = dict(table.rows)
    assert files == 4
    assert "passages/s CPU" in rows["full build"]
    assert rows["  the report says"].startswith("0 added, 1 updated")
    assert "ms" in rows["plain Whoosh OR query, top 60 (CPU)"]
    assert f"({len(bench.QUESTIONS)} questions" in rows["answer p50 / p95 (CPU)"]
