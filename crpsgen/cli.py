"""Command line: argument parsing, exit codes and printing the report. Nothing else.

Exit codes: 0 success, 1 problems in the content or settings, 2 wrong usage or the
system refused (an output folder that cannot be written, a full disk, a busy port),
3 an internal error (a bug: one line asking for a report), 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from . import stamp, store
from .addresses import check_file_name
from .buildcache import BuildCache
from .checks import page_statistics
from .diagnostics import DEBUG_VARIABLE, Report, print_report
from .model import BuildOptions
from .parallel import default_jobs
from .pipeline import BuildResult, build_site
from .scaffold import BadTitle, clean_title, file_slug, scaffold
from .watch import source_folders
from .writer import OutputNotWritten, UnsafeOutputFolder, write_site

COMMANDS = ("build", "check", "serve", "new")
EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, default=Path("site.yaml"), help="site settings file (default: site.yaml)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
    parser.add_argument("--base-url", help="publish address to use instead of base_url in site.yaml")
    parser.add_argument("--quiet", action="store_true", help="do not list notices, only count them")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        metavar="N",
        help=f"processes for converting and rendering pages (default: {default_jobs()}, one per core)",
    )


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"should be a whole number of processes, 1 or more, not {text!r}")
    return int(text)


def _cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="build everything afresh, neither reading nor writing the build cache "
        "(.cache/crpsgen/ beside site.yaml; deleting it is always safe)",
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Build the patient-information site from content/ and site.yaml. "
        "With no command, builds into output/.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="build the site into output/ (the default)",
        description="Check everything, then build the site into a staging folder and swap it in "
        "for output/. If anything is wrong, output/ is left exactly as it was.",
    )
    _common(build)
    _cache_option(build)
    build.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    check = commands.add_parser(
        "check",
        help="check everything without writing output/",
        description="Run the whole build in memory and report every problem; writes nothing.",
    )
    _common(check)
    _cache_option(check)
    check.add_argument(
        "--stats", action="store_true", help="print each page's word count, reading grade and sources"
    )
    serve = commands.add_parser(
        "serve",
        help="preview the site on this computer, rebuilding when files change",
        description="Build the site and serve it on http://127.0.0.1:PORT under its base_url path. "
        "Rebuilds when content, templates, data or settings change and reloads the browser.",
    )
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    new = commands.add_parser(
        "new",
        help='start a new page: new "Page title"',
        description="Create content/<slug>.md with every required front-matter field filled in.",
    )
    new.add_argument("title", help="the page's title, in quotes")
    new.add_argument("--config", type=Path, default=Path("site.yaml"), help="site settings file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; whatever happens, end with one line, never a traceback."""
    out = "output"
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        if not argv or (argv[0] not in COMMANDS and argv[0] not in {"-h", "--help"}):
            argv.insert(0, "build")
        args = make_parser().parse_args(argv)
        out = str(getattr(args, "out", None) or out)
        return run(args)
    except KeyboardInterrupt:
        print(f"interrupted; {out}/ unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `python build.py check --stats | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error on exit
        return EXIT_OK
    except OSError as exc:  # the system refused a file the steps above did not expect to fail
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            f"{where}error: {exc.strerror or exc} (hint: check that it exists and that you may read and "
            f"write it; {out}/ was left as it was)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except Exception as exc:  # last resort: every error a user can cause is reported where it happens
        if os.environ.get(DEBUG_VARIABLE):
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {exc}) (hint: this is a bug in the generator, "
            f"not in your files; please report it with the command you ran and the output of "
            f"{DEBUG_VARIABLE}=1 python build.py ...)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run(args: argparse.Namespace) -> int:
    if args.command == "new":
        return new_page(args.title, args.config.resolve().parent / "content")
    if args.command == "serve":
        if not 0 <= args.port <= 65535:
            print(
                f"error: --port {args.port} is not a port number "
                "(hint: use a number from 1024 to 65535, such as the default 8000)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        from .devserver import serve

        return serve(
            _options(args),
            host=args.host,
            port=args.port,
            open_browser=args.open,
            quiet=args.quiet,
            jobs=args.jobs,
        )
    return build_or_check(args)


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        config_path=args.config,
        out_dir=getattr(args, "out", None),
        strict=args.strict,
        drafts=args.drafts,
        base_url=args.base_url,
        readability=args.command == "check",
    )


def build_or_check(args: argparse.Namespace) -> int:
    options = _options(args)
    started, started_ns = time.perf_counter(), time.time_ns()
    last: stamp.Before | None = None
    if args.command == "build" and not args.no_cache:
        last = stamp.before(options.config_path, _stamp_settings(options))
        if last.stamp is not None and last.unchanged(_out_dir(options)):
            return _unchanged(last.stamp, options, args.quiet, started)
    report = Report(root=options.config_path.resolve().parent)
    cache = BuildCache(args.jobs) if args.no_cache else store.load(options.config_path, args.jobs)
    result = build_site(options, report, cache)
    if not args.no_cache and result.config is not None:
        store.save(cache, options.config_path)
    print_report(report, quiet=args.quiet)
    if last is not None:
        stamp.forget(options.config_path)  # until this build has written output/ (below)
    if report.failed(options.strict):
        if not report.has_errors:
            print("warnings fail the build with --strict", file=sys.stderr)
        print("nothing was written" if args.command == "build" else "check failed", file=sys.stderr)
        return EXIT_CONTENT
    seconds = time.perf_counter() - started
    pages = len(result.pages)
    if args.command == "check":
        if args.stats:
            print(page_statistics(result.pages))
        print(f"checked {pages} pages in {seconds:.2f} s: {report.summary()}")
        return EXIT_OK
    assert options.out_dir is not None
    try:
        written = write_site(result.outputs, options.out_dir)
    except UnsafeOutputFolder as exc:
        print(f"{options.out_dir}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputNotWritten as exc:
        where = _shown(exc.where) + ("/" if exc.where == exc.folder else "")
        reason = exc.error.strerror or str(exc.error)
        print(
            f"{options.out_dir}: error: cannot write {where}: {reason} "
            f"(hint: {exc.hint}; {options.out_dir}/ was left as it was)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    shows_drafts = args.drafts and any(converted.page.meta.draft for converted in result.pages)
    if last is not None:
        _keep_stamp(last, options, result, report, shows_drafts, started_ns)
    seconds = time.perf_counter() - started
    if written:
        print(f"built {pages} pages into {options.out_dir}/ in {seconds:.2f} s: {report.summary()}")
    else:
        print(f"built {pages} pages in {seconds:.2f} s, the same as {options.out_dir}/: nothing written")
    if shows_drafts:
        _warn_drafts(options)
    return EXIT_OK


def _warn_drafts(options: BuildOptions) -> None:
    print(
        f"warning: {options.out_dir}/ contains draft pages: do not deploy it "
        "(hint: build again without --drafts before publishing)",
        file=sys.stderr,
    )


def _out_dir(options: BuildOptions) -> Path:
    assert options.out_dir is not None  # always set for build
    return options.out_dir


def _stamp_settings(options: BuildOptions) -> list[str]:
    """Everything besides the files that shapes what a build writes."""
    return [
        "build",
        str(options.config_path.resolve()),
        str(_out_dir(options).resolve()),
        f"strict={options.strict} drafts={options.drafts} base_url={options.base_url}",
        options.today.isoformat(),  # review dates and data checks compare with today
        os.environ.get("SOURCE_DATE_EPOCH", ""),  # the feed's and sitemap's dates (render.py)
    ]


def _keep_stamp(
    last: stamp.Before,
    options: BuildOptions,
    result: BuildResult,
    report: Report,
    shows_drafts: bool,
    started_ns: int,
) -> None:
    """Stamp what this build was made from and what it left in output/, for the next build."""
    assert result.config is not None
    folders = tuple(str(folder) for folder in source_folders(result.config))
    if last.stamp is not None and last.stamp.folders == folders and last.inputs is not None:
        inputs: str | None = last.inputs  # taken before the build read them
    else:  # the first build: taken now, unless a file changed since the build began
        inputs = stamp.inputs_digest(
            _stamp_settings(options), options.config_path, folders, since_ns=started_ns
        )
    outputs = stamp.outputs_digest(_out_dir(options))
    if inputs is None or outputs is None:
        return
    made = stamp.Stamp(inputs, folders, outputs, len(result.pages), tuple(report.items), shows_drafts)
    stamp.save(options.config_path, made)


def _unchanged(last: stamp.Stamp, options: BuildOptions, quiet: bool, started: float) -> int:
    """What the last build reported, again: its inputs and output/ are as it left them."""
    print_report(Report(root=options.config_path.resolve().parent, items=list(last.findings)), quiet)
    seconds = time.perf_counter() - started
    print(f"built {last.pages} pages in {seconds:.2f} s, the same as {options.out_dir}/: nothing written")
    if last.drafts:
        _warn_drafts(options)
    return EXIT_OK


def _shown(path: Path) -> str:
    """A path as the editor would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def new_page(title: str, content_dir: Path, today: dt.date | None = None) -> int:
    """Scaffold a draft page with every required field and placeholders the build refuses to publish."""
    try:
        title = clean_title(title)
    except BadTitle as exc:
        hint = 'a title needs letters or digits, for example: new "Pacing and flare-ups"'
        print(f"error: {exc} (hint: {hint})", file=sys.stderr)
        return EXIT_USAGE
    name = f"{file_slug(title)}.md"
    if (problem := check_file_name(name)) is not None:  # "Assets": assets/ holds the static files
        hint = "give the page another title: its file name and address come from the title"
        print(
            f'error: a page titled "{title}" would be {name}, and {problem.message} (hint: {hint})',
            file=sys.stderr,
        )
        return EXIT_USAGE
    path = content_dir / name
    if path.exists():
        print(f"{path}: error: a page with this name already exists", file=sys.stderr)
        return EXIT_CONTENT
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite a page
            file.write(scaffold(title, today or dt.date.today()))
    except OSError as exc:
        print(
            f"{path}: error: cannot write it: {exc.strerror or exc} (hint: check that content/ is writable)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"created {path} (draft: true; replace the placeholder text, then remove that line to publish)")
    return EXIT_OK
