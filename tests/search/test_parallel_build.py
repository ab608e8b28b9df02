"""A build that reads files in worker processes writes the index a single process writes, in
both engines, and answers as it does."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.facade import Assistant
from assistant.search import _manifest
from assistant.search.index import PassageIndex
from tests.conftest import REPO, make_settings
from tests.search.test_reliability import answers


def whoosh_digest(folder: Path) -> tuple[str, str, dict[str, object]]:
    """Every posting, field length and stored passage of a Whoosh index, its spelling list and
    its manifest (less the time it was written)."""
    from whoosh import index as whoosh_index

    index = whoosh_index.open_dir(str(folder), indexname="passages")
    digest = hashlib.sha256()
    with index.searcher() as searcher:
        reader = searcher.reader()
        for name in sorted(reader.indexed_field_names()):
            for term in reader.lexicon(name):
                postings = reader.postings(name, term)
                while postings.is_active():
                    posting = (name, term, postings.id(), postings.weight(), postings.value())
                    digest.update(repr(posting).encode())
                    postings.next()
        for name in _manifest.SCORED:
            lengths = [reader.doc_field_length(n, name) for n in range(reader.doc_count_all())]
            digest.update(repr((name, reader.field_length(name), lengths)).encode())
        for _docnum, stored in reader.iter_docs():
            digest.update(repr(sorted(stored.items())).encode())
    index.close()
    manifest = json.loads((folder / _manifest.MANIFEST).read_text(encoding="utf-8"))
    manifest.pop("updated")
    return digest.hexdigest(), (folder / _manifest.SPELLING).read_text(), manifest


def read_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read in two worker processes, however few there are and however many processors:
    reading one in this process fails, so a build that did not use the workers fails too."""
    monkeypatch.setattr(_manifest, "PARALLEL_FROM", 1)
    monkeypatch.setattr(_manifest, "_processors", lambda: 2)

    def not_here(found: object) -> None:
        raise AssertionError(f"{found} was read in the building process")

    monkeypatch.setattr(_manifest, "read_file", not_here)


def test_whoosh_index_built_in_workers_is_the_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    PassageIndex(tmp_path / "serial").update([REPO / "knowledge"])
    with monkeypatch.context() as patched:
        read_in_workers(patched)
        report = PassageIndex(tmp_path / "parallel").update([REPO / "knowledge"])
    assert report.passages > 100
    assert whoosh_digest(tmp_path / "parallel") == whoosh_digest(tmp_path / "serial")


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_index_built_in_workers_answers_as_the_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    serial = Assistant(
        replace(make_settings(tmp_path / "serial", [REPO / "knowledge"]), engine=engine)
    )
    serial.update_index()
    expected = answers(serial)
    serial.close()
    with monkeypatch.context() as patched:
        read_in_workers(patched)
        settings = replace(
            make_settings(tmp_path / "parallel", [REPO / "knowledge"]), engine=engine
        )
        parallel = Assistant(settings)
        parallel.update_index()
    assert answers(parallel) == expected
    parallel.close()


def test_a_script_without_a_main_guard_is_built_in_one_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Each worker runs the main script again: one that builds at its top level would build
    # again in every worker (and wait for the lock its parent holds), so it reads files itself.
    import importlib.machinery
    import sys
    import types

    script = tmp_path / "script.py"
    script.write_text("PassageIndex(folder).update([knowledge])\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert not _manifest._workers_are_safe()
    script.write_text('if __name__ == "__main__":\n    build()\n', encoding="utf-8")
    assert _manifest._workers_are_safe()
    # ``python -m package`` runs the package's __main__, which workers never run again.
    script.write_text("build()\n", encoding="utf-8")
    main.__spec__ = importlib.machinery.ModuleSpec("package.__main__", None)
    assert _manifest._workers_are_safe()
