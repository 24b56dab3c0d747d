"""Benchmark the generator against the floor, side by side in one run (issue 10).

    python benchmarks/bench_engine.py [--pages 1000,5000] [--repeat 3] [--quick]
        [--jobs N] [--search] [--skip-real] [--max-seconds 180] [--rev COMMIT] [--save FILE] [--keep]

Prints a table; it is not a test and asserts nothing. For the real site (a copy) and
for a generated site of each size (benchmarks/sitegen.py: pages like ours, every page in
one of ten menu sections), all in a temporary folder so the working tree is never
edited, it times, each in a fresh process:

- floor: benchmarks/floor.py, one process of Python-Markdown (toc, tables, footnotes,
  attr_list) + one Jinja template + writing each page, over the same pages;
- cold: `python build.py build --no-cache` with no cache and no output folder (when the
  CLI has no --no-cache, the .cache/ folder beside site.yaml is deleted instead);
- nothing changed: the same build again, cache warm;
- one page changed: a paragraph added to one page, then the build;
- template changed: a comment added to templates/base.html, then the build;
- dev server start: `python build.py serve` started (cache warm) until the page is served;
- dev server one-page edit / template edit: from the save until the page fetched over
  HTTP shows the change (polled every 10 ms), the server's own detection delay included.

Each figure is the median of --repeat runs. "x floor" is the time over the floor's at the
same size; "RSS MB" is the most resident memory of the process and its worker processes
at once (sampled every 50 ms from /proc, and never less than the kernel's exact peak for
the largest process, from wait4): a page forked workers share with the parent is counted
in each of them. "PSS MB" splits each shared page among its sharers (Pss in smaps_rollup,
sampled the same way): the memory the whole tree really held at its peak; "written"
counts the output files that are new or whose inode, size or modification time changed,
of all files in the output folder. A run slower than --max-seconds is stopped, and the
cases after it at that size are skipped.
The dev server's own "rebuilt: ..." lines are printed after the table.

Only the command line is used (build.py build/serve, --help to see whether --no-cache
and --jobs exist), so the script keeps working while the engine's modules change;
--rev measures an older commit, exported with `git archive` into the temporary folder.
The machine's load average is printed with each table: other work on the same cores
slows the generator and the floor alike, so compare the "x floor" column.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen import copy_real_site, make_site  # noqa: E402

FLOOR = ROOT / "benchmarks" / "floor.py"
POLL_SECONDS = 0.01  # how often the page is fetched while waiting for an edit to show
EDIT_TIMEOUT = 120.0  # seconds an edit may take to show before it counts as not shown

Snapshot = dict[str, tuple[int, int, int]]  # file -> (inode, size, mtime in ns)


@dataclass
class Run:
    seconds: float
    peak_mb: float  # resident memory of the process tree, shared pages counted in each process
    pss_mb: float = 0.0  # the same with each shared page split among its sharers (smaps_rollup)
    written: int | None = None
    files: int | None = None
    failure: str = ""  # why the run gave no figure


@dataclass
class Row:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def good(self) -> list[Run]:
        return [run for run in self.runs if not run.failure]


@dataclass
class Block:
    title: str
    pages: int
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cli:
    """What this checkout's `build.py build` accepts."""

    no_cache: bool
    jobs: bool

    @classmethod
    def detect(cls, build: Path) -> Cli:
        result = subprocess.run(
            [sys.executable, str(build), "build", "--help"], capture_output=True, text=True, check=False
        )
        return cls(no_cache="--no-cache" in result.stdout, jobs="--jobs" in result.stdout)


# ------------------------------------------------------------------ processes and memory


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """Memory of a process and all its descendants, in KB: (resident, proportional).

    Resident counts a page shared by forked workers in each of them; proportional (PSS)
    splits it among them, so it is what the tree holds at once. (0, 0) once it is gone.
    """
    rss = pss = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
        rss += int(found.group(1)) if found else 0
        with contextlib.suppress(OSError):
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            found = re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE)
            pss += int(found.group(1)) if found else 0
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
    return rss, pss


class MemoryWatch:
    """Samples a process tree's memory in a thread; `peak_mb()` since the last `reset()`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self.peak_pss_kb = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            rss, pss = tree_memory_kb(self.pid)
            self.peak_kb, self.peak_pss_kb = max(self.peak_kb, rss), max(self.peak_pss_kb, pss)
            self._stop.wait(0.05)

    def reset(self) -> None:
        self.peak_kb, self.peak_pss_kb = tree_memory_kb(self.pid)

    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    def peak_pss_mb(self) -> float:
        return self.peak_pss_kb / 1024

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def child_env() -> dict[str, str]:
    """The environment of every process measured: Python keeps its compiled bytecode as on any
    editor's machine, even where this shell says not to (PYTHONDONTWRITEBYTECODE, set by some
    containers, would make each run compile the generator's modules again)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def stop_tree(process: subprocess.Popen[bytes]) -> None:
    """Stop a child we started and everything it started (it leads its own group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def reap(process: subprocess.Popen[bytes], timeout: float | None) -> tuple[int, float] | None:
    """Wait for the child; return (exit code, its exact peak MB), or None after `timeout`.

    A blocking wait4 (no polling loop taking turns with the child on a busy machine); a
    timer stops the child's process group when the time is up.
    """
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        stop_tree(process)

    timer = threading.Timer(timeout, expire) if timeout is not None else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        if timer is not None:
            timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if expired.is_set():
        return None
    return process.returncode, usage.ru_maxrss / 1024  # Linux: KB


def run_child(command: list[str], cwd: Path, log: Path, timeout: float) -> Run:
    """Run one command in a fresh process; time it and watch its memory."""
    with log.open("wb") as stream:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True, env=child_env()
        )
        watch = MemoryWatch(process.pid)
        ended = reap(process, timeout)
        seconds = time.perf_counter() - started
        watch.stop()
    if ended is None:
        return Run(seconds, watch.peak_mb(), watch.peak_pss_mb(), failure=f"stopped after {timeout:.0f} s")
    code, exact_mb = ended
    if code != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        return Run(seconds, 0.0, failure=f"exit {code}: " + " | ".join(tail))
    return Run(seconds, max(watch.peak_mb(), exact_mb), watch.peak_pss_mb())


# ------------------------------------------------------------------ output folders


def snapshot(folder: Path) -> Snapshot:
    files: Snapshot = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file():
                info = path.stat()
                files[str(path.relative_to(folder))] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return files


def written(before: Snapshot, after: Snapshot) -> int:
    return sum(1 for name, info in after.items() if before.get(name) != info)


# ------------------------------------------------------------------ one site


@dataclass
class Site:
    config: Path
    page: Path  # the page edited and fetched
    pages: int

    @property
    def root(self) -> Path:
        return self.config.parent

    @property
    def out(self) -> Path:
        return self.root / "output"

    def url_path(self) -> str:
        settings = yaml.safe_load(self.config.read_text(encoding="utf-8")) or {}
        base = re.sub(r"^[a-z]+://[^/]*", "", str(settings.get("base_url", "/"))).rstrip("/") + "/"
        return base if self.page.stem == "index" else f"{base}{self.page.stem}/"


class Bench:
    def __init__(self, args: argparse.Namespace, engine: Path, cli: Cli, logs: Path) -> None:
        self.args, self.cli, self.logs = args, cli, logs
        self.build_py = engine / "build.py"

    def build_command(self, site: Site, cold: bool) -> list[str]:
        command = [sys.executable, str(self.build_py), "build", "--quiet", "--config", str(site.config)]
        command += ["--out", str(site.out)]
        if cold and self.cli.no_cache:
            command.append("--no-cache")
        if self.args.jobs is not None and self.cli.jobs:
            command += ["--jobs", str(self.args.jobs)]
        return command

    def build(self, site: Site, cold: bool = False) -> Run:
        if cold:
            shutil.rmtree(site.root / ".cache", ignore_errors=True)
            shutil.rmtree(site.out, ignore_errors=True)
        before = snapshot(site.out)
        run = run_child(
            self.build_command(site, cold), site.root, self.logs / "build.log", self.args.max_seconds
        )
        after = snapshot(site.out)
        run.written, run.files = written(before, after), len(after)
        return run

    def floor(self, site: Site) -> Run:
        out = site.root / "floor-output"
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, str(FLOOR), "--content", str(site.root / "content"), "--out", str(out)]
        run = run_child(command, site.root, self.logs / "floor.log", self.args.max_seconds)
        after = snapshot(out)
        run.written, run.files = len(after), len(after)
        return run

    def measure(self, title: str, site: Site) -> Block:
        block = Block(title, site.pages)
        repeat = self.args.repeat
        floor = Row("floor: Markdown + one template + write")
        floor.runs = [self.floor(site) for _ in range(repeat)]
        block.rows.append(floor)
        cold = Row("crpsgen cold build" + (" (--no-cache)" if self.cli.no_cache else " (.cache/ deleted)"))
        block.rows.append(cold)
        for _ in range(repeat):
            cold.runs.append(self.build(site, cold=True))
            if cold.runs[-1].failure:
                block.notes.append(f"cold build {cold.runs[-1].failure}; the cases after it are skipped")
                return block
        self.build(site)  # the cache, filled by a build that may use it
        block.rows.append(Row("nothing changed", [self.build(site) for _ in range(repeat)]))
        page_edit = Row("one page changed")
        with edited(site.page, lambda text, n: text + f"\nAn added paragraph, number {n}.\n") as edit:
            for n in range(repeat):
                edit(n)
                page_edit.runs.append(self.build(site))
        self.build(site)
        block.rows.append(page_edit)
        template = Row("template changed (base.html)")
        with edited(site.root / "templates" / "base.html", add_comment) as edit:
            for n in range(repeat):
                edit(n)
                template.runs.append(self.build(site))
        self.build(site)
        block.rows.append(template)
        block.rows.extend(self.dev_server(site, block.notes))
        return block

    def dev_server(self, site: Site, notes: list[str]) -> list[Row]:
        """Start the dev server, then time edits from the save until the page shows them."""
        start = Row("dev server start -> page served (cache warm)")
        page_edit = Row("dev server: one-page edit -> served")
        template = Row("dev server: template edit -> served")
        port = free_port()
        url = f"http://127.0.0.1:{port}{site.url_path()}"
        command = [sys.executable, str(self.build_py), "serve", "--quiet", "--config", str(site.config)]
        command += ["--port", str(port)]
        log = self.logs / "serve.log"
        with log.open("wb") as stream:
            started = time.perf_counter()
            process = subprocess.Popen(
                command,
                cwd=site.root,
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**child_env(), "PYTHONUNBUFFERED": "1"},
            )
            watch = MemoryWatch(process.pid)
            try:
                served = wait_for(url, "", self.args.max_seconds, process)
                if served is None:
                    notes.append(f"dev server: nothing served at {url} ({server_said(log)})")
                    return [start]
                start.runs.append(Run(time.perf_counter() - started, watch.peak_mb(), watch.peak_pss_mb()))
                cases = (
                    (page_edit, site.page, page_marker, lambda n: f"Bench{n}edit"),
                    (template, site.root / "templates" / "base.html", add_comment, comment),
                )
                for row, path, change, marker in cases:
                    watch.reset()
                    with edited(path, change) as edit:
                        for n in range(self.args.repeat):
                            mark = len(log.read_text(errors="replace").splitlines())
                            edit(n)
                            saved = time.perf_counter()
                            seen = wait_for(url, marker(n), EDIT_TIMEOUT, process)
                            if seen is None:
                                row.runs.append(Run(EDIT_TIMEOUT, 0.0, failure="not shown"))
                                break
                            row.runs.append(Run(seen - saved, watch.peak_mb(), watch.peak_pss_mb()))
                            said = server_lines(log, mark, "rebuilt", EDIT_TIMEOUT)
                            notes.extend(f"{row.label}: {line}" for line in said)
                        mark = len(log.read_text(errors="replace").splitlines())
                    # the original put back: wait until it is shown and the server is done with it
                    wait_for(url, "", EDIT_TIMEOUT, process, absent=marker(self.args.repeat - 1))
                    server_lines(log, mark, "rebuilt", EDIT_TIMEOUT)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGINT)  # Ctrl+C: the server's own way out
                reap(process, 10)  # or stopped after 10 s
                watch.stop()
        return [start, page_edit, template]


@contextlib.contextmanager
def edited(path: Path, change: Callable[[str, int], str]) -> Iterator[Callable[[int], None]]:
    """Yield a function that saves edit number n of `path`; put the original back after."""
    original = path.read_text(encoding="utf-8")

    def edit(n: int) -> None:
        path.write_text(change(original, n), encoding="utf-8")

    try:
        yield edit
    finally:
        path.write_text(original, encoding="utf-8")


def comment(n: int) -> str:
    return f"<!-- benchmark edit {n} -->"


def add_comment(text: str, n: int) -> str:
    if "</head>" in text:
        return text.replace("</head>", comment(n) + "\n</head>", 1)
    return text + comment(n) + "\n"


def page_marker(text: str, n: int) -> str:
    return text + f"\nAn added paragraph, Bench{n}edit.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(
    url: str, text: str, timeout: float, process: subprocess.Popen[bytes], absent: str = ""
) -> float | None:
    """Fetch `url` until it answers with `text` in it (and not `absent`); the time it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return None  # the server ended
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
            if text in body and not (absent and absent in body):
                return time.perf_counter()
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(POLL_SECONDS)
    return None


def server_lines(log: Path, mark: int, word: str, timeout: float) -> list[str]:
    """The server's lines with `word` after line `mark`, once there is one (it prints its
    line after showing the page, and may write the preview folder first)."""
    deadline = time.perf_counter() + timeout
    while True:
        lines = log.read_text(errors="replace").splitlines()[mark:]
        found = [line.strip() for line in lines if word in line]
        if found or time.perf_counter() > deadline:
            return found
        time.sleep(0.1)


def server_said(log: Path) -> str:
    lines = log.read_text(errors="replace").strip().splitlines()
    return " | ".join(lines[-3:]) or "no output"


# ------------------------------------------------------------------ the table


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(block: Block) -> list[str]:
    header = f"  {'':46} {'s':>8} {'ms/page':>8} {'x floor':>8} {'RSS MB':>8} {'PSS MB':>8}  written"
    lines = [f"\n{block.title}", header]
    floor = median([run.seconds for run in block.rows[0].good]) if block.rows and block.rows[0].good else None
    for row in block.rows:
        good = row.good
        if not good:
            reason = row.runs[0].failure if row.runs else "not run"
            lines.append(f"  {row.label:46} {reason[:60]}")
            continue
        seconds = median([run.seconds for run in good])
        ratio = f"{seconds / floor:8.2f}" if floor else f"{'':>8}"
        files = ""
        if good[0].written is not None:
            files = f"{round(median([float(run.written or 0) for run in good])):,} of {good[-1].files:,}"
        lines.append(
            f"  {row.label:46} {seconds:8.2f} {seconds * 1000 / block.pages:8.2f} {ratio}"
            f" {median([run.peak_mb for run in good]):8.0f}"
            f" {median([run.pss_mb for run in good]):8.0f}  {files}"
        )
        if len(good) < len(row.runs):
            lines.append(f"  {'':46} ({len(row.runs) - len(good)} of {len(row.runs)} runs failed)")
    lines.extend(f"  note: {note}" for note in block.notes)
    loads = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    lines.append(f"  load average at the end (1, 5, 15 min; {os.cpu_count()} cores): {loads}")
    return lines


def emit(lines: list[str], save: Path | None) -> None:
    print("\n".join(lines), flush=True)
    if save is not None:
        with save.open("a", encoding="utf-8") as stream:
            stream.write("\n".join(lines) + "\n")


def header(args: argparse.Namespace, cli: Cli) -> list[str]:
    if args.rev:
        commit = f"{args.rev} (git archive)"
    else:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    loads = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    cache = "accepted" if cli.no_cache else "absent: .cache/ deleted"
    jobs = "accepted" if cli.jobs else "absent"
    if args.jobs is not None and cli.jobs:
        jobs += f" (--jobs {args.jobs})"
    search = "a search page" if args.search else "no search page"
    return [
        f"bench_engine {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, crpsgen {commit or '?'}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {loads}",
        f"medians of {args.repeat} runs; build --no-cache {cache}; --jobs {jobs}; "
        f"generated sites have {search}",
    ]


def count_pages(content: Path) -> int:
    """Markdown pages, in every language (content/_data/ aside), as floor.py converts them."""
    return sum(1 for path in content.rglob("*.md") if not path.relative_to(content).parts[0].startswith("_"))


def export(rev: str, destination: Path) -> Path:
    """A copy of the project at commit `rev` (the working tree and its index untouched)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True)
    if archive.returncode != 0:
        raise SystemExit(f"error: git archive {rev}: {archive.stderr.decode(errors='replace').strip()}")
    destination.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", default="1000,5000", help="generated site sizes (default 1000,5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, median shown (default 3)")
    parser.add_argument("--quick", action="store_true", help="200 pages, one run each")
    parser.add_argument("--jobs", type=int, help="passed to build --jobs (when the CLI has it)")
    parser.add_argument("--search", action="store_true", help="give the generated sites a search page")
    parser.add_argument("--skip-real", action="store_true", help="only the generated sites")
    parser.add_argument(
        "--max-seconds", type=float, default=180, help="stop a run after this long (default 180)"
    )
    parser.add_argument(
        "--rev", help="benchmark this commit (exported with git archive) instead of the working tree"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--save", type=Path, help="also append the table to this file")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.repeat = "200", 1
    sizes = [int(size) for size in str(args.pages).replace("_", "").split(",") if size.strip()]
    folder = Path(tempfile.mkdtemp(prefix="crpsgen-bench-"))
    try:
        engine = export(args.rev, folder / "engine") if args.rev else ROOT
        cli = Cli.detect(engine / "build.py")
        emit(header(args, cli), args.save)
        logs = folder / "logs"
        logs.mkdir()
        bench = Bench(args, engine, cli, logs)
        if not args.skip_real:
            config = copy_real_site(folder / "real", engine)
            real = Site(config, config.parent / "content" / "symptoms.md", 0)
            real.pages = count_pages(real.root / "content")
            bench.build(real, cold=True)  # untimed: Python's bytecode and the disk cache warm
            emit(table(bench.measure(f"real site ({real.pages} pages)", real)), args.save)
        for size in sizes:
            config = make_site(folder / f"pages-{size}", size, search=args.search, source=engine)
            site = Site(config, config.parent / "content" / f"page-{size // 2:04d}.md", size)
            site.pages = count_pages(site.root / "content")
            emit(
                table(bench.measure(f"generated site ({site.pages} pages, all in sections)", site)), args.save
            )
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        emit([f"\nchildren's CPU time: {usage.ru_utime + usage.ru_stime:.0f} s"], args.save)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
