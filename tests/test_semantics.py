"""Engine semantics that need more set-up than a rule case: IPv6, managed node pools, OCID-based
classification, and regression tests for the mistakes peer tools shipped."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from seclint.api import check
from seclint.roles import NodeKind, Role, assign_roles
from seclint.sources.files import load_files
from tests.helpers import Export

LB_LIST = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
NODE_LIST = "oke-nodeseclist-quick-vn-demo-7c1e5a9b2"
LB_SUBNET = "oke-svclbsubnet-quick-vn-demo-7c1e5a9b2-regional"
NODE_SUBNET = "oke-nodesubnet-quick-vn-demo-7c1e5a9b2-regional"
LB_V6, NODE_V6 = "2603:c020:4000:1420::/64", "2603:c020:4000:1410::/64"


def _dual_stack(tmp_path: Path) -> Export:
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    cluster = export.find("cluster", "vn-demo")
    export.update("cluster", "vn-demo", {"options": {**cluster["options"], "ip-families": ["IPv4", "IPv6"]}})
    vcn = export.records("vcn")[0]
    export.update("vcn", vcn["id"], {"ipv6-cidr-blocks": ["2603:c020:4000:1400::/56"]})
    export.update("subnet", LB_SUBNET, {"ipv6-cidr-blocks": [LB_V6]})
    export.update("subnet", NODE_SUBNET, {"ipv6-cidr-blocks": [NODE_V6]})
    return export


def test_ipv6_flows_are_required_on_dual_stack_clusters(tmp_path: Path) -> None:
    export = _dual_stack(tmp_path)
    result = check(load_files([export.dir]), select=["OKE101"])
    assert [f.missing for f in result.findings] == [(f"TCP 30000-32767 from {LB_V6} to {NODE_V6}",)]
    assert [s.at for s in result.findings[0].evidence.stops] == ["egress", "ingress"]
    # ::/0 is a real peer, not something to skip (a bug peers shipped).
    export.add_rules(LB_LIST, "egress", [{"proto": "all", "peer": "::/0"}])
    export.add_rules(NODE_LIST, "ingress", [{"proto": "tcp", "peer": "::/0"}])
    assert not check(load_files([export.dir]), select=["OKE101"]).findings


def test_ipv6_fix_clears_the_gap(tmp_path: Path) -> None:
    from seclint.fixes import apply_fixes

    snapshot = load_files([_dual_stack(tmp_path).dir])
    result = check(snapshot, select=["OKE1"])
    assert result.fixes
    summaries = [line for fix in result.fixes for line in fix.summary]
    assert f"add egress TCP 30000-32767 to {NODE_V6} (stateful)" in summaries
    assert not check(apply_fixes(snapshot, result.fixes), select=["OKE1"]).findings


def _managed_pool(export: Export, nsg_id: str) -> None:
    subnet = export.find("subnet", NODE_SUBNET)
    cluster = export.find("cluster", "vn-demo")
    pool = {
        "cluster-id": cluster["id"], "compartment-id": cluster["compartment-id"], "defined-tags": {},
        "freeform-tags": {}, "id": "ocid1.nodepool.oc1.iad.aaaaaaaamanagedpoolxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "kubernetes-version": "v1.31.1", "lifecycle-details": None, "lifecycle-state": "ACTIVE", "name": "workers-1",
        "node-config-details": {
            "nsg-ids": [nsg_id], "size": 3,
            "node-pool-pod-network-option-details": {"cni-type": "OCI_VCN_IP_NATIVE", "max-pods-per-node": 31,
                                                     "pod-nsg-ids": [], "pod-subnet-ids": [subnet["id"]]},
            "placement-configs": [{"availability-domain": "Uocm:US-ASHBURN-AD-1", "subnet-id": subnet["id"]}],
        },
        "subnet-ids": [subnet["id"]],
    }  # fmt: skip
    export.write("ce_node_pool_list.json", {"data": [pool]})
    (export.dir / "ce_virtual_node_pool_list.json").unlink()


def test_managed_node_pool_nsg_membership_and_backends(tmp_path: Path) -> None:
    export = Export("seed-virtual-nodes", tmp_path / "e")
    nsg_id = export.add_nsg(
        "workers-nsg",
        [
            {"direction": "ingress", "proto": "tcp", "peer": "10.0.20.0/24", "ports": "30000-32767"},
            {"direction": "ingress", "proto": "udp", "peer": "10.0.20.0/24", "ports": "30000-32767"},
            {"direction": "ingress", "proto": "tcp", "peer": "10.0.20.0/24", "ports": "10256"},
        ],
    )
    _managed_pool(export, nsg_id)
    snapshot = load_files([export.dir])
    (cluster,) = assign_roles(snapshot)
    (workers,) = cluster.of(Role.WORKERS)
    assert (workers.nsg_ids, workers.nodes, workers.via) == ((nsg_id,), NodeKind.MANAGED, "node pool workers-1")
    assert cluster.backends() == [workers]
    result = check(snapshot, select=["OKE1"])
    # The worker NSG admits the NodePorts, so only the load balancer's egress is missing.
    assert {f.rule: [s.at for s in f.evidence.stops] for f in result.findings} == {
        "OKE101": ["egress"],
        "OKE102": ["egress"],
        "OKE103": ["egress"],
    }


def test_records_are_classified_by_ocid_not_file_name(tmp_path: Path) -> None:
    baseline = check(load_files(["fixtures/seed-virtual-nodes"]))
    scrambled = tmp_path / "scrambled"
    scrambled.mkdir()
    files = sorted(Path("fixtures/seed-virtual-nodes").glob("*.json"))
    names = [f"part-{i}.json" for i in range(len(files))]
    random.Random(7).shuffle(names)
    for source, name in zip(files, names, strict=True):
        shutil.copy(source, scrambled / name)
    result = check(load_files([scrambled]))
    assert [(f.rule, f.missing, f.resources) for f in result.findings] == [
        (f.rule, f.missing, f.resources) for f in baseline.findings
    ]


def test_stateless_key_spelling_drift_is_not_a_silent_pass(tmp_path: Path) -> None:
    """A rule written with ``stateless: true`` (not ``is-stateless``) is still stateless."""
    export = Export("seed-virtual-nodes-fixed", tmp_path / "e")
    export.set_rules(LB_LIST, "egress", [{"proto": "tcp", "peer": "10.0.10.0/24", "ports": "30000-32767"}])
    document = export.read("security_list_list.json")
    for record in document["data"]:
        if record["display-name"] == LB_LIST:
            rule = record["egress-security-rules"][0]
            del rule["is-stateless"]
            rule["stateless"] = True
    export.write("security_list_list.json", document)
    (finding,) = check(load_files([export.dir]), select=["OKE101"]).findings
    assert [s.at for s in finding.evidence.stops] == ["reply-ingress"]


def test_ipv6_without_a_vcn_prefix_has_no_route(tmp_path: Path) -> None:
    export = _dual_stack(tmp_path)
    vcn = export.records("vcn")[0]
    export.update("vcn", vcn["id"], {"ipv6-cidr-blocks": None})
    export.add_rules(LB_LIST, "egress", [{"proto": "all", "peer": "::/0"}])
    export.add_rules(NODE_LIST, "ingress", [{"proto": "all", "peer": "::/0"}])
    (finding,) = check(load_files([export.dir]), select=["OKE101"]).findings
    assert [(s.at, s.reason) for s in finding.evidence.stops] == [
        ("route", "no route rule matches, so they are dropped")
    ]
    assert finding.fix_note == "routing stops part of this flow; no security-rule change can mend that part"
