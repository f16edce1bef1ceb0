"""Hiding accepted findings: a baseline of fingerprints, and waivers with a reason and an expiry.

An expired waiver stops hiding its findings and says so; a waiver that matches nothing is reported,
so stale suppressions do not pile up."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from seclint.api import Result
from seclint.config import Waiver
from seclint.errors import UsageError
from seclint.findings import Finding
from seclint.report.sarif import fingerprint


@dataclass(frozen=True)
class Suppression:
    hidden: int = 0
    baseline_hidden: int = 0
    expired: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()


def write_baseline(result: Result, path: Path) -> None:
    entries = sorted({fingerprint(f): f.rule for f in result.findings}.items())
    document = {"seclint-baseline": 1, "findings": [{"fingerprint": fp, "rule": rule} for fp, rule in entries]}
    path.write_text(json.dumps(document, indent=2) + "\n")


def read_baseline(path: Path) -> set[str]:
    try:
        document = json.loads(path.read_text())
        return {entry["fingerprint"] for entry in document["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a seclint baseline ({exc})") from None


def _waives(waiver: Waiver, finding: Finding, result: Result) -> bool:
    if not (finding.rule.startswith(waiver.rule.upper()) or finding.name == waiver.rule):
        return False
    names = {r for r in finding.resources} | {result.snapshot.name(r) for r in finding.resources}
    return waiver.resource in names


def apply(result: Result, baseline: set[str], waivers: list[Waiver], today: date) -> tuple[Result, Suppression]:
    kept: list[Finding] = []
    used: set[int] = set()
    expired: set[int] = set()
    from_baseline = 0
    hidden = 0
    for finding in result.findings:
        if fingerprint(finding) in baseline:
            from_baseline += 1
            continue
        waived = False
        for index, waiver in enumerate(waivers):
            if _waives(waiver, finding, result):
                used.add(index)
                if waiver.expires is not None and waiver.expires < today:
                    expired.add(index)
                    continue
                waived = True
        if waived:
            hidden += 1
        else:
            kept.append(finding)
    fix_ids = {fid for f in kept for fid in f.fixes}
    describe = [f"{w.rule} on {w.resource} ({w.reason})" for w in waivers]
    suppression = Suppression(
        hidden=hidden,
        baseline_hidden=from_baseline,
        expired=tuple(f"{describe[i]} expired on {waivers[i].expires}" for i in sorted(expired)),
        unused=tuple(describe[i] for i in range(len(waivers)) if i not in used),
    )
    summary = {
        "baseline": from_baseline,
        "waived": hidden,
        "expired-waivers": list(suppression.expired),
        "unused-waivers": list(suppression.unused),
    }
    trimmed = replace(
        result, findings=tuple(kept), fixes=tuple(f for f in result.fixes if f.id in fix_ids), suppressed=summary
    )
    return trimmed, suppression
