"""Adversarial input for the readers: hostile characters, escape sequences, markup and YAML
that tries every trick (aliases, tags, nesting, repeated keys, huge scalars, odd encodings)."""

from __future__ import annotations

from hypothesis import strategies as st

SEQUENCES = [
    "\x1b]52;c;cm0gLXJmIH4vKg==\x07",  # OSC 52: set the clipboard
    "\x1b]0;title\x1b\\",  # OSC 0: the window title, ST-terminated
    "\x1b]8;;file:///etc/passwd\x07",  # OSC 8: a disguised link
    "\x1b[2J",
    "\x1b[1;31m",
    "\x1b[",  # unfinished, at the end of a text
    "\x1b]",
    "\x1bP",
    "\x1b(B",
    "\x1b#8",
    "\x1b",
    "\x9b31m",  # 8-bit CSI
    "\x9d0;t\x9c",  # 8-bit OSC with 8-bit ST
    "\x90q\x9c",
    "\x7f",
    "\r",
    "\x08",
    "\x00",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u2028",
    "\ufeff",
    "\ud800",  # half a character
    "\udcff",
    "[bold]",
    "[/]",
    "[link=file:///etc/passwd]x[/link]",
    "{{ 7 * 7 }}",
    "<script>alert(1)</script>",
]
"""Things a terminal, Rich markup, Jinja or a browser could act on."""

hostile_characters = st.characters(codec=None, exclude_categories=())
"""Any code point, controls and surrogates included."""

hostile_text = st.lists(
    st.one_of(st.sampled_from(SEQUENCES), st.text(hostile_characters, max_size=8)),
    max_size=12,
).map("".join)

FIELD_NAMES = [
    "title",
    "kind",
    "organisation",
    "published",
    "source",
    "topics",
    "terms",
    "term",
    "abbr",
    "synonyms",
    "related",
    "category",
    "definition",
    "everyday",
    "points",
    "actions",
    "action",
    "owner",
    "by",
    "resources",
    "link",
    "acknowledged",
    "text",
    "reason",
    "audit",
    "method",
    "background",
    "key_learning",
    "minutes",
    "segments",
    "evidence",
    "id",
    "quote",
    "content",
    "exercises",
    "instructions",
    "learning_outcomes",
    "theme",
    "case_study",
    "<<",
    "x y",
    "1",
]
SCALARS = [
    "",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "0000",
    "0755",
    "1:30",
    "0x1F",
    ".inf",
    "-.inf",
    ".nan",
    "1e400",
    "1.5e400",
    "-0",
    "2022",
    "2022-09",
    "2022-09-30",
    "2022-02-30",
    "2022-13",
    "12:30:00",
    "2022-09-30T10:00:00Z",
    "procedure",
    "audit",
    "glossary",
    "concept",
    "90",
    "-90",
    "'",
    '"',
    "#",
    "- x",
    "|",
    ">",
    "? x",
    "%YAML 1.1",
    "---",
    "...",
    "[/]",
    "[bold]Broken [/] SCP",
    "{{ x }}",
    "{% for %}",
    "javascript:alert(1)",
    "mailto:a@b.c",
]
TAGS = [
    "",
    "",
    "",
    "!Note ",
    "!!python/object/apply:os.system ",
    "!!binary ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!str ",
    "!!set ",
    "!!omap ",
    "!!timestamp ",
    "!!null ",
    "!!map ",
    "!!seq ",
    "!<tag:yaml.org,2002:str> ",
    "!e!x ",
]


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: YAML's own escapes put any character in a value."""
    escaped = "".join(
        "\ufffd"
        if "\ud800" <= c <= "\udfff"  # YAML has no escape for half a character
        else c
        if c.isprintable() and c not in '"\\'
        else f"\\u{ord(c):04x}"
        if ord(c) < 65536
        else f"\\U{ord(c):08x}"
        for c in text
    )
    return f'"{escaped}"'


WORDS = st.sampled_from(
    [
        "Child A",
        "mum",
        "the Head of Service",
        "disguised compliance",
        "ICPC",
        "Westshire SCP",
        "Ms Jones",
        "SW1A 1AA",
        "943 476 5919",
        "12/03/2015",
        "https://example.org",
        "x",
    ]
)
scalar = st.one_of(
    *[WORDS] * 6,  # mostly ordinary, so that examples reach the checks past the YAML
    st.sampled_from(SCALARS),
    hostile_text.map(_quoted),
    st.text(st.characters(codec="ascii", categories=("L", "N", "Zs", "P")), max_size=30),
    st.integers().map(str),
    st.sampled_from([40, 5_000]).map(lambda n: "9" * n),  # numbers too long to read
    st.sampled_from([5_000, 60_000]).map(lambda n: "x" * n),  # huge scalars
)
prefix = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(["", "", "&a ", "&b "])).map("".join),
)
leaf = st.one_of(
    *[scalar] * 8,
    st.tuples(prefix, scalar).map("".join),
    st.sampled_from(["*a", "*b"]),  # aliases, defined or not
    st.integers(0, 800).map(lambda n: "[" * n + "]" * n),  # nesting deeper than anyone writes
)
node = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=5).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(FIELD_NAMES), children), max_size=5).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=12,
)
LAUGHS = "\n".join(
    ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"l{n}: &l{n} [{','.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
)
WIDE = 'w0: &w0 "' + "x" * 60_000 + '"\nw1: &w1 [' + ", ".join(["*w0"] * 200) + "]"
"""Few values, many characters: a long text named many times."""
line = st.one_of(
    st.just(WIDE),
    st.tuples(
        st.sampled_from(["", "", "", "  ", "    ", "\t", "- ", "  - "]),
        st.sampled_from(FIELD_NAMES),
        st.sampled_from([": ", ":", " : ", ": |\n  ", ": >-\n  "]),
        node,
    ).map("".join),
    st.tuples(st.sampled_from(["- ", "  - ", "    "]), node).map("".join),
    st.just(LAUGHS),
    st.integers(1, 700).map(lambda n: "".join("  " * i + f"k{i}:\n" for i in range(n))),
    hostile_text,
)
yaml_text = st.lists(line, max_size=12).map("\n".join)
"""A YAML file that may be valid, broken, hostile or all three."""

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, whatever it holds (surrogates make invalid UTF-8 on purpose)."""
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    return text.encode(encoding, errors=errors)


def file_bytes(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """A file's bytes: the text in any common encoding, or bytes that are no text at all."""
    return st.one_of(
        st.tuples(text, st.sampled_from(ENCODINGS)).map(lambda pair: encoded(*pair)),
        st.binary(max_size=200),
    )


# -- documents shaped like each reader's files, so that examples reach past the YAML -------

text_value = st.one_of(
    WORDS,
    WORDS,
    st.lists(WORDS, max_size=6).map(" ".join),
    hostile_text.map(_quoted),
    scalar,
)
DATES = [
    "2022",
    "2022-09",
    "2022-09-30",
    "0000",
    "2022-13",
    "2022-02-30",
    "20",
    "Sept 2022",
    "2022-09-30T10:00:00",
    "'2022'",
    "1:30",
    "-1",
    "",
]
date_value = st.one_of(st.sampled_from(DATES), scalar)
number_value = st.one_of(st.integers(-5, 500).map(str), st.sampled_from(["90", "0", "1.5"]), scalar)

SCHEMAS: dict[str, dict[str, object]] = {
    "front matter": {
        "title": "text",
        "kind": "kind",
        "organisation": "text",
        "published": "date",
        "source": "text",
        "topics": "texts",
    },
    "findings": {
        "title": "text",
        "partnership": "text",
        "published": "date",
        "audience": "text",
        "source": "text",
        "background": "text",
        "why_it_matters": "text",
        "working_well": "texts",
        "to_improve": "texts",
        "key_learning": "texts",
        "reflection_questions": "texts",
        "points": "texts",
        "audit": {"method": "text", "sample": "text", "period": "text"},
        "actions": [{"action": "text", "owner": "text", "by": "date"}],
        "resources": [{"title": "text", "link": "text"}],
        "acknowledged": [{"text": "text", "reason": "text"}],
    },
    "pack": {
        "title": "text",
        "theme": "text",
        "audience": "text",
        "minutes": "number",
        "learning_outcomes": "texts",
        "case_study": "text",
        "reflective_questions": "texts",
        "facilitator_notes": "text",
        "evidence": [{"id": "text", "quote": "text", "source": "text", "role": "text"}],
        "exercises": [{"title": "text", "minutes": "number", "instructions": "text"}],
        "segments": [
            {"title": "text", "minutes": "number", "content": "text", "evidence": "numbers"}
        ],
    },
    "glossary": {
        "terms": [
            {
                "term": "text",
                "abbr": "texts",
                "synonyms": "texts",
                "related": "texts",
                "category": "category",
                "definition": "text",
                "source": "text",
            }
        ],
        "everyday": "groups",
    },
}


def _value(kind: object) -> st.SearchStrategy[str]:
    """YAML for a value of one kind; now and then something else entirely (``node``)."""
    if isinstance(kind, dict):
        made = _mapping(kind)
    elif isinstance(kind, list):
        made = st.lists(_value(kind[0]), max_size=4).map(
            lambda items: "".join(f"\n  - {item}" for item in items) or "[]"
        )
    else:
        made = {
            "text": text_value,
            "texts": st.lists(text_value, max_size=8).map(lambda v: "[" + ", ".join(v) + "]"),
            "date": date_value,
            "kind": st.sampled_from(
                [
                    "procedure",
                    "audit",
                    "briefing",
                    "review",
                    "guidance",
                    "glossary",
                    "Procedure",
                    "memo",
                    "",
                ]
            ),
            "category": st.sampled_from(["concept", "practice", "process", "role", "x"]),
            "number": number_value,
            "numbers": st.lists(number_value, max_size=4).map(lambda v: "[" + ", ".join(v) + "]"),
            "groups": st.lists(
                st.lists(WORDS, max_size=4).map(lambda v: "[" + ", ".join(v) + "]"), max_size=3
            ).map(lambda v: "[" + ", ".join(v) + "]"),
        }[str(kind)]
    return st.one_of(*[made] * 8, node)


@st.composite
def _mapping(draw: st.DrawFn, kind: dict[str, object]) -> str:
    """A flow mapping with most of the fields of its kind, now and then one more."""
    pairs = [
        f"{key}: {draw(_value(inner))}"
        for key, inner in kind.items()
        if draw(st.sampled_from([True, True, True, True, False]))
    ]
    if draw(st.integers(0, 5)) == 0:
        pairs.append(f"x: {draw(text_value)}")
    return "{" + ", ".join(pairs) + "}"


def shaped(reader: str) -> st.SearchStrategy[str]:
    """A file for ``reader`` with its fields (the first ones usually first), their values of
    the right kind or not, and now and then a line of attack among them."""
    schema = SCHEMAS[reader]

    @st.composite
    def build(draw: st.DrawFn) -> str:
        keys = draw(
            st.lists(st.sampled_from([*schema, *FIELD_NAMES[:4]]), max_size=10, unique=True)
        )
        if draw(st.integers(0, 4)):
            first = list(schema)[:2]
            keys = first + [key for key in keys if key not in first]
        lines = [f"{key}: {draw(_value(schema.get(key, 'text')))}" for key in keys]
        for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 2)) == 0 else 0):
            lines.insert(draw(st.integers(0, len(lines))), draw(line))
        return "\n".join(lines)

    return build()
