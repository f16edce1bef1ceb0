"""The command line: exit codes, formats, rule selection, role overrides, rule docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from seclint.cli import _use_color, main
from seclint.engine.registry import registry
from tests.helpers import ROOT, Export
from tests.test_loading import run_cli

SEED = str(ROOT / "fixtures" / "seed-virtual-nodes")
FIXED = str(ROOT / "fixtures" / "seed-virtual-nodes-fixed")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_follow_fail_on() -> None:
    assert invoke("check", SEED)[0] == 1
    assert invoke("check", FIXED)[0] == 0
    assert invoke("check", SEED, "--fail-on", "never")[0] == 0


def test_warnings_fail_only_when_asked(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    rules = export.find("security-list", "oke-svclbseclist-quick-vn-demo-7c1e5a9b2")["egress-security-rules"]
    export.update("security-list", "oke-svclbseclist-quick-vn-demo-7c1e5a9b2",
                  {"egress-security-rules": [r for r in rules if r["protocol"] != "17"]})  # fmt: skip
    code, out, _ = invoke("check", str(export.dir), "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert [(f["rule"], f["severity"]) for f in document["findings"]] == [("OKE102", "warning")]
    assert invoke("check", str(export.dir), "--fail-on", "warning")[0] == 1


def test_json_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, err = invoke("check", SEED, "--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert err == f"seclint: 2 error(s), 1 warning(s), 0 info; report written to {target}\n"
    document = json.loads(target.read_text())
    assert set(document) == {"seclint-version", "findings", "fixes", "summary"}
    assert [f["rule"] for f in document["findings"]] == ["OKE101", "OKE103", "OKE102"]
    first = document["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "resources", "fixes", "missing", "evidence"}
    assert first["missing"] == ["TCP 30000-32767 from 10.0.20.0/24 to 10.0.10.0/24"]
    fixes = {f["id"]: f for f in document["fixes"]}
    assert first["fixes"] == ["fix-1", "fix-2"]
    lb_fix = fixes["fix-1"]
    assert lb_fix["operation"] == "update-security-list"
    assert lb_fix["target-name"] == "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
    assert lb_fix["payload"]["egressSecurityRules"] == [
        {"description": "OKE101 lb-backend-nodeports-tcp (added by seclint)", "destination": "10.0.10.0/24",
         "destinationType": "CIDR_BLOCK", "isStateless": False, "protocol": "6",
         "tcpOptions": {"destinationPortRange": {"max": 32767, "min": 30000}}},
        {"description": "OKE103 lb-backend-health-check (added by seclint)", "destination": "10.0.10.0/24",
         "destinationType": "CIDR_BLOCK", "isStateless": False, "protocol": "6",
         "tcpOptions": {"destinationPortRange": {"max": 10256, "min": 10256}}},
        {"description": "OKE102 lb-backend-nodeports-udp (added by seclint)", "destination": "10.0.10.0/24",
         "destinationType": "CIDR_BLOCK", "isStateless": False, "protocol": "17",
         "udpOptions": {"destinationPortRange": {"max": 32767, "min": 30000}}},
    ]  # fmt: skip
    # An update replaces the whole list, so the payload keeps the existing listener rules.
    assert [r["tcpOptions"]["destinationPortRange"]["min"] for r in lb_fix["payload"]["ingressSecurityRules"]] == [
        80,
        443,
    ]
    summary = document["summary"]
    assert (summary["errors"], summary["warnings"], summary["fixes"], summary["failed"]) == (2, 1, 2, True)
    assert summary["clusters"][0]["roles-inferred-from-names"] is False
    assert summary["input"]["ignored"] == {"lifecycle-state DELETED": 1}


def test_select_and_ignore_by_id_prefix_and_name() -> None:
    def rules_of(*args: str) -> list[str]:
        return [f["rule"] for f in json.loads(invoke("check", SEED, "--format", "json", *args)[1])["findings"]]

    assert rules_of("--select", "OKE10") == ["OKE101", "OKE103", "OKE102"]
    assert rules_of("--select", "lb-backend-health-check") == ["OKE103"]
    assert rules_of("--ignore", "OKE101,OKE103") == ["OKE102"]
    code, _, err = invoke("check", SEED, "--select", "XYZ9")
    assert code == 2 and "no rule id, prefix or name matches 'XYZ9'" in err


def test_roles_from_names_are_reported_as_inferred(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes", tmp_path / "e")
    (export.dir / "ce_cluster_get.json").unlink()
    (export.dir / "ce_virtual_node_pool_list.json").unlink()
    code, out, _ = invoke("check", str(export.dir))
    assert code == 1
    assert "cluster vn-demo: node type unknown; roles from Quick Create subnet names (no cluster metadata" in out
    document = json.loads(invoke("check", str(export.dir), "--format", "json")[1])
    assert document["summary"]["clusters"][0]["roles-inferred-from-names"] is True
    assert [f["rule"] for f in document["findings"]] == ["OKE101", "OKE103", "OKE102"]


def test_role_overrides_by_display_name(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes", tmp_path / "e")
    for name in ("ce_cluster_get.json", "ce_virtual_node_pool_list.json"):
        (export.dir / name).unlink()
    export.update("subnet", "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional", {"display-name": "edge-lb"})
    export.update("subnet", "oke-nodesubnet-quick-vn-demo-7c1e5a9b2-regional", {"display-name": "apps"})
    export.update("subnet", "oke-k8sApiEndpoint-subnet-quick-vn-demo-7c1e5a9b2-regional", {"display-name": "api"})
    code, out, _ = invoke("check", str(export.dir), "--format", "json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["INP003"]
    code, out, _ = invoke("check", str(export.dir), "--format", "json",
                          "--role", "load-balancer=edge-lb", "--role", "virtual-nodes=apps")  # fmt: skip
    findings = json.loads(out)["findings"]
    assert [f["rule"] for f in findings] == ["OKE101", "OKE103", "OKE102"]
    assert findings[0]["flow"].startswith(
        "load-balancer subnet edge-lb (10.0.20.0/24) → pod subnet apps (10.0.10.0/24)"
    )
    code, _, err = invoke("check", str(export.dir), "--role", "database=apps")
    assert code == 2 and "unknown role 'database'" in err
    code, _, err = invoke("check", str(export.dir), "--role", "pods=nothing-like-it")
    assert code == 2 and "no subnet or NSG in the input is named or has the OCID 'nothing-like-it'" in err


def test_rules_listing_and_docs() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.id for r in registry()]
    code, out, _ = invoke("rules", "OKE101")
    for heading in ("What it checks", "Why it matters", "Failing example", "Fix", "References"):
        assert f"\n{heading}\n" in out
    assert "https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfig.htm" in out
    assert invoke("rules", "NOPE1")[0] == 2


@pytest.mark.parametrize(("env", "no_color", "expected"), [({"NO_COLOR": "1"}, False, False), ({}, True, False)])
def test_no_color(monkeypatch: pytest.MonkeyPatch, env: dict, no_color: bool, expected: bool) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert _use_color(None, no_color) is expected


def test_color_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert _use_color(None, False) is True
    assert _use_color("report.txt", False) is False
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert _use_color(None, False) is False


def test_module_entry_point_and_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == "seclint, version 0.1.0"
    proc = run_cli("check", FIXED)
    assert proc.returncode == 0 and f"No findings from {len(registry())} rules." in proc.stdout
