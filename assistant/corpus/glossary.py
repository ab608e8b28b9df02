"""The glossary: terms of the field, their abbreviations, synonyms and definitions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.corpus.documents import Document, KnowledgeError, read_text
from assistant.corpus.passages import Passage
from assistant.corpus.words import STOP_WORDS, lower_words, stem, stem_word, words
from assistant.storage.yaml_files import YamlProblem, read_yaml

GLOSSARY_TITLE = "Glossary (the assistant's own wording)"
GLOSSARY_PUBLISHER = "not a published source"

CATEGORIES = (
    "process",
    "meeting",
    "role",
    "organisation",
    "legal",
    "practice",
    "concept",
    "place",
    "nation",
    "document",
    "tool",
)
# Abbreviations that are also English words only count when typed in capitals.
_WORDLIKE = {
    "as",
    "at",
    "be",
    "can",
    "do",
    "eh",
    "go",
    "he",
    "if",
    "in",
    "is",
    "it",
    "me",
    "no",
    "of",
    "on",
    "or",
    "so",
    "to",
    "up",
    "us",
    "we",
    "am",
    "an",
    "lis",
    "sw",
    "pa",
    "da",
    "send",
    "smart",
    "heat",
}


def _key(words: list[str]) -> tuple[str, ...]:
    # Stems, so that "working with" finds "work with" and "plans ended" finds "plan ended".
    return tuple(stem_word(word) for word in words)


@dataclass
class Term:
    """One glossary entry."""

    term: str
    definition: str
    category: str
    abbr: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    source: str = ""
    line: int = 0

    @property
    def names(self) -> list[str]:
        """Every way of writing this term, the usual one first."""
        return [self.term, *self.abbr, *self.synonyms]


@dataclass
class Concept:
    """A run of question words the glossary recognises, with every way of saying it."""

    surface: str
    """The words as typed."""
    alternatives: list[str]
    """Phrases that mean the same: the term, its abbreviations and synonyms."""
    terms: list[Term] = field(default_factory=list)
    """The glossary entries matched (several for an ambiguous abbreviation)."""


@dataclass
class TypedNames:
    """The glossary's names as typed, in lower case: what a misspelt question word is read
    against. Made from every name, so kept with the glossary (and its cache) once made."""

    known: set[str]
    """Every word of every name."""
    vocabulary: list[str]
    """The words of three letters or more, sorted."""
    phrases: dict[str, list[tuple[str, str]]]
    """Two-word names by the stem of their first word: "sign" → [("sign off", "off")]."""


class Glossary:
    """Glossary entries, indexed for looking up a phrase and for expanding a question."""

    def __init__(self, terms: list[Term], everyday: list[list[str]]) -> None:
        self.terms = terms
        self.everyday = everyday
        self._phrases: dict[tuple[str, ...], list[int]] = {}
        self._case_sensitive: dict[tuple[str, ...], set[str]] = {}
        self._groups: list[tuple[list[str], list[Term]]] = []
        self._meaning_cache: dict[tuple[str, ...], tuple[list[str], list[Term]]] = {}
        for term in terms:
            self._add_group(term.names, [term], abbreviations=term.abbr)
        for group in everyday:
            # An abbreviation in a group is written in capitals there ("SEND").
            capitals = [name for name in group if name.isupper()]
            self._add_group(self._with_term_names(group), [], abbreviations=capitals)
        self.max_phrase = max((len(key) for key in self._phrases), default=1)
        self._prefixes = {key[:size] for key in self._phrases for size in range(1, len(key) + 1)}
        """Every phrase's first word, first two words, and so on."""

    def _with_term_names(self, group: list[str]) -> list[str]:
        """An everyday group with the other names of any glossary term it names: "the school
        nurse" then finds "school nursing" as the glossary's school nurse entry does."""
        names = list(group)
        for name in group:
            for index in self._phrases.get(_key(lower_words(name)), []):
                names_here, terms_here = self._groups[index]
                if terms_here:
                    names += [n for n in names_here if n.lower() not in map(str.lower, names)]
        return names

    def _add_group(self, names: list[str], terms: list[Term], abbreviations: list[str]) -> None:
        index = len(self._groups)
        self._groups.append((names, terms))
        for name in names:
            key = _key(lower_words(name))
            if not key:
                continue
            self._phrases.setdefault(key, []).append(index)
            if name in abbreviations and len(key) == 1 and name.lower() in _WORDLIKE:
                self._case_sensitive.setdefault(key, set()).add(name)

    @classmethod
    def load(cls, paths: list[Path]) -> Glossary:
        """Read glossary files (the bundled one and any the user adds), later ones adding terms."""
        glossary, problems = cls.load_good(paths)
        if problems:
            raise problems[0]
        return glossary

    @classmethod
    def load_good(cls, paths: list[Path]) -> tuple[Glossary, list[KnowledgeError]]:
        """Read glossary and thesaurus files, each once; a file with a problem is left out and
        its problem returned."""
        terms: list[Term] = []
        everyday: list[list[str]] = []
        problems: list[KnowledgeError] = []
        for path in paths:
            try:
                text, _data, _warnings = read_text(path)
                more_terms, more_everyday = parse_glossary(path, text)
            except KnowledgeError as error:
                problems.append(error)
                continue
            terms.extend(more_terms)
            everyday.extend(more_everyday)
        return cls(terms, everyday), problems

    def lookup(self, phrase: str) -> list[Term]:
        """Entries named by ``phrase`` (a term, abbreviation or synonym), best first."""
        key = _key(lower_words(phrase))
        found: list[Term] = []
        for index in self._phrases.get(key, []):
            for term in self._groups[index][1]:
                if term not in found:
                    found.append(term)
        return found

    def concepts(self, text: str) -> list[tuple[int, int, Concept]]:
        """Glossary phrases found in ``text`` as (first word, end word, concept).

        Where phrases overlap, the reading that covers most words of substance wins: "in care
        proceedings" is about care proceedings, not about being in care.
        """
        raw_words = words(text)
        lowered = list(_key([word.lower() for word in raw_words]))
        substance = [word.lower() not in STOP_WORDS for word in raw_words]
        # best[i]: (words of substance covered, -phrases used) from word i on, and the first
        # phrase's size there (0 when word i is left alone).
        best: list[tuple[tuple[int, int], int]] = [((0, 0), 0)] * (len(lowered) + 1)
        for start in range(len(lowered) - 1, -1, -1):
            choice = (best[start + 1][0], 0)
            for size in range(1, min(self.max_phrase, len(lowered) - start) + 1):
                key = tuple(lowered[start : start + size])
                if key not in self._prefixes:
                    break  # no phrase goes on from here: most words start none
                if key not in self._phrases:
                    continue
                allowed = self._case_sensitive.get(key)
                if allowed and size == 1 and raw_words[start] not in allowed:
                    continue
                covered, used = best[start + size][0]
                score = (covered + sum(substance[start : start + size]), used - 1)
                if score > choice[0]:
                    choice = (score, size)
            best[start] = choice
        found: list[tuple[int, int, Concept]] = []
        start = 0
        while start < len(lowered):
            size = best[start][1]
            if not size:
                start += 1
                continue
            key = tuple(lowered[start : start + size])
            alternatives, terms = self._meanings(key)
            surface = " ".join(raw_words[start : start + size])
            found.append((start, start + size, Concept(surface, list(alternatives), list(terms))))
            start += size
        return found

    def _meanings(self, key: tuple[str, ...]) -> tuple[list[str], list[Term]]:
        """The ways of saying a phrase and the entries it names, worked out once a phrase: a
        long document names the same few phrases thousands of times."""
        known = self._meaning_cache.get(key)
        if known is not None:
            return known
        alternatives: list[str] = []
        seen: set[str] = set()
        terms: list[Term] = []
        for index in self._phrases[key]:
            names, group_terms = self._groups[index]
            for name in names:
                if name.lower() not in seen:
                    seen.add(name.lower())
                    alternatives.append(name)
            terms.extend(group_terms)
        self._meaning_cache[key] = (alternatives, terms)
        return alternatives, terms

    def names(self) -> list[list[str]]:
        """Every entry's and everyday group's ways of saying one thing."""
        return [names for names, _terms in self._groups]

    @cached_property
    def typed_names(self) -> TypedNames:
        """The names' words as typed (the facade makes them before caching the glossary)."""
        known: set[str] = set()
        vocabulary: set[str] = set()
        phrases: dict[str, list[tuple[str, str]]] = {}
        for names in self.names():
            for name in names:
                typed = lower_words(name)
                known.update(typed)
                vocabulary.update(word for word in typed if word.isalpha() and len(word) > 2)
                if len(typed) == 2:
                    pairs = phrases.setdefault(stem(typed[0]) or typed[0], [])
                    pair = (" ".join(typed), typed[1])
                    if pair not in pairs:
                        pairs.append(pair)
        return TypedNames(known, sorted(vocabulary), phrases)

    def related(self, phrase: str) -> list[str]:
        """Terms that bear on ``phrase``: its synonyms and the entries' related terms."""
        result: list[str] = []
        for term in self.lookup(phrase):
            for name in [*term.synonyms, *term.related]:
                if name not in result:
                    result.append(name)
        return result

    def topics_in(self, text: str, limit: int = 6) -> list[str]:
        """The glossary terms a document mentions most (at least twice), for its topics."""
        counts: dict[str, int] = {}
        for _start, _end, concept in self.concepts(text):
            for term in concept.terms[:1]:
                if term.category in ("concept", "practice", "process"):
                    counts[term.term] = counts.get(term.term, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [name for name, count in ranked if count >= 2][:limit]


def parse_glossary(path: Path, text: str) -> tuple[list[Term], list[list[str]]]:
    """Entries and everyday word groups of one glossary file's text."""
    try:
        data, lines = read_yaml(text)
    except YamlProblem as problem:
        raise KnowledgeError(path, problem.message, problem.line) from None
    if not isinstance(data, dict) or not isinstance(data.get("terms", []), list):
        raise KnowledgeError(path, "a glossary needs a 'terms:' list")
    terms = []
    for number, entry in enumerate(data.get("terms") or [], start=1):
        line = lines.get(f"terms[{number}]")
        if not isinstance(entry, dict):
            raise KnowledgeError(path, f"entry {number} must be a mapping with 'term:'", line)
        terms.append(_term(path, entry, number, line))
    everyday = []
    for number, group in enumerate(data.get("everyday") or [], start=1):
        if isinstance(group, list) and all(isinstance(word, str) for word in group):
            everyday.append([word for word in group if word.strip()])
        else:
            raise KnowledgeError(
                path,
                "each 'everyday:' group must be a list of words",
                lines.get(f"everyday[{number}]"),
            )
    return terms, everyday


def _term(path: Path, entry: dict[str, Any], number: int, line: int | None) -> Term:
    unknown = set(entry) - {
        "term",
        "abbr",
        "synonyms",
        "related",
        "category",
        "definition",
        "source",
    }
    if unknown:
        raise KnowledgeError(
            path, f"entry {number} has unknown keys: {', '.join(sorted(unknown))}", line
        )
    name = entry.get("term")
    definition = entry.get("definition")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeError(path, f"entry {number} needs a 'term:'", line)
    if not isinstance(definition, str) or not definition.strip():
        raise KnowledgeError(path, f"'{name}' needs a 'definition:'", line)
    category = str(entry.get("category", "concept"))
    if category not in CATEGORIES:
        raise KnowledgeError(
            path, f"'{name}': category must be one of {', '.join(CATEGORIES)}", line
        )

    def strings(key: str) -> list[str]:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise KnowledgeError(path, f"'{name}': {key} must be a list", line)
        return [str(item).strip() for item in value if str(item).strip()]

    return Term(
        term=name.strip(),
        definition=" ".join(definition.split()),
        category=category,
        abbr=strings("abbr"),
        synonyms=strings("synonyms"),
        related=strings("related"),
        source=str(entry.get("source") or "").strip(),
        line=line or 0,
    )


def glossary_passages(
    glossary: Glossary, path: Path, doc_id: str, text: str
) -> tuple[Document, list[Passage]]:
    """The glossary's entries as a document of one passage each, so answers can cite them."""
    # Our own wording: wherever an entry is shown it must not pass for a published source.
    document = Document(
        doc_id=doc_id,
        path=path,
        text=text,
        title=GLOSSARY_TITLE,
        kind="glossary",
        organisation=GLOSSARY_PUBLISHER,
    )
    passages = []
    for order, term in enumerate(glossary.terms):
        text = term.definition
        if term.source:
            text += f"\n(Source: {term.source}.)"
        anchor = re.sub(r"[^\w]+", "-", term.term.lower()).strip("-")
        passages.append(
            Passage(
                pid=f"{doc_id}#{anchor}-{order}",
                doc_id=doc_id,
                heading_path=[term.term],
                anchor=anchor,
                text=text,
                start=0,
                end=0,
                order=order,
                keywords=" ".join([*term.abbr, *term.synonyms]),
            )
        )
    return document, passages
