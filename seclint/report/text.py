"""The terminal report: one block per finding, most severe first, each with its fix."""

from __future__ import annotations

from collections.abc import Iterable

from seclint import __version__
from seclint.api import Result
from seclint.findings import Finding, Fix, Severity
from seclint.fix_render import cli_fix
from seclint.report import ReportOptions, failed
from seclint.report.common import role_source

COLORS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.INFO: "\033[1;34m"}
BOLD, RESET = "\033[1m", "\033[0m"
STOP_WORDS = {
    "egress": "leaving",
    "ingress": "entering",
    "reply-ingress": "replies entering",
    "reply-egress": "replies leaving",
    "route": "routing at",
}


def _label(text: str, width: int) -> str:
    return f"  {text:<{width}} "


def _block(label: str, lines: Iterable[str], width: int = 8) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        out.append((_label(label, width) if i == 0 else " " * (width + 3)) + line)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}es" if word.endswith("x") else f"{n} {word}s"


def render_finding(result: Result, finding: Finding, options: ReportOptions, shown: set[str]) -> list[str]:
    snap = result.snapshot
    severity = finding.severity.value
    if options.color:
        severity = f"{COLORS[finding.severity]}{severity}{RESET}"
        head = f"{severity} {BOLD}{finding.rule}{RESET} {finding.name}"
    else:
        head = f"{severity} {finding.rule} {finding.name}"
    if finding.cluster:
        head += f"  [cluster {finding.cluster}]"
    lines = [head, f"  {finding.message}"]
    if finding.flow:
        lines += _block("flow", [finding.flow])
    if finding.missing:
        lines += _block("missing", finding.missing)
    for stop in finding.evidence.stops:
        where = f"{STOP_WORDS.get(stop.at, stop.at)} {snap.name(stop.subnet)}: {stop.reason}"
        detail = [] if tuple(stop.packets) == finding.missing else ["  " + p for p in stop.packets]
        lines += _block("stopped", [where, *detail])
    for allowance in finding.evidence.allowed:
        lines += _block(
            "allowed", [f"{snap.name(allowance.resource)} {allowance.rule}: {'; '.join(allowance.packets)}"]
        )
    for note in finding.evidence.notes:
        lines += _block("note", [note])
    fixes = {f.id: f for f in result.fixes}
    fix_lines: list[str] = []
    for fix_id in finding.fixes:
        fix = fixes[fix_id]
        if fix_id in shown:
            fix_lines.append(f"{fix.id}: {fix.operation} {snap.name(fix.target)} (shown above)")
            continue
        shown.add(fix_id)
        fix_lines.append(f"{fix.id}: {fix.operation} {snap.name(fix.target)}")
        fix_lines.extend("  " + s for s in fix.summary)
        fix_lines.append("  cli: " + cli_fix(fix).command)
        fix_lines.append("  terraform: " + terraform_hint(fix))
    if fix_lines:
        lines += _block("fix", fix_lines)
    elif finding.fix_note:
        lines += _block("fix", [finding.fix_note])
    return lines


def terraform_hint(fix: Fix) -> str:
    if fix.operation == "update-security-list":
        return "new ingress/egress_security_rules blocks in its oci_core_security_list (fixes.tf of `seclint fix`)"
    if fix.operation == "add-nsg-security-rules":
        count = len(fix.payload["securityRules"])
        return f"{count} oci_core_network_security_group_security_rule resource(s) (fixes.tf of `seclint fix`)"
    return "the route_rules blocks of its oci_core_route_table (fixes.tf of `seclint fix`)"


def render(result: Result, options: ReportOptions) -> str:
    snap = result.snapshot
    lines = [
        f"seclint {__version__}: {_plural(len(snap.files), 'file')}, {_plural(len(snap.subnets), 'subnet')}, "
        f"{_plural(len(result.clusters), 'cluster')}"
    ]
    for cluster in result.clusters:
        lines.append(f"  cluster {cluster.name}: {cluster.nodes_description()}; roles from {role_source(cluster)}")
    ignored = ", ".join(f"{n} × {reason}" for reason, n in sorted(result.snapshot.ignored.items()))
    if ignored:
        lines.append(f"  ignored records: {ignored}")
    suppressed = result.suppressed
    if suppressed.get("baseline") or suppressed.get("waived"):
        lines.append(
            f"  hidden: {suppressed.get('baseline', 0)} by the baseline, {suppressed.get('waived', 0)} by waivers"
        )
    for text in suppressed.get("expired-waivers", []):
        lines.append(f"  waiver no longer hides (expired): {text}")
    for text in suppressed.get("unused-waivers", []):
        lines.append(f"  waiver matches no finding: {text}")
    lines.append("")
    shown: set[str] = set()
    for finding in result.findings:
        lines += render_finding(result, finding, options, shown)
        lines.append("")
    counts = (
        f"{_plural(result.count(Severity.ERROR), 'error')}, {_plural(result.count(Severity.WARNING), 'warning')}, "
        f"{result.count(Severity.INFO)} info"
    )
    verdict = "failed" if failed(result, options.fail_on) else "passed"
    threshold = options.fail_on.value if options.fail_on else "never"
    fixes = f"{_plural(len(result.fixes), 'fix')}, each verified against the model" if result.fixes else "no fixes"
    if not result.findings:
        lines.append(f"No findings from {_plural(len(result.rules), 'rule')}.")
    lines.append(f"{counts}; {fixes}; {verdict} (--fail-on {threshold})")
    return "\n".join(lines) + "\n"
