"""The three renderings of a fix plan (OCI CLI script and payloads, Terraform, a patched export) and
the round trip check → fix --apply-to → check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seclint.api import check
from seclint.fix_render import cli_fix, terraform
from seclint.sources.files import load_files
from tests.helpers import FIXTURES, ROOT, Export
from tests.test_loading import _wire

SEED = FIXTURES / "seed-virtual-nodes"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "seclint", *args], capture_output=True, text=True, cwd=ROOT)


def test_fix_dir_holds_script_payloads_terraform_and_plan(tmp_path: Path) -> None:
    out = tmp_path / "fixes"
    proc = run("fix", str(SEED), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    plan = json.loads((out / "plan.json").read_text())
    fixes = {f["id"]: f for f in plan["fixes"]}
    assert sorted(p.name for p in (out / "payloads").iterdir()) == [
        "fix-1-egress.json", "fix-1-ingress.json", "fix-2-egress.json", "fix-2-ingress.json"
    ]  # fmt: skip
    assert (
        json.loads((out / "payloads" / "fix-1-egress.json").read_text())
        == fixes["fix-1"]["payload"]["egressSecurityRules"]
    )
    script = (out / "fix.sh").read_text()
    commands = [line for line in script.splitlines() if line.startswith("oci ")]
    assert commands == [
        f"oci network security-list update --security-list-id {fixes[i]['target']} "
        f"--ingress-security-rules file://payloads/{i}-ingress.json "
        f"--egress-security-rules file://payloads/{i}-egress.json --force"
        for i in ("fix-1", "fix-2")
    ]
    assert "An update replaces the WHOLE rule list" in script
    tf = (out / "fixes.tf").read_text()
    assert tf.count("egress_security_rules {") == 3 and tf.count("ingress_security_rules {") == 3
    assert '    destination = "10.0.10.0/24"\n    destination_type = "CIDR_BLOCK"' in tf
    assert "      min = 30000\n      max = 32767" in tf


def test_nsg_and_route_renderings(tmp_path: Path) -> None:
    export = Export("virtual-nodes-separate-pods", tmp_path / "e")
    export.set_nsg_rules(
        "shop-pods-nsg", [{"direction": "ingress", "proto": "tcp", "peer": "10.0.20.0/24", "ports": "10256"}]
    )
    export.set_routes(
        "shop-private-rt",
        [
            {"destination": "0.0.0.0/0", "target": "shop-nat"},
            {"destination": "0.0.0.0/1", "target": "shop-igw"},
            {
                "destination": "all-iad-services-in-oracle-services-network",
                "type": "SERVICE_CIDR_BLOCK",
                "target": "shop-sgw",
            },
        ],
    )
    snapshot = load_files([export.dir])
    result = check(snapshot, select=["OKE101", "OKE201"])
    by_op = {f.operation: f for f in result.fixes}
    nsg_fix, route_fix = by_op["add-nsg-security-rules"], by_op["update-route-table"]
    assert nsg_fix.target == export.id("shop-pods-nsg")
    assert nsg_fix.payload == {"securityRules": [{
        "description": "OKE101 lb-backend-nodeports-tcp (added by seclint)", "direction": "INGRESS",
        "source": "10.0.20.0/24", "sourceType": "CIDR_BLOCK", "isStateless": False, "protocol": "6",
        "tcpOptions": {"destinationPortRange": {"max": 32767, "min": 30000}},
    }]}  # fmt: skip
    assert cli_fix(nsg_fix).command == (
        f"oci network nsg rules add --nsg-id {nsg_fix.target} --security-rules file://payloads/{nsg_fix.id}-rules.json"
    )
    nat = export.id("shop-nat")
    assert [r["networkEntityId"] for r in route_fix.payload["routeRules"]] == [nat, nat, export.id("shop-sgw")]
    assert route_fix.summary == ("route 0.0.0.0/1: shop-igw → shop-nat",)
    assert cli_fix(route_fix).command.startswith(
        f"oci network route-table update --rt-id {route_fix.target} --route-rules"
    )
    tf = terraform(result.fixes, snapshot)
    assert f'network_security_group_id = "{nsg_fix.target}"' in tf
    assert "destination_port_range {\n      min = 30000\n      max = 32767" in tf
    assert (
        f'    destination       = "0.0.0.0/1"\n    destination_type  = "CIDR_BLOCK"\n    network_entity_id = "{nat}"'
        in tf
    )


@pytest.mark.parametrize("style", ["cli", "wire"])
def test_check_fix_apply_check_round_trip(tmp_path: Path, style: str) -> None:
    export = Export("virtual-nodes-separate-pods", tmp_path / "e")
    export.set_nsg_rules(
        "shop-pods-nsg", [{"direction": "ingress", "proto": "tcp", "peer": "10.0.20.0/24", "ports": "10256"}]
    )
    export.set_rules("shop-lb-sl", "egress", [])
    export.set_routes("shop-private-rt", [{"destination": "0.0.0.0/0", "target": "shop-igw"}])
    if style == "wire":
        for path in export.dir.glob("*.json"):
            if path.read_text().strip():
                document = json.loads(path.read_text())
                data = document["data"]
                path.write_text(json.dumps(_wire(data if isinstance(data, list) else [data])))
    first = run("check", str(export.dir), "--format", "json")
    assert first.returncode == 1
    assert {f["rule"] for f in json.loads(first.stdout)["findings"]} >= {"OKE101", "OKE103", "OKE201", "OKE202"}
    patched = tmp_path / "patched"
    proc = run("fix", str(export.dir), "--apply-to", str(patched))
    assert proc.returncode == 0, proc.stderr
    again = run("check", str(patched), "--format", "json")
    assert again.returncode == 0, again.stdout
    assert [f["rule"] for f in json.loads(again.stdout)["findings"] if f["severity"] == "error"] == []


def test_missing_gateway_says_how_to_create_one(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    (export.dir / "nat_gateway_list.json").write_text("")
    export.set_routes("oke-private-routetable-vn-demo-7c1e5a9b2", [])
    (finding,) = check(load_files([export.dir]), select=["OKE201"]).findings
    vcn = export.records("vcn")[0]
    assert finding.fixes == ()
    assert f"`oci network nat-gateway create --compartment-id {vcn['compartment-id']} --vcn-id {vcn['id']}`" in (
        finding.fix_note or ""
    )


def test_apply_to_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("")
    proc = run("fix", str(SEED), "--apply-to", str(tmp_path / "x"))
    assert proc.returncode == 2 and "the directory is not empty" in proc.stderr


def test_a_stateless_list_gets_stateless_rules_and_their_replies(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    lb_list = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
    export.set_rules(lb_list, "ingress", [{"proto": "tcp", "peer": "0.0.0.0/0", "ports": "443", "stateless": True}])
    export.set_rules(
        lb_list,
        "egress",
        [{"proto": "tcp", "peer": "0.0.0.0/0", "sport": "443", "ports": "1024-65535", "stateless": True}],
    )
    snapshot = load_files([export.dir])
    result = check(snapshot, select=["OKE103"])
    (fix,) = [f for f in result.fixes if f.target == export.id(lb_list)]
    assert fix.summary == (
        "add ingress TCP 1024-65535 (source ports 10256) from 10.0.10.0/24 (stateless)",
        "add egress TCP 10256 (source ports 1024-65535) to 10.0.10.0/24 (stateless)",
    )
    from seclint.fixes import apply_fixes

    assert not check(apply_fixes(snapshot, result.fixes), select=["OKE103"]).findings
