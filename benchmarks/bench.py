"""Benchmark: index build, update and answer times on the bundled and a synthetic corpus."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant import locations
from assistant.config import ENGINES, Settings
from assistant.corpus.knowledge_files import GLOSSARY_NAME
from assistant.facade import Assistant
from assistant.search.model import IndexReport, Progress, open_index

PLAIN_LIMIT = 60
"""The plain Whoosh OR query fetches as many passages as the project's candidates."""

SIZES = {"bundled": 0, "10k": 10_000, "50k": 50_000, "100k": 100_000}
"""The corpora ``--sizes`` can name (any other "Nk" works too)."""
DEFAULT_SIZES = "bundled,10k,50k,100k"
QUICK_SIZES = "bundled,5k"
SECTIONS_PER_FILE = 50
"""Each section of a synthetic file is one passage (60-200 words, under the splitter's 250)."""
SEED = 20240607
COLD_RUNS = 5
COLD_QUESTION = "who signs off a 3rd CP plan"
WARM_UP_QUESTION = "what is a child protection plan"

# Practitioners' questions as they are typed: acronyms, typos, informal words, ordinals, inline
# filters, and some the knowledge base cannot answer.
QUESTIONS = [
    "who signs off a 3rd CP plan",
    "Who has to agree a 3rd CP plan?",
    "DC signs",
    "soton GP input at ICPC",
    "how soon is the first review conference after the ICPC and how often after that?",
    "how often are RCPCs held",
    "what does PLO stand for",
    "when should PLO / legal be considered instead of another CP plan?",
    "how long should change last before we de-plan?",
    "what is disguised compliance",
    "toxic trio meaning",
    "what does ROTH stand for in Southampton conferences?",
    "repeat CP plans increase 2017/18 vs 2016/17 - what %?",
    "national average repeat CPP rate 2013",
    "how many audit requests were sent out and how many came back?",
    "in how many Southampton families was DC not identified?",
    "partner agency cant provide the service the plan needs - what shoud happen?",
    "should we be contacting probation during the S47?",
    "what was recommended for core group meetings about seeing the child and explaining the plan?",
    "Which of the documents mention disguised compliance? Need it for a training session",
    "loads of different workers turning up at the house – does it put parents off?",
    "first plan only lasted a few months – does that tell us anything?",
    "What are the legal thresholds for a child protection plan in Wales?",
    "How does a mum apply for a disclosure under Claire's Law?",
    "who chairs the core group",
    "how often should the core group meet",
    "what should be in a chronology",
    "chronolgy for repeat plans - who updates it?",
    "escalation when the plan is drifting",
    "when do I escalate to the Head of Service",
    "how many children had a 2nd plan within 2 years",
    "what % of repeat plans were for neglect",
    "neglect and home conditions - what worked well",
    "negelct category repeat plans",
    "domestic abuse perpetrator work before de-planning",
    "DA victim still in contact with dad's new bloke - what do we do",
    "mum says she's engaging but nothing changes",
    "parents cancelling home visits all the time",
    "missed health appointments as a sign of DC",
    "does the SW need to see the child alone",
    "how many home visits should the social worker make",
    "what is sustained change",
    "evidence of sustainable change 3 months",
    "de-plan with outstanding actions on the plan - allowed?",
    "who decides to end a CP plan",
    "step down to CIN after CP - how long",
    "CIN plan review timescales",
    "early help offer after the plan ends",
    "EH involvement before the 2nd plan",
    "what does CAMHS do at conference",
    "adult mental health services input at ICPC",
    "substance misuse parent - what should the plan include",
    "alcohol misuse toxic trio repeat plans",
    "IRO role in repeat plans",
    "conference chair responsibilities for a 3rd plan",
    "what training is recommended on disguised compliance",
    "professional curiosity training for practitioners",
    "start again syndrome meaning",
    "rule of optimism",
    "what is a core group",
    "core gruop attendance by health",
    "GP reports for conference - how many were received",
    "police attendance at ICPC",
    "school input to the core group",
    "how many cases were audited in North Yorkshire",
    "Cheshire East audit findings on supervision",
    "cheshire east audit: were the concerns the same second time round?",
    "impact of lack of continuity of worker – 7 minute briefing",
    "change of social worker during the plan",
    "what does LSCP mean",
    "what is an LSCB",
    "MAPPA and CP conferences",
    "S47 enquiry timescale",
    "strategy discussion before ICPC - who attends",
    "what is the Public Law Outline",
    "legal planning meeting - when?",
    "pre-proceedings letter before a 3rd plan",
    "FGC for repeat plans",
    "voice of the child in plans",
    "lived experience of the child - how is it recorded",
    "are plans SMART enough? audit findings",
    "contingency plan - what should it contain",
    "how many repeat plans nationally in 2013",
    "percentage of children on a second plan",
    "when was the Southampton analysis published",
    "who wrote the Cheshire East audit report",
    "what is a 7 minute briefing",
    "7MB on repeat plans point 3",
    "HEAT tool what is it",
    "ACEs and repeat plans",
    "emotional abuse category change on 2nd plan",
    "does the category of abuse matter for repeat plans",
    "kind:procedure who agrees a second CP plan",
    "since:2018 disguised compliance training",
    'org:"cheshire east" supervision',
    "info sharing between agencies at case closure",
    "what happens at the end of a plan",
    "closure summary to partners when the plan ends",
    "how quickly after de-plan did the new referral come in",
    "teenager exploitation risk outside the home CP",
    "ROTH conference vs CP conference",
    "FSW role in the family safeguarding model",
    "family safeguarding model outcomes",
    "parents with learning disabilities and repeat plans",
    "fathers and male carers - are they involved?",
    "cumulative harm and the chronology",
    "last CP plan ended under a year ago – what do I need to think about before an ICPC?",
    "what's the annual leave policy for social workers",
    "how do I book a room at county hall",
    "GDPR subject access request timescale",
    "Scottish child protection register",
    "how much does foster care cost per week",
    "what is the weather like in Southampton",
]

# -- the synthetic corpus --------------------------------------------------------------------


def _phrases(text: str) -> list[str]:
    """Comma-separated phrases written over several lines."""
    return [phrase.strip() for phrase in text.replace("\n", " ").split(",") if phrase.strip()]


KINDS = ("procedure", "audit", "briefing", "review", "guidance")
PLACES = _phrases(
    """
North Yorkshire, Cheshire East, Southampton, Hampshire, Leeds, Bradford, Kent, Essex, Norfolk,
Suffolk, Devon, Cornwall, Cumbria, Lancashire, Derbyshire, Nottingham, Leicestershire,
Wiltshire, Dorset, Somerset, Bristol, Gloucestershire, Oxfordshire, Surrey, Sussex, Lincolnshire,
Shropshire, Staffordshire, Warwickshire, Northumberland
"""
)
ROLES = _phrases(
    """
social worker, Team Manager, Head of Service, conference chair, Independent Reviewing Officer,
health visitor, school nurse, midwife, GP, police officer, probation officer,
designated safeguarding lead, family support worker, Service Manager, lead professional,
CAMHS practitioner, substance misuse worker, domestic abuse advocate
"""
)
MEETINGS = _phrases(
    """
Initial Child Protection Conference, Review Child Protection Conference, core group meeting,
strategy discussion, legal planning meeting, Family Group Conference, supervision session,
Child in Need review, transfer conference, professionals meeting
"""
)
CONCERNS = _phrases(
    """
neglect, domestic abuse, parental mental health, substance misuse, alcohol misuse,
disguised compliance, poor home conditions, emotional abuse, physical abuse, sexual abuse,
missed health appointments, poor school attendance, risk outside the home, exploitation,
parental learning disability, cumulative harm, disengagement, the toxic trio
"""
)
RECORDS = _phrases(
    """
chronology, case file, child protection plan, safety plan, contingency plan, closure summary,
case records, genogram, assessment, Child in Need plan, supervision notes, escalation log
"""
)
ACTIONS = _phrases(
    """
review the chronology, escalate the concern, see the child alone, visit the family unannounced,
consult the Head of Service, share information with partner agencies, consider the PLO,
hold a legal planning meeting, update the safety plan, test sustained change,
record the child's voice, agree SMART outcomes, challenge disguised compliance,
check the family history, seek a second opinion, convene a Family Group Conference
"""
)
OUTCOMES = _phrases(
    """
sustained change, the decision to de-plan, the step down to a Child in Need plan,
a repeat child protection plan, escalation to the Head of Service, entry into pre-proceedings,
closure to children's social care, a referral to early help, a second or subsequent plan,
a third period of CP planning
"""
)
TIMES = _phrases(
    """
within ten working days, within three months, within six months, within 15 working days,
every six weeks, within two years, within 12 months, before the plan ends,
at every core group, at least monthly, by the first review conference, within 24 hours
"""
)
HEADINGS = _phrases(
    """
Repeat Child Protection Plan, Disguised Compliance, Neglect and Home Conditions,
Domestic Abuse, Chronologies, Escalation and Resolution, Sustained Change, De-planning,
Core Group Meetings, The Voice of the Child, Information Sharing, Supervision,
Public Law Outline, Legal Planning, Step Down to Child in Need, Early Help, Thresholds,
Findings, Recommendations, Practice Standards, Roles and Responsibilities, Timescales,
Case Closure, Continuity of Worker, Professional Curiosity, Parental Mental Health,
Substance Misuse, Health Involvement, Education Involvement, Police Involvement,
Performance Data, Quality Assurance, Learning for Practice, What Worked Well,
Areas for Development, Family Group Conferences, Contingency Planning, SMART Outcomes,
Risk Outside the Home, Fathers and Male Carers, Cumulative Harm, Strategy Discussions,
Section 47 Enquiries, Conference Reports, Category of Abuse, Head of Service Agreement
"""
)
TITLE_WORDS = _phrases(
    """
Multi-Agency Audit of, Learning Review into, Procedure for, Practice Guidance on,
7 Minute Briefing on, Thematic Review of, Analysis of, Findings from an Audit of
"""
)
COMMON = """
the of and to a in is that for it as was with be by on
not this are were at from have has had which or an they their there been also all more when
who would will can may should must one two three four five first second time year years case
cases family families child children parent parents carer carers work working practice
professional professionals agency agencies evidence plan plans meeting meetings concern
concerns review reviews decision decisions support service services need needs made make
making clear consistent limited good some most many few often always rarely where whether
however although because while during after before between within without about over under
each other further new recent previous current same different number level levels change
changes risk risks impact outcome outcomes progress record recorded recording report reports
information assessment assessments involvement relationship relationships visit visits
home school health team teams manager managers partner partners local national area areas
""".split()
SYLLABLES_START = (
    "ash bar bel bram brook carl chal dal dun el fair fern glen hal har hol ken".split()
)
SYLLABLES_END = "by bury dale field ford ham hurst ley mere moor stead ton wick worth".split()
COMMON_WEIGHTS = [1.0 / (rank + 1) ** 0.8 for rank in range(len(COMMON))]
"""Zipf-like by position, so the first few words are everywhere and the last ones are not."""
LOCALITIES = [start + end for start in SYLLABLES_START for end in SYLLABLES_END]
"""A long tail of rare proper names, as real knowledge bases have."""


def _sentence(rng: random.Random) -> str:
    """One sentence in the manner of a safeguarding audit or procedure."""
    n = rng.randint(2, 40)
    m = n + rng.randint(1, 60)
    pick = rng.choice
    templates = [
        f"The {pick(ROLES)} should {pick(ACTIONS)} before the {pick(MEETINGS)}.",
        f"In {n} of the {m} cases audited, {pick(CONCERNS)} had been identified at the "
        f"{pick(MEETINGS)}.",
        f"{rng.randint(3, 97)}% of children on a repeat plan had a previous plan ended "
        f"{pick(TIMES)}.",
        f"Where {pick(CONCERNS)} is present, the {pick(ROLES)} must discuss escalation with the "
        f"Head of Service.",
        f"Practitioners told the audit that {pick(CONCERNS)} and {pick(CONCERNS)} were not always "
        f"visible in the {pick(RECORDS)}.",
        f"The {pick(MEETINGS)} is held {pick(TIMES)} of the {pick(MEETINGS)}.",
        f"There was limited evidence of {pick(OUTCOMES)} in {n} cases, and "
        f"{rng.randint(1, 99)}.{rng.randint(0, 9)} per cent of records showed {pick(CONCERNS)}.",
        f"Before {pick(OUTCOMES)}, the {pick(ROLES)} must {pick(ACTIONS)} and record the reasons "
        f"in the {pick(RECORDS)}.",
        f"The {pick(PLACES)} partnership found that {pick(CONCERNS)} led to {pick(OUTCOMES)} in "
        f"{n} families.",
        f"Agreement of the Head of Service is needed for {pick(OUTCOMES)} {pick(TIMES)}.",
        f"The {pick(LOCALITIES).title()} locality team will {pick(ACTIONS)} {pick(TIMES)}.",
        f"From {2010 + n % 12} to {2011 + n % 12}, {m} children became subject to a plan for a "
        f"second or subsequent time, an increase of {rng.randint(5, 150)}%.",
    ]
    if rng.random() < 0.3:
        # Plain connective prose between the set phrases, so word statistics are not all domain.
        words = rng.choices(COMMON, COMMON_WEIGHTS, k=rng.randint(8, 20))
        words.insert(rng.randrange(len(words)), pick(CONCERNS))
        words.insert(rng.randrange(len(words)), pick(RECORDS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."
    return pick(templates)


def _paragraph(rng: random.Random, words: int) -> str:
    """Sentences until the paragraph has about ``words`` words."""
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _section_body(rng: random.Random) -> str:
    """A section of 60-200 words: a paragraph, two, or a paragraph introducing a short list."""
    words = rng.randint(60, 200)
    shape = rng.random()
    if shape < 0.15:
        lead = _paragraph(rng, max(30, words - 45)).rstrip(".") + ", practitioners should:"
        items = [f"- {rng.choice(ACTIONS)} {rng.choice(TIMES)};" for _ in range(3)]
        return lead + "\n\n" + "\n".join(items)
    if shape < 0.4:
        first = words // 2
        return _paragraph(rng, first) + "\n\n" + _paragraph(rng, words - first)
    return _paragraph(rng, words)


def synthetic_document(rng: random.Random, number: int) -> str:
    """One knowledge file: front matter, a title and SECTIONS_PER_FILE numbered sections."""
    place = rng.choice(PLACES)
    kind = rng.choice(KINDS)
    title = f"{rng.choice(TITLE_WORDS)} {rng.choice(HEADINGS)} in {place}"
    # JSON strings are valid YAML scalars, so titles with colons or quotes stay valid.
    front = "\n".join(
        [
            "---",
            f"title: {json.dumps(title)}",
            f"kind: {kind}",
            f"organisation: {json.dumps(place + ' Safeguarding Children Partnership')}",
            f"published: {rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}",
            f"source: synthetic-{number:05d}.txt",
            "---",
        ]
    )
    lines = [front, "", f"# {title}", ""]
    chapters = 5
    for chapter in range(1, chapters + 1):
        lines += [f"## {chapter} {rng.choice(HEADINGS)}", ""]
        for section in range(1, SECTIONS_PER_FILE // chapters + 1):
            lines += [f"### {chapter}.{section} {rng.choice(HEADINGS)}", "", _section_body(rng), ""]
    return "\n".join(lines)


def write_synthetic_corpus(folder: Path, passages: int) -> int:
    """Write about ``passages`` passages as knowledge files; returns the number of files."""
    rng = random.Random(SEED)
    files = max(1, round(passages / SECTIONS_PER_FILE))
    folder.mkdir(parents=True, exist_ok=True)
    step = max(1, files // 10)
    for number in range(files):
        text = synthetic_document(rng, number)
        (folder / f"synthetic-{number:05d}.md").write_text(text, encoding="utf-8")
        if (number + 1) % step == 0 or number + 1 == files:
            _say(f"  writing the synthetic corpus: {number + 1}/{files} files")
    # The bundled glossary comes with every real installation; without it acronyms would not be
    # expanded and questions would be cheaper than they are in use.
    shutil.copy(locations.bundled_knowledge_dir() / GLOSSARY_NAME, folder / GLOSSARY_NAME)
    return files


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Table:
    """The figures for one corpus, printed as a two-column table."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        """Add one row."""
        self.rows.append((label, value))

    def render(self) -> str:
        """The table as plain text."""
        width = max(len(label) for label, _value in self.rows)
        lines = [self.title, "-" * len(self.title)]
        lines += [f"  {label:<{width}}  {value}" for label, value in self.rows]
        return "\n".join(lines)


@dataclass
class Timed:
    """Wall-clock and CPU seconds of a piece of work (CPU time is what other programs on a
    shared machine disturb least)."""

    wall: float = 0.0
    cpu: float = 0.0
    workers: float = 0.0
    """CPU seconds of the processes the work started and waited for (a build's readers)."""

    def __str__(self) -> str:
        extra = f" + {self.workers:.2f} s in worker processes" if self.workers >= 0.005 else ""
        return f"{self.cpu:.2f} s CPU{extra}, {self.wall:.2f} s wall"


def _children_cpu() -> float:
    """CPU seconds of this process's finished children so far (0 where it cannot be told)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def timed() -> Iterator[Timed]:
    """Measure the block's wall-clock and CPU time (this process, all threads, and apart the
    processes it started and waited for)."""
    result = Timed()
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    try:
        yield result
    finally:
        result.wall = time.perf_counter() - wall
        result.cpu = time.process_time() - cpu
        result.workers = _children_cpu() - children


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` of the values fall (linear between neighbours)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def p50_p95(seconds: Sequence[float]) -> str:
    """Median and 95th percentile in milliseconds."""
    return f"{percentile(seconds, 0.5) * 1000:.1f} / {percentile(seconds, 0.95) * 1000:.1f} ms"


def progress_every_tenth(label: str) -> Progress:
    """A progress callback printing one line on stderr each time another tenth is done."""
    shown = [-1]

    def show(done: int, total: int, _path: str) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > shown[0] and (tenth > 0 or total == 0):
            shown[0] = tenth
            _say(f"  {label}: {tenth * 10}% ({done}/{total} files)")

    return show


def describe_update(report: IndexReport) -> str:
    """What an update report says it did."""
    return (
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged; {report.passages} passages"
    )


def folder_megabytes(folder: Path) -> float:
    """The size of the files in a folder, in MB."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def full_build(
    table: Table, index_dir: Path, knowledge_dirs: list[Path], engine: str = "whoosh"
) -> IndexReport:
    """Rebuild the index from nothing and record the time, rate and size."""
    index = open_index(index_dir, engine)
    with timed() as took:
        report = index.update(
            knowledge_dirs, rebuild=True, progress=progress_every_tenth("indexing")
        )
    table.add("documents / passages", f"{report.documents} / {report.passages}")
    rate = report.passages / max(took.cpu + took.workers, 1e-9)
    table.add("full build", f"{took} ({rate:,.0f} passages/s CPU, all processes)")
    table.add("index size", f"{folder_megabytes(index.directory):.1f} MB")
    index.close()
    if report.problems:
        table.add("problems in the corpus", str(len(report.problems)))
    return report


def change_file(path: Path) -> None:
    """Change one knowledge file's text as an editor would, so its hash and size differ."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + " This sentence was added by the benchmark.\n", encoding="utf-8")


def incremental_update(
    table: Table,
    index_dir: Path,
    knowledge_dirs: list[Path],
    changed: Path,
    note: str = "",
    engine: str = "whoosh",
) -> None:
    """Change one file, update the index and record the time and what the report says."""
    change_file(changed)
    index = open_index(index_dir, engine)
    with timed() as took:
        report = index.update(knowledge_dirs)
    index.close()
    table.add("incremental update (1 file)", f"{took}{note}")
    table.add("  the report says", describe_update(report))


def question_latency(table: Table, assistant: Assistant) -> None:
    """Time Assistant.ask over QUESTIONS in one process, after one warm-up question, and a
    plain Whoosh OR query of each question over the same index beside it."""
    from whoosh import index as whoosh_index
    from whoosh.qparser import FieldsPlugin, OrGroup, QueryParser

    with timed() as took:
        assistant.ask(WARM_UP_QUESTION)
    table.add("first question (warm-up)", str(took))
    # The plain query needs a Whoosh index: beside the Whoosh engine's answers only.
    plain = assistant.settings.engine == "whoosh"
    plain_index = (
        whoosh_index.open_dir(str(assistant.settings.index_dir), indexname="passages")
        if plain
        else None
    )
    searcher = plain_index.searcher() if plain_index is not None else None
    parser = QueryParser("body", plain_index.schema if plain_index else None, group=OrGroup)
    parser.remove_plugin_class(FieldsPlugin)  # "org:…" is a word here, as on a search page
    answer_cpu, answer_wall, plain_cpu, declined = [], [], [], 0
    slowest = (0.0, "")
    for question in QUESTIONS:
        with timed() as took:
            answer = assistant.ask(question)
        answer_cpu.append(took.cpu)
        answer_wall.append(took.wall)
        slowest = max(slowest, (took.cpu, question))
        declined += answer.declined
        if searcher is not None:
            # The same question as a keyword search page would run it, in the same run.
            with timed() as plain_took:
                searcher.search(parser.parse(question), limit=PLAIN_LIMIT)
            plain_cpu.append(plain_took.cpu)
    if searcher is not None and plain_index is not None:
        searcher.close()
        plain_index.close()
    table.add(
        "answer p50 / p95 (CPU)",
        f"{p50_p95(answer_cpu)} ({len(QUESTIONS)} questions, {declined} declined)",
    )
    table.add("answer p50 / p95 (wall)", p50_p95(answer_wall))
    if plain_cpu:
        table.add(f"plain Whoosh OR query, top {PLAIN_LIMIT} (CPU)", p50_p95(plain_cpu))
    table.add("slowest question (CPU)", f"{slowest[0] * 1000:.1f} ms: {slowest[1]!r}")
    # Every ask first checks that the index is sound and current; timed alone, it shows how much
    # of the latency is that check rather than answering.
    checks = []
    for _run in range(20):
        with timed() as took:
            assistant.ensure_index()
        checks.append(took.cpu)
    table.add("  of which index check p50", f"{percentile(checks, 0.5) * 1000:.1f} ms CPU")


def _ask_command() -> list[str]:
    """The console script beside this Python when it is installed, else ``python -m``."""
    script = Path(sys.executable).with_name("assistant.exe" if os.name == "nt" else "assistant")
    if script.is_file():
        return [str(script), "ask"]
    return [sys.executable, "-m", "assistant", "ask"]


@dataclass
class Run:
    """One fresh process: its wall-clock and CPU seconds and what it printed."""

    wall: float
    cpu: float
    stderr: str
    returncode: int


def run_fresh(command: list[str], env: dict[str, str]) -> Run:
    """Run a command as a new process and measure its wall-clock and CPU time (from wait4)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        if hasattr(os, "posix_spawn") and hasattr(os, "wait4"):
            actions = [
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
            ]
            pid = os.posix_spawn(command[0], command, env, file_actions=actions)
            _pid, status, usage = os.wait4(pid, 0)
            wall = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - no per-process figures: wall time only
            done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
            code = done.returncode
            wall = time.perf_counter() - started
            cpu = wall
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    return Run(wall, cpu, text, code)


# Run as ``python -c``: the assistant's command line, reporting the process's own peak memory
# (VmHWM) at exit. A child's rusage counts the memory of the process that started it, so it
# cannot tell how much the command itself needed.
_PEAK = """
import atexit, sys

def peak() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("peak-kb", line.split()[1], file=sys.stderr)

atexit.register(peak)
sys.argv = ["assistant", *sys.argv[1:]]
from assistant.cli import main
sys.exit(main())
"""


def peak_megabytes(arguments: list[str], env: dict[str, str]) -> float | None:
    """The peak resident memory of ``assistant ARGUMENTS`` in MB (None where /proc is not)."""
    if not Path("/proc/self/status").exists():
        return None
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *arguments], env=env, capture_output=True, text=True
    )
    found = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak-kb")]
    return int(found[-1]) / 1024 if found else None


def cold_environment(home: Path) -> dict[str, str]:
    """The environment of a fresh process as an installed copy runs: Python may keep its
    compiled modules (pip writes them when installing; a machine that sets
    PYTHONDONTWRITEBYTECODE would compile every module on every start)."""
    drop = {locations.KNOWLEDGE_VARIABLE, "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env[locations.HOME_VARIABLE] = str(home)
    return env


ENGINE_IMPORTS = {
    "whoosh": "import whoosh.index, whoosh.query, whoosh.searching, whoosh.scoring, "
    "whoosh.analysis, whoosh.writing, whoosh.codec.whoosh3, whoosh.matching.wrappers",
    "tantivy": "import tantivy",
}
"""What an engine's index imports of its library: a floor no change of ours can go below."""


def cold_ask(table: Table, home: Path, engine: str = "whoosh") -> None:
    """``assistant ask`` as a new process COLD_RUNS times, beside a bare interpreter's start
    and the floor under it: the engine's library imported alone, and every module an ask
    imports (all started in turn, so that a busy machine slows each alike)."""
    env = cold_environment(home)
    command = [*_ask_command(), COLD_QUESTION]
    module = "tantivy_index" if engine == "tantivy" else "index"
    everything = (
        "import assistant.cli, assistant.facade, assistant.answering.asking, "
        f"assistant.search.{module}"
    )
    commands = {
        "bare": [sys.executable, "-c", "pass"],
        "engine": [sys.executable, "-c", ENGINE_IMPORTS.get(engine, "pass")],
        "modules": [sys.executable, "-c", everything],
        "ask": command,
    }
    run_fresh(command, env)  # not counted: it writes the compiled modules an install would
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _run in range(COLD_RUNS):
        for name, arguments in commands.items():
            run = run_fresh(arguments, env)
            if run.returncode != 0:
                raise RuntimeError(f"{' '.join(arguments)} failed:\n{run.stderr}")
            runs[name].append(run)
    bare_cpu = statistics.median(r.cpu for r in runs["bare"])
    bare_wall = statistics.median(r.wall for r in runs["bare"])

    def figures(name: str) -> str:
        cpu = statistics.median(r.cpu for r in runs[name])
        wall = statistics.median(r.wall for r in runs[name])
        return (
            f"{cpu:.3f} s CPU ({cpu / max(bare_cpu, 1e-3):.1f}×), "
            f"{wall:.3f} s wall ({wall / max(bare_wall, 1e-3):.1f}×)"
        )

    table.add("bare `python -c pass` median", f"{bare_cpu:.3f} s CPU, {bare_wall:.3f} s wall")
    table.add(
        "cold `assistant ask` median",
        f"{figures('ask')} the bare interpreter's ({COLD_RUNS} runs)",
    )
    table.add(f"  floor: {engine}'s imports alone", figures("engine"))
    table.add("  floor: every module an ask imports", figures("modules"))
    peak = peak_megabytes(["ask", COLD_QUESTION], env)
    bare_peak = peak_megabytes(["--help"], env)
    if peak is not None and bare_peak is not None:
        table.add(
            "asking process peak RSS",
            f"{peak:.0f} MB (`assistant --help`: {bare_peak:.0f} MB; from /proc VmHWM)",
        )
    touched = [r.stderr.strip().splitlines()[0] for r in runs["ask"] if "index" in r.stderr.lower()]
    if touched:
        # The cold figure means nothing if the process had to build the index itself.
        table.add("  warning", f"the process touched the index: {touched[0]}")


@contextmanager
def assistant_home(home: Path) -> Iterator[None]:
    """Point this process's assistant at ``home`` (and at no extra knowledge folders)."""
    saved = {
        name: os.environ.get(name)
        for name in (locations.HOME_VARIABLE, locations.KNOWLEDGE_VARIABLE)
    }
    os.environ[locations.HOME_VARIABLE] = str(home)
    os.environ.pop(locations.KNOWLEDGE_VARIABLE, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Run in a fresh process: the time from the parent starting it to the question box having
# focus, with the index built (as a practitioner opening the app would wait).
_LAUNCH = """
import asyncio, sys, time
from assistant.facade import Assistant
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.question import QuestionInput

async def main() -> None:
    app = AssistantApp(Assistant())
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.focused, QuestionInput):
            await pilot.pause(0.005)
        print(time.time())
        await app.workers.wait_for_complete()

asyncio.run(main())
"""


def app_launch(table: Table, home: Path) -> None:
    """From starting the app to a focused question box, in fresh processes."""
    env = cold_environment(home)
    subprocess.run([sys.executable, "-c", _LAUNCH], capture_output=True, env=env, check=False)
    times = []  # the first run above not among them: it wrote the compiled modules
    for _ in range(COLD_RUNS):
        started = time.time()
        result = subprocess.run(
            [sys.executable, "-c", _LAUNCH], capture_output=True, text=True, env=env, check=False
        )
        if result.returncode != 0:
            table.add("app launch", f"failed: {result.stderr.strip().splitlines()[-1:]}")
            return
        times.append(float(result.stdout.split()[0]) - started)
    table.add(
        "app launch to focused input",
        f"{statistics.median(times):.2f} s median / {max(times):.2f} s max ({COLD_RUNS} runs)",
    )


def app_answers(table: Table, settings: Settings, questions: int = 40) -> None:
    """From Enter to the answer painted on screen, as the headless app measures it."""
    import asyncio

    from assistant.tui.app import AssistantApp
    from assistant.tui.widgets.question import QuestionInput

    times: list[float] = []

    async def drive() -> None:
        app = AssistantApp(Assistant(settings))
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            for question in QUESTIONS[:questions]:
                box = app.query_one(QuestionInput)
                box.focus()
                box.value = question
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
            times.extend(app.ask_screen.answer_seconds)
            app.assistant.close()

    asyncio.run(drive())
    table.add(
        "app: Enter to answer on screen",
        f"p50 {percentile(times, 0.5) * 1000:.0f} ms / p95 {percentile(times, 0.95) * 1000:.0f} ms"
        f" ({len(times)} questions)",
    )


def measure(
    table: Table,
    settings: Settings,
    home: Path,
    update_dirs: list[Path],
    changed: Path,
    note: str = "",
) -> None:
    """Every figure for one corpus, its index already built in ``settings.index_dir``."""
    _say(f"{table.title}: incremental update")
    scratch = settings.index_dir if not note else home / "update-index"
    if note:
        open_index(scratch, settings.engine).update(update_dirs)
    incremental_update(table, scratch, update_dirs, changed, note, settings.engine)
    _say(f"{table.title}: questions")
    assistant = Assistant(settings)
    try:
        question_latency(table, assistant)
    finally:
        assistant.close()
    _say(f"{table.title}: cold processes")
    cold_ask(table, home, settings.engine)
    _say(f"{table.title}: the terminal app, headless")
    app_launch(table, home)


def bench_bundled(work: Path, engine: str = "whoosh") -> Table:
    """Every figure for the bundled corpus, with the settings a normal installation has."""
    home = work / f"bundled-home-{engine}"
    home.mkdir(parents=True)
    (home / "config.toml").write_text(f"engine = {json.dumps(engine)}\n", encoding="utf-8")
    with assistant_home(home):
        settings = Settings.load()
        bundled = locations.bundled_knowledge_dir()
        table = Table(f"Bundled corpus ({bundled}), {engine}")
        _say(f"bundled corpus: building the index in {settings.index_dir}")
        full_build(table, settings.index_dir, settings.knowledge_dirs, engine)
        # The bundled folder belongs to the repository, so the change is made to a copy of it.
        copy = work / f"bundled-copy-{engine}"
        shutil.copytree(bundled, copy)
        changed = sorted(copy.glob("*.md"))[0]
        measure(table, settings, home, [copy], changed, " (on a copy of the folder)")
        app_answers(table, settings)
    return table


def bench_synthetic(work: Path, passages: int, keep: Path | None, engine: str = "whoosh") -> Table:
    """Every figure for a synthetic corpus of about ``passages`` passages."""
    home = work / f"synthetic-home-{passages}-{engine}"
    corpus = keep or work / f"synthetic-corpus-{passages}"
    with timed() as written:
        files = write_synthetic_corpus(corpus, passages)
    where = f"kept in {corpus}" if keep else "in a temporary folder"
    table = Table(
        f"Synthetic corpus, {passages:,} passages ({files} files + glossary, {where}), {engine}"
    )
    table.add("corpus written", f"{written.wall:.1f} s")
    home.mkdir(parents=True)
    # The cold process reads its folders from here; the in-process assistant gets the same.
    (home / "config.toml").write_text(
        f"include_bundled = false\nknowledge = [{json.dumps(str(corpus))}]\n"
        f"engine = {json.dumps(engine)}\n",
        encoding="utf-8",
    )
    settings = Settings(
        knowledge_dirs=[corpus],
        user_knowledge_dir=home / "knowledge",
        index_dir=home / "cache" / "index",
        config_path=home / "config.toml",
        engine=engine,
    )
    with assistant_home(home):
        _say(f"synthetic corpus ({passages:,}): building the index in {settings.index_dir}")
        full_build(table, settings.index_dir, settings.knowledge_dirs, engine)
        changed = corpus / f"synthetic-{files // 2:05d}.md"
        measure(table, settings, home, settings.knowledge_dirs, changed)
    if not keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    return table


def parse_sizes(text: str) -> list[int]:
    """``bundled,10k,2500`` as passage counts (0 for the bundled corpus)."""
    sizes = []
    for part in (piece.strip().lower() for piece in text.split(",")):
        if not part:
            continue
        if part in SIZES:
            sizes.append(SIZES[part])
            continue
        number = part[:-1] if part.endswith("k") else part
        if not number.isdigit() or int(number) < 1:
            raise ValueError(f"not a corpus size: {part!r} (bundled, or passages such as 10k)")
        sizes.append(int(number) * (1000 if part.endswith("k") else 1))
    return sizes


def bench_importers(work: Path, rounds: int = 10) -> Table:
    """Import speed for each format, on the test fixtures built from the seeds: pages a
    second for PDF (pdfplumber), files a second for Word and saved web pages."""
    from assistant.corpus.importing import import_one
    from tests.fixtures.build_fixtures import build_all

    table = Table("Importing documents (fixtures built from seeds 001 and 003)")
    folder = work / "import-fixtures"
    build_all(folder)
    formats = (("audit.pdf", "pages"), ("procedure.docx", "files"), ("procedure.html", "files"))
    for name, unit in formats:
        source = folder / name
        times, pages = [], 0
        for round_number in range(rounds if unit == "files" else max(2, rounds // 5)):
            started = time.perf_counter()
            result = import_one(source, work / f"import-out-{round_number}", dry_run=True)
            times.append(time.perf_counter() - started)
            if result.failed:
                raise SystemExit(f"benchmark fixture {name} failed to import: {result.error}")
        if unit == "pages":
            import pdfplumber

            with pdfplumber.open(source) as pdf:
                pages = len(pdf.pages)
            best = statistics.median(times)
            table.add(f"PDF, {pages} pages", f"{pages / best:.1f} pages/s ({best:.2f} s a file)")
        else:
            best = statistics.median(times)
            label = "Word (.docx)" if name.endswith(".docx") else "web page (.html)"
            table.add(label, f"{1 / best:.1f} files/s ({best * 1000:.0f} ms a file)")
    # A long plain-text file at two lengths: lines a second stay level when importing is
    # linear in the file's length (it once took 272 s for 200,000 lines).
    for lines in (10_000, 40_000):
        source = work / f"long-{lines}.txt"
        paragraph = "Practitioners record each visit and what the child says about home life."
        text = "\n".join("" if n % 20 == 0 else f"{paragraph} ({n})" for n in range(lines))
        source.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        result = import_one(source, work / "import-out-long", dry_run=True)
        took = time.perf_counter() - started
        if result.failed:
            raise SystemExit(f"the long text failed to import: {result.error}")
        table.add(f"plain text, {lines:,} lines", f"{lines / took:,.0f} lines/s ({took:.1f} s)")
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Time index builds, incremental updates, answers and fresh processes on "
        "the bundled corpus and generated ones.",
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        metavar="LIST",
        help=f"corpora to measure, comma-separated: bundled and passage counts such as 10k "
        f"(default {DEFAULT_SIZES}; about 25 minutes on two cores)",
    )
    parser.add_argument("--quick", action="store_true", help=f"the same as --sizes {QUICK_SIZES}")
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        metavar="LIST",
        help=f"search engines to measure each corpus in, comma-separated (default "
        f"{','.join(ENGINES)})",
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write the synthetic corpora here and keep them"
    )
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(QUICK_SIZES if args.quick else args.sizes)
    except ValueError as error:
        parser.error(str(error))
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if not engines or any(name not in ENGINES for name in engines):
        parser.error(f"--engines: each one of {', '.join(ENGINES)}")
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder must be new or empty")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="assistant-benchmark-") as temporary:
        work = Path(temporary)
        for size in sizes:
            for engine in engines:
                if size == 0:
                    table = bench_bundled(work, engine)
                else:
                    keep = args.keep / f"{size}" if args.keep else None
                    table = bench_synthetic(work, size, keep, engine)
                print(table.render() + "\n", flush=True)
            if size == 0:
                print(bench_importers(work).render() + "\n", flush=True)
    print(f"Whole benchmark: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
