"""The JSON report: a stable document for scripts (documented in the README)."""

from __future__ import annotations

import json
from typing import Any

from seclint import __version__
from seclint.api import Result
from seclint.findings import Finding, Fix, Severity, Stop
from seclint.report import ReportOptions, failed
from seclint.report.common import role_source


def stop_dict(stop: Stop) -> dict[str, Any]:
    return {
        "at": stop.at, "subnet": stop.subnet, "packets": list(stop.packets),
        "evaluated": list(stop.evaluated), "reason": stop.reason,
    }  # fmt: skip


def finding_dict(finding: Finding) -> dict[str, Any]:
    evidence = finding.evidence
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "cluster": finding.cluster,
        "flow": finding.flow,
        "resources": list(finding.resources),
        "missing": list(finding.missing),
        "evidence": {
            "required": list(evidence.required),
            "allowed": [{"resource": a.resource, "rule": a.rule, "packets": list(a.packets)} for a in evidence.allowed],
            "stops": [
                {
                    "at": s.at,
                    "subnet": s.subnet,
                    "packets": list(s.packets),
                    "evaluated": list(s.evaluated),
                    "reason": s.reason,
                }
                for s in evidence.stops
            ],
            "notes": list(evidence.notes),
        },
        "fixes": list(finding.fixes),
        "fix-note": finding.fix_note,
    }


def fix_dict(result: Result, fix: Fix) -> dict[str, Any]:
    return {
        "id": fix.id,
        "target": fix.target,
        "target-name": result.snapshot.name(fix.target),
        "operation": fix.operation,
        "payload": fix.payload,
        "summary": list(fix.summary),
        "findings": list(fix.findings),
    }


def summary_dict(result: Result, options: ReportOptions) -> dict[str, Any]:
    snap = result.snapshot
    return {
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "info": result.count(Severity.INFO),
        "fixes": len(result.fixes),
        "fail-on": options.fail_on.value if options.fail_on else "never",
        "failed": failed(result, options.fail_on),
        "rules": [r.id for r in result.rules],
        "suppressed": result.suppressed,
        "clusters": [
            {
                "name": c.name,
                "id": c.cluster_id,
                "vcn": c.vcn_id,
                "nodes": c.nodes_description(),
                "cni": c.cni,
                "roles-from": role_source(c),
                "roles-inferred-from-names": c.inferred_from_names,
                "roles": [
                    {
                        "role": e.role.value,
                        "subnet": e.subnet_id,
                        "subnet-name": snap.name(e.subnet_id),
                        "nsgs": list(e.nsg_ids),
                        "source": e.origin.value,
                        "via": e.via,
                    }
                    for e in c.endpoints
                ],
            }
            for c in result.clusters
        ],
        "input": {
            "files": len(snap.files),
            "resources": {
                "vcns": len(snap.vcns),
                "subnets": len(snap.subnets),
                "route-tables": len(snap.route_tables),
                "security-lists": len(snap.security_lists),
                "nsgs": len(snap.nsgs),
                "gateways": len(snap.gateways),
                "clusters": len(snap.clusters),
                "node-pools": len(snap.node_pools),
                "virtual-node-pools": len(snap.virtual_node_pools),
            },
            "ignored": dict(sorted(snap.ignored.items())),
        },
    }


def render(result: Result, options: ReportOptions) -> str:
    document = {
        "seclint-version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "fixes": [fix_dict(result, f) for f in result.fixes],
        "summary": summary_dict(result, options),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
