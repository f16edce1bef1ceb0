"""SARIF 2.1.0 for code scanning: one result per finding, rules with help and Oracle's doc URL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from seclint import __version__
from seclint.api import Result
from seclint.findings import Finding
from seclint.report import ReportOptions

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def fingerprint(finding: Finding) -> str:
    """Stable across re-exports: rule, resources and the gap; no times, no ordering, no file names."""
    text = "\x1f".join([finding.rule, *sorted(finding.resources), *sorted(finding.missing)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _location(result: Result, finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [
            {"fullyQualifiedName": ocid, "name": result.snapshot.name(ocid), "kind": "resource"}
            for ocid in finding.resources
        ]
    }
    for ocid in finding.resources:
        resource = result.snapshot.get(ocid)
        if resource is not None and resource.source is not None and not resource.source.file.startswith("live:"):
            location["physicalLocation"] = {"artifactLocation": {"uri": Path(resource.source.file).as_posix()}}
            break
    return location


def render(result: Result, options: ReportOptions) -> str:
    rules = [
        {
            "id": spec.id,
            "name": spec.name,
            "shortDescription": {"text": spec.summary},
            "fullDescription": {"text": spec.docs.what},
            "help": {
                "text": f"{spec.docs.why}\n\nFix: {spec.docs.fix}",
                "markdown": f"{spec.docs.why}\n\n**Fix:** {spec.docs.fix}",
            },
            "helpUri": spec.docs.references[0],
            "defaultConfiguration": {"level": LEVELS[spec.severity.value]},
        }
        for spec in result.rules
    ]
    index = {spec.id: i for i, spec in enumerate(result.rules)}
    results = []
    for finding in result.findings:
        text = finding.message
        if finding.missing:
            text += "\nMissing: " + "; ".join(finding.missing)
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVELS[finding.severity.value],
                "message": {"text": text},
                "locations": [_location(result, finding)],
                "partialFingerprints": {"seclintFinding/v1": fingerprint(finding)},
                "properties": {
                    "cluster": finding.cluster,
                    "fixes": list(finding.fixes),
                    "resources": list(finding.resources),
                },
            }
        )
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "seclint",
                        "version": __version__,
                        "informationUri": "https://github.com/seclint/seclint",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2) + "\n"
