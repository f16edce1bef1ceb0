"""The command line: parse options, call the API, print, and map the outcome to an exit code.

Exit codes: 0 when no finding reaches ``--fail-on``, 1 when one does, 2 for usage or input errors.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Any

import click

from seclint import __version__
from seclint.errors import SeclintError, UsageError


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def _fail(message: str) -> None:
    click.echo(f"seclint: error: {message}", err=True)
    sys.exit(ExitCode.ERROR)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _use_color(output: str | None, no_color: bool) -> bool:
    if no_color or output or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seclint")
def main() -> None:
    """Audit OCI networks against what Oracle Kubernetes Engine (OKE) needs."""


def live_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of a live fetch, spelled as the OCI CLI spells them."""
    auth_types = ["api_key", "instance_principal", "resource_principal", "security_token"]
    options = [
        click.option("--compartment", metavar="OCID", help="Fetch live from this compartment and its children."),
        click.option("--no-recurse", is_flag=True, help="Only the compartment itself, not its sub-compartments."),
        click.option("--config-file", default="~/.oci/config", show_default=True, help="OCI config file."),
        click.option("--profile", default="DEFAULT", show_default=True, help="Profile in the OCI config file."),
        click.option("--auth", type=click.Choice(auth_types), default="api_key", show_default=True),
        click.option("--region", "regions", multiple=True, help="Region to fetch; repeatable (default: profile's)."),
        click.option("--endpoint", help="Base URL for every OCI service (private realms, proxies, test servers)."),
        click.option("--workers", type=click.IntRange(1, 64), default=16, show_default=True, help="Parallel calls."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _live_fetch(ctx_options: dict[str, Any], quiet: bool) -> tuple[Any, Any]:
    """Run the live fetch with progress on stderr; returns (snapshot, fetched)."""
    from seclint.sources.files import load_records
    from seclint.sources.live import LiveOptions, fetch

    options = LiveOptions(
        compartment=ctx_options["compartment"],
        config_file=ctx_options["config_file"],
        profile=ctx_options["profile"],
        auth=ctx_options["auth"],
        regions=tuple(ctx_options["regions"]),
        endpoint=ctx_options["endpoint"],
        recurse=not ctx_options["no_recurse"],
        workers=ctx_options["workers"],
        retry_base_seconds=float(os.environ.get("SECLINT_RETRY_BASE_SECONDS", "1")),
    )
    progress = None if quiet else ProgressReporter()
    fetched = fetch(options, progress)
    if progress is not None:
        progress.finish(fetched)
    failed = [f.as_dict() for f in fetched.failed]
    snapshot = load_records(fetched.records, failed, f"live:{','.join(fetched.regions)}")
    return snapshot, (fetched, options)


class ProgressReporter:
    """A bar on a terminal, a line every few seconds otherwise; always on stderr."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, what: str) -> None:
        import time

        now = time.monotonic()
        if self.tty:
            width = 30
            filled = int(width * done / max(total, 1))
            sys.stderr.write(f"\rseclint: fetching [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what:<24}")
            sys.stderr.flush()
        elif now - self.last >= 2 or done == total:
            self.last = now
            click.echo(f"seclint: fetched {done}/{total} lists (last: {what})", err=True)

    def finish(self, fetched: Any) -> None:
        if self.tty:
            sys.stderr.write("\n")
        click.echo(
            f"seclint: {fetched.calls} API calls, {len(fetched.records)} resources from {len(fetched.compartments)} "
            f"compartment(s) in {', '.join(fetched.regions)}; {len(fetched.failed)} call(s) failed",
            err=True,
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@live_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "markdown", "html"]),
    default="text",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Exit 1 when a finding has this severity or worse (default: error).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: seclint.toml or [tool.seclint] in pyproject.toml, searched upward).",
)
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Hide the findings recorded here.")
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record the current findings (by fingerprint) in this file.",
)
@click.option("--select", multiple=True, help="Only these rule ids, prefixes or names (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids, prefixes or names (comma-separated).")
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ROLE=REF",
    help="Assign a subnet or NSG (OCID or display name) to a role: api-endpoint, load-balancer, "
    "workers, pods, virtual-nodes. Overrides OKE metadata and Quick Create names.",
)
@click.option(
    "--lb-rules",
    type=click.Choice(["auto", "manual"]),
    default=None,
    help="Who writes load-balancer rules (default auto): auto = the cloud controller for managed nodes "
    "(missing rules are warnings), you for virtual nodes; manual = you, always (missing rules are errors).",
)
@click.option("--no-color", is_flag=True, help="No ANSI colours (also when NO_COLOR is set).")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors.")
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    baseline: Path | None,
    write_baseline: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    roles: tuple[str, ...],
    lb_rules: str | None,
    no_color: bool,
    quiet: bool,
    **live: Any,
) -> None:
    """Check exported OCI JSON (files or directories), or the live network with --compartment, against
    OKE's network requirements."""
    from datetime import date

    from seclint import suppress
    from seclint.api import check as run_check
    from seclint.config import find_config, load_settings
    from seclint.findings import Severity
    from seclint.report import Format, ReportOptions, failed, render
    from seclint.roles import RoleOverride
    from seclint.sources.files import load_files

    try:
        settings = load_settings(config_path or find_config(Path.cwd()))
        fail_on = fail_on or settings.fail_on or "error"
        lb_rules = lb_rules or settings.lb_rules or "auto"
        select = select or tuple(settings.select)
        ignore = ignore or tuple(settings.ignore)
        overrides = [RoleOverride.parse(r) for r in (*settings.roles, *roles)]
        if live["compartment"] and paths:
            raise UsageError("give export files or --compartment, not both")
        if not live["compartment"] and not paths:
            raise UsageError("give export files or directories, or --compartment OCID to fetch live")
        snapshot = _live_fetch(live, quiet)[0] if live["compartment"] else load_files(paths)
        # The snapshot lives until exit: keep the cyclic collector from rescanning it during checks.
        gc.freeze()
        result = run_check(
            snapshot, select=_split(select), ignore=_split(ignore), overrides=overrides, lb_rules=lb_rules
        )
        if write_baseline is not None:
            suppress.write_baseline(result, write_baseline)
        baseline = baseline or (Path(settings.baseline) if settings.baseline else None)
        known = suppress.read_baseline(baseline) if baseline is not None else set()
        result, _ = suppress.apply(result, known, list(settings.waivers), date.today())
    except SeclintError as exc:
        _fail(str(exc))
        return
    threshold = None if fail_on == "never" else Severity(fail_on)
    options = ReportOptions(fail_on=threshold, color=_use_color(str(output) if output else None, no_color))
    report = render(result, Format(fmt), options)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write report: {exc.strerror}")
        if not quiet:
            counts = (
                f"{result.count(Severity.ERROR)} error(s), {result.count(Severity.WARNING)} warning(s), "
                f"{result.count(Severity.INFO)} info"
            )
            click.echo(f"seclint: {counts}; report written to {output}", err=True)
    else:
        click.echo(report, nl=False)
    sys.exit(ExitCode.FINDINGS if failed(result, threshold) else ExitCode.OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write fix.sh, payloads/, fixes.tf, plan.json here.",
)
@click.option(
    "--apply-to", type=click.Path(file_okay=False, path_type=Path), help="Write a patched copy of the export here."
)
@click.option("--select", multiple=True, help="Only fixes for these rule ids, prefixes or names.")
@click.option("--ignore", multiple=True, help="No fixes for these rule ids, prefixes or names.")
@click.option("--role", "roles", multiple=True, metavar="ROLE=REF", help="As for `check`.")
@click.option(
    "--lb-rules", type=click.Choice(["auto", "manual"]), default="auto", show_default=True, help="As for `check`."
)
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors.")
def fix(
    paths: tuple[Path, ...],
    out: Path | None,
    apply_to: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    roles: tuple[str, ...],
    lb_rules: str,
    quiet: bool,
) -> None:
    """Write the verified fixes for exported OCI JSON: OCI CLI script and payloads, Terraform, or a patched export.

    Exit code 0 when every finding that can have a fix got one, 1 when some findings remain without one.
    """
    from seclint.api import check as run_check
    from seclint.fix_render import apply_to_export, write_fix_dir
    from seclint.report import ReportOptions
    from seclint.report.json_report import render as render_json
    from seclint.roles import RoleOverride
    from seclint.sources.files import load_files

    if out is None and apply_to is None:
        _fail("give --out DIR, --apply-to DIR or both")
    try:
        overrides = [RoleOverride.parse(r) for r in roles]
        snapshot = load_files(paths)
        result = run_check(
            snapshot, select=_split(select), ignore=_split(ignore), overrides=overrides, lb_rules=lb_rules
        )
        if out is not None:
            import json as _json

            plan = _json.loads(render_json(result, ReportOptions()))
            write_fix_dir(out, result.fixes, snapshot, plan)
        if apply_to is not None:
            apply_to_export(paths, result.fixes, apply_to)
    except SeclintError as exc:
        _fail(str(exc))
        return
    unfixed = [f for f in result.findings if not f.fixes]
    if not quiet:
        where = " and ".join(str(p) for p in (out, apply_to) if p is not None)
        fixed = len(result.findings) - len(unfixed)
        click.echo(
            f"seclint: {len(result.fixes)} fix(es) for {fixed} finding(s) written to {where}; "
            f"{len(unfixed)} finding(s) have no automatic fix (see `seclint check`)",
            err=True,
        )
    sys.exit(ExitCode.FINDINGS if unfixed else ExitCode.OK)


@main.command()
@live_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Snapshot file.")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors.")
def export(output: Path, quiet: bool, **live: Any) -> None:
    """Fetch the network live (--compartment) and write one snapshot file that `seclint check` reads.

    Exit code 0 when every call succeeded, 1 when some failed (they are recorded in the snapshot).
    """
    import json

    from seclint.sources.live import snapshot_document

    try:
        if not live["compartment"]:
            raise UsageError("export needs --compartment OCID")
        _, (fetched, options) = _live_fetch(live, quiet)
        output.write_text(json.dumps(snapshot_document(fetched, options, __version__), indent=2, sort_keys=True) + "\n")
    except SeclintError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"{output}: cannot write snapshot: {exc.strerror}")
        return
    sys.exit(ExitCode.FINDINGS if fetched.failed else ExitCode.OK)


@main.command()
@click.argument("source")
@click.argument("destination")
@click.option("-i", "--input", "inputs", multiple=True, required=True, type=click.Path(path_type=Path),
              help="Exported OCI JSON (file or directory); repeatable.")  # fmt: skip
@click.option("--protocol", type=click.Choice(["tcp", "udp", "icmp", "all"]), default="tcp", show_default=True)
@click.option("--port", help="Destination port or range (N or N-M); all ports when left out.")
@click.option("--src-nsg", multiple=True, help="An NSG the source VNICs are in (OCID or name); repeatable.")
@click.option("--dst-nsg", multiple=True, help="An NSG the destination VNICs are in (OCID or name); repeatable.")
@click.option("--role", "roles", multiple=True, metavar="ROLE=REF", help="As for `check`: OKE roles for NSG peers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def reach(
    source: str,
    destination: str,
    inputs: tuple[Path, ...],
    protocol: str,
    port: str | None,
    src_nsg: tuple[str, ...],
    dst_nsg: tuple[str, ...],
    roles: tuple[str, ...],
    fmt: str,
) -> None:
    """Explain one flow from SOURCE to DESTINATION (subnet OCID or name, IP address, or oracle-services).

    Prints the route, the rule admitting each step, every place packets stop, and the exact packets
    that get through. Exit code 0 when everything gets through, 1 when anything is blocked.
    """
    import json

    from seclint.engine.evaluate import Context
    from seclint.reach import reach as run_reach
    from seclint.reach import render_json, render_text, resolve
    from seclint.roles import RoleOverride, assign_roles
    from seclint.sources.files import load_files

    try:
        ports = _port_range(port)
        snapshot = load_files(inputs)
        ctx = Context(snapshot, assign_roles(snapshot, [RoleOverride.parse(r) for r in roles]))
        result = run_reach(ctx, resolve(ctx, source, src_nsg), resolve(ctx, destination, dst_nsg), protocol, ports)
    except SeclintError as exc:
        _fail(str(exc))
        return
    click.echo(render_text(result) if fmt == "text" else json.dumps(render_json(result), indent=2))
    sys.exit(ExitCode.OK if not result.blocked else ExitCode.FINDINGS)


def _port_range(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    from seclint.errors import UsageError

    lo, _, hi = text.partition("-")
    try:
        low, high = int(lo), int(hi or lo)
    except ValueError:
        raise UsageError(f"--port {text!r}: expected N or N-M") from None
    if not 1 <= low <= high <= 65535:
        raise UsageError(f"--port {text!r}: ports are 1-65535, low to high")
    return (low, high)


@main.command()
@click.argument("rule_id", required=False)
def rules(rule_id: str | None) -> None:
    """List the rules, or print one rule's documentation."""
    from seclint.engine.registry import registry

    specs = registry()
    if rule_id is None:
        for spec in specs:
            click.echo(f"{spec.id}  {spec.severity.value:<7}  {spec.name:<38} {spec.summary}")
        return
    wanted = [s for s in specs if s.id == rule_id.upper() or s.name == rule_id]
    if not wanted:
        _fail(f"no rule {rule_id!r}; `seclint rules` lists them")
    spec = wanted[0]
    click.echo(f"{spec.id} {spec.name} ({spec.severity.value})\n\n{spec.summary}\n")
    for title, body in (
        ("What it checks", spec.docs.what),
        ("Why it matters", spec.docs.why),
        ("Failing example", spec.docs.example),
        ("Fix", spec.docs.fix),
    ):
        click.echo(f"{title}\n  {body}\n")
    click.echo("References")
    for url in spec.docs.references:
        click.echo(f"  {url}")


def run() -> None:
    """Entry point that turns unexpected failures into one line and exit code 2."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # pragma: no cover - a bug; keep the promise of one line
        if os.environ.get("SECLINT_DEBUG"):
            raise
        click.echo(f"seclint: internal error: {type(exc).__name__}: {exc} (set SECLINT_DEBUG=1 for details)", err=True)
        sys.exit(ExitCode.ERROR)
