"""The tantivy engine: the same passages, scores and order as the Whoosh index, the same index
life (updates, removals, filters, problems), and the same evaluation figures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import ConfigError, Settings
from assistant.facade import Assistant
from assistant.search.model import Clause, Filters
from tests.conftest import REPO, make_settings, write_knowledge

SHARED = REPO.parent.parent / "shared" if (REPO.parent.parent / "shared").is_dir() else None
SHARED = SHARED or (REPO.parent / "shared" if (REPO.parent / "shared").is_dir() else None)


def tantivy_settings(root: Path, knowledge: list[Path]) -> Settings:
    return replace(make_settings(root, knowledge), engine="tantivy")


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Assistant]]:
    """The bundled knowledge in each engine."""
    root = tmp_path_factory.mktemp("engines")
    whoosh = Assistant(make_settings(root / "whoosh", [REPO / "knowledge"]))
    tantivy = Assistant(tantivy_settings(root / "tantivy", [REPO / "knowledge"]))
    whoosh.update_index()
    tantivy.update_index()
    yield whoosh, tantivy
    whoosh.close()
    tantivy.close()


def test_tantivy_ranks_every_question_as_whoosh_does(engines: tuple[Assistant, Assistant]) -> None:
    from assistant.answering._ranking import CANDIDATES, search_clauses
    from benchmarks.bench import QUESTIONS

    whoosh, tantivy = engines
    assert type(tantivy.index).__name__ == "TantivyIndex"
    compared = 0
    for question in QUESTIONS:
        read = whoosh.read(question)
        clauses = search_clauses(
            read, whoosh.index.passage_count(), whoosh.index.document_frequency
        )
        for filters in (read.filters, Filters(kind="audit"), Filters(since=2018)):
            expected = whoosh.index.search(clauses, filters, CANDIDATES, "glossary")
            found = tantivy.index.search(clauses, filters, CANDIDATES, "glossary")
            assert [(h.pid, h.score) for h in found] == [(h.pid, h.score) for h in expected]
            compared += bool(found)
    assert compared > 100


def test_phrases_filters_and_word_statistics_agree(engines: tuple[Assistant, Assistant]) -> None:
    whoosh, tantivy = engines
    phrases = [
        [Clause("body", ("disguis", "complianc"), slop=2)],
        [Clause("body", ("child", "protect", "plan")), Clause("heading", ("review",), 2.0)],
        [Clause("meta", ("southampton",)), Clause("body", ("core", "group"), 0.5)],
    ]
    for clauses in phrases:
        for filters in (
            None,
            Filters(organisation="cheshire east"),
            Filters(kind="procedure", since=2019),
        ):
            expected = whoosh.index.search(clauses, filters, 200, "glossary")
            found = tantivy.index.search(clauses, filters, 200, "glossary")
            assert [(h.pid, h.score) for h in found] == [(h.pid, h.score) for h in expected]
            assert expected or filters
    for field_name, word in [("body", "plan"), ("heading", "review"), ("meta", "audit")]:
        assert whoosh.index.document_frequency(field_name, word) == (
            tantivy.index.document_frequency(field_name, word)
        )
    assert whoosh.index.passage_count() == tantivy.index.passage_count()
    for word in ("disgused", "optimisim", "chronolgy"):
        assert whoosh.index.suggest(word) == tantivy.index.suggest(word)
    doc_id = whoosh.index.documents()[0].doc_id
    assert [h.pid for h in whoosh.index.passages_of(doc_id)] == [
        h.pid for h in tantivy.index.passages_of(doc_id)
    ]
    assert len(tantivy.index.passages_of(doc_id)) > 1


def test_glossary_entries_are_looked_up_by_their_term(engines: tuple[Assistant, Assistant]) -> None:
    for assistant in engines:
        entry = assistant.index.glossary_entry("Disguised Compliance")
        assert entry is not None and entry.section.lower() == "disguised compliance"
        assert entry.kind == "glossary"
        assert assistant.index.glossary_entry("no such term at all") is None
        definition = assistant.definition("DC")
        assert definition is not None and definition.pid == entry.pid


def test_organisation_words_are_split_as_whooshs_org_field(
    engines: tuple[Assistant, Assistant],
) -> None:
    from whoosh.analysis import StandardAnalyzer

    from assistant.search.tantivy_index import _ORG_WORD

    analyzer = StandardAnalyzer(stoplist=None, minsize=1)
    names = [d.organisation for d in engines[0].index.documents()]
    names += ["St. Helens SCP", "Bath & N.E. Somerset", "Brighton-and-Hove", "Ynys Môn 2.0"]
    for name in names:
        assert _ORG_WORD.findall(name.lower()) == [t.text for t in analyzer(name)]


def test_an_updated_tantivy_index_answers_as_whoosh(tmp_path: Path) -> None:
    from tests.search.test_reliability import answers

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "knowledge", corpus)
    updated = Assistant(tantivy_settings(tmp_path / "updated", [corpus]))
    report = updated.update_index()
    assert report.rebuilt and report.passages > 100
    files = sorted(corpus.glob("*.md"))
    extra = "\n\n## Added later\n\nThe core group meets every six weeks to review the plan.\n"
    for path in files[:3]:
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
        changed = updated.update_index(thorough=False)
        assert (changed.updated, changed.rebuilt) == (1, False)
    files[3].unlink()
    write_knowledge(corpus, "later", "## Supervision\n\nSupervision of the plan is monthly.\n")
    changed = updated.update_index(thorough=False)
    assert (changed.added, changed.removed, changed.rebuilt) == (1, 1, False)
    assert updated.index.passage(f"{files[3].stem}#top") is None
    again = updated.update_index()  # thorough: reads every stored passage
    assert not again.changed and not again.rebuilt

    whoosh = Assistant(make_settings(tmp_path / "whoosh", [corpus]))
    whoosh.update_index()
    assert answers(updated) == answers(whoosh)
    for word in ("plan", "core", "supervis"):
        assert updated.index.document_frequency("body", word) == whoosh.index.document_frequency(
            "body", word
        )
    assert updated.index.suggest("superviison") == whoosh.index.suggest("superviison")
    updated.close()
    whoosh.close()


def test_tantivy_index_life(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write_knowledge(
        folder,
        "procedure",
        "## Third plans\n\nA third plan needs the agreement of the Head of Service.\n",
        organisation="North SCP",
        published="2023-01",
    )
    (folder / "broken.md").write_text("---\ntitle: [oops\nkind: audit\n---\n\nText\n", "utf-8")
    assistant = Assistant(tantivy_settings(tmp_path, [folder]))
    assistant.update_index()
    assert [p.line for p in assistant.index.problems()] == [3]
    hits = assistant.index.search([Clause("body", ("servic",))])
    assert [h.pid for h in hits] == ["procedure#third-plans"]
    assert assistant.index.search([Clause("body", ("servic",))], Filters(since=2024)) == []
    assert not assistant.index.is_stale([folder])
    assert "Head of Service" in assistant.ask("who agrees a third plan").markdown()
    # Another engine's index in the folder, or a damaged one, is rebuilt.
    assistant.close()
    index_dir = assistant.index.directory
    assert index_dir.name.endswith("-tantivy")
    for segment in index_dir.glob("*.store"):
        # Replaced, not written over: a map of the old file that the closed index's Rust
        # objects have not yet let go of would fault on a file cut short under it (SIGBUS).
        damaged = segment.with_suffix(".damaged")
        damaged.write_bytes(b"damaged")
        damaged.replace(segment)
    fresh = Assistant(tantivy_settings(tmp_path, [folder]))
    assert "Head of Service" in fresh.ask("who agrees a third plan").markdown()
    fresh.close()


def test_the_engine_is_read_from_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('engine = "tantivy"\n', encoding="utf-8")
    assert Settings.load(config).engine == "tantivy"
    config.write_text("", encoding="utf-8")
    assert Settings.load(config).engine == "whoosh"
    config.write_text('engine = "lucene"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="engine must be one of whoosh, tantivy"):
        Settings.load(config)


@pytest.mark.skipif(SHARED is None, reason="the shared evaluation sets are not beside the checkout")
def test_the_evaluation_gives_the_same_figures_on_both_engines(tmp_path: Path) -> None:
    from assistant import locations
    from assistant.evaluation.imported import imported_documents
    from assistant.evaluation.measure import evaluate, load_gold

    assert SHARED is not None
    bundled = locations.bundled_knowledge_dir()
    dev = load_gold(SHARED / "eval" / "dev-questions.jsonl")
    real = load_gold(SHARED / "eval" / "real-questions.jsonl")
    figures = []
    with imported_documents(SHARED / "eval" / "real-docs", skip_lines=1) as home:
        knowledge = home.assistant.settings.knowledge_dirs
        for number, settings in enumerate(
            [make_settings(tmp_path / "w", knowledge), tantivy_settings(tmp_path / "t", knowledge)]
        ):
            on_real = Assistant(settings)
            make = make_settings if number == 0 else tantivy_settings
            on_dev = Assistant(make(tmp_path / f"d{number}", [bundled]))
            found = []
            for assistant, questions in ((on_dev, dev), (on_real, real)):
                assistant.update_index()
                report = evaluate(assistant, questions, k=3)
                for system in ("assistant", "passages"):
                    f = report.figures(system)
                    found.append(
                        (f.n, f.recall, f.facts, f.decline_precision, f.decline_recall)
                        + (f.false_declines,)
                    )
                assistant.close()
            figures.append(found)
    assert figures[0] == figures[1]
    assert figures[0][0][1] is not None and figures[0][0][1] > 0.5
