"""One driver for every rule: each case in tests/cases/<RULE>.yaml is a fixture, some changes, and
the exact findings the rule must produce (subnets involved, missing packets, where they stop)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from seclint.api import check
from seclint.engine.registry import registry
from seclint.fixes import apply_fixes
from seclint.sources.files import load_files
from tests.helpers import Export

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        for case in document["cases"]:
            out.append(pytest.param(document["rule"], case, id=f"{document['rule']}-{case['name']}"))
    return out


def apply_change(export: Export, change: dict[str, Any]) -> None:
    ((op, args),) = change.items()
    if op == "set-rules":
        export.set_rules(args["list"], args["direction"], args["rules"])
    elif op == "add-rules":
        export.add_rules(args["list"], args["direction"], args["rules"])
    elif op == "add-security-list":
        ocid = export.add_security_list(args["name"], args["like"], args.get("ingress", []), args.get("egress", []))
        for subnet in args.get("attach-to", []):
            ids = export.find("subnet", subnet)["security-list-ids"]
            export.update("subnet", subnet, {"security-list-ids": [*ids, ocid]})
    elif op == "add-nsg":
        ocid = export.add_nsg(args["name"], args["rules"])
        pod_config = args.get("pods-of")
        if pod_config:
            pool = export.find("virtual-node-pool", pod_config)
            config = dict(pool["pod-configuration"])
            config["nsg-ids"] = [*config["nsg-ids"], ocid]
            export.update("virtual-node-pool", pod_config, {"pod-configuration": config})
    elif op == "set-nsg-rules":
        export.set_nsg_rules(args["nsg"], args["rules"])
    elif op == "set-routes":
        export.set_routes(args["table"], args["routes"])
    elif op == "update":
        export.update(args["kind"], args["name"], args["changes"])
    elif op == "add-file":
        (export.dir / args["name"]).write_text(json.dumps(args["content"]))
    elif op == "delete-file":
        (export.dir / args).unlink()
    else:
        raise AssertionError(f"unknown change {op}")


def test_every_rule_has_pass_and_fail_cases() -> None:
    seen: dict[str, set[str]] = {}
    for param in _cases():
        rule, case = param.values
        seen.setdefault(rule, set()).add("fail" if case["expect"] else "pass")
    for spec in registry():
        assert seen.get(spec.id) == {"pass", "fail"}, f"{spec.id} needs pass and fail cases in tests/cases"


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_rule_case(rule: str, case: dict[str, Any], tmp_path: Path) -> None:
    export = Export(case["base"], tmp_path / "export")
    for change in case.get("changes", []):
        apply_change(export, change)
    snapshot = load_files([export.dir])
    result = check(snapshot, select=[rule], overrides=_overrides(case))
    got = [f for f in result.findings if f.rule == rule]
    _assert_fixes_clear_their_findings(snapshot, result, rule, case)
    expected = case["expect"]
    assert len(got) == len(expected), [f.message for f in got]
    names = {ocid: snapshot.name(ocid) for f in got for ocid in f.resources}
    expected = sorted(expected, key=lambda e: e.get("sort", ""))
    for finding, want in zip(sorted(got, key=lambda f: f.message), expected, strict=True):
        assert finding.severity.value == want.get("severity", finding.severity.value)
        subnets = [names[r] for r in finding.resources if r in snapshot.subnets]
        if "subnets" in want:
            assert subnets == want["subnets"]
        if "missing" in want:
            assert list(finding.missing) == want["missing"]
        if "stops" in want:
            assert [f"{s.at} {snapshot.name(s.subnet)}" for s in finding.evidence.stops] == want["stops"]
        if "stop-packets" in want:
            assert [list(s.packets) for s in finding.evidence.stops] == want["stop-packets"]
        for text in want.get("stop-reason-contains", []):
            assert any(text in stop.reason for stop in finding.evidence.stops), finding.evidence.stops
        for text in want.get("note-contains", []):
            assert any(text in note for note in finding.evidence.notes), finding.evidence.notes
        for text in want.get("message-contains", []):
            assert text in finding.message
        if "resources-include" in want:
            for name in want["resources-include"]:
                assert any(names.get(r) == name or r == name for r in finding.resources), (name, finding.resources)
        if want.get("fixed", True) and finding.rule.startswith("OKE"):
            assert finding.fixes or finding.fix_note, "a flow or route finding needs a fix or a reason"
        if "fix-note-contains" in want:
            assert want["fix-note-contains"] in (finding.fix_note or "")


def _overrides(case: dict[str, Any]) -> list:
    from seclint.roles import RoleOverride

    return [RoleOverride.parse(r) for r in case.get("roles", [])]


def _assert_fixes_clear_their_findings(snapshot, result, rule: str, case: dict[str, Any]) -> None:
    """Every offered fix is applied to the export's model; the findings it serves must be gone."""
    for finding in result.findings:
        assert "could not verify" not in (finding.fix_note or ""), finding.message
    if not result.fixes:
        return
    patched = apply_fixes(snapshot, result.fixes)
    after = check(patched, select=[rule], overrides=_overrides(case))
    fixed = {(f.rule, f.flow) for f in result.findings if f.fixes}
    assert not [f.message for f in after.findings if (f.rule, f.flow) in fixed]
