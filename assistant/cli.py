"""The ``assistant`` command: the TUI with no arguments, subcommands for each job."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import __version__
from assistant.corpus.documents import KINDS
from assistant.terminal import printable, printable_json
from assistant.wording import counted

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from assistant.briefing.findings import CheckReport
    from assistant.config import Settings
    from assistant.errors import AssistantError
    from assistant.facade import Assistant
    from assistant.search.model import Filters, IndexReport, Progress

EXAMPLES = """\
examples:
  assistant ask "who signs off a 3rd CP plan"
  assistant ask "DC signs" --kind audit --since 2018
  assistant ask --json - < questions.txt
  assistant import report.txt --kind audit --organisation "Example SCP"
  assistant index --rebuild
  assistant eval questions.jsonl --k 3
  assistant briefing new findings.yaml
  assistant briefing render findings.yaml --format html
  assistant pack gather "disguised compliance"
  assistant pack new dc-session.yaml --theme "disguised compliance" --minutes 90
  assistant pack render dc-session.yaml
"""


class _Parser(argparse.ArgumentParser):
    """argparse, with everything it prints passed through the sanitiser: its errors repeat the
    arguments, and a shell wildcard can put any file's name among them."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(printable(message), file)


def _whole(low: int, high: int | None = None, what: str = "a whole number") -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` (to ``high``), said plainly otherwise."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise argparse.ArgumentTypeError(f"must be {what} {span} (not {text!r})")
        return value

    return whole


def _ask_arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument(
        "question", nargs="+", help='the question, or "-" to read one a line from stdin'
    )
    _add_filters(ask)
    ask.add_argument("--json", action="store_true", help="print a JSON object (one a line for -)")


def _import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a .pdf, .docx, .html/.htm or .txt file, or a folder (searched through)",
    )
    imp.add_argument("--title", default="", help="the title (default: taken from the document)")
    imp.add_argument("--kind", default="", help=", ".join(k for k in KINDS if k != "glossary"))
    imp.add_argument("--organisation", default="", help="who published it (default: from the text)")
    imp.add_argument("--published", default="", help="YYYY, YYYY-MM or YYYY-MM-DD")
    imp.add_argument("--topics", default="", help="comma-separated topics")
    imp.add_argument(
        "--to", type=Path, metavar="DIR", help="write here instead of your knowledge folder"
    )
    imp.add_argument(
        "--force",
        action="store_true",
        help="replace a file of the same name from another source (keeps a numbered .bak)",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be imported or changed, and write nothing",
    )
    imp.add_argument("--no-index", action="store_true", help="do not update the index afterwards")


def _index_arguments(idx: argparse.ArgumentParser) -> None:
    idx.add_argument("--rebuild", action="store_true", help="start again from nothing")


def _glossary_arguments(gloss: argparse.ArgumentParser) -> None:
    gloss.add_argument("term", nargs="*", help="a term, abbreviation or synonym")


def _briefing_arguments(brief: argparse.ArgumentParser) -> None:
    steps = brief.add_subparsers(dest="step", metavar="STEP", required=True)
    new = steps.add_parser("new", help="write a commented findings file to start from")
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    check = steps.add_parser("check", help="report problems, length and privacy findings")
    check.add_argument("file", type=Path, metavar="FILE")
    render = steps.add_parser("render", help="render the briefing for publishing")
    render.add_argument("file", type=Path, metavar="FILE")
    render.add_argument("--format", default="html", choices=["md", "html", "docx", "txt", "pdf"])
    render.add_argument("--template", default="default", help="template name (default: default)")
    render.add_argument("-o", "--output", type=Path, metavar="OUT", help="where to write it")
    render.add_argument(
        "--allow-identifying",
        default="",
        metavar="REASON",
        help="render despite privacy findings; the reason is recorded in the output",
    )
    render.add_argument(
        "--publish", action="store_true", help="also add it to the knowledge base (kind: briefing)"
    )


def _pack_arguments(pack: argparse.ArgumentParser) -> None:
    pack_steps = pack.add_subparsers(dest="step", metavar="STEP", required=True)
    gather = pack_steps.add_parser("gather", help="every passage bearing on a theme, by role")
    gather.add_argument("theme", nargs="+", help='a theme, such as "disguised compliance"')
    gather.add_argument("--json", action="store_true", help="print JSON")
    gather.add_argument(
        "--limit", type=_whole(0), default=0, help="show only the strongest N items"
    )
    new_pack = pack_steps.add_parser("new", help="draft a pack file from the evidence for a theme")
    new_pack.add_argument("file", type=Path, metavar="FILE")
    new_pack.add_argument("--theme", required=True, help="the theme")
    new_pack.add_argument(
        "--minutes",
        type=_whole(1, 24 * 60),
        default=90,
        help="session length (default 90)",
    )
    new_pack.add_argument("--audience", default="", help="who the session is for")
    new_pack.add_argument("--force", action="store_true", help="replace an existing file")
    check_pack = pack_steps.add_parser("check", help="check a pack file")
    check_pack.add_argument("file", type=Path, metavar="FILE")
    render_pack = pack_steps.add_parser("render", help="render the plan, handout or slides")
    render_pack.add_argument("file", type=Path, metavar="FILE")
    render_pack.add_argument(
        "--format",
        default="all",
        choices=[
            "all",
            "plan.md",
            "plan.html",
            "plan.docx",
            "handout.html",
            "handout.docx",
            "slides.pptx",
        ],
        help="what to render (default: all of them)",
    )
    render_pack.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="file to write (a folder when rendering all)",
    )


def _eval_arguments(ev: argparse.ArgumentParser) -> None:
    ev.add_argument("file", type=Path, help="JSON lines: question, kind, gold quotes, answer_facts")
    ev.add_argument(
        "--k", type=_whole(1), default=3, help="passages counted for recall (default 3)"
    )
    ev.add_argument("--json", type=Path, metavar="OUT", help="also write every result to OUT")
    ev.add_argument(
        "--import",
        dest="import_dir",
        type=Path,
        metavar="DIR",
        help="first import every document in DIR into a temporary home (beside the bundled ones)",
    )
    ev.add_argument(
        "--skip-lines", type=int, default=0, metavar="N", help="drop each document's first N lines"
    )
    ev.add_argument("--seeds", type=Path, help=argparse.SUPPRESS)


_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "ask": ("answer a question from the knowledge base", _ask_arguments),
    "import": (
        "turn PDFs, Word files, web pages and text (or folders of them) into knowledge files",
        _import_arguments,
    ),
    "index": ("build or update the search index", _index_arguments),
    "glossary": ("look up a term, or list them all", _glossary_arguments),
    "briefing": ("7 minute briefings from audit findings", _briefing_arguments),
    "pack": ("training session packs from the evidence", _pack_arguments),
    "eval": ("measure answers against a gold question file", _eval_arguments),
}
"""Each command: its help line and what sets up its arguments."""


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the command typed, only its arguments are set up:
    every command's are a good share of a cold ``assistant ask``; ``--help`` lists them all."""
    parser = _Parser(
        prog="assistant",
        description="Briefing Assistant: cited answers from your partnership's procedures and "
        "audit learning. With no command, opens the terminal app.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments) in _COMMANDS.items():
        subparser = commands.add_parser(name, help=help_text)
        if command is None or command == name:
            add_arguments(subparser)
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", default="", help="only this kind of document")
    parser.add_argument("--organisation", default="", help="only documents from this organisation")
    parser.add_argument(
        "--since",
        type=_whole(1000, 9999, "a year"),
        help="only documents published in or after this year",
    )


def _filters(args: argparse.Namespace) -> Filters:
    from assistant.answering.question import check_filters
    from assistant.search.model import Filters

    return check_filters(Filters(kind=args.kind, organisation=args.organisation, since=args.since))


def _out(text: str) -> None:
    """Print to stdout: everything shown passes the one terminal sanitiser (text from files
    may hold escape sequences)."""
    print(printable(text), flush=True)


def _say(message: str) -> None:
    """Print a message or problem to stderr, sanitised likewise."""
    print(printable(message), file=sys.stderr, flush=True)


def _json(data: object, indent: int | None = None) -> None:
    """Print JSON that keeps every character (those a terminal could act on as ``\\u`` escapes)."""
    print(printable_json(json.dumps(data, ensure_ascii=False, indent=indent)), flush=True)


def _settings() -> Settings:
    """The configuration, with what looks wrong in it said on stderr."""
    from assistant.config import Settings

    settings = Settings.load()
    for warning in settings.warnings:
        _say(f"warning: {warning}")
    return settings


def _assistant() -> Assistant:
    from assistant.facade import Assistant

    return Assistant(_settings(), notify=_say)


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A live progress bar on a terminal (rich's); nothing when output is redirected."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    columns = (TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    console = Console(stderr=True, markup=False, highlight=False)
    with Bar(*columns, TextColumn("{task.description}", markup=False), console=console) as bar:
        task = bar.add_task("", total=None)

        def show(done: int, total: int, path: str) -> None:
            name = printable(Path(path).name)
            bar.update(task, completed=done, total=total, description=name)

        yield show


def _summary(report: IndexReport) -> str:
    skipped = sum(1 for problem in report.problems if problem.skipped)
    text = (
        f"{report.documents} documents, {report.passages} passages, "
        f"{report.seconds:.2f} s, {counted(len(report.problems), 'problem')}"
    )
    changes = f"{report.added} added, {report.updated} updated, {report.removed} removed"
    lines = [("Rebuilt: " if report.rebuilt else "Updated: ") + text + f" ({changes})"]
    if report.rebuilt and report.reason and report.reason != "asked to rebuild":
        lines.append(f"  (rebuilt because {report.reason})")
    for problem in report.problems:
        lines.append(f"  {'skipped' if problem.skipped else 'warning'}: {problem}")
    if skipped:
        lines.append(f"  {counted(skipped, 'file')} left out: fix them and run `assistant index`.")
    return "\n".join(lines)


_REPLACE_HINT = " Use --force to replace it (the old file is kept as a numbered backup)."


def _hint(error: AssistantError) -> str:
    """What to type next, which only the command line knows (the core says what is wrong)."""
    from assistant.briefing.findings import FindingsError
    from assistant.errors import AlreadyExists
    from assistant.publishing.rendered import PrivacyBlocked

    if isinstance(error, AlreadyExists):
        return " Use --force to replace it (the old file is kept as a backup)."
    if isinstance(error, PrivacyBlocked):
        return ' Or give --allow-identifying "REASON" to go ahead; the reason is recorded.'
    if isinstance(error, FindingsError) and "empty" in error.message:
        return " Start from `assistant briefing new FILE`."
    cause = _cause(error)  # a full disk or a read-only folder behind it
    return _os_hint(cause) if cause is not None else ""


def cmd_ask(args: argparse.Namespace) -> int:
    assistant = _assistant()
    filters = _filters(args)
    if args.question == ["-"]:
        for line in sys.stdin:
            question = line.strip()
            if not question:
                continue
            answer = assistant.ask(question, filters)
            if args.json:
                _json(answer.as_json())
            else:
                _out(f"Q: {question}\n{answer.markdown()}\n")
        return 0
    answer = assistant.ask(" ".join(args.question), filters)
    if args.json:
        _json(answer.as_json(), indent=2)
    else:
        _out(answer.markdown())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from assistant.corpus.importers.blocks import ImportOptions
    from assistant.corpus.importing import check_options, import_paths, summary_table

    assistant = _assistant()
    destination = args.to or assistant.settings.user_knowledge_dir
    options = ImportOptions(
        title=args.title,
        kind=args.kind,
        organisation=args.organisation,
        published=args.published,
        topics=[topic.strip() for topic in args.topics.split(",") if topic.strip()],
    )
    try:
        check_options(options)
    except ValueError as error:
        _say(f"error: {error}")
        return 2
    results = import_paths(
        args.files,
        destination,
        options,
        assistant.glossary.topics_in,
        overwrite=args.force,
        dry_run=args.dry_run,
    )
    for result in results:
        for number, line in enumerate(result.lines()):
            if result.failed and number == 0:
                # The core says what is wrong; what to type next is the command line's.
                _say(line + (_REPLACE_HINT if result.needs_force else ""))
            else:
                _out(line)
    if len(results) > 1 or any(path.is_dir() for path in args.files):
        _out("")
        _out(summary_table(results))
    failures = sum(1 for result in results if result.failed)
    written = any(r.status in ("imported", "updated", "replaced") for r in results)
    indexed = destination.resolve() in {d.resolve() for d in assistant.settings.knowledge_dirs}
    if not args.no_index and not args.dry_run and written:
        if indexed:
            with _progress() as progress:
                report = assistant.update_index(progress=progress)
            _out(_summary(report))
        else:
            _say(
                f"note: {destination} is not a knowledge folder, so the index was not updated; "
                "name it in ASSISTANT_KNOWLEDGE or the configuration to search it."
            )
    if failures:
        _say(f"{failures} of {counted(len(results), 'file')} not imported")
    return 1 if failures else 0


def cmd_index(args: argparse.Namespace) -> int:
    assistant = _assistant()
    with _progress() as progress:
        report = assistant.update_index(rebuild=args.rebuild, progress=progress)
    _out(_summary(report))
    for problem in assistant.glossary_problems:
        _out(f"  glossary: {problem}")
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    assistant = _assistant()
    glossary = assistant.glossary
    for problem in assistant.glossary_problems:
        _say(f"glossary left out: {problem}")
    if not args.term:
        for term in sorted(glossary.terms, key=lambda t: t.term.lower()):
            names = f" ({', '.join(term.abbr)})" if term.abbr else ""
            _out(f"{term.term}{names}")
        return 0
    phrase = " ".join(args.term)
    terms = glossary.lookup(phrase)
    if not terms:
        _say(f'“{phrase}” is not in the glossary. Try `assistant ask "what does {phrase} mean"`.')
        return 1
    for term in terms:
        lines = [term.term + (f" ({', '.join(term.abbr)})" if term.abbr else "")]
        lines.append(f"  {term.definition}")
        if term.synonyms:
            lines.append(f"  Also: {', '.join(term.synonyms)}")
        if term.related:
            lines.append(f"  Related: {', '.join(term.related)}")
        if term.source:
            lines.append(f"  Source: {term.source}")
        _out("\n".join(lines))
    return 0


def _print_check(report: CheckReport, path: Path) -> None:
    for issue in report.problems:
        _say(f"{path}:{issue}")
    for issue in report.warnings:
        _out(f"{path}: length: {issue}")
    for note in report.privacy:
        state = "allowed" if note.acknowledged else "identifying?"
        where = f"line {note.line} " if note.line else ""
        _out(f"{path}: {state}: {where}({note.field}): {note.finding}")


def cmd_briefing(args: argparse.Namespace) -> int:
    steps = {"new": _briefing_new, "check": _briefing_check, "render": _briefing_render}
    return steps[args.step](args)


def _briefing_new(args: argparse.Namespace) -> int:
    from assistant.briefing.findings import write_starter

    write_starter(args.file, _settings().partnership.name, replace=args.force)
    _out(f"wrote {args.file}: fill it in, then `assistant briefing check {args.file}`")
    return 0


def _briefing_check(args: argparse.Namespace) -> int:
    from assistant.briefing.findings import check_file, reading_time

    report = check_file(args.file)
    _print_check(report, args.file)
    if report.findings is not None:
        findings = report.findings
        _out(
            f"{args.file}: {'ok' if report.ok else 'problems'}: seven points, "
            f"{counted(findings.words, 'word')}, about {reading_time(findings.words)} to read "
            f"aloud; {counted(len(report.unacknowledged), 'privacy finding')} to resolve"
        )
    return 0 if report.ok else 1


def _briefing_render(args: argparse.Namespace) -> int:
    from assistant.briefing.findings import check_file
    from assistant.briefing.publish import publish_briefing
    from assistant.briefing.render import default_output, render
    from assistant.publishing.rendered import RenderError

    report = check_file(args.file)
    assistant = _assistant()
    try:
        rendered = render(
            report,
            args.format,
            assistant.settings,
            template=args.template,
            allow_identifying=args.allow_identifying,
        )
    except RenderError as error:
        _print_check(report, args.file)
        _say(f"not rendered: {error.message}{_hint(error)}")
        return 1
    for issue in report.warnings:
        _out(f"{args.file}: length: {issue}")
    output = args.output or default_output(args.file, args.format, args.template)
    rendered.write(output, inputs=[args.file])
    _out(f"wrote {output}")
    if args.publish:
        try:
            target, index_report = publish_briefing(
                assistant, report, args.file, args.allow_identifying
            )
        except RenderError as error:
            _say(f"not published: {error.message}{_hint(error)}")
            return 1
        _out(f"published to the knowledge base: {target}")
        _out(_summary(index_report))
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    steps = {"gather": _pack_gather, "new": _pack_new, "check": _pack_check, "render": _pack_render}
    return steps[args.step](args)


def _pack_gather(args: argparse.Namespace) -> int:
    from assistant.training.evidence import ROLE_TITLES, gather

    evidence = gather(_assistant(), " ".join(args.theme))
    items = evidence.items[: args.limit] if args.limit else evidence.items
    if args.json:
        data = {
            "theme": evidence.theme,
            "terms": [{"name": t.name, "tier": t.tier} for t in evidence.terms],
            "definition": evidence.definition.text if evidence.definition else "",
            "items": [item.as_json() for item in items],
        }
        _json(data, indent=2)
        return 0
    if evidence.definition:
        _out(f"Definition (glossary): {evidence.definition.text}\n")
    if not items:
        _out(f"Nothing in the knowledge base names or describes “{evidence.theme}”.")
        return 0
    shown = {id(item) for item in items}
    for document, group in evidence.by_document().items():
        group = [item for item in group if id(item) in shown]
        if not group:
            continue
        lines = [f"## {document}"]
        for item in group:
            lines.append(f"- [{ROLE_TITLES[item.role]}] “{item.quote}”")
            lines.append(f"  {item.citation()}  ({item.hit.pid})")
        _out("\n".join(lines) + "\n")
    return 0


def _pack_new(args: argparse.Namespace) -> int:
    from assistant.errors import AlreadyExists
    from assistant.training.evidence import gather
    from assistant.training.pack import draft_pack, save_pack

    if args.file.exists() and not args.force:
        raise AlreadyExists("already exists", args.file)
    evidence = gather(_assistant(), args.theme)
    if not evidence.items:
        _say(f"nothing in the knowledge base names or describes “{args.theme}”")
        return 1
    pack = draft_pack(evidence, args.minutes, args.audience)
    save_pack(args.file, pack)
    _out(
        f"wrote {args.file} with {len(pack.evidence)} pieces of evidence: edit it, then "
        f"`assistant pack render {args.file}`"
    )
    return 0


def _pack_check(args: argparse.Namespace) -> int:
    from assistant.training.pack import check_pack_file

    report = check_pack_file(args.file)
    for issue in report.problems:
        _say(f"{args.file}: {issue}")
    for issue in report.warnings:
        _out(f"{args.file}: {issue}")
    if report.pack is not None and report.ok:
        pack = report.pack
        _out(
            f"{args.file}: ok: {len(pack.segments)} segments, {pack.minutes} minutes, "
            f"{len(pack.evidence)} pieces of evidence"
        )
    return 0 if report.ok else 1


def _pack_render(args: argparse.Namespace) -> int:
    from assistant.publishing.rendered import RenderError
    from assistant.training.export import export_pack, targets_in
    from assistant.training.pack import check_pack_file
    from assistant.training.render import OUTPUTS

    report = check_pack_file(args.file)
    if not report.ok or report.pack is None:
        for issue in report.problems:
            _say(f"{args.file}: {issue}")
        _say("not rendered: fix the problems above first")
        return 1
    if args.output is not None and args.format != "all":
        targets = [(args.format, args.output)]
    else:
        outputs = OUTPUTS if args.format == "all" else (args.format,)
        targets = targets_in(args.output or args.file.parent, args.file.stem, outputs)
    try:
        written, warnings = export_pack(report.pack, _assistant(), targets, inputs=[args.file])
    except RenderError as error:
        _say(f"not rendered: {error.message}")
        return 1
    lines = [f"wrote {path}" for path in written] + [f"  note: {w}" for w in warnings]
    _out("\n".join(lines))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from assistant.evaluation.imported import imported_documents
    from assistant.evaluation.measure import evaluate, format_table, load_gold, save_results

    try:
        questions = load_gold(args.file)
    except (OSError, ValueError) as error:
        _say(f"cannot read {args.file}: {error}")
        return 1
    if args.import_dir is None:
        assistant = _assistant()
        assistant.ensure_index()
        report = evaluate(assistant, questions, k=args.k)
    else:
        with imported_documents(args.import_dir, args.skip_lines) as home:
            for problem in home.problems:
                _say(problem)
            _say(f"imported {len(home.imported)} documents into a temporary home")
            report = evaluate(home.assistant, questions, k=args.k)
    _out(format_table(report))
    if args.json:
        save_results(report, args.json)
        _out(f"results written to {args.json}")
    return 0


def cmd_tui() -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal the app would wait for keys that never come, drawing into a pipe.
        _say(
            "The app needs a terminal, and input or output is redirected here. From a script, "
            'ask with `assistant ask "QUESTION"` (`--json` for JSON); `assistant --help` lists '
            "every command."
        )
        return 2
    from assistant.tui.app import run

    return run()


def _os_problem(error: OSError) -> str:
    """A failed read or write in words, with what to do about it."""
    reason = error.strerror or str(error)
    where = f": {error.filename}" if error.filename else ""
    return f"{reason}{where}.{_os_hint(error)}"


def _os_hint(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return " Free some space on that disk, then try again."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            " The assistant keeps its files in its home folder: make it writable, or point "
            "ASSISTANT_HOME at a folder you can write to."
        )
    return ""


_DISK_TROUBLE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}


def _cause(error: BaseException) -> OSError | None:
    """The full disk or refused write that led to an error, when one did (a library failing
    on a full disk often reports only its own state afterwards, such as Whoosh's "This writer
    is closed"; the core's own message keeps the failure as its context)."""
    seen: set[int] = set()
    current = error.__cause__ or error.__context__
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError) and current.errno in _DISK_TROUBLE:
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(words[0] if words and words[0] in _COMMANDS else None)
    args = parser.parse_args(words)
    handlers = {
        "ask": cmd_ask,
        "import": cmd_import,
        "index": cmd_index,
        "glossary": cmd_glossary,
        "briefing": cmd_briefing,
        "pack": cmd_pack,
        "eval": cmd_eval,
    }
    from assistant.errors import AssistantError

    try:
        if args.command is None:
            return cmd_tui()
        return handlers[args.command](args)
    except AssistantError as error:
        _say(f"error: {error}{_hint(error)}")
        return 1
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last word: a message, never raw text
        cause = error if isinstance(error, OSError) else _cause(error)
        if cause is not None:
            _say(f"error: {_os_problem(cause)}")
            return 1
        # A fault of ours: the details help to fix it, sanitised like everything else shown.
        import traceback

        _say("".join(traceback.format_exception(error)).rstrip())
        _say(f"error: something went wrong that the assistant did not expect: {error!s}")
        return 1
