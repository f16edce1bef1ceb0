"""`seclint reach`: one flow, hop by hop — the route taken, the rule admitting each step, and every
place where packets stop, with the exact packets that get through when only part does."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from seclint.engine.evaluate import CLIENT_PORTS, Context, evaluate_flow
from seclint.errors import UsageError
from seclint.findings import Allowance, Stop
from seclint.graph import INTERNET, ORACLE_SERVICES
from seclint.model import Snapshot, Subnet
from seclint.packets import (
    ICMP,
    TCP,
    UDP,
    USABLE_PORTS,
    Interval,
    PacketSet,
    address_intervals,
    describe_addresses,
    packets,
)
from seclint.report.json_report import stop_dict
from seclint.roles import ClusterRoles, Endpoint, Origin, Role

PROTOCOLS: dict[str, Interval] = {"tcp": (TCP, TCP), "udp": (UDP, UDP), "icmp": (ICMP, ICMP), "all": (0, 255)}


@dataclass(frozen=True)
class Place:
    """One end of the flow: a subnet (optionally one address in it) or somewhere outside the VCN."""

    label: str
    addresses: tuple[Interval, ...]
    endpoint: Endpoint | None = None
    outside: str | None = None
    """``INTERNET`` or ``ORACLE_SERVICES`` when the place is not a subnet of the input."""


@dataclass(frozen=True)
class Hop:
    step: str
    detail: tuple[str, ...]


@dataclass(frozen=True)
class Reach:
    source: Place
    destination: Place
    required: tuple[str, ...]
    delivered: tuple[str, ...]
    blocked: tuple[str, ...]
    hops: tuple[Hop, ...]
    stops: tuple[Stop, ...]
    notes: tuple[str, ...] = field(default=())
    names: dict[str, str] = field(default_factory=dict)
    """Display names of the OCIDs the stops mention."""

    @property
    def verdict(self) -> str:
        if not self.blocked:
            return "reachable"
        return "partly reachable" if self.delivered else "blocked"


def _subnet_for(snapshot: Snapshot, text: str) -> tuple[Subnet | None, tuple[Interval, ...] | None]:
    if text in snapshot.subnets:
        subnet = snapshot.subnets[text]
        return subnet, address_intervals(subnet.cidr_block)
    named = snapshot.subnet_by_name(text)
    if len(named) > 1:
        raise UsageError(f"{text!r} names {len(named)} subnets; give the OCID")
    if named:
        return named[0], address_intervals(named[0].cidr_block)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None, None
    host = address_intervals(f"{address}/{address.max_prefixlen}")
    for subnet in snapshot.subnets.values():
        for cidr in subnet.cidrs:
            if address in ipaddress.ip_network(cidr, strict=False):
                return subnet, host
    return None, host


def resolve(ctx: Context, text: str, nsgs: tuple[str, ...]) -> Place:
    """A subnet OCID or display name, an IP address, or ``oracle-services``."""
    if text == "oracle-services":
        return Place("Oracle services", (), outside=ORACLE_SERVICES)
    subnet, addresses = _subnet_for(ctx.snapshot, text)
    if addresses is None:
        raise UsageError(f"{text!r} is neither a subnet (OCID or display name) nor an IP address in the input")
    if subnet is None:
        return Place(text, addresses, outside=INTERNET)
    nsg_ids = tuple(_nsg_id(ctx.snapshot, n) for n in nsgs) or _known_nsgs(ctx.clusters, subnet.id)
    endpoint = Endpoint(Role.WORKERS, subnet.id, nsg_ids, Origin.OVERRIDE, via="seclint reach")
    label = (
        f"{subnet.name} ({subnet.cidr_block})"
        if text in (subnet.id, subnet.display_name)
        else f"{text} in {subnet.name}"
    )
    return Place(label, addresses, endpoint)


def _nsg_id(snapshot: Snapshot, text: str) -> str:
    if text in snapshot.nsgs:
        return text
    named = snapshot.nsg_by_name(text)
    if len(named) != 1:
        raise UsageError(f"no single NSG has the OCID or display name {text!r}")
    return named[0].id


def _known_nsgs(clusters: list[ClusterRoles], subnet_id: str) -> tuple[str, ...]:
    """The NSGs OKE puts the subnet's VNICs in, when every pool using the subnet agrees."""
    groups = {e.nsg_ids for c in clusters for e in c.endpoints if e.subnet_id == subnet_id}
    return next(iter(groups)) if len(groups) == 1 else ()


def reach(ctx: Context, source: Place, destination: Place, protocol: str, ports: Interval | None) -> Reach:
    if source.endpoint is None:
        raise UsageError(f"the source {source.label} must be a subnet of the input or an address in one")
    proto = PROTOCOLS[protocol]
    dst_addresses = list(destination.addresses) or list(ctx.service_addresses(source.endpoint))
    kwargs: dict = {}
    if protocol in ("tcp", "udp"):
        kwargs = {"sport": CLIENT_PORTS, "dport": ports or USABLE_PORTS}
    required = packets(proto, list(source.addresses), dst_addresses, **kwargs)
    server = destination.endpoint if destination.endpoint is not None else destination.outside or INTERNET
    result = evaluate_flow(ctx, source.endpoint, server, required, replies=protocol != "icmp", explain=True)
    reference = required.boxes[0]
    hops = [_route_hop(ctx, source, dst_addresses)]
    hops.append(_rule_hop(ctx, "leaving", source.endpoint, "EGRESS", required, result.allowances))
    if destination.endpoint is not None:
        hops.append(_rule_hop(ctx, "entering", destination.endpoint, "INGRESS", required, result.allowances))
    else:
        hops.append(Hop(f"outside the VCN ({destination.label})", ("no security rule of the network applies",)))
    notes = list(result.notes)
    known = {e.subnet_id for c in ctx.clusters for e in c.endpoints}
    for place in (source, destination):
        if place.endpoint is not None and place.endpoint.subnet_id not in known and not place.endpoint.nsg_ids:
            which = "--src-nsg" if place is source else "--dst-nsg"
            notes.append(f"seclint does not know which NSGs {place.label}'s VNICs are in; pass {which} if any")
    return Reach(
        source,
        destination,
        tuple(required.describe(reference)),
        tuple(result.delivered.describe(reference)),
        tuple(result.gap.describe(reference)),
        tuple(hops),
        result.stops,
        tuple(notes),
        {s.subnet: ctx.snapshot.name(s.subnet) for s in result.stops},
    )


def _route_hop(ctx: Context, source: Place, destinations: list[Interval]) -> Hop:
    assert source.endpoint is not None
    lines = [
        f"{', '.join(describe_addresses([interval]))}: {hop.describe(ctx.snapshot)}"
        for interval, hop in ctx.graph.route(source.endpoint.subnet_id, destinations)
    ]
    return Hop(f"route table of {ctx.snapshot.name(source.endpoint.subnet_id)}", tuple(lines))


def _rule_hop(
    ctx: Context, word: str, endpoint: Endpoint, direction: str, required: PacketSet, allowances: tuple[Allowance, ...]
) -> Hop:
    sources = ctx.sources(endpoint, direction)
    ids = {s.id for s in sources}
    mine = [a for a in allowances if a.resource in ids and a.rule.startswith(direction.lower())]
    lines = [f"{ctx.snapshot.name(a.resource)} {a.rule}: {'; '.join(a.packets)}" for a in mine]
    if not lines:
        evaluated = ", ".join(f"{s.kind} {s.name}" for s in sources) or "no security list or NSG"
        lines = [f"no rule admits any of it (evaluated: {evaluated})"]
    verb = "egress" if direction == "EGRESS" else "ingress"
    return Hop(f"{word} {ctx.snapshot.name(endpoint.subnet_id)} ({verb})", tuple(lines))


def render_text(result: Reach) -> str:
    lines = [f"reach: {result.source.label} → {result.destination.label}: {result.verdict}"]
    lines += [f"  required  {r}" for r in result.required]
    for number, hop in enumerate(result.hops, start=1):
        lines.append(f"  {number}. {hop.step}")
        lines += [f"       {d}" for d in hop.detail]
    if result.blocked:
        lines += [f"  gets through  {d}" for d in result.delivered] or ["  gets through  nothing"]
        lines += [f"  blocked       {b}" for b in result.blocked]
        for stop in result.stops:
            lines.append(f"  stopped ({stop.at}) at {result.names.get(stop.subnet, stop.subnet)}: {stop.reason}")
            lines += [f"       {p}" for p in stop.packets]
    for note in result.notes:
        lines.append(f"  note  {note}")
    return "\n".join(lines) + "\n"


def render_json(result: Reach) -> dict:
    return {
        "source": result.source.label,
        "destination": result.destination.label,
        "verdict": result.verdict,
        "required": list(result.required),
        "delivered": list(result.delivered),
        "blocked": list(result.blocked),
        "hops": [{"step": h.step, "detail": list(h.detail)} for h in result.hops],
        "stops": [stop_dict(s) for s in result.stops],
        "notes": list(result.notes),
    }
