"""Property: for any rules on the load-balancer and backend lists, the fix plan clears every
load-balancer flow finding, and every added rule admits only packets the requirements need."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seclint.api import check
from seclint.engine.evaluate import CLIENT_PORTS, rule_packets
from seclint.fixes import apply_fixes
from seclint.model import SecurityRule
from seclint.packets import PacketSet, address_intervals, packets, parse_protocol
from seclint.sources.files import load_files
from seclint.sources.keys import normalize
from tests.helpers import Export

LB_LIST = "oke-svclbseclist-quick-vn-demo-7c1e5a9b2"
NODE_LIST = "oke-nodeseclist-quick-vn-demo-7c1e5a9b2"
API_LIST = "oke-k8sApiEndpoint-quick-vn-demo-7c1e5a9b2"

PEERS = ["10.0.10.0/24", "10.0.10.0/25", "10.0.10.128/26", "10.0.20.0/24", "10.0.20.0/25", "10.0.0.0/16", "0.0.0.0/0"]


@st.composite
def rules(draw):
    proto = draw(st.sampled_from(["tcp", "udp", "all", "icmp"]))
    rule = {"proto": proto, "peer": draw(st.sampled_from(PEERS)), "stateless": draw(st.booleans())}
    if proto in ("tcp", "udp") and draw(st.booleans()):
        lo = draw(st.sampled_from([1, 10256, 29000, 30000, 31000, 32000]))
        hi = draw(st.sampled_from([10256, 30500, 32767, 65535]).filter(lambda h: h >= lo))
        rule["ports"] = f"{lo}-{hi}"
        if draw(st.integers(0, 4)) == 0:
            rule["sport"] = draw(st.sampled_from(["1024-65535", "30000-32767", "10256"]))
    return rule


def _required() -> PacketSet:
    lb, nodes = address_intervals("10.0.20.0/24"), address_intervals("10.0.10.0/24")
    need = packets((6, 6), lb, nodes, sport=CLIENT_PORTS, dport=(30000, 32767))
    need |= packets((17, 17), lb, nodes, sport=CLIENT_PORTS, dport=(30000, 32767))
    need |= packets((6, 6), lb, nodes, sport=CLIENT_PORTS, dport=(10256, 10256))
    return need


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lb_egress=st.lists(rules(), max_size=4),
    lb_ingress=st.lists(rules(), max_size=2),
    node_ingress=st.lists(rules(), max_size=4),
    node_egress=st.lists(rules(), max_size=2),
)
def test_fix_plan_clears_flows_and_opens_nothing_more(lb_egress, lb_ingress, node_ingress, node_egress) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Export("seed-virtual-nodes", Path(tmp) / "e")
        export.set_rules(LB_LIST, "egress", lb_egress)
        export.set_rules(LB_LIST, "ingress", lb_ingress)
        export.set_rules(NODE_LIST, "ingress", node_ingress)
        export.set_rules(NODE_LIST, "egress", node_egress)
        snapshot = load_files([export.dir])
        lb_list = export.id(LB_LIST)
    result = check(snapshot, select=["OKE101", "OKE102", "OKE103"])
    assert all(f.fixes for f in result.findings), [f.fix_note for f in result.findings]
    after = check(apply_fixes(snapshot, result.fixes), select=["OKE101", "OKE102", "OKE103"])
    assert not after.findings, [f.missing for f in after.findings]
    # Least privilege: what an added rule admits at the endpoint it sits on is part of what the
    # requirements need (or of their replies, for stateless reply rules). Stateful rules carry no
    # source-port range, as in OCI's own examples, so only client ports are compared for them.
    need = _required()
    for fix in result.fixes:
        own = address_intervals("10.0.20.0/24" if fix.target == lb_list else "10.0.10.0/24")
        for direction, key in (("INGRESS", "ingressSecurityRules"), ("EGRESS", "egressSecurityRules")):
            existing = len(snapshot.security_lists[fix.target].rules(direction))
            for record in fix.payload[key][existing:]:
                rule = SecurityRule.from_record(normalize(record), direction, 0)
                admitted = rule_packets(rule, lambda _nsg: [])
                admitted &= packets(dst=own) if direction == "INGRESS" else packets(src=own)
                if not rule.is_stateless:
                    protocol = parse_protocol(rule.protocol)
                    admitted &= packets(protocol, sport=CLIENT_PORTS)
                assert admitted.issubset(need | need.reverse()), record


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    node_ingress=st.lists(rules(), max_size=4),
    node_egress=st.lists(rules(), max_size=4),
    api_ingress=st.lists(rules(), max_size=3),
    api_egress=st.lists(rules(), max_size=3),
)
def test_fix_plan_clears_every_flow_rule(node_ingress, node_egress, api_ingress, api_egress) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Export("seed-virtual-nodes-fixed", Path(tmp) / "e")
        export.set_rules(NODE_LIST, "ingress", node_ingress)
        export.set_rules(NODE_LIST, "egress", node_egress)
        export.set_rules(API_LIST, "ingress", api_ingress)
        export.set_rules(API_LIST, "egress", api_egress)
        snapshot = load_files([export.dir])
    result = check(snapshot, select=["OKE1"])
    assert all(f.fixes for f in result.findings), [(f.rule, f.fix_note) for f in result.findings]
    after = check(apply_fixes(snapshot, result.fixes), select=["OKE1"])
    assert not after.findings, [(f.rule, f.missing) for f in after.findings]


ROUTE_TARGETS = [
    "oke-igw-quick-vn-demo-7c1e5a9b2",
    "oke-ngw-quick-vn-demo-7c1e5a9b2",
    "oke-sgw-quick-vn-demo-7c1e5a9b2",
]


@st.composite
def routes(draw):
    target = draw(st.sampled_from(ROUTE_TARGETS))
    if target.startswith("oke-sgw") and draw(st.booleans()):
        label = draw(st.sampled_from(["all-iad-services-in-oracle-services-network", "oci-iad-objectstorage"]))
        return {"destination": label, "type": "SERVICE_CIDR_BLOCK", "target": target}
    if target.startswith("oke-sgw"):
        target = ROUTE_TARGETS[0]
    cidr = draw(st.sampled_from(["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "8.8.8.0/24", "10.1.0.0/16"]))
    return {"destination": cidr, "target": target}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.lists(routes(), max_size=4, unique_by=lambda r: r["destination"]))
def test_route_fix_plan_clears_route_findings(table) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Export("seed-virtual-nodes-fixed", Path(tmp) / "e")
        export.set_routes("oke-private-routetable-vn-demo-7c1e5a9b2", table)
        snapshot = load_files([export.dir])
    result = check(snapshot, select=["OKE2"])
    assert all(f.fixes for f in result.findings), [(f.rule, f.fix_note) for f in result.findings]
    after = check(apply_fixes(snapshot, result.fixes), select=["OKE2"])
    assert not after.findings, [(f.rule, f.missing) for f in after.findings]
