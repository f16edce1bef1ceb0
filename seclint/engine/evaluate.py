"""Evaluating required flows against security rules and routes, exactly.

A flow from a client endpoint to a server endpoint gets through when (OCI Security Rules docs):

* the client's route table delivers it (intra-VCN traffic is routed implicitly);
* a rule in the client's egress set and one in the server's ingress set allow it, where each set is
  the union of the subnet's security lists and the VNIC's NSGs;
* its replies get back: a packet admitted by a stateful rule is tracked and its replies pass
  whatever the rules say, but a packet that matches a stateless rule in a direction is not tracked
  (the stateless rule wins over a stateful one), so its replies need rules of their own.

Everything is computed as packet sets, so the gap is exact however the rules are split.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from seclint.findings import Allowance, RuleRepair, Stop
from seclint.graph import LOCAL, NO_ROUTE, NetworkGraph
from seclint.model import NetworkSecurityGroup, SecurityList, SecurityRule, Snapshot
from seclint.packets import (
    ALL_ADDRESSES,
    ALL_PORTS,
    DST,
    ICMP_PROTOCOLS,
    PORT_PROTOCOLS,
    SRC,
    USABLE_PORTS,
    Interval,
    PacketSet,
    address_intervals,
    clip_box,
    merge_intervals,
    packets,
    parse_protocol,
)
from seclint.roles import ClusterRoles, Endpoint
from seclint.services import all_services_label

CLIENT_PORTS: Interval = (1024, 65535)
"""Source ports assumed for the client side of a required flow: the unprivileged range."""


@dataclass(frozen=True)
class RuleSource:
    """A security list or NSG whose rules apply to an endpoint."""

    id: str
    kind: str
    """``security list`` or ``NSG``."""
    name: str
    rules: tuple[SecurityRule, ...]


def rule_text(rule: SecurityRule, *, numbered: bool = True) -> str:
    """A rule in words: ``egress #2 TCP 30000-32767 to 10.0.10.0/24 (stateful)``."""
    proto = parse_protocol(rule.protocol)
    names = {6: "TCP", 17: "UDP", 1: "ICMP", 58: "ICMPv6"}
    what = "all protocols" if proto == (0, 255) else names.get(proto[0], f"protocol {proto[0]}")
    options = rule.tcp_options if proto == (6, 6) else rule.udp_options if proto == (17, 17) else None
    if proto[0] in PORT_PROTOCOLS and proto[0] == proto[1]:
        dport = options.destination_port_range if options else None
        sport = options.source_port_range if options else None
        what += f" {dport.min}-{dport.max}" if dport and dport.min != dport.max else f" {dport.min}" if dport else ""
        if dport is None:
            what += " all ports"
        if sport is not None:
            what += f" (source ports {sport.min if sport.min == sport.max else f'{sport.min}-{sport.max}'})"
    elif proto[0] in ICMP_PROTOCOLS and rule.icmp_options is not None:
        what += f" type {rule.icmp_options.type}"
        if rule.icmp_options.code is not None:
            what += f" code {rule.icmp_options.code}"
    side = "from" if rule.direction == "INGRESS" else "to"
    state = "stateless" if rule.is_stateless else "stateful"
    label = f"#{rule.position} " if rule.rule_id is None else f"{rule.rule_id} "
    return f"{rule.direction.lower()} {label if numbered else ''}{what} {side} {rule.peer} ({state})"


@dataclass
class Context:
    """What every check needs: the snapshot, the clusters' roles and the graph facade."""

    snapshot: Snapshot
    clusters: list[ClusterRoles]
    lb_rules: str = "auto"
    """``auto``: the cloud controller manages load-balancer rules for managed nodes; ``manual``: you do."""
    scope: frozenset[str] | None = None
    """Subnets whose own rule sets to look at in per-subnet hygiene checks (None: all); the fix
    verification narrows it to the subnets the fixes touched."""
    graph: NetworkGraph = field(init=False)
    _compiled: dict[tuple[str, str, int], PacketSet] = field(default_factory=dict, init=False)
    _ordered: dict[tuple, list[tuple[PacketSet, bool, tuple]]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.graph = NetworkGraph(self.snapshot)

    @cached_property
    def nsg_members(self) -> dict[str, set[str]]:
        """Subnets whose VNICs are in each NSG, as far as OKE metadata and overrides tell."""
        members: dict[str, set[str]] = {}
        for cluster in self.clusters:
            for endpoint in cluster.endpoints:
                for nsg_id in endpoint.nsg_ids:
                    members.setdefault(nsg_id, set()).add(endpoint.subnet_id)
        return members

    def nsg_addresses(self, nsg_id: str) -> list[Interval]:
        out: list[Interval] = []
        for subnet_id in sorted(self.nsg_members.get(nsg_id, ())):
            subnet = self.snapshot.subnets.get(subnet_id)
            if subnet is not None:
                for cidr in subnet.cidrs:
                    out.extend(address_intervals(cidr))
        return merge_intervals(out)

    def endpoint_addresses(self, endpoint: Endpoint, family: int = 4) -> list[Interval]:
        subnet = self.snapshot.subnets.get(endpoint.subnet_id)
        if subnet is None:
            return []
        cidrs = [subnet.cidr_block] if family == 4 else subnet.ipv6_cidr_blocks
        return [iv for cidr in cidrs for iv in address_intervals(cidr)]

    def service_addresses(self, endpoint: Endpoint) -> list[Interval]:
        """The region's all-services label, as addresses, for the endpoint's VCN."""
        subnet = self.snapshot.subnets.get(endpoint.subnet_id)
        label = all_services_label(self.snapshot, subnet.vcn_id) if subnet else None
        return list(address_intervals(label)) if label else []

    def sources(self, endpoint: Endpoint, direction: str) -> list[RuleSource]:
        """The security lists of the endpoint's subnet and its NSGs that exist in the input."""
        out: list[RuleSource] = []
        subnet = self.snapshot.subnets.get(endpoint.subnet_id)
        for list_id in subnet.security_list_ids if subnet else []:
            sl: SecurityList | None = self.snapshot.security_lists.get(list_id)
            if sl is not None:
                out.append(RuleSource(sl.id, "security list", sl.name, tuple(sl.rules(direction))))
        for nsg_id in endpoint.nsg_ids:
            nsg: NetworkSecurityGroup | None = self.snapshot.nsgs.get(nsg_id)
            if nsg is not None:
                out.append(RuleSource(nsg.id, "NSG", nsg.name, tuple(nsg.rules(direction))))
        return out

    def compile(self, source: RuleSource | str, rule: SecurityRule) -> PacketSet:
        """The packets a rule admits at any VNIC it applies to (`source`: the list or NSG, or its OCID)."""
        owner = source if isinstance(source, str) else source.id
        key = (owner, rule.direction, rule.position if rule.rule_id is None else hash(rule.rule_id))
        cached = self._compiled.get(key)
        if cached is not None:
            return cached
        result = rule_packets(rule, self.nsg_addresses)
        self._compiled[key] = result
        return result

    def ordered_rules(self, sources: tuple[RuleSource, ...], direction: str) -> list[tuple[PacketSet, bool, tuple]]:
        """Every rule's packets, statefulness and bounds, widest first (cached per rule set)."""
        key = (tuple(s.id for s in sources), direction)
        cached = self._ordered.get(key)
        if cached is None:
            compiled = [(self.compile(s, r), r.is_stateless) for s in sources for r in s.rules]
            items = [(ps, stateless, _bounds(ps)) for ps, stateless in compiled if ps.boxes]
            cached = sorted(items, key=lambda item: -item[0].size())
            self._ordered[key] = cached
        return cached

    def unresolved_peers(self, sources: Iterable[RuleSource]) -> list[str]:
        """NSGs named as rule peers whose members seclint cannot see (they resolve to no address)."""
        out = []
        for source in sources:
            for rule in source.rules:
                if rule.peer_type == "NETWORK_SECURITY_GROUP" and not self.nsg_addresses(rule.peer):
                    out.append(rule.peer)
        return sorted(set(out))


def rule_packets(rule: SecurityRule, nsg_addresses) -> PacketSet:
    proto = parse_protocol(rule.protocol)
    if rule.peer_type == "NETWORK_SECURITY_GROUP":
        peer = nsg_addresses(rule.peer)
    else:
        peer = list(address_intervals(rule.peer))
    if not peer:
        return PacketSet.empty()
    sport = dport = ALL_PORTS
    icmp_type = icmp_code = (0, 255)
    single = proto[0] if proto[0] == proto[1] else None
    options = rule.tcp_options if single == 6 else rule.udp_options if single == 17 else None
    if options is not None:
        # Port 0 cannot be named in OCI (ranges start at 1), so a range from 1 means "from the start".
        if options.destination_port_range is not None:
            r = options.destination_port_range
            dport = (0 if r.min == 1 else r.min, r.max)
        if options.source_port_range is not None:
            r = options.source_port_range
            sport = (0 if r.min == 1 else r.min, r.max)
    if single in ICMP_PROTOCOLS and rule.icmp_options is not None:
        icmp_type = (rule.icmp_options.type, rule.icmp_options.type)
        if rule.icmp_options.code is not None:
            icmp_code = (rule.icmp_options.code, rule.icmp_options.code)
    if rule.direction == "INGRESS":
        src, dst = peer, list(ALL_ADDRESSES)
    else:
        src, dst = list(ALL_ADDRESSES), peer
    return packets(proto, src, dst, sport, dport, icmp_type, icmp_code)


@dataclass(frozen=True)
class Admission:
    """What one direction's rules at one endpoint do with a set of packets."""

    allowed: PacketSet
    untracked: PacketSet
    """Allowed packets that matched a stateless rule: their replies need rules of their own."""
    allowances: tuple[Allowance, ...]
    sources: tuple[RuleSource, ...]


def admit(ctx: Context, endpoint: Endpoint, direction: str, query: PacketSet, *, explain: bool = True) -> Admission:
    """What the endpoint's rules in one direction do with `query`.

    The allowed set is built by taking each rule's share out of what is still unmatched, which
    stays small, rather than by uniting every rule's share, which grows with the rule count.
    """
    sources = tuple(ctx.sources(endpoint, direction))
    allowances = []
    if explain:
        for source in sources:
            for rule in source.rules:
                part = ctx.compile(source, rule) & query
                if part:
                    allowances.append(Allowance(source.id, rule_text(rule), tuple(part.describe(query.boxes[0]))))
    unmatched = query
    not_stateless = query
    ordered = ctx.ordered_rules(sources, direction)
    # Widest rules first: the unmatched rest usually empties after a few and stays small meanwhile.
    bounds = _bounds(unmatched)
    for admitted, _, rule_bounds in ordered:
        if not _overlap(bounds, rule_bounds):
            continue
        unmatched = unmatched - admitted
        if not unmatched:
            break
        bounds = _bounds(unmatched)
    for admitted, stateless, _ in ordered:
        if stateless and not_stateless:
            not_stateless = not_stateless - admitted
    return Admission(query - unmatched, query - not_stateless, tuple(allowances), sources)


def _bounds(ps: PacketSet) -> tuple[tuple[int, int], ...] | None:
    """The smallest box around a set, to skip rules that cannot touch it."""
    if not ps.boxes:
        return None
    if len(ps.boxes) == 1:
        return ps.boxes[0]
    return tuple((min(b[d][0] for b in ps.boxes), max(b[d][1] for b in ps.boxes)) for d in range(7))


def _overlap(a: tuple | None, b: tuple | None) -> bool:
    return a is not None and b is not None and all(x[0] <= y[1] and y[0] <= x[1] for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class FlowResult:
    required: PacketSet
    delivered: PacketSet
    stops: tuple[Stop, ...]
    allowances: tuple[Allowance, ...]
    repairs: tuple[RuleRepair, ...]
    route_blocked: bool
    """True when routing (not rules) stops some packets; no rule change mends that."""
    notes: tuple[str, ...] = ()

    @property
    def gap(self) -> PacketSet:
        return self.required - self.delivered


def _blocked_text(ctx: Context, sources: Iterable[RuleSource], endpoint: Endpoint) -> str:
    named = [f"{s.kind} {s.name}" for s in sources]
    if not named:
        return f"subnet {ctx.snapshot.name(endpoint.subnet_id)} has no security list or NSG in the input"
    return "no rule in " + ", ".join(named) + " allows them"


def _route_stops(
    ctx: Context, subnet_id: str, peer: str, query: PacketSet, target_side: int, at: str
) -> tuple[PacketSet, list[Stop]]:
    """Packets whose destination the subnet's route table does not deliver to `peer`: a subnet
    OCID, or a place outside the VCN (the graph's ``INTERNET`` or ``ORACLE_SERVICES`` node)."""
    destinations = [box[target_side] for box in query.boxes]
    stopped = PacketSet.empty()
    stops = []
    outside = peer not in ctx.snapshot.subnets
    same_vcn = not outside and ctx.graph.same_vcn(subnet_id, peer)
    for interval, hop in ctx.graph.route(subnet_id, destinations):
        if hop.kind == LOCAL and same_vcn:
            continue
        if (
            outside
            and hop.kind not in (LOCAL, NO_ROUTE)
            and hop.usable
            and ctx.graph.leads_to(hop.target or "", subnet_id, peer)
        ):
            continue
        part = PacketSet(tuple(b for box in query.boxes if (b := clip_box(box, target_side, interval)) is not None))
        if not part:
            continue
        stopped = stopped | part
        table = ctx.snapshot.subnets[subnet_id].route_table_id if subnet_id in ctx.snapshot.subnets else None
        reason = "routed to " + hop.describe(ctx.snapshot)
        if hop.kind == NO_ROUTE:
            reason = "no route rule matches, so they are dropped"
        elif hop.kind == LOCAL:
            reason = "kept inside this subnet's VCN by local routing, but the peer subnet is in another VCN"
        stops.append(Stop(at, subnet_id, tuple(part.describe(query.boxes[0])), (table,) if table else (), reason))
    return stopped, stops


def evaluate_flow(
    ctx: Context, client: Endpoint, server: Endpoint | str, required: PacketSet, *, replies: bool, explain: bool = False
) -> FlowResult:
    """Which of `required` (client → server) gets through, where the rest stops, and what would mend it.

    `server` is an endpoint, or a place outside the VCN (``ORACLE_SERVICES``), where no security
    rule of the network applies: then only the client's rules and routes are checked.
    """
    stops: list[Stop] = []
    repairs: list[RuleRepair] = []
    reference = required.boxes[0] if required.boxes else None

    def words(packets: PacketSet) -> tuple[str, ...]:
        return tuple(packets.describe(reference))

    server_place = server.subnet_id if isinstance(server, Endpoint) else server
    routed_away, route_stops = _route_stops(ctx, client.subnet_id, server_place, required, DST, "route")
    stops.extend(route_stops)

    out = admit(ctx, client, "EGRESS", required, explain=False)
    if isinstance(server, Endpoint):
        inn = admit(ctx, server, "INGRESS", required, explain=False)
    else:
        inn = Admission(required, PacketSet.empty(), (), ())
    egress_gap = required - out.allowed
    ingress_gap = required - inn.allowed
    if egress_gap:
        stops.append(
            Stop(
                "egress",
                client.subnet_id,
                words(egress_gap),
                tuple(s.id for s in out.sources),
                _blocked_text(ctx, out.sources, client),
            )
        )
        prefer = _prefer(out, related_sources(ctx, out.sources, required))
        repairs.append(RuleRepair(client.subnet_id, client.nsg_ids, "EGRESS", egress_gap, False, prefer, required))
    if ingress_gap and isinstance(server, Endpoint):
        stops.append(
            Stop(
                "ingress",
                server.subnet_id,
                words(ingress_gap),
                tuple(s.id for s in inn.sources),
                _blocked_text(ctx, inn.sources, server),
            )
        )
        prefer = _prefer(inn, related_sources(ctx, inn.sources, required))
        repairs.append(RuleRepair(server.subnet_id, server.nsg_ids, "INGRESS", ingress_gap, False, prefer, required))
    delivered = (out.allowed & inn.allowed) - routed_away

    # Replies are checked for every packet the routes let through, not only those delivered today:
    # a stateless rule at one end needs its reply rule even while the other end still blocks.
    forward = required - routed_away
    if replies and forward:
        for side, endpoint, adm, back_direction, at in (
            ("client", client, out, "INGRESS", "reply-ingress"),
            ("server", server, inn, "EGRESS", "reply-egress"),
        ):
            untracked = adm.untracked & forward
            if not isinstance(endpoint, Endpoint):
                continue
            if not untracked:
                continue
            answers = untracked.reverse()
            back = admit(ctx, endpoint, back_direction, answers)
            lost = answers - back.allowed
            if lost:
                lost_forward = lost.reverse()
                delivered = delivered - lost_forward
                blocked = _blocked_text(ctx, back.sources, endpoint).replace("them", "the replies")
                kind = "egress" if side == "client" else "ingress"
                reason = f"stateless {kind} rules admit these packets, so their replies are not tracked, and {blocked}"
                stops.append(
                    Stop(at, endpoint.subnet_id, tuple(lost.describe()), tuple(s.id for s in back.sources), reason)
                )
                repairs.append(
                    RuleRepair(endpoint.subnet_id, endpoint.nsg_ids, back_direction, lost, True, _prefer(adm))
                )
    if delivered and isinstance(server, Endpoint):
        stopped_back, reply_stops = _route_stops(
            ctx, server.subnet_id, client.subnet_id, delivered.reverse(), DST, "route"
        )
        stops.extend(replace(stop, reason="replies " + stop.reason) for stop in reply_stops)
        delivered = delivered - stopped_back.reverse()
        routed_away = routed_away | stopped_back.reverse()

    notes = []
    unresolved = ctx.unresolved_peers([*out.sources, *inn.sources])
    if unresolved and (required - delivered):
        names = ", ".join(ctx.snapshot.name(n) for n in unresolved)
        notes.append(
            f"rules here name NSG {names} as a peer, but no OKE metadata or --role puts any subnet in it, "
            "so those rules match no address; if the peer is a load balancer NSG, pass --role load-balancer=<NSG>"
        )
    allowances: tuple[Allowance, ...] = ()
    if explain or required - delivered:
        # Which rule admitted which part is only worth describing when something is missing (or asked for).
        allowances = admit(ctx, client, "EGRESS", required).allowances
        if isinstance(server, Endpoint):
            allowances += admit(ctx, server, "INGRESS", required).allowances
    return FlowResult(required, delivered, tuple(stops), allowances, tuple(repairs), bool(routed_away), tuple(notes))


def _prefer(adm: Admission, related: Iterable[str] = ()) -> tuple[str, ...]:
    """Where new rules for this flow belong: lists or NSGs that already allow part of it, then those
    with other rules for the same peer."""
    return tuple(dict.fromkeys([*(a.resource for a in adm.allowances), *related]))


def related_sources(ctx: Context, sources: Iterable[RuleSource], required: PacketSet) -> list[str]:
    """Security lists and NSGs holding any rule for the flow's peer, whatever its ports or protocol."""
    widened = PacketSet(
        tuple(((0, 255), b[SRC], b[DST], ALL_PORTS, ALL_PORTS, (0, 255), (0, 255)) for b in required.boxes)
    )
    out = []
    for source in sources:
        for rule in source.rules:
            if rule.peer in ("0.0.0.0/0", "::/0"):
                continue
            if ctx.compile(source, rule) & widened:
                out.append(source.id)
                break
    return out


def flow_packets(
    ctx: Context, client: Endpoint, server: Endpoint | str, protocol: Interval, ports: Interval | None,
    icmp: tuple[int, int | None] | None = None, *, ipv6: bool = False,
) -> PacketSet:  # fmt: skip
    """The packets a flow needs: from every client address to every server address.

    A server outside the VCN (``ORACLE_SERVICES``) is addressed by the region's all-services label.
    """
    boxes = []
    families = (4, 6) if ipv6 else (4,)
    for family in families:
        src = ctx.endpoint_addresses(client, family)
        if isinstance(server, Endpoint):
            dst = ctx.endpoint_addresses(server, family)
        else:
            dst = ctx.service_addresses(client) if family == 4 else []
        if not src or not dst:
            continue
        single = protocol[0] if protocol[0] == protocol[1] else None
        kwargs: dict = {}
        if single in PORT_PROTOCOLS:
            kwargs = {"sport": CLIENT_PORTS, "dport": ports or USABLE_PORTS}
        elif single in ICMP_PROTOCOLS and icmp is not None:
            kwargs = {"icmp_type": (icmp[0], icmp[0])}
            if icmp[1] is not None:
                kwargs["icmp_code"] = (icmp[1], icmp[1])
        boxes.extend(packets(protocol, src, dst, **kwargs).boxes)
    return PacketSet(tuple(boxes))
