"""A baseline for measuring answers: plain BM25 over whole documents, as a search page shows."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.corpus.knowledge_files import discover


class DocumentBaseline:
    """Plain BM25 over whole documents, as a keyword search page would show them."""

    def __init__(self, knowledge_dirs: list[Path], sources: dict[str, str]) -> None:
        """Index every Markdown knowledge file whole; ``sources`` names each document's source."""
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import ID, STORED, TEXT, Schema
        from whoosh.filedb.filestore import RamStorage

        self.sources = sources
        schema = Schema(
            doc_id=ID(stored=True),
            body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            source=STORED,
        )
        self.index = RamStorage().create_index(schema)
        writer = self.index.writer()
        for path, doc_id in discover(knowledge_dirs):
            if path.suffix != ".md":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.DOTALL)
            writer.add_document(doc_id=doc_id, body=body, source=self.sources.get(doc_id, ""))
        writer.commit()

    def answer(self, question: str, k: int) -> tuple[str, list[tuple[str, str]], bool]:
        """The baseline's answer text, its (source, fragment) passages and whether it declined."""
        from whoosh.highlight import ContextFragmenter, UppercaseFormatter
        from whoosh.qparser import OrGroup, QueryParser

        parser = QueryParser("body", self.index.schema, group=OrGroup)
        query = parser.parse(re.sub(r"[^\w\s]", " ", question))
        with self.index.searcher() as searcher:
            results = searcher.search(query, limit=k)
            results.fragmenter = ContextFragmenter(maxchars=300, surround=60)
            results.formatter = UppercaseFormatter()
            passages = []
            for hit in results:
                fragment = hit.highlights("body", top=3) or hit["body"][:300]
                passages.append((hit["source"], fragment))
        text = "\n".join(fragment for _source, fragment in passages)
        return text, passages, not passages
