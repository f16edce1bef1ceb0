"""The network as a graph, and the one facade checks use for routing questions.

Nodes are VCNs, subnets, gateways, the internet and the Oracle Services Network; a subnet has an
edge to every gateway its route table uses, labelled with the destinations that go there. Route
lookup is longest-prefix match over the subnet's route table plus the VCN's implicit local routes
(a static rule with the same prefix as a local route wins, as in OCI). Oracle service labels count
as more specific than any CIDR, so an all-services route beats ``0.0.0.0/0`` for service traffic.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from seclint.model import RouteRule, Snapshot, Subnet, ocid_type
from seclint.packets import Interval, address_intervals, merge_intervals, parse_cidr

INTERNET = "internet"
ORACLE_SERVICES = "oracle-services-network"
LOCAL = "local"
NO_ROUTE = "none"
SERVICE_PREFIX = 1000
"""Prefix length given to service-label routes: longer than any CIDR's."""

GATEWAY_WORDS = {
    "internetgateway": "internet gateway",
    "natgateway": "NAT gateway",
    "servicegateway": "service gateway",
    "drg": "dynamic routing gateway",
    "localpeeringgateway": "local peering gateway",
    "privateip": "private IP",
}


@dataclass(frozen=True)
class Hop:
    """Where a route table sends some destinations."""

    kind: str
    """``local``, ``none`` or a target type: ``internetgateway``, ``natgateway``, ``servicegateway``…"""
    target: str | None = None
    rule: RouteRule | None = None
    table: str | None = None
    usable: bool = True
    """False when the target gateway is disabled or blocks traffic."""

    def describe(self, snapshot: Snapshot) -> str:
        if self.kind == LOCAL:
            return "delivered inside the VCN (implicit local route)"
        if self.kind == NO_ROUTE:
            return "dropped: no route rule matches"
        word = GATEWAY_WORDS.get(self.kind, self.kind)
        target = snapshot.name(self.target) if self.target else "?"
        text = f"{word} {target}"
        if self.rule is not None:
            text += f" (route rule {self.rule.destination}"
            if self.table:
                text += f" in {snapshot.name(self.table)}"
            text += ")"
        if not self.usable:
            text += ", which blocks traffic"
        return text


@dataclass(frozen=True)
class _Entry:
    lo: int
    hi: int
    prefix: int
    static: bool
    hop: Hop


def _entries_for(snapshot: Snapshot, subnet: Subnet) -> list[_Entry]:
    entries: list[_Entry] = []
    vcn = snapshot.vcns.get(subnet.vcn_id)
    if vcn is not None:
        for cidr in [*vcn.cidr_blocks, *vcn.ipv6_cidr_blocks]:
            prefix = parse_cidr(cidr)[3]
            for lo, hi in address_intervals(cidr):
                entries.append(_Entry(lo, hi, prefix, False, Hop(LOCAL)))
    table = snapshot.route_tables.get(subnet.route_table_id or "")
    if table is None:
        return entries
    for rule in table.route_rules:
        kind = ocid_type(rule.network_entity_id) or "unknown"
        gateway = snapshot.gateways.get(rule.network_entity_id)
        usable = True
        if gateway is not None:
            usable = gateway.is_enabled is not False and gateway.block_traffic is not True
        hop = Hop(kind, rule.network_entity_id, rule, table.id, usable)
        prefix = SERVICE_PREFIX if rule.destination_type == "SERVICE_CIDR_BLOCK" else parse_cidr(rule.destination)[3]
        for lo, hi in address_intervals(rule.destination):
            entries.append(_Entry(lo, hi, prefix, True, hop))
    return entries


def lookup(entries: Sequence[_Entry], intervals: Iterable[Interval]) -> list[tuple[Interval, Hop]]:
    """Longest-prefix match of every address in `intervals`; adjacent pieces with one hop merged."""
    out: list[tuple[Interval, Hop]] = []
    for qlo, qhi in merge_intervals(intervals):
        relevant = [e for e in entries if e.lo <= qhi and e.hi >= qlo]
        points = {qlo, qhi + 1}
        for e in relevant:
            points.update(p for p in (e.lo, e.hi + 1) if qlo < p <= qhi)
        bounds = sorted(points)
        for lo, nxt in itertools.pairwise(bounds):
            hi = nxt - 1
            best: _Entry | None = None
            for e in relevant:
                if e.lo <= lo and e.hi >= hi and (best is None or (e.prefix, e.static) > (best.prefix, best.static)):
                    best = e
            hop = best.hop if best is not None else Hop(NO_ROUTE)
            if out and out[-1][1] == hop and out[-1][0][1] + 1 == lo:
                out[-1] = ((out[-1][0][0], hi), hop)
            else:
                out.append(((lo, hi), hop))
    return out


class NetworkGraph:
    """The facade over networkx; checks ask it questions and never touch networkx themselves."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._entries: dict[str, list[_Entry]] = {}

    @cached_property
    def graph(self) -> nx.DiGraph:
        snap = self.snapshot
        g = nx.DiGraph()
        g.add_node(INTERNET, kind="internet")
        g.add_node(ORACLE_SERVICES, kind="oracle-services")
        # Oracle's services answer on public addresses too, so the internet reaches them.
        g.add_edge(INTERNET, ORACLE_SERVICES, kind="internet")
        for vcn in snap.vcns.values():
            g.add_node(vcn.id, kind="vcn")
        for gateway in snap.gateways.values():
            g.add_node(gateway.id, kind=gateway.kind)
            if gateway.vcn_id:
                g.add_edge(gateway.id, gateway.vcn_id, kind="attachment")
            if gateway.kind in ("internetgateway", "natgateway"):
                g.add_edge(gateway.id, INTERNET, kind="egress")
            elif gateway.kind == "servicegateway":
                g.add_edge(gateway.id, ORACLE_SERVICES, kind="egress")
        for attachment in snap.drg_attachments.values():
            if attachment.vcn_id:
                g.add_edge(attachment.drg_id, attachment.vcn_id, kind="attachment")
        for subnet in snap.subnets.values():
            g.add_node(subnet.id, kind="subnet")
            g.add_edge(subnet.id, subnet.vcn_id, kind="local")
            g.add_edge(subnet.vcn_id, subnet.id, kind="local")
            table = snap.route_tables.get(subnet.route_table_id or "")
            for rule in table.route_rules if table else []:
                data = g.get_edge_data(subnet.id, rule.network_entity_id) or {"kind": "route", "destinations": []}
                data["destinations"] = [*data["destinations"], rule.destination]
                g.add_edge(subnet.id, rule.network_entity_id, **data)
        return g

    def route(self, subnet_id: str, intervals: Iterable[Interval]) -> list[tuple[Interval, Hop]]:
        """How the subnet's route table (and the VCN's local routes) handle these destinations."""
        entries = self._entries.get(subnet_id)
        if entries is None:
            subnet = self.snapshot.subnets.get(subnet_id)
            entries = _entries_for(self.snapshot, subnet) if subnet is not None else []
            self._entries[subnet_id] = entries
        return lookup(entries, intervals)

    def same_vcn(self, subnet_a: str, subnet_b: str) -> bool:
        """Whether both subnets hang off the same VCN node (local routing can connect them)."""
        g = self.graph
        if subnet_a not in g or subnet_b not in g:
            return False
        vcns = {n for n in g.successors(subnet_a) if g.nodes[n].get("kind") == "vcn"}
        return any(g.has_edge(vcn, subnet_b) for vcn in vcns)

    def leads_to(self, gateway_id: str, subnet_id: str, destination: str) -> bool:
        """Whether the gateway belongs to the subnet's VCN and carries traffic on to `destination`
        (``INTERNET`` or ``ORACLE_SERVICES``)."""
        g = self.graph
        subnet = self.snapshot.subnets.get(subnet_id)
        if subnet is None or gateway_id not in g:
            return False
        if not g.has_edge(gateway_id, subnet.vcn_id):
            return False
        return g.has_edge(gateway_id, destination) or (
            g.has_edge(gateway_id, INTERNET) and g.has_edge(INTERNET, destination)
        )
