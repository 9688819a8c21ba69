"""The ``aislop`` command line (typer). Exit codes: 0 clean, 1 findings at --fail-on, 2 errors."""

from __future__ import annotations

import difflib
import gc
import sys
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated

import typer

from aislop import __version__
from aislop.baseline import (
    BaselineError,
    baseline_reasons,
    changed_lines,
    load_baseline,
    only_changed,
    write_baseline,
)
from aislop.cli_values import QuickCommand, QuickGroup
from aislop.cluster import ClusterError
from aislop.config import Config, ConfigError, load_config, parse_severity
from aislop.engine import ScanError, scan
from aislop.record import RecordError, Review
from aislop.remote import is_url
from aislop.registry import Registry, RegistryError, load_registry
from aislop.reporters import Report, plural, write_report
from aislop.triage import EXIT_NOTHING_SCANNED, exit_code, not_scanned_text, summarise

app = typer.Typer(
    name="aislop",
    cls=QuickGroup,
    help="QA linter for AI-generated deliverables: prose, citations, code and logos.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@cache
def _err():
    """The console for messages on stderr. rich is imported when something is printed with it:
    a scan that writes only its report (--format json, sarif...) never does (~0.012 CPU s)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


class Format(str, Enum):
    terminal = "terminal"
    json = "json"


class ReportFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"
    html = "html"


class Executor(str, Enum):
    process = "process"
    dask = "dask"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"aislop: error: {message}\n")
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aislop {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """aislop finds the defects a person must fix before an AI-assisted deliverable goes to a client."""


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _apply_cli(config: Config, select, ignore, fail_on, languagetool_url, online, jobs, coverage=None) -> Config:
    if select:
        config.select = _split(select)
        config.extend_select = []
    if ignore:
        config.ignore = [*config.ignore, *_split(ignore)]
    if fail_on is not None:
        config.fail_on = parse_severity(fail_on.value)
    if languagetool_url:
        config.settings["languagetool_url"] = languagetool_url
    if online:
        config.settings["online"] = True
    if jobs is not None:
        config.jobs = jobs
    if coverage is not None:
        if not coverage.expanduser().is_file():
            raise ConfigError(f"--coverage: no such file: {coverage}")
        config.settings["coverage"] = str(coverage.expanduser().absolute())
    return config


CacheDirOption = Annotated[
    Path | None,
    typer.Option("--cache-dir", envvar="AISLOP_CACHE_DIR", help="Result cache folder [default: the user cache folder]."),
]
ReviewerOption = Annotated[str | None, typer.Option("--reviewer", help="The reviewer's name, for the record.")]
NoteOption = Annotated[str | None, typer.Option("--note", help="A note from the reviewer, for the record.")]
RedactOption = Annotated[
    bool, typer.Option("--redact", help="Leave the findings' matched text out of the record (hashes and messages only).")
]
GitignoreOption = Annotated[
    bool | None,
    typer.Option("--respect-gitignore/--no-respect-gitignore", help="Skip files .gitignore excludes [default: yes]."),
]
# The options that baseline and fix share with scan (scan spells out its own, longer help).
SelectOption = Annotated[list[str] | None, typer.Option(help="Only these rules (as for scan).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Skip these rules (as for scan).")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the result cache.")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Use this aislop.toml / pyproject.toml.")]
JobsOption = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes [default: CPU count].")]


def _flagged_scan(paths, config_file, select, ignore, jobs, no_cache, cache_dir, respect_gitignore, spill=False):
    """The configuration and scan that `baseline`, `record` and `fix` share (`scan` adds its own
    output, executor and progress options): (config, result). With ``spill`` the findings go to
    an on-disk store (close ``result.store``)."""
    config = load_config(paths[0], config_file)
    config = _apply_cli(config, select, ignore, None, None, False, jobs)
    _apply_scan_flags(config, no_cache, cache_dir, respect_gitignore)
    return config, scan(paths, config, progress=_progress_callback(), spill=spill)


def _per_function_untested(config: Config) -> None:
    """--diff asks which changed functions no test reaches: untested-function reports each
    function on its own (a class's group would count whenever any line of the class changed),
    unless the configuration chose a ``group_from``."""
    if not any(key.lower() in ("untested-function", "ais310") and "group_from" in values for key, values in config.rules.items()):
        config.rules = {**config.rules, "untested-function": {**config.rules.get("untested-function", {}), "group_from": 0}}


def _apply_scan_flags(config: Config, no_cache: bool, cache_dir: Path | None, respect_gitignore: bool | None) -> None:
    config.settings["no_cache"] = no_cache
    if cache_dir is not None:
        config.cache_dir = str(cache_dir)
    if respect_gitignore is not None:
        config.respect_gitignore = respect_gitignore


@app.command("scan", cls=QuickCommand)
def scan_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders to scan, or one fsspec URL (s3://bucket/archive/, needs aislop-qa[fsspec]); "
            "- reads standard input.",
            show_default=False,
        ),
    ],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.terminal,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report and fail on only findings not recorded in this baseline.")
    ] = None,
    diff: Annotated[
        str | None, typer.Option("--diff", metavar="REF", help="Report only findings on lines changed since this git ref.")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rules: codes, names, families or code prefixes (comma-separated).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rules, families or code prefixes.")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity [default: error].")
    ] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings fail the scan.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the result cache.")] = False,
    cache_dir: CacheDirOption = None,
    respect_gitignore: GitignoreOption = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Use this aislop.toml / pyproject.toml.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes [default: CPU count].")] = None,
    executor: Annotated[
        Executor | None,
        typer.Option("--executor", help="Where files are checked: a local process pool, or a dask cluster [default: process]."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="ADDRESS", help="dask scheduler (tcp://host:8786); without it --executor dask "
                     "starts a local cluster."),
    ] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Also print the count of findings per rule.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the verdict line (terminal format); the exit code is unchanged.")
    ] = False,
    languagetool_url: Annotated[
        str | None, typer.Option("--languagetool-url", help="LanguageTool server for the grammar rule.")
    ] = None,
    online: Annotated[bool, typer.Option("--online", help="Allow network checks (cited links and DOIs, reference lookups).")] = False,
    record: Annotated[
        Path | None, typer.Option("--record", metavar="FILE", help="Also write a review record (see `aislop record`).")
    ] = None,
    reviewer: ReviewerOption = None,
    note: NoteOption = None,
    redact: RedactOption = False,
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", metavar="NAME", help="The name (and so the kind) of the text read from -.")
    ] = "stdin.md",
    coverage: Annotated[
        Path | None,
        typer.Option(
            "--coverage",
            metavar="FILE",
            help="Coverage data (.coverage, Cobertura coverage.xml or LCOV) for untested-function "
            "[default: the first of these in the scanned folder].",
        ),
    ] = None,
) -> None:
    """Scan files or folders and print a triage report, most important first."""
    if any(is_url(p) for p in paths):
        # typer's Path would fold s3://b into s3:/b; the configuration comes from the working directory
        if diff is not None:
            raise _fail("--diff needs a git checkout on disk, not a URL")
        paths, config_from = list(paths), Path.cwd()
    else:
        paths, config_from = _stdin_paths([Path(p) for p in paths], stdin_filename)
    try:
        config = load_config(config_from, config_file)
        config = _apply_cli(config, select, ignore, fail_on, languagetool_url, online, jobs, coverage)
        _apply_scan_flags(config, no_cache, cache_dir, respect_gitignore)
        if diff is not None:
            _per_function_untested(config)
        if scheduler is not None and executor is None:
            executor = Executor.dask
        if executor is not None:
            config.executor = executor.value
        config.scheduler = scheduler
        progress = None if quiet else _progress_callback()
        # Findings go to an on-disk store so memory does not grow with the archive; the report
        # and the review record are written from it as streams.
        result = scan(paths, config, progress=progress, spill=True)
    except (ScanError, ConfigError, RegistryError, ClusterError) as exc:
        raise _fail(str(exc)) from None
    finally:
        _progress_done()
    try:
        code = _report_scan(result, config, fmt, output, baseline, diff, (record, reviewer, note, redact),
                            statistics, quiet, exit_zero)
    finally:
        if result.store is not None:
            result.store.close()
    if not result.files:
        # Like eslint on a pattern that matches nothing: a CI job pointed at the wrong folder fails.
        skipped = f" (not scanned: {not_scanned_text(result.not_scanned)})" if result.not_scanned else ""
        sys.stderr.write(f"aislop: nothing scanned: no file under the given paths is one aislop reads{skipped}.\n")
        raise typer.Exit(EXIT_NOTHING_SCANNED)
    raise typer.Exit(code)


def _report_scan(result, config, fmt, output, baseline, diff, review, statistics, quiet, exit_zero) -> int:
    """Filter (baseline, --diff), rank, summarise and write the report (and the review record:
    ``review`` is its file, reviewer, note and redact flag); returns the exit code."""
    record, reviewer, note, redact = review
    try:
        waivers = _only_new_stored(result, baseline, diff, waivers=record is not None)
    except BaselineError as exc:
        raise _fail(str(exc)) from None
    findings = result.findings
    summary = summarise(result.files, findings, config.block_confidence, result.not_scanned)
    report = Report(result.root, result.files, findings, summary, result.notes, __version__)
    if record is not None:
        report.record = _stream_record(record, result, waivers, summary.verdict, config, Review(reviewer, note),
                                       redact)
    to_terminal = output is None and sys.stdout.isatty()
    options = {
        "color": to_terminal, "width": _terminal_width() if to_terminal else None,
        "statistics": statistics, "quiet": quiet,
    }
    if output is not None:
        try:
            _make_parent(output)
            with output.open("w", encoding="utf-8") as stream:
                write_report(report, fmt.value, stream, **options)
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        write_report(report, fmt.value, sys.stdout, **options)
    return exit_code(findings, config.fail_on, exit_zero)


def _stdin_paths(paths: list[Path], name: str) -> tuple[list[Path], Path]:
    """With ``-`` as the only path, standard input is saved as NAME in a private temporary
    folder (removed at exit) and scanned there; the configuration is looked up from the working
    directory. Returns the paths to scan and where to look for the configuration."""
    if not any(str(p) == "-" for p in paths):
        return paths, paths[0]
    if len(paths) > 1:
        raise _fail("- (standard input) must be the only path")
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.name:
        raise _fail(f"--stdin-filename must be a relative file name, not {name!r}")
    import atexit
    import shutil
    import tempfile

    from aislop.loaders import kind_of

    if kind_of(relative) == "other":
        raise _fail(f"aislop does not scan files named like {name!r}: give --stdin-filename a name such as notes.md")
    folder = Path(tempfile.mkdtemp(prefix="aislop-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(sys.stdin.buffer.read())
    # The folder, not the file, is scanned, so the report shows NAME with its folders
    # (per-file-ignores such as "tests/**" match as for a file on disk).
    return [folder], Path.cwd()


def _make_parent(path: Path) -> None:
    """Create the folders an output file goes into, as ``-o reports/aislop.sarif`` expects."""
    path.parent.mkdir(parents=True, exist_ok=True)


def _terminal_width() -> int:
    """The real width of the terminal on stdout (rich asks the terminal; COLUMNS overrides)."""
    from rich.console import Console

    return Console(file=sys.stdout).width


def _only_new_stored(result, baseline: Path | None, diff: str | None, waivers: bool = False) -> list:
    """Drop the findings recorded in the baseline and, with ``--diff``, those on unchanged lines
    (marked in the scan's on-disk store), then rank the rest there. With ``waivers``, returns
    the waivers a review record lists: inline suppressions and the baseline's entries."""
    from aislop.record import baseline_waivers, inline_waivers

    store = result.store
    waived = inline_waivers(result.files.without_findings()) if waivers else []
    if baseline is not None:
        dropped = store.drop_fingerprints(load_baseline(baseline))
        verb = "is" if dropped == 1 else "are"
        result.notes.append(f"{plural(dropped, 'finding')} recorded in the baseline {baseline} {verb} not reported.")
        if waivers:  # before --diff drops more: lines left unchanged are not waived
            waived += baseline_waivers(result.findings.dropped(), baseline_reasons(baseline), baseline)
    if diff is not None:
        lines, new_files = changed_lines(result.root, diff)
        dropped = store.drop(lambda f: not only_changed([f], lines, new_files))
        if dropped:
            verb = "is" if dropped == 1 else "are"
            result.notes.append(f"{plural(dropped, 'finding')} on lines unchanged since {diff} {verb} not reported.")
    store.rank()
    return waived


def _stream_record(path: Path, result, waivers: list, verdict: str, config, review, redact: bool) -> dict:
    """Write the review record of a stored scan to ``path`` an entry at a time (record.stream_record);
    returns it without its files and findings (what the reports show of it)."""
    from aislop.record import stream_record

    try:
        _make_parent(path)
        with path.open("w", encoding="utf-8") as out:
            record, _ = stream_record(
                out, root=result.root, files=result.files.without_findings(), findings=result.findings,
                waivers=waivers, verdict=verdict, config=config, version=__version__, review=review, redact=redact,
            )
    except OSError as exc:
        raise _fail(f"cannot write {path}: {exc.strerror or exc}") from None
    return record


@app.command("baseline", cls=QuickCommand)
def baseline_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to scan.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the baseline to FILE.")] = Path(
        "aislop-baseline.json"
    ),
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    respect_gitignore: GitignoreOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
) -> None:
    """Record today's findings so that `aislop scan --baseline FILE` fails only on new ones."""
    result = None
    try:
        # The findings go to an on-disk store and the baseline is written from it as a stream.
        _, result = _flagged_scan(paths, config_file, select, ignore, jobs, no_cache, cache_dir, respect_gitignore,
                                  spill=True)
        _progress_done()
        _make_parent(output)
        write_baseline(output, result.findings, __version__)
        recorded = f"{plural(len(result.findings), 'finding')} from {plural(len(result.files), 'file')}"
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror or exc}") from None
    except (ScanError, ConfigError, RegistryError, BaselineError) as exc:
        raise _fail(str(exc)) from None
    finally:
        _progress_done()
        if result is not None:
            result.store.close()
    _err().print(f"aislop: recorded {recorded} in {output}")


@app.command("record", cls=QuickCommand)
def record_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to scan.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Write the review record to FILE.")] = Path(
        "aislop-record.json"
    ),
    reviewer: ReviewerOption = None,
    note: NoteOption = None,
    redact: RedactOption = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Findings recorded in this baseline are listed as waivers.")
    ] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rules (as for scan).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rules (as for scan).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the result cache.")] = False,
    cache_dir: CacheDirOption = None,
    respect_gitignore: GitignoreOption = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Use this aislop.toml / pyproject.toml.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes [default: CPU count].")] = None,
) -> None:
    """Scan and write a review record: every file's hash, every finding and waiver, the verdict.

    Hand the record over with the deliverable; `aislop verify RECORD` later proves the files are
    exactly the ones reviewed. The exit code is the scan's (as for `aislop scan`)."""
    from aislop.record import review_line

    try:
        # The findings go to an on-disk store and the record is written from it as a stream.
        config, result = _flagged_scan(paths, config_file, select, ignore, jobs, no_cache, cache_dir, respect_gitignore,
                                       spill=True)
    except (ScanError, ConfigError, RegistryError) as exc:
        raise _fail(str(exc)) from None
    finally:
        _progress_done()
    try:
        try:
            waivers = _only_new_stored(result, baseline, None, waivers=True)
        except BaselineError as exc:
            raise _fail(str(exc)) from None
        summary = summarise(result.files, result.findings, config.block_confidence)
        record = _stream_record(output, result, waivers, summary.verdict, config, Review(reviewer, note), redact)
        listed = len(result.findings)
        code = exit_code(result.findings, config.fail_on, False)
    finally:
        result.store.close()
    _err().print(f"aislop: {review_line(record, listed)} Verdict: {summary.verdict}. Record written to {output}",
              soft_wrap=True)
    raise typer.Exit(code)


@app.command("verify", cls=QuickCommand)
def verify_command(
    record_file: Annotated[Path, typer.Argument(metavar="RECORD", help="A record written by `aislop record`.")],
    path: Annotated[
        Path | None, typer.Argument(help="The deliverable to check [default: the folder the record names].")
    ] = None,
) -> None:
    """Check that a deliverable is exactly what was reviewed: exit 0 only when nothing changed."""
    from aislop.discovery import discover
    from aislop.record import load_record, verify_record

    try:
        record = load_record(record_file)
    except RecordError as exc:
        raise _fail(str(exc)) from None
    root = path if path is not None else Path(record["root"])
    if not root.exists():
        raise _fail(f"path does not exist: {root}")
    config = record.get("config") or {}
    excludes = config.get("exclude") if isinstance(config.get("exclude"), list) else list(Config().all_excludes)
    gitignore = config.get("respect-gitignore", True) is not False
    _, files = discover([root], [str(e) for e in excludes], gitignore, [])
    outcome = verify_record(record, root, [f.relpath for f in files])
    lines = []
    if not outcome.hash_ok:
        lines.append(f"record  {record_file}: its hash does not match its content (the record was edited)")
    lines += [f"changed {p}" for p in outcome.changed]
    lines += [f"added   {p}" for p in outcome.added]
    lines += [f"removed {p}" for p in outcome.removed]
    for line in lines:
        typer.echo(line)
    if outcome.ok:
        are = "is" if outcome.unchanged == 1 else "are"
        typer.echo(f"aislop: verified: {plural(outcome.unchanged, 'file')} {are} exactly as reviewed ({record['review']['date']}).")
        raise typer.Exit(0)
    typer.echo(
        f"aislop: NOT verified: {len(outcome.changed)} changed, {len(outcome.added)} added, "
        f"{len(outcome.removed)} removed" + ("" if outcome.hash_ok else ", record altered")
    )
    raise typer.Exit(1)


@app.command("fix", cls=QuickCommand)
def fix_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to fix.", show_default=False)],
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of the fixes and change nothing (exit 1 when there is one).")
    ] = False,
    unsafe: Annotated[
        bool, typer.Option("--unsafe", help="Also apply fixes that change the meaning a little (deleting a stock sentence).")
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Leave the findings recorded in this baseline as they are.")
    ] = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    respect_gitignore: GitignoreOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
) -> None:
    """Apply the safe fixes in place and print what changed (--diff: only show them)."""
    from aislop.fix import FixRun, fixes

    result = None
    try:
        known = load_baseline(baseline) if baseline is not None else frozenset()
        # The findings go to an on-disk store; files are fixed and written one at a time.
        _, result = _flagged_scan(paths, config_file, select, ignore, jobs, no_cache, cache_dir, respect_gitignore,
                                  spill=True)
        _progress_done()
        run = FixRun([], [], [])
        done, failed, left = _apply_fixes(fixes(result, result.job, result.registry, run, unsafe=unsafe, baseline=known),
                                          diff)
    except (ScanError, ConfigError, RegistryError, BaselineError) as exc:
        raise _fail(str(exc)) from None
    finally:
        _progress_done()
        if result is not None:
            result.store.close()
    from rich.console import Console

    report = _err() if diff else Console(highlight=False)
    verb = "would fix" if diff else "fixed"
    for relpath, fixed in done:
        if fixed:
            rules = ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in sorted(fixed.items()))
            report.print(f"{relpath}: {verb} {sum(fixed.values())} ({rules})", markup=False)
    for relpath, reason in run.skipped + failed:
        report.print(f"{relpath}: not fixed: {reason}", markup=False)
    for relpath, count in run.manual:
        report.print(f"{relpath}: {plural(count, 'finding')} to fix by hand: aislop fix never rewrites this kind of file",
                     markup=False)
    total = sum(sum(fixed.values()) for _, fixed in done)
    files = sum(1 for _, fixed in done if fixed)
    summary = f"aislop: {verb} {plural(total, 'finding')} in {plural(files, 'file')}."
    if left:
        summary += f" {left} more can be fixed with --unsafe (they change the meaning a little; review them with --diff)."
    report.print(summary, markup=False)
    raise typer.Exit(1 if diff and total else 0)


def _apply_fixes(each_fix, diff: bool) -> tuple[list, list, int]:
    """Write each file's fix as it comes (or, with ``diff``, print its diff), so only one file's
    bytes are held at a time. Returns (relpath, rule name -> findings fixed) of each changed file,
    the files that could not be written, with why, and how many findings only --unsafe would fix."""
    from aislop.fix import NotFixable, unified_diff, write_atomically

    done, failed, left = [], [], 0
    for fix in each_fix:
        left += fix.unsafe_left
        if not fix.changed:
            continue
        if diff:
            sys.stdout.flush()
            sys.stdout.buffer.write(unified_diff(fix))
            sys.stdout.buffer.flush()
        else:
            try:
                write_atomically(fix.path, fix.after, fix.before)
            except (OSError, NotFixable) as exc:
                failed.append((fix.relpath, getattr(exc, "strerror", None) or str(exc)))
                fix.fixed.clear()
        done.append((fix.relpath, fix.fixed))
    return done, failed, left


_bar = None


def _progress_callback():
    """A progress bar on stderr, only when stderr is a terminal and the scan takes a while."""
    if not sys.stderr.isatty():
        return None
    import time

    from rich.progress import Progress

    started = time.monotonic()

    def update(done: int, total: int) -> None:
        global _bar
        if _bar is None and time.monotonic() - started > 1.0:
            _bar = Progress(console=_err(), transient=True)
            _bar.start()
            _bar.add_task("scanning", total=total)
        if _bar is not None:
            _bar.update(_bar.task_ids[0], completed=done)

    return update


def _progress_done() -> None:
    global _bar
    if _bar is not None:
        _bar.stop()
        _bar = None


def _registry() -> Registry:
    try:
        return load_registry()
    except RegistryError as exc:
        raise _fail(str(exc)) from None


cache_app = typer.Typer(help="Manage the result cache.", no_args_is_help=True, cls=QuickGroup)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear", cls=QuickCommand)
def cache_clear_command(cache_dir: CacheDirOption = None) -> None:
    """Delete every cached result."""
    from aislop.cache import clear, default_cache_dir

    folder = default_cache_dir(str(cache_dir) if cache_dir else None)
    removed = clear(folder)
    typer.echo(f"aislop: removed {plural(removed, 'cached result')} from {folder}")


@cache_app.command("dir", cls=QuickCommand)
def cache_dir_command(cache_dir: CacheDirOption = None) -> None:
    """Print the cache folder."""
    from aislop.cache import default_cache_dir

    typer.echo(default_cache_dir(str(cache_dir) if cache_dir else None))


@app.command("rules", cls=QuickCommand)
def rules_command(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="terminal table or json.")] = Format.terminal,
) -> None:
    """List every rule: code, name, family, default severity and summary."""
    registry = _registry()
    if fmt is Format.json:
        import json

        rows = [
            {"code": r.code, "name": r.name, "family": r.family, "severity": r.severity.value, "summary": r.summary}
            for r in registry.rules
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not sys.stdout.isatty():
        # Piped or redirected: one plain line per rule, for grep and cut, never a wrapped table.
        name_w = max(len(r.name) for r in registry.rules)
        family_w = max(len(r.family) for r in registry.rules)
        for r in registry.rules:
            typer.echo(f"{r.code}  {r.name:<{name_w}}  {r.family:<{family_w}}  {r.severity.value:<7}  {r.summary}")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("code", "name", "family", "severity", "summary"):
        table.add_column(column, overflow="fold")
    for r in registry.rules:
        table.add_row(r.code, r.name, r.family, r.severity.value, r.summary)
    Console(highlight=False).print(table)


@app.command("explain", cls=QuickCommand)
def explain_command(rule: Annotated[str, typer.Argument(help="A rule code (AIS207) or name (chat-leftover).")]) -> None:
    """Explain a rule: what it finds, why it matters, how to fix it, with examples."""
    registry = _registry()
    found = registry.rule(rule)
    if found is None:
        raise _fail(f"unknown rule {rule!r}{registry.did_you_mean(rule)} (see `aislop rules`)")
    lines = [
        f"{found.code} {found.name}  ({found.family}, {found.severity.value}, confidence {found.confidence:.2f})",
        "",
        "What it finds",
        f"  {found.summary}",
        "",
        "Why it matters",
        f"  {found.why}",
        "",
        "How to fix",
        f"  {found.fix}",
    ]
    if found.options:
        lines += ["", "Options ([tool.aislop.rules.%s])" % found.name]
        lines += [f"  {k} = {v!r}" for k, v in found.options.items()]
    for title, examples in (("Flagged", found.triggers), ("Not flagged", found.clean)):
        shown = [e for e in examples if e.text is not None][:2]
        if shown:
            lines += ["", f"{title} (example)"]
            for e in shown:
                lines += [f"  {e.path}:"] + [f"    {ln}" for ln in e.text.strip().splitlines()[:8]]
    if found.fixes:
        lines += ["", f"Automatic fix ({found.fixability}): `aislop fix`" + (" --unsafe" if found.fixability == "unsafe" else "")]
        for e in found.fixes:
            lines += [f"  {e.path}" + (" (unsafe: only with --unsafe)" if e.unsafe else "") + ":"]
            diff = difflib.unified_diff(e.text.splitlines(), e.fixed.splitlines(), lineterm="", n=1)
            lines += [f"    {ln}" for ln in diff if not ln.startswith(("---", "+++", "@@"))]
    typer.echo("\n".join(lines))


def main() -> None:
    """Console-script entry point; no traceback ever reaches the user."""
    # Start-up leaves some 10^5 objects that live as long as the process (modules, classes,
    # functions, compiled patterns); the cyclic collector would walk them again on each full
    # pass and find nothing. Frozen, they are skipped: a one-file scan costs ~0.06 CPU s less.
    # (``python -m aislop`` also keeps the collector off while it imports this module.)
    gc.freeze()
    gc.enable()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("aislop: interrupted\n")
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001
        sys.stderr.write(f"aislop: internal error: {type(exc).__name__}: {exc}\n")
        sys.exit(2)
