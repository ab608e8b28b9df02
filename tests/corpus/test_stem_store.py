"""The stem store: the stems a fresh process looks up are the ones Snowball gives, and a
missing, stale or damaged store only means stemming again."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import words
from assistant.facade import STEM_STORE, Assistant
from tests.conftest import REPO, make_settings

TEXT = "Planning meetings were escalated to the Head of Service; plans ended prematurely."


MAKE = """
import sys
from pathlib import Path
from assistant.corpus import words
words.use_stem_store(Path(sys.argv[1]))
words.analyse(sys.argv[2])
words.save_stems()
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of the words in TEXT, made by a fresh process (this one has met them before)."""
    path = tmp_path / "stems.sqlite"
    subprocess.run([sys.executable, "-c", MAKE, str(path), TEXT], check=True)
    return path


def _stored(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT word, stem FROM stems"))


def test_the_stored_stems_are_snowballs(store: Path) -> None:
    stored = _stored(store)
    assert {"planning", "escalated", "prematurely"} <= set(stored)
    for word, stem in stored.items():
        assert stem == words._snowball(word), word


BUILD = """
import sys
from pathlib import Path
from assistant.facade import Assistant
from tests.conftest import make_settings
Assistant(make_settings(Path(sys.argv[1]), [Path(sys.argv[2])])).update_index()
"""


def test_an_index_update_stores_every_word_of_the_knowledge_base(tmp_path: Path) -> None:
    knowledge = REPO / "knowledge"
    subprocess.run([sys.executable, "-c", BUILD, str(tmp_path), str(knowledge)], check=True)
    stored = _stored(tmp_path / STEM_STORE)
    assistant = Assistant(make_settings(tmp_path, [knowledge]))
    # The glossary's passages are indexed by their terms, not their wording: a question
    # that meets their words stores them.
    documents = [info for info in assistant.documents() if info.kind != "glossary"]
    texts = [hit.text for info in documents for hit in assistant.passages_of(info.doc_id)]
    assistant.close()
    wanted = {token.lower() for text in texts for token in words.TOKEN.findall(text)}
    wanted -= words.STOP_WORDS
    assert len(wanted) > 1000 and wanted <= set(stored)
    for word in sorted(wanted):
        assert stored[word] == words._snowball(word), word


FRESH = """
import sys
from assistant.corpus import words
words.use_stem_store(__import__("pathlib").Path(sys.argv[1]))
print(words.analyse(sys.argv[2]))
print("snowball" if "whoosh.lang.snowball" in sys.modules else "no snowball")
"""


def _fresh(store: Path, text: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", FRESH, str(store), text], capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_a_fresh_process_reads_its_stems_from_the_store(store: Path) -> None:
    stems, stemmer = _fresh(store, TEXT)
    assert stems == str(words.analyse(TEXT))
    assert stemmer == "no snowball"  # every word was in the store


def test_a_word_not_in_the_store_is_stemmed(store: Path) -> None:
    stems, stemmer = _fresh(store, TEXT + " safeguarding")
    assert stems == str(words.analyse(TEXT + " safeguarding"))
    assert stemmer == "snowball"


def test_a_store_from_another_stemmer_is_not_read(store: Path) -> None:
    with sqlite3.connect(store) as db:
        db.execute("UPDATE stems SET stem = 'wrong'")
        db.execute("UPDATE about SET value = 'another stemmer'")
    stems, stemmer = _fresh(store, TEXT)
    assert stems == str(words.analyse(TEXT)) and "wrong" not in stems
    assert stemmer == "snowball"


def test_a_damaged_store_is_stemmed_around_and_made_again(store: Path) -> None:
    store.write_bytes(b"not a database at all " * 100)
    stems, _stemmer = _fresh(store, TEXT)
    assert stems == str(words.analyse(TEXT))
    words.use_stem_store(store)
    words.analyse(f"{TEXT} {store.parent.name}x")
    words.save_stems()  # finds it damaged and removes it
    words.analyse(f"{TEXT} {store.parent.name}y")
    words.save_stems()  # makes it again
    assert f"{store.parent.name}y".lower() in _stored(store)


def test_a_busy_store_is_left_as_it_is(store: Path) -> None:
    before = _stored(store)
    holder = sqlite3.connect(store)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing to it
    try:
        words.use_stem_store(store)
        words.analyse(f"{TEXT} {store.parent.name}z")
        words.save_stems()  # gives up after its timeout
    finally:
        holder.rollback()
        holder.close()
    assert store.is_file() and _stored(store) == before
