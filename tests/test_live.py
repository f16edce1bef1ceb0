"""Live mode against a fake OCI API on loopback, with the real `oci` SDK as the client: pagination,
retries after 429/5xx, denied compartments and NSG rules, export → offline parity."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, ROOT
from tests.test_loading import _wire, run_cli

pytest.importorskip("oci")
from tests.fake_oci import FakeOCI

KINDS = {
    "vcn": "vcn", "subnet": "subnet", "routetable": "routeTable", "securitylist": "securityList",
    "networksecuritygroup": "networkSecurityGroup", "internetgateway": "internetGateway",
    "natgateway": "natGateway", "servicegateway": "serviceGateway", "service": "service",
    "cluster": "cluster", "nodepool": "nodePool", "virtualnodepool": "virtualNodePool",
}  # fmt: skip
CHILD = "ocid1.compartment.oc1..aaaaaaaaokechildcompartmentxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def _serve(fixture: str) -> tuple[FakeOCI, str]:
    """The fixture's resources in a fake tenancy; OKE resources live in a child compartment."""
    fake = FakeOCI(page_size=2)
    root = None
    for path in sorted((FIXTURES / fixture).glob("*.json")):
        text = path.read_text()
        if not text.strip() or path.name == "ce_cluster_list.json":
            continue
        data = json.loads(text)["data"]
        records = data if isinstance(data, list) else [data]
        if path.name.startswith("nsg_rules_"):
            fake.add_nsg_rules(path.stem.removeprefix("nsg_rules_"), _wire(records))
            continue
        for record in _wire(records):
            kind = KINDS[record["id"].split(".")[1]]
            root = root or record.get("compartmentId")
            if kind in ("cluster", "nodePool", "virtualNodePool"):
                record["compartmentId"] = CHILD
            fake.add(kind, record)
    fake.add("compartment", {"id": CHILD, "compartmentId": root, "name": "oke", "lifecycleState": "ACTIVE"})
    assert root is not None
    return fake, root


def _live(fake: FakeOCI, root: str, tmp_path: Path, *args: str) -> Any:
    base = fake.base_url or fake.start()
    config = fake.config_file(tmp_path)
    env = {**os.environ, "SECLINT_RETRY_BASE_SECONDS": "0.05", "OCI_CLI_SUPPRESS_FILE_PERMISSIONS_WARNING": "True"}
    live = ["--compartment", root, "--endpoint", base, "--config-file", str(config)]
    return subprocess.run(
        [sys.executable, "-m", "seclint", *args, *live], capture_output=True, text=True, cwd=ROOT, env=env
    )


def _findings(stdout: str) -> list[dict]:
    return json.loads(stdout)["findings"]


def test_live_check_matches_the_offline_check(tmp_path: Path) -> None:
    fake, root = _serve("seed-virtual-nodes")
    try:
        live = _live(fake, root, tmp_path, "check", "--format", "json")
    finally:
        fake.stop()
    offline = run_cli("check", str(FIXTURES / "seed-virtual-nodes"), "--format", "json")
    assert live.returncode == offline.returncode == 1, live.stderr
    assert _findings(live.stdout) == _findings(offline.stdout)
    # Pagination was followed (page size 2) and the child compartment was searched.
    assert any("page=" in r for r in fake.requests)
    assert any(f"compartmentId={CHILD}" in r and "/clusters" in r for r in fake.requests)
    assert "API calls" in live.stderr and "0 call(s) failed" in live.stderr
    # Not a terminal: plain progress lines on stderr, ending with the last list fetched.
    assert any(line.startswith("seclint: fetched ") and "/" in line for line in live.stderr.splitlines())


def test_transient_faults_and_slow_replies(tmp_path: Path) -> None:
    fake, root = _serve("seed-virtual-nodes-fixed")
    fake.latency = 0.05
    fake.fail("/natGateways", [429, 500])
    fake.fail("/virtualNodePools", [503])
    try:
        live = _live(fake, root, tmp_path, "check", "--format", "json", "-q")
    finally:
        fake.stop()
    assert live.returncode == 0, live.stdout + live.stderr
    assert live.stderr == ""
    assert sum("/natGateways" in r for r in fake.requests) >= 3


def test_denied_calls_are_reported_and_never_clean(tmp_path: Path) -> None:
    fake, root = _serve("virtual-nodes-separate-pods")
    nsg = next(
        json.loads(p.read_text())["data"][0]["id"]
        for p in (FIXTURES / "virtual-nodes-separate-pods").glob("nsg_list.json")
    )
    fake.fail_always(f"/networkSecurityGroups/{nsg}/securityRules", 404)
    fake.fail_always(f"/clusters?compartmentId={CHILD}", 404)
    try:
        live = _live(fake, root, tmp_path, "check", "--format", "json", "-q")
    finally:
        fake.stop()
    assert live.returncode == 1
    findings = _findings(live.stdout)
    failed = sorted((f["resources"][0], f["message"].split(" for ")[0]) for f in findings if f["rule"] == "INP006")
    assert failed == sorted([(CHILD, "list_clusters"), (nsg, "list_network_security_group_security_rules")])
    assert any(f["rule"] == "INP002" and f["resources"] == [nsg] for f in findings)


def test_export_then_offline_check_gives_the_same_findings(tmp_path: Path) -> None:
    fake, root = _serve("virtual-nodes-separate-pods")
    nsg = json.loads((FIXTURES / "virtual-nodes-separate-pods" / "nsg_list.json").read_text())["data"][0]["id"]
    fake.fail_always(f"/networkSecurityGroups/{nsg}/securityRules", 404)
    snapshot = tmp_path / "snapshot.json"
    try:
        exported = _live(fake, root, tmp_path, "export", "-o", str(snapshot), "-q")
        live = _live(fake, root, tmp_path, "check", "--format", "json", "-q")
    finally:
        fake.stop()
    assert exported.returncode == 1  # a call failed, and the snapshot says so
    meta = json.loads(snapshot.read_text())["seclint-snapshot"]
    assert meta["compartments"] == [root, CHILD] and meta["regions"] == ["us-ashburn-1"]
    assert [c["operation"] for c in meta["failed-calls"]] == ["list_network_security_group_security_rules"]
    offline = run_cli("check", str(snapshot), "--format", "json")
    assert offline.returncode == live.returncode == 1
    assert _findings(offline.stdout) == _findings(live.stdout)
