"""Markdown for pull-request comments: a summary table, then the errors with their fixes."""

from __future__ import annotations

from seclint.api import Result
from seclint.findings import Severity
from seclint.fix_render import cli_fix
from seclint.report import ReportOptions, failed


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result: Result, options: ReportOptions) -> str:
    snap = result.snapshot
    verdict = "❌ failed" if failed(result, options.fail_on) else "✅ passed"
    lines = [
        f"## seclint: {verdict}",
        "",
        "| severity | count |",
        "|---|---|",
        *(f"| {s.value} | {result.count(s)} |" for s in Severity),
        "",
    ]
    if result.findings:
        lines += ["| severity | rule | cluster | finding |", "|---|---|---|---|"]
        lines += [
            f"| {f.severity.value} | {f.rule} `{f.name}` | {_cell(f.cluster or '')} | {_cell(f.message)} |"
            for f in result.findings
        ]
        lines.append("")
    fixes = {f.id: f for f in result.fixes}
    for finding in (f for f in result.findings if f.severity is Severity.ERROR):
        lines += [f"### {finding.rule} {finding.name}", "", _cell(finding.message), ""]
        lines += [f"- missing: `{m}`" for m in finding.missing]
        for fix_id in finding.fixes:
            fix = fixes[fix_id]
            lines += ["", f"**{fix.id}**: {fix.operation} `{snap.name(fix.target)}`", ""]
            lines += [f"- {s}" for s in fix.summary]
            lines += ["", "```sh", cli_fix(fix).command, "```"]
        if not finding.fixes and finding.fix_note:
            lines += ["", f"_{finding.fix_note}_"]
        lines.append("")
    return "\n".join(lines)
