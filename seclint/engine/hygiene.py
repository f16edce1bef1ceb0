"""Hygiene checks: exposure to the internet, stateless rules without replies, OCI limits, unattached
lists and NSGs, and rules that another rule already implies. They look at every list and NSG in the
input, not only at the cluster's."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from seclint.engine.evaluate import CLIENT_PORTS, Context, RuleSource, admit, rule_text
from seclint.engine.spec import RuleSpec
from seclint.findings import Evidence, Finding, RuleRepair, Stop
from seclint.model import SecurityRule, Subnet
from seclint.packets import (
    ALL_ADDRESSES,
    DST,
    PORT_PROTOCOLS,
    SPORT,
    SRC,
    TCP,
    PacketSet,
    address_intervals,
    clip_box,
    packets,
    parse_cidr,
    parse_protocol,
)
from seclint.roles import Endpoint, Origin, Role

ANYWHERE = ("0.0.0.0/0", "::/0")
ADMIN_PORTS = ((22, "SSH"), (3389, "RDP"))
LIMITS = {"list-rules": 200, "lists-per-subnet": 5, "nsg-rules": 120, "nsgs-per-vnic": 5}


def _holders(ctx: Context) -> list[RuleSource]:
    snap = ctx.snapshot
    out = [
        RuleSource(sl.id, "security list", sl.name, (*sl.ingress_security_rules, *sl.egress_security_rules))
        for sl in snap.security_lists.values()
    ]
    out += [RuleSource(n.id, "NSG", n.name, tuple(n.security_rules or ())) for n in snap.nsgs.values()]
    return sorted(out, key=lambda h: h.id)


def _compile(ctx: Context, owner: str, rule: SecurityRule) -> PacketSet:
    return ctx.compile(owner, rule)


def open_to_internet(ctx: Context, spec: RuleSpec, *, all_ports: bool) -> Iterator[Finding]:
    """Ingress from 0.0.0.0/0 or ::/0 to SSH/RDP (all_ports False) or to every TCP port (True)."""
    attached = {i for s in ctx.snapshot.subnets.values() for i in s.security_list_ids}
    for holder in _holders(ctx):
        if holder.kind == "security list" and holder.id not in attached:
            continue  # its rules apply nowhere; NET306 reports the list itself
        for rule in holder.rules:
            if rule.direction != "INGRESS" or rule.peer not in ANYWHERE:
                continue
            admitted = _compile(ctx, holder.id, rule)
            peer = list(address_intervals(rule.peer))
            covers_all = packets((TCP, TCP), peer, list(ALL_ADDRESSES), dport=(1, 65535)).issubset(admitted)
            # The exposure, as packets: from the internet to whatever the rule's VNICs are.
            exposure = admitted & packets((0, 255), peer, list(ALL_ADDRESSES))
            if all_ports:
                if not covers_all:
                    continue
                exposed = [
                    "every TCP port" if parse_protocol(rule.protocol) == (TCP, TCP) else "every protocol and port"
                ]
            else:
                if covers_all:
                    continue  # reported by the all-ports rule
                admin = [(port, name) for port, name in ADMIN_PORTS]
                hits = {
                    name: part
                    for port, name in admin
                    if (part := admitted & packets((TCP, TCP), peer, list(ALL_ADDRESSES), dport=(port, port)))
                }
                if not hits:
                    continue
                exposed = [f"{name} (TCP {port})" for port, name in admin if name in hits]
                exposure = PacketSet.of(box for part in hits.values() for box in part.boxes)
            yield spec.finding(
                f"{holder.kind} {holder.name} lets anyone on the internet reach {', '.join(exposed)}: "
                f"{rule_text(rule)}",
                (holder.id,),
                # The destination is every VNIC the list or NSG applies to, so only the rest is told.
                missing=tuple(line.rsplit(" to ", 1)[0] for line in exposure.describe()),
                fix_note="narrow the source to the networks that need access; which ones is a site decision, "
                "so seclint offers no automatic change",
            )


def stateless_without_replies(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    """Stateless TCP/UDP rules on a subnet whose replies no rule of that subnet lets through."""
    snap = ctx.snapshot
    for subnet in _subnets_in_scope(ctx):
        endpoint = Endpoint(Role.WORKERS, subnet.id, origin=Origin.OVERRIDE)
        own = [iv for cidr in subnet.cidrs for iv in address_intervals(cidr)]
        candidates: dict[str, list[tuple[str, SecurityRule, PacketSet]]] = {"INGRESS": [], "EGRESS": []}
        for list_id in subnet.security_list_ids:
            sl = snap.security_lists.get(list_id)
            if sl is None:
                continue
            for rule in (*sl.ingress_security_rules, *sl.egress_security_rules):
                protocol = parse_protocol(rule.protocol)
                if not rule.is_stateless or protocol[0] != protocol[1] or protocol[0] not in PORT_PROTOCOLS:
                    continue
                # Seen from this subnet; the client end of a connection uses unprivileged source ports,
                # which also leaves out reply rules (source port = a service port below them or not).
                own_side = DST if rule.direction == "INGRESS" else SRC
                forward = PacketSet(
                    tuple(
                        narrowed
                        for box in _compile(ctx, sl.id, rule).boxes
                        for iv in own
                        if (b := clip_box(box, own_side, iv)) is not None
                        and (narrowed := clip_box(b, SPORT, CLIENT_PORTS)) is not None
                    )
                )
                if forward:
                    candidates[rule.direction].append((sl.id, rule, forward))
        for direction, items in candidates.items():
            back = "EGRESS" if direction == "INGRESS" else "INGRESS"
            for list_id, rule, forward in items:
                replies = forward.reverse()
                lost = replies - admit(ctx, endpoint, back, replies, explain=False).allowed
                if not lost:
                    continue
                name = snap.name(list_id)
                yield spec.finding(
                    f"stateless {rule.direction.lower()} rule in {name} has no reply rule on subnet {subnet.name}: "
                    f"{rule_text(rule)}",
                    (subnet.id, list_id),
                    missing=tuple(lost.describe()),
                    evidence=Evidence(
                        stops=(
                            Stop(
                                "reply-egress" if back == "EGRESS" else "reply-ingress",
                                subnet.id,
                                tuple(lost.describe()),
                                tuple(subnet.security_list_ids),
                                "stateless rules are not tracked, and no rule lets these replies through",
                            ),
                        )
                    ),
                    repairs=(RuleRepair(subnet.id, (), back, lost, True, (list_id,), replies),),
                )


def _subnets_in_scope(ctx: Context) -> list[Subnet]:
    subnets = sorted(ctx.snapshot.subnets.values(), key=lambda s: s.id)
    return subnets if ctx.scope is None else [s for s in subnets if s.id in ctx.scope]


def _outside_vcn(ctx: Context, vcn_id: str, rule: SecurityRule) -> bool:
    if rule.peer_type != "CIDR_BLOCK":
        return rule.peer_type == "SERVICE_CIDR_BLOCK"
    vcn = ctx.snapshot.vcns.get(vcn_id)
    version, lo, hi, _ = parse_cidr(rule.peer)
    for cidr in [*(vcn.cidr_blocks if vcn else []), *(vcn.ipv6_cidr_blocks if vcn else [])]:
        v, a, b, _ = parse_cidr(cidr)
        if v == version and a <= lo and hi <= b:
            return False
    return True


def path_mtu(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    """Subnets with stateless rules facing outside the VCN must accept ICMP 3/4 from anywhere."""
    snap = ctx.snapshot
    for subnet in _subnets_in_scope(ctx):
        lists = [snap.security_lists[i] for i in subnet.security_list_ids if i in snap.security_lists]
        facing = [
            (sl, r)
            for sl in lists
            for r in (*sl.ingress_security_rules, *sl.egress_security_rules)
            if r.is_stateless and _outside_vcn(ctx, subnet.vcn_id, r)
        ]
        if not facing:
            continue
        endpoint = Endpoint(Role.WORKERS, subnet.id, origin=Origin.OVERRIDE)
        own = [iv for iv in address_intervals(subnet.cidr_block)]
        need = packets((1, 1), address_intervals("0.0.0.0/0"), own, icmp_type=(3, 3), icmp_code=(4, 4))
        lost = need - admit(ctx, endpoint, "INGRESS", need, explain=False).allowed
        if not lost:
            continue
        sl, rule = facing[0]
        yield spec.finding(
            f"subnet {subnet.name} has stateless rules towards addresses outside its VCN ({sl.name}: "
            f"{rule_text(rule)}) but does not accept ICMP type 3 code 4 from 0.0.0.0/0, so path-MTU discovery fails",
            (subnet.id, *(x.id for x in lists)),
            missing=tuple(lost.describe()),
            evidence=Evidence(
                stops=(
                    Stop(
                        "ingress", subnet.id, tuple(lost.describe()), tuple(x.id for x in lists), "no rule allows them"
                    ),
                )
            ),
            repairs=(RuleRepair(subnet.id, (), "INGRESS", lost, False, (sl.id,), need),),
        )


def limits(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    snap = ctx.snapshot
    for sl in sorted(snap.security_lists.values(), key=lambda s: s.id):
        for direction, rules in (("ingress", sl.ingress_security_rules), ("egress", sl.egress_security_rules)):
            if len(rules) > LIMITS["list-rules"]:
                yield spec.finding(
                    f"security list {sl.name} has {len(rules)} {direction} rules; OCI allows {LIMITS['list-rules']}",
                    (sl.id,),
                    fix_note="merge adjacent rules or move rules to a second list or to NSGs",
                )
    for subnet in sorted(snap.subnets.values(), key=lambda s: s.id):
        if len(subnet.security_list_ids) > LIMITS["lists-per-subnet"]:
            yield spec.finding(
                f"subnet {subnet.name} has {len(subnet.security_list_ids)} security lists; OCI allows "
                f"{LIMITS['lists-per-subnet']}",
                (subnet.id, *subnet.security_list_ids),
                fix_note="merge lists or move rules to NSGs",
            )
    for nsg in sorted(snap.nsgs.values(), key=lambda n: n.id):
        count = len(nsg.security_rules or ())
        if count > LIMITS["nsg-rules"]:
            yield spec.finding(
                f"NSG {nsg.name} has {count} rules; OCI allows {LIMITS['nsg-rules']} (ingress and egress together)",
                (nsg.id,),
                fix_note="merge adjacent rules or split the NSG",
            )
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for cluster in ctx.clusters:
        for endpoint in cluster.endpoints:
            key = (endpoint.subnet_id, endpoint.nsg_ids)
            if len(endpoint.nsg_ids) > LIMITS["nsgs-per-vnic"] and key not in seen:
                seen.add(key)
                yield spec.finding(
                    f"{endpoint.via} puts VNICs of {snap.name(endpoint.subnet_id)} in {len(endpoint.nsg_ids)} NSGs; "
                    f"a VNIC can be in {LIMITS['nsgs-per-vnic']}",
                    (endpoint.subnet_id, *endpoint.nsg_ids),
                    cluster=cluster.name,
                    fix_note="merge NSGs",
                )


def unattached_lists(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    snap = ctx.snapshot
    attached = {i for s in snap.subnets.values() for i in s.security_list_ids}
    defaults = {v.default_security_list_id for v in snap.vcns.values()}
    for sl in sorted(snap.security_lists.values(), key=lambda s: s.id):
        if sl.id in attached or sl.id in defaults:
            continue  # a VCN's default list cannot be deleted, so it is not worth a warning
        yield spec.finding(
            f"security list {sl.name} is attached to no subnet, so its {len(sl.ingress_security_rules)} ingress and "
            f"{len(sl.egress_security_rules)} egress rules apply nowhere",
            (sl.id,),
            fix_note="attach it to the subnet it was written for, or delete it",
        )


def nsgs_without_members(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    snap = ctx.snapshot
    members = ctx.nsg_members
    referenced = {
        r.peer for n in snap.nsgs.values() for r in n.security_rules or () if r.peer_type == "NETWORK_SECURITY_GROUP"
    }
    for nsg in sorted(snap.nsgs.values(), key=lambda n: n.id):
        if nsg.id in members:
            continue
        hint = "; other NSGs' rules name it as a peer" if nsg.id in referenced else ""
        yield spec.finding(
            f"no OKE metadata or --role puts any VNIC in NSG {nsg.name}{hint}. It may serve load balancers or "
            "instances that the export does not show; if it serves the cluster's load balancers, pass "
            "--role load-balancer=<NSG>",
            (nsg.id,),
            fix_note="nothing to change if it serves other resources",
        )


def redundant_rules(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    """A rule whose packets another rule of the same list or NSG (direction, statefulness) already admits."""
    for holder in _holders(ctx):
        groups: dict[tuple[str, bool], list[tuple[SecurityRule, tuple, PacketSet]]] = {}
        for rule in holder.rules:
            groups.setdefault((rule.direction, rule.is_stateless), []).append(
                (rule, _outline(rule), _compile(ctx, holder.id, rule))
            )
        for members in groups.values():
            # Index the possible wider rules by their peer, so each rule is compared only with rules
            # whose peer contains its own (at most one per prefix length), not with all of them.
            by_peer: dict[object, list[int]] = {}
            for j, (other, (_, _, cidr), _) in enumerate(members):
                # A catch-all to or from anywhere ("optional internet access" in Oracle's tables)
                # makes the specific rules redundant by design: they keep the flows documented.
                if other.peer not in ANYWHERE:
                    by_peer.setdefault(cidr if cidr is not None else other.peer, []).append(j)
            for i, (rule, outline, admitted) in enumerate(members):
                if not admitted:
                    continue
                for j in _containing(by_peer, rule, outline[2]):
                    other, wide, wider = members[j]
                    if i == j or not _may_contain(wide, outline):
                        continue
                    # Of two identical rules report the later one only.
                    if admitted.issubset(wider) and (j < i or not wider.issubset(admitted)):
                        yield spec.finding(
                            f"in {holder.kind} {holder.name}, {rule_text(rule)} adds nothing: {rule_text(other)} "
                            "already admits all of it",
                            (holder.id,),
                            fix_note="delete the narrower rule (it changes nothing) or tighten the wider one",
                        )
                        break


def _containing(by_peer: dict[object, list[int]], rule: SecurityRule, cidr: tuple | None) -> list[int]:
    if cidr is None:
        return by_peer.get(rule.peer, [])
    version, lo, _hi = cidr
    bits = 32 if version == 4 else 128
    prefix = parse_cidr(rule.peer)[3]
    out: list[int] = []
    for length in range(prefix, -1, -1):
        size = 1 << (bits - length)
        start = lo & ~(size - 1)
        out.extend(by_peer.get((version, start, start + size - 1), []))
    return sorted(out)


def _outline(rule: SecurityRule) -> tuple:
    """(protocol interval, peer type, CIDR as (version, first, last) or None), for quick pre-tests."""
    cidr = parse_cidr(rule.peer)[:3] if rule.peer_type == "CIDR_BLOCK" else None
    return parse_protocol(rule.protocol), rule.peer_type, cidr


def _may_contain(wide: tuple, narrow: tuple) -> bool:
    """Cheap pre-test before the exact set comparison: protocol and peer must allow containment."""
    (wp, wtype, wcidr), (np, ntype, ncidr) = wide, narrow
    if not (wp[0] <= np[0] and np[1] <= wp[1]) or wtype != ntype:
        return False
    if wcidr is not None and ncidr is not None:
        return wcidr[0] == ncidr[0] and wcidr[1] <= ncidr[1] and ncidr[2] <= wcidr[2]
    return True


HYGIENE: dict[str, Callable[[Context, RuleSpec], Iterator[Finding]]] = {
    "open-admin-ports": lambda ctx, spec: open_to_internet(ctx, spec, all_ports=False),
    "open-all-ports": lambda ctx, spec: open_to_internet(ctx, spec, all_ports=True),
    "stateless-without-replies": stateless_without_replies,
    "path-mtu": path_mtu,
    "limits": limits,
    "unattached-lists": unattached_lists,
    "nsgs-without-members": nsgs_without_members,
    "redundant-rules": redundant_rules,
}


def check_hygiene(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    assert spec.check is not None
    yield from HYGIENE[spec.check](ctx, spec)
