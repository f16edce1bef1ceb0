"""`seclint reach`: a blocked flow, a partly open one, and flows leaving the VCN."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from seclint.cli import main
from tests.helpers import FIXTURES, Export

LB_SUBNET = "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional"
NODE_SUBNET = "oke-nodesubnet-quick-vn-demo-7c1e5a9b2-regional"


def reach(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["reach", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {"error": result.stderr}


def test_blocked_flow_lists_every_blocker() -> None:
    code, out = reach(LB_SUBNET, NODE_SUBNET, "-i", str(FIXTURES / "seed-virtual-nodes"), "--port", "30000-32767")
    assert code == 1 and out["verdict"] == "blocked"
    assert out["delivered"] == []
    assert out["blocked"] == ["TCP 30000-32767 from 10.0.20.0/24 to 10.0.10.0/24"]
    assert [(s["at"], s["reason"]) for s in out["stops"]] == [
        ("egress", "no rule in security list oke-svclbseclist-quick-vn-demo-7c1e5a9b2 allows them"),
        ("ingress", "no rule in security list oke-nodeseclist-quick-vn-demo-7c1e5a9b2 allows them"),
    ]
    assert out["hops"][0]["detail"] == ["10.0.10.0/24: delivered inside the VCN (implicit local route)"]


def test_partly_open_flow_from_one_address(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    lb_list = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
    export.set_rules(lb_list, "egress", [{"proto": "tcp", "peer": "10.0.10.0/24", "ports": "30000-31999"}])
    code, out = reach("10.0.20.7", NODE_SUBNET, "-i", str(export.dir), "--port", "30000-32767")
    assert code == 1 and out["verdict"] == "partly reachable"
    assert out["delivered"] == ["TCP 30000-31999 from 10.0.20.7/32 to 10.0.10.0/24"]
    assert out["blocked"] == ["TCP 32000-32767 from 10.0.20.7/32 to 10.0.10.0/24"]
    assert out["hops"][1]["detail"] == [
        f"{lb_list} egress #0 TCP 30000-31999 to 10.0.10.0/24 (stateful): "
        "TCP 30000-31999 from 10.0.20.7/32 to 10.0.10.0/24"
    ]


def test_flows_leaving_the_vcn() -> None:
    fixed = str(FIXTURES / "seed-virtual-nodes-fixed")
    code, out = reach(NODE_SUBNET, "oracle-services", "-i", fixed, "--port", "443")
    assert code == 0 and out["verdict"] == "reachable"
    assert out["hops"][0]["detail"][0].startswith(
        "all-iad-services-in-oracle-services-network: service gateway oke-sgw-quick-vn-demo-7c1e5a9b2"
    )
    code, out = reach(NODE_SUBNET, "8.8.8.8", "-i", fixed, "--port", "443")
    assert code == 0
    assert out["hops"][0]["detail"][0].startswith("8.8.8.8/32: NAT gateway oke-ngw-quick-vn-demo-7c1e5a9b2")


def test_bad_places_and_ports_are_usage_errors() -> None:
    fixed = str(FIXTURES / "seed-virtual-nodes-fixed")
    result = CliRunner().invoke(main, ["reach", "nowhere", NODE_SUBNET, "-i", fixed])
    assert result.exit_code == 2 and "'nowhere' is neither a subnet" in result.stderr
    result = CliRunner().invoke(main, ["reach", LB_SUBNET, NODE_SUBNET, "-i", fixed, "--port", "70000"])
    assert result.exit_code == 2 and "--port '70000': ports are 1-65535" in result.stderr
