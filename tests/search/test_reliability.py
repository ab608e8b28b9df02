"""The index under faults: updates that answer as rebuilds, vanishing files, two processes,
damage, full disks and read-only folders, symlinked folders."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant import locations
from assistant.facade import Assistant
from assistant.search import index as index_module
from assistant.search.index import IndexUnwritable, PassageIndex
from assistant.search.model import Clause
from assistant.training.evidence import gather
from tests.conftest import REPO, make_settings, write_knowledge

QUESTIONS = [
    "who signs off a 3rd CP plan",
    "DC signs",
    "soton GP input at ICPC",
    "how often are RCPCs held",
    "what does PLO stand for",
    "how long should change last before we de-plan?",
    "national average repeat CPP rate 2013",
    "in how many Southampton families was DC not identified?",
    "chronolgy for repeat plans - who updates it?",
    "negelct category repeat plans",
    "mum says she's engaging but nothing changes",
    "kind:audit supervision",
]


def answers(assistant: Assistant) -> list[tuple[Any, ...]]:
    """What each question gets: the answer's text and its citations with their scores."""
    found = []
    for question in QUESTIONS:
        answer = assistant.ask(question)
        cited = [(c.hit.pid, round(c.hit.score, 9)) for c in answer.citations]
        found.append((question, answer.markdown(), cited))
    return found


def index_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def copy_of_bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(REPO / "knowledge", folder)
    return folder


# -- 9.5: an updated index answers exactly as a rebuilt one --------------------------------


def test_an_updated_index_answers_as_a_rebuilt_one(tmp_path: Path) -> None:
    corpus = copy_of_bundled(tmp_path)
    updated = Assistant(make_settings(tmp_path / "updated", [corpus]))
    updated.update_index()
    files = sorted(corpus.glob("*.md"))
    extra = "\n\n## Added later\n\nThe core group meets every six weeks to review the plan.\n"
    for round_number in range(6):
        # Edit a different file each time, as a partnership revising its documents would.
        path = files[round_number % len(files)]
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
        report = updated.update_index(thorough=False)
        assert report.updated == 1 and not report.rebuilt
    (corpus / files[0].name).unlink()
    write_knowledge(corpus, "later", "## Supervision\n\nSupervision of the plan is monthly.\n")
    assert updated.update_index(thorough=False).rebuilt is False

    rebuilt = Assistant(make_settings(tmp_path / "rebuilt", [corpus]))
    rebuilt.update_index(rebuild=True)
    assert answers(updated) == answers(rebuilt)
    for word in ("plan", "disguis", "supervis", "core", "southampton"):
        for field_name in ("body", "heading", "meta"):
            assert updated.index.document_frequency(
                field_name, word
            ) == rebuilt.index.document_frequency(field_name, word)
    assert updated.index.passage_count() == rebuilt.index.passage_count()
    for word in ("chronolgy", "negelct", "supervison", "conferance"):
        assert updated.index.suggest(word) == rebuilt.index.suggest(word)
    # Segments mostly deleted are merged away: the index stays near a rebuilt one's size.
    updated_size = index_size(updated.settings.index_dir)
    assert updated_size < 1.5 * index_size(rebuilt.settings.index_dir)


def test_equal_scores_rank_in_rebuild_order_after_an_update(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    same = "## Plans\n\nA repeat plan needs the agreement of the Head of Service.\n"
    for name in ("a", "b", "c"):
        write_knowledge(folder, name, same)
    assistant = Assistant(make_settings(tmp_path, [folder]))
    assistant.update_index()
    before = [hit.doc_id for hit in assistant.search(_clauses("agreement"))]
    assert before == ["a", "b", "c"]
    # Rewriting "a" moves its passage to a new segment, after the others in Whoosh's order.
    write_knowledge(folder, "a", same.replace("Plans", "Repeat plans"))
    assistant.update_index(thorough=False)
    write_knowledge(folder, "a", same)
    assert assistant.update_index(thorough=False).updated == 1
    assert [hit.doc_id for hit in assistant.search(_clauses("agreement"))] == before


def test_equal_scores_rank_in_rebuild_order_when_a_segment_is_kept(tmp_path: Path) -> None:
    # One file in six rewritten leaves its old segment unmerged (a sixth deleted), so the
    # passage's number comes after the others': ties are put in order by the key alone.
    folder = tmp_path / "knowledge"
    same = "## Plans\n\nA repeat plan needs the agreement of the Head of Service.\n"
    names = ["a", "b", "c", "d", "e", "f"]
    for name in names:
        write_knowledge(folder, name, same)
    assistant = Assistant(make_settings(tmp_path, [folder]))
    assistant.update_index()
    write_knowledge(folder, "a", same.replace("Head", "head"))
    assert assistant.update_index(thorough=False).updated == 1
    with assistant.index.searcher() as searcher:  # type: ignore[attr-defined]
        assert len(list(searcher.reader().leaf_readers())) == 2
    assert [hit.doc_id for hit in assistant.search(_clauses("agreement"))] == names
    phrase = [Clause("body", ("agreement", "head"))]
    assert [hit.doc_id for hit in assistant.search(phrase)] == names


def _clauses(word: str) -> list[Any]:
    from assistant.search.model import Clause

    return [Clause("body", (word,))]


# -- 9.12: a file deleted while the index is built -----------------------------------------


def test_a_file_deleted_during_indexing_leaves_the_rest_indexed(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    for name in ("a", "b", "c"):
        write_knowledge(folder, name, f"## {name}\n\nThe core group for {name} meets monthly.\n")

    def remove_the_next(done: int, total: int, path: str) -> None:
        if Path(path).name == "a.md":
            (folder / "b.md").unlink()

    assistant = Assistant(make_settings(tmp_path, [folder]))
    report = assistant.update_index(progress=remove_the_next)
    assert (report.documents, report.problems) == (2, [])
    assert sorted(d.doc_id for d in assistant.documents()) == ["a", "c"]
    assert not assistant.index.is_stale([folder])
    assert "monthly" in assistant.ask("when does the core group for c meet").markdown()


# -- 9.13: two processes at once --------------------------------------------------------------

_WORKER = """
import json, sys
from assistant.facade import Assistant
job = sys.argv[1]
assistant = Assistant()
if job == "rebuild":
    report = assistant.update_index(rebuild=True)
    print(json.dumps({"passages": report.passages}))
else:
    answer = assistant.ask("who has to agree a third child protection plan")
    cited = [c.hit.doc_id for c in answer.citations]
    print(json.dumps({"declined": answer.declined, "cited": cited}))
"""


def test_two_processes_indexing_and_asking_on_a_fresh_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    corpus = copy_of_bundled(tmp_path)
    doomed = write_knowledge(corpus, "doomed", "## Gone\n\nThis file is removed mid-build.\n")
    env = {
        **os.environ,
        locations.HOME_VARIABLE: str(home),
        locations.KNOWLEDGE_VARIABLE: str(corpus),
    }
    home.mkdir()
    (home / "config.toml").write_text("include_bundled = false\n", encoding="utf-8")
    jobs = ["ask", "ask", "rebuild", "rebuild", "ask"]
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, job],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    doomed.unlink()
    results = []
    for job, process in zip(jobs, running, strict=True):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        results.append((job, json.loads(out.strip().splitlines()[-1])))
    for job, result in results:
        if job == "ask":
            assert not result["declined"]
            assert result["cited"][0] == "003_18bfe3a9f94b0d35"
    index = PassageIndex(home / "cache" / "index")
    assert index.problem_with_index(thorough=True) == ""
    assert not list((home / "cache").glob("index.new*"))


# -- 9.14: damage a question does not see --------------------------------------------------


def _damage_stored_passages(index_dir: Path) -> None:
    """Overwrite most of the stored passages (a segment's compressed stored fields)."""
    stored = max(index_dir.glob("*_stored.col"), key=lambda path: path.stat().st_size)
    data = bytearray(stored.read_bytes())
    # Most passages' stored text, so that any search reading a few of them meets the damage.
    start, end = len(data) // 10, len(data) * 9 // 10
    data[start:end] = b"\xff" * (end - start)
    stored.write_bytes(bytes(data))


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_damage_only_reading_finds_is_repaired_for_packs_and_by_index(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, [copy_of_bundled(tmp_path)])
    Assistant(settings).update_index()
    _damage_stored_passages(settings.index_dir)
    assert PassageIndex(settings.index_dir).problem_with_index() == ""  # the quick check passes
    messages: list[str] = []
    evidence = gather(Assistant(settings, notify=messages.append), "disguised compliance")
    assert evidence.items and any("damaged" in message for message in messages), messages

    _damage_stored_passages(settings.index_dir)
    report = Assistant(settings).update_index()  # what `assistant index` does
    assert report.rebuilt and "cannot be read" in report.reason
    assert PassageIndex(settings.index_dir).problem_with_index(thorough=True) == ""


# -- 9.17: a full disk and a read-only home ------------------------------------------------


def _failing_writes(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Every new index file fails as a full disk or a read-only folder would."""
    from whoosh.filedb.filestore import FileStorage

    def refuse(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        raise OSError(number, os.strerror(number), os.path.join(self.folder, name))

    monkeypatch.setattr(FileStorage, "create_file", refuse)


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES])
def test_an_unwritable_index_still_answers_from_what_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int
) -> None:
    corpus = copy_of_bundled(tmp_path)
    settings = make_settings(tmp_path, [corpus])
    Assistant(settings).update_index()
    write_knowledge(corpus, "new", "## New\n\nA new procedure on core groups.\n")
    _failing_writes(monkeypatch, number)
    messages: list[str] = []
    assistant = Assistant(settings, notify=messages.append)
    answer = assistant.ask("who signs off a 3rd CP plan")
    assert not answer.declined
    assert any(os.strerror(number) in m and "as it stands" in m for m in messages)
    with pytest.raises(IndexUnwritable, match=os.strerror(number)):
        assistant.update_index()


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES])
def test_no_index_and_an_unwritable_disk_is_a_message_not_a_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    number: int,
) -> None:
    from assistant import cli

    _failing_writes(monkeypatch, number)
    assert cli.main(["ask", "who signs off a 3rd CP plan"]) != 0
    err = capsys.readouterr().err
    assert os.strerror(number) in err and "Traceback" not in err
    assert "writer is closed" not in err


# -- 9.11: symlinked folders and loops -------------------------------------------------------


def test_symlinked_folders_index_once_and_the_index_stays_fresh(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(folder, "a", "## A\n\nThe core group meets monthly.\n")
    elsewhere = tmp_path / "elsewhere"
    write_knowledge(elsewhere, "b", "## B\n\nSupervision is every four weeks.\n")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # back up the tree
    (folder / "self.md").symlink_to(folder / "self.md")  # a link to itself
    assistant = Assistant(make_settings(tmp_path, [folder]))
    report = assistant.update_index()
    assert report.documents == 2
    manifest = json.loads(assistant.index.manifest_path.read_text(encoding="utf-8"))
    assert sorted(Path(path).relative_to(folder).as_posix() for path in manifest["files"]) == [
        "a.md",
        "linked/b.md",
    ]
    assert not assistant.index.is_stale([folder])
    assert "four weeks" in assistant.ask("how often is supervision").markdown()
    assert assistant.ensure_index() is None  # nothing re-indexed on the next question


def test_the_walk_order_key_sorts_as_the_walk(tmp_path: Path) -> None:
    from assistant.corpus.knowledge_files import find_files

    folder = tmp_path / "knowledge"
    for name in ("z", "b/a", "b/c/d", "a b", "ab/x", "b0"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_knowledge(folder, name, "## S\n\nText.\n")
    found = find_files([folder, tmp_path / "missing"])
    assert [f.key for f in found] == sorted(f.key for f in found)


def test_schema_version_is_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(folder, "a", "## A\n\nText.\n")
    assistant = Assistant(make_settings(tmp_path, [folder]))
    assistant.update_index()
    manifest = json.loads(assistant.index.manifest_path.read_text(encoding="utf-8"))
    assert manifest["schema"] == index_module.SCHEMA_VERSION


def test_a_rebuild_killed_half_way_leaves_nothing_behind_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(folder, "a", "## A\n\nThe core group meets monthly.\n")
    settings = make_settings(tmp_path, [folder])
    left = settings.index_dir.with_name("index.new-99999")
    left.mkdir(parents=True)
    (left / "junk").write_text("half a segment", encoding="utf-8")
    Assistant(settings).update_index(rebuild=True)
    assert not left.exists()
    assert "monthly" in Assistant(settings).ask("when does the core group meet").markdown()


def test_document_ids_and_walk_keys_are_those_of_the_paths(tmp_path: Path) -> None:
    # Worked out from the walk's strings for speed: the same as pathlib makes of each path.
    import re

    from assistant.corpus.knowledge_files import find_files

    folder = tmp_path / "know ledge"
    names = ["z", "b/a.b", "b/c/d e", "a..b", "ab/x-y", "ünï/cödé", "b0", "sub/glossary"]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_knowledge(folder, name, "## S\n\nText.\n")
    (folder / "sub" / "glossary.md").rename(folder / "sub" / "glossary.yaml")
    found = find_files([folder])
    assert len(found) == len(names)
    for item in found:
        relative = item.path.relative_to(folder)
        expected = re.sub(r"[^\w/.-]+", "-", relative.with_suffix("").as_posix())
        assert item.doc_id == expected
        *folders, name = relative.parts
        assert item.key == "0000\x01" + "".join(f"1{p}\x00" for p in folders) + f"0{name}"
