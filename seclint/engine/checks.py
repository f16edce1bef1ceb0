"""The evaluators behind each kind of rule: flows, routes and input completeness."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from seclint.engine.evaluate import Context, admit, evaluate_flow, flow_packets
from seclint.engine.hygiene import check_hygiene
from seclint.engine.spec import RuleSpec, When
from seclint.findings import Evidence, Finding, RouteRepair, Severity, Stop
from seclint.graph import INTERNET, LOCAL, NO_ROUTE, ORACLE_SERVICES, Hop
from seclint.model import ocid_type
from seclint.packets import (
    ALL_SERVICES,
    ALL_V4,
    DST,
    ICMP,
    TCP,
    UDP,
    Interval,
    PacketSet,
    address_intervals,
    describe_addresses,
    subtract_intervals,
)
from seclint.roles import ClusterRoles, Endpoint, NodeKind, Role
from seclint.services import all_services_label

PROTOCOLS: dict[str, Interval] = {"tcp": (TCP, TCP), "udp": (UDP, UDP), "icmp": (ICMP, ICMP), "all": (0, 255)}
ROLE_WORDS = {
    Role.API_ENDPOINT: "Kubernetes API endpoint subnet",
    Role.LOAD_BALANCER: "load-balancer subnet",
    Role.WORKERS: "worker subnet",
    Role.PODS: "pod subnet",
    Role.VIRTUAL_NODES: "virtual-node subnet",
}


def endpoint_words(ctx: Context, endpoint: Endpoint) -> str:
    subnet = ctx.snapshot.subnets.get(endpoint.subnet_id)
    cidr = f" ({subnet.cidr_block})" if subnet else ""
    nsgs = ""
    if endpoint.nsg_ids:
        nsgs = " with NSG " + ", ".join(ctx.snapshot.name(n) for n in endpoint.nsg_ids)
    return f"{ROLE_WORDS[endpoint.role]} {ctx.snapshot.name(endpoint.subnet_id)}{cidr}{nsgs}"


def endpoints_for(cluster: ClusterRoles, which: str) -> list[Endpoint]:
    if which == "backends":
        return cluster.backends()
    if which == "nodes":
        return [e for e in cluster.of(Role.WORKERS, Role.VIRTUAL_NODES)]
    if which == "nodes-and-pods":
        return cluster.of(Role.WORKERS, Role.VIRTUAL_NODES, Role.PODS)
    return cluster.of(Role(which))


def applies(cluster: ClusterRoles, when: When) -> bool:
    if when.cni is not None and cluster.cni_kind != when.cni:
        return False
    if when.nodes == "managed" and not cluster.has_managed_nodes:
        return False
    return not (when.nodes == "virtual" and not cluster.has_virtual_nodes)


def _flow_resources(ctx: Context, endpoints: list[Endpoint]) -> tuple[str, ...]:
    out: list[str] = []
    for endpoint in endpoints:
        out.append(endpoint.subnet_id)
        subnet = ctx.snapshot.subnets.get(endpoint.subnet_id)
        if subnet is not None:
            out.extend(subnet.security_list_ids)
            if subnet.route_table_id:
                out.append(subnet.route_table_id)
        out.extend(endpoint.nsg_ids)
    return tuple(dict.fromkeys(out))


def check_flow(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    assert spec.flow is not None
    for cluster in ctx.clusters:
        if not applies(cluster, spec.flow.when) or not _in_scope(ctx, cluster):
            continue
        ipv6 = False
        if cluster.cluster_id and cluster.cluster_id in ctx.snapshot.clusters:
            ipv6 = "IPv6" in ctx.snapshot.clusters[cluster.cluster_id].ip_families
        servers: list[Endpoint | str] = (
            [ORACLE_SERVICES]
            if spec.flow.destination == "oracle-services"
            else list(endpoints_for(cluster, spec.flow.destination))
        )
        seen: set[tuple] = set()
        for client in endpoints_for(cluster, spec.flow.source):
            for server in servers:
                # Pods that share a subnet (and NSGs) with nodes are the same VNIC rule set: check once.
                key = (client.subnet_id, client.nsg_ids, _place(server))
                if key in seen:
                    continue
                seen.add(key)
                finding = _check_pair(ctx, spec, cluster, client, server, ipv6)
                if finding is not None:
                    yield finding


def _in_scope(ctx: Context, cluster: ClusterRoles) -> bool:
    return ctx.scope is None or any(e.subnet_id in ctx.scope for e in cluster.endpoints)


def _place(server: Endpoint | str) -> tuple:
    return (server.subnet_id, server.nsg_ids) if isinstance(server, Endpoint) else (server,)


def _server_words(ctx: Context, server: Endpoint | str, client: Endpoint) -> tuple[str, str]:
    """(short name, long description) of a flow's destination."""
    if isinstance(server, Endpoint):
        return ctx.snapshot.name(server.subnet_id), endpoint_words(ctx, server)
    labels = describe_addresses(ctx.service_addresses(client))
    label = labels[0] if labels else "the Oracle Services Network"
    return label, f"Oracle services ({label})"


def _lb_management(ctx: Context, spec: RuleSpec, server: Endpoint | str) -> str | None:
    """Who writes the load balancer's rules towards this backend: "controller", "manual" or None."""
    assert spec.flow is not None
    if spec.flow.source != "load-balancer" or not isinstance(server, Endpoint):
        return None
    if server.nodes is NodeKind.MANAGED and ctx.lb_rules == "auto":
        return "controller"
    return "manual"


def _check_pair(
    ctx: Context, spec: RuleSpec, cluster: ClusterRoles, client: Endpoint, server: Endpoint | str, ipv6: bool
) -> Finding | None:
    assert spec.flow is not None
    required = PacketSet.empty()
    for item in spec.flow.packets:
        icmp = (item.icmp_type, item.icmp_code) if item.icmp_type is not None else None
        part = flow_packets(ctx, client, server, PROTOCOLS[item.protocol], item.port_range(), icmp, ipv6=ipv6)
        required = required | part
    if not required:
        return None
    result = evaluate_flow(ctx, client, server, required, replies=spec.flow.replies)
    gap = result.gap
    if not gap:
        return None
    severity = spec.severity
    notes = list(result.notes)
    management = _lb_management(ctx, spec, server)
    udp_only = all(box[0] == (UDP, UDP) for box in required.boxes)
    if management == "controller" and udp_only:
        notes.append(
            "load-balancer rules: the cloud controller writes TCP rules only; UDP services (behind a network "
            "load balancer, whose rules are not managed by default) need these rules written by hand"
        )
    elif management == "controller":
        if result.delivered:
            # The cloud controller writes exact per-service NodePort rules; a partly open range is its work.
            return None
        if severity is Severity.ERROR:
            severity = Severity.WARNING
        notes.append(
            "load-balancer rules: managed nodes, so by default the cloud controller adds per-service rules when a "
            "Service of type LoadBalancer is created (security-list management mode All); none exist yet. "
            "If you manage these rules yourself (mode None or Frontend, or NSGs), run with --lb-rules manual"
        )
    elif management == "manual":
        why = (
            "virtual nodes, whose load-balancer rules the cloud controller never manages"
            if isinstance(server, Endpoint) and server.nodes is NodeKind.VIRTUAL
            else "--lb-rules manual"
            if ctx.lb_rules == "manual"
            else "node type unknown, so seclint cannot assume the cloud controller manages them"
        )
        notes.append(f"load-balancer rules: written by hand ({why})")
    reference = required.boxes[0]
    if isinstance(server, Endpoint):
        notes.extend(_virtual_node_hint(ctx, cluster, server, gap))
    short, long = _server_words(ctx, server, client)
    evidence = Evidence(
        required=tuple(required.describe(reference)),
        allowed=result.allowances,
        stops=result.stops,
        notes=tuple(notes),
    )
    fix_note = None
    if result.route_blocked:
        fix_note = "routing stops part of this flow; no security-rule change can mend that part"
    endpoints = [client, server] if isinstance(server, Endpoint) else [client]
    return Finding(
        rule=spec.id,
        name=spec.name,
        severity=severity,
        message=f"{spec.summary}: {ctx.snapshot.name(client.subnet_id)} → {short}",
        resources=_flow_resources(ctx, endpoints),
        cluster=cluster.name,
        flow=f"{endpoint_words(ctx, client)} → {long}",
        missing=tuple(gap.describe(reference)),
        evidence=evidence,
        fix_note=fix_note,
        repairs=result.repairs,
    )


def _virtual_node_hint(ctx: Context, cluster: ClusterRoles, server: Endpoint, gap: PacketSet) -> list[str]:
    """Rules written on the virtual-node subnet do not help: the load balancer targets pod addresses."""
    if server.role is not Role.PODS or server.nodes is not NodeKind.VIRTUAL:
        return []
    hints = []
    for node in cluster.of(Role.VIRTUAL_NODES):
        if node.subnet_id == server.subnet_id:
            continue
        node_subnet = ctx.snapshot.subnets.get(node.subnet_id)
        if node_subnet is None:
            continue
        node_cidr = address_intervals(node_subnet.cidr_block)
        moved = PacketSet(tuple((*b[:DST], node_cidr[0], *b[DST + 1 :]) for b in gap.boxes))
        allowed = admit(ctx, node, "INGRESS", moved).allowed
        if allowed:
            hints.append(
                f"virtual-node subnet {node_subnet.name} allows {'; '.join(allowed.describe())}, but load "
                "balancers send virtual-node traffic to <pod-ip>:<nodeport>, so these rules belong on the pod subnet"
            )
    return hints


# --- routes -------------------------------------------------------------------------------------

PRIVATE_RANGES = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16")


def _subnet_kinds(ctx: Context, cluster: ClusterRoles, endpoint: Endpoint) -> set[str]:
    """The route-rule selectors an endpoint's subnet answers to (``private-workers``, ``pods``…)."""
    subnet = ctx.snapshot.subnets.get(endpoint.subnet_id)
    if subnet is None:
        return set()
    side = "private" if subnet.is_private else "public"
    kinds = set()
    if endpoint.role is Role.PODS:
        kinds.add("pods")
    elif endpoint.role is Role.WORKERS:
        kinds.add(f"{side}-workers")
    elif endpoint.role is Role.VIRTUAL_NODES:
        kinds.add(f"{side}-virtual-nodes")
    elif endpoint.role is Role.LOAD_BALANCER:
        kinds.add(f"{side}-load-balancer")
    elif endpoint.role is Role.API_ENDPOINT:
        meta = ctx.snapshot.clusters.get(cluster.cluster_id or "")
        # A public subnet can host a private endpoint; only a public IP needs the internet gateway.
        if side == "private" or (meta is not None and meta.endpoint_public is False):
            kinds.add("private-api-endpoint")
        else:
            kinds.add("public-api-endpoint")
    return kinds


def _route_subnets(ctx: Context, spec: RuleSpec) -> Iterator[tuple[ClusterRoles, Endpoint]]:
    assert spec.route is not None
    seen: set[tuple[str, str]] = set()
    for cluster in ctx.clusters:
        for endpoint in cluster.endpoints:
            if ctx.scope is not None and endpoint.subnet_id not in ctx.scope:
                continue
            if not _subnet_kinds(ctx, cluster, endpoint) & set(spec.route.subnets):
                continue
            if (cluster.name, endpoint.subnet_id) not in seen:
                seen.add((cluster.name, endpoint.subnet_id))
                yield cluster, endpoint


def check_route(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    assert spec.route is not None
    for cluster, endpoint in _route_subnets(ctx, spec):
        if spec.route.forbid:
            finding = _forbidden_mix(ctx, spec, cluster, endpoint)
        elif spec.route.destination == "internet":
            finding = _internet_route(ctx, spec, cluster, endpoint)
        else:
            finding = _services_route(ctx, spec, cluster, endpoint)
        if finding is not None:
            yield finding


def _forbidden_mix(ctx: Context, spec: RuleSpec, cluster: ClusterRoles, endpoint: Endpoint) -> Finding | None:
    """A route table that holds rules to every one of the forbidden gateway types at once."""
    assert spec.route is not None
    subnet = ctx.snapshot.subnets[endpoint.subnet_id]
    table = ctx.snapshot.route_tables.get(subnet.route_table_id or "")
    if table is None:
        return None
    by_kind: dict[str, list[int]] = {}
    for rule in table.route_rules:
        kind = ocid_type(rule.network_entity_id) or ""
        if kind in spec.route.forbid:
            by_kind.setdefault(kind, []).append(rule.position)
    if set(by_kind) != set(spec.route.forbid):
        return None
    rules = [r for r in table.route_rules if r.position in {p for ps in by_kind.values() for p in ps}]
    listed = "; ".join(f"{r.destination} → {ctx.snapshot.name(r.network_entity_id)}" for r in rules)
    repairs: tuple[RouteRepair, ...] = ()
    note = None
    private_users = [s.name for s in ctx.snapshot.subnets.values() if s.route_table_id == table.id and s.is_private]
    if private_users:
        note = f"the table is also used by private subnet(s) {', '.join(private_users)}; give the public subnet its own"
    else:
        # Public VNICs reach Oracle services through the internet gateway; the service route goes.
        repairs = (RouteRepair(subnet.id, table.id, "", "", "remove", tuple(by_kind.get("servicegateway", ()))),)
    return Finding(
        rule=spec.id,
        name=spec.name,
        severity=spec.severity,
        message=f"{spec.summary}: {subnet.name} uses {table.name} ({listed})",
        resources=tuple(dict.fromkeys([subnet.id, table.id, *(r.network_entity_id for r in rules)])),
        cluster=cluster.name,
        flow=f"{endpoint_words(ctx, endpoint)} uses route table {table.name}",
        evidence=Evidence(
            stops=(Stop("route", subnet.id, (), (table.id,), f"route rules {listed} in one public route table"),)
        ),
        fix_note=note,
        repairs=repairs,
    )


def _route_finding(
    ctx: Context,
    spec: RuleSpec,
    cluster: ClusterRoles,
    endpoint: Endpoint,
    bad: list[tuple[Interval, Hop]],
    destination_text: str,
    repairs: tuple[RouteRepair, ...],
    fix_note: str | None,
) -> Finding:
    subnet = ctx.snapshot.subnets[endpoint.subnet_id]
    table = subnet.route_table_id
    stops = []
    missing = []
    by_hop: dict[Hop, list[Interval]] = {}
    for interval, hop in bad:
        by_hop.setdefault(hop, []).append(interval)
    for hop, intervals in by_hop.items():
        text = [f"all protocols from {subnet.cidr_block} to {_destination_text(hop, intervals)}"]
        missing.extend(text)
        reason = hop.describe(ctx.snapshot)
        if hop.target and hop.target not in ctx.snapshot.gateways:
            reason = f"sent to {reason}, which is not in the input, so seclint cannot tell where it leads"
        elif hop.kind == "internetgateway":
            reason = f"sent to {reason}; an internet gateway only carries traffic of VNICs with public IP addresses"
        stops.append(Stop("route", subnet.id, tuple(text), (table,) if table else (), reason))
    resources = [subnet.id, *([table] if table else []), *(h.target for h in by_hop if h.target)]
    assert spec.route is not None
    gateway_word = {"natgateway": "a NAT", "internetgateway": "an internet"}.get(spec.route.via or "", "a service")
    flow = f"{endpoint_words(ctx, endpoint)} → {destination_text} via {gateway_word} gateway"
    return Finding(
        rule=spec.id,
        name=spec.name,
        severity=spec.severity,
        message=f"{spec.summary}: {subnet.name} → {destination_text}",
        resources=tuple(dict.fromkeys(resources)),
        cluster=cluster.name,
        flow=flow,
        missing=tuple(missing),
        evidence=Evidence(
            required=(f"all protocols from {subnet.cidr_block} to {destination_text}",), stops=tuple(stops)
        ),
        fix_note=fix_note,
        repairs=repairs,
    )


def _destination_text(hop: Hop, pieces: list[Interval]) -> str:
    """The pieces as "<route destination> except <what other routes take>", which reads like the table."""
    if hop.rule is not None:
        whole = list(address_intervals(hop.rule.destination))
        label = hop.rule.destination
    else:
        whole, label = [ALL_V4], "0.0.0.0/0"
    whole = [iv for iv in whole if iv != ALL_SERVICES] if label == "0.0.0.0/0" else whole
    excluded = subtract_intervals(whole, pieces)
    if not excluded:
        return label
    direct = describe_addresses(pieces)
    if len(direct) <= 2:
        return ", ".join(direct)
    return f"{label} except {', '.join(describe_addresses(excluded))}"


def _internet_route(ctx: Context, spec: RuleSpec, cluster: ClusterRoles, endpoint: Endpoint) -> Finding | None:
    assert spec.route is not None and spec.route.via is not None
    subnet = ctx.snapshot.subnets[endpoint.subnet_id]
    pieces = ctx.graph.route(subnet.id, [ALL_V4])
    private = [iv for cidr in PRIVATE_RANGES for iv in address_intervals(cidr)]
    bad = []
    for interval, hop in pieces:
        if hop.kind == LOCAL or hop.kind in ("drg", "localpeeringgateway", "privateip"):
            continue
        if hop.kind == spec.route.via and hop.usable and ctx.graph.leads_to(hop.target or "", subnet.id, INTERNET):
            continue
        if hop.kind == NO_ROUTE and _inside(interval, private):
            continue
        bad.append((interval, hop))
    if not bad:
        return None
    repairs, note = _internet_repairs(ctx, subnet.id, bad, spec.route.via)
    return _route_finding(ctx, spec, cluster, endpoint, bad, "the internet (0.0.0.0/0)", repairs, note)


def _inside(interval: Interval, ranges: list[Interval]) -> bool:
    return any(lo <= interval[0] and interval[1] <= hi for lo, hi in ranges)


def _route_preconditions(ctx: Context, subnet_id: str, kind: str) -> tuple[str | None, str | None]:
    """The gateway a fix would use, or why no fix can be offered."""
    subnet = ctx.snapshot.subnets[subnet_id]
    if subnet.route_table_id not in ctx.snapshot.route_tables:
        return None, "the subnet's route table is not in the input"
    others = [
        s for s in ctx.snapshot.subnets.values() if s.id != subnet_id and s.route_table_id == subnet.route_table_id
    ]
    if kind == "internetgateway":
        shared = [s.name for s in others if s.is_private]
        need = "private subnet(s) {}, which must not use an internet gateway"
    else:
        shared = [s.name for s in others if not s.is_private]
        need = "public subnet(s) {}, which need the internet gateway"
    if shared:
        return None, f"its route table is shared with {need.format(', '.join(shared))}; give this subnet its own"
    gateways = [
        g
        for g in ctx.snapshot.gateways_of(subnet.vcn_id, kind)
        if g.block_traffic is not True and g.is_enabled is not False
    ]
    if kind == "servicegateway":
        gateways = [
            g for g in gateways if any("all " in n.lower() and "services" in n.lower() for n in g.service_names)
        ]
    if not gateways:
        word = {"natgateway": "NAT gateway", "internetgateway": "internet gateway"}.get(
            kind, "service gateway for all Oracle services"
        )
        return None, (
            f"VCN {ctx.snapshot.name(subnet.vcn_id)} has no {word}; create one "
            f"(`{_create_gateway_command(ctx, subnet.vcn_id, kind)}`), then run seclint again for the route change"
        )
    return gateways[0].id, None


def _create_gateway_command(ctx: Context, vcn_id: str, kind: str) -> str:
    vcn = ctx.snapshot.vcns.get(vcn_id)
    compartment = (vcn.compartment_id if vcn else None) or "<compartment OCID>"
    base = f"--compartment-id {compartment} --vcn-id {vcn_id}"
    if kind == "natgateway":
        return f"oci network nat-gateway create {base}"
    if kind == "internetgateway":
        return f"oci network internet-gateway create {base} --is-enabled true"
    label = all_services_label(ctx.snapshot, vcn_id) or ""
    service = next((s.id for s in ctx.snapshot.services.values() if s.cidr_block == label), None)
    service = service or "<OCID of All Services from `oci network service list`>"
    return f'oci network service-gateway create {base} --services \'[{{"serviceId": "{service}"}}]\''


def _internet_repairs(
    ctx: Context, subnet_id: str, bad: list[tuple[Interval, Hop]], via: str
) -> tuple[tuple[RouteRepair, ...], str | None]:
    gateway, note = _route_preconditions(ctx, subnet_id, via)
    if gateway is None:
        return (), note
    table = ctx.snapshot.subnets[subnet_id].route_table_id or ""
    repairs: list[RouteRepair] = []
    retarget = sorted({h.rule.position for _, h in bad if h.rule is not None})
    rules = {r.position: r for r in ctx.snapshot.route_tables[table].route_rules}
    for position in retarget:
        rule = rules[position]
        repairs.append(RouteRepair(subnet_id, table, rule.destination, rule.destination_type, via, (position,)))
    if any(h.rule is None for _, h in bad):
        repairs.append(RouteRepair(subnet_id, table, "0.0.0.0/0", "CIDR_BLOCK", via))
    return tuple(repairs), None


def _services_route(ctx: Context, spec: RuleSpec, cluster: ClusterRoles, endpoint: Endpoint) -> Finding | None:
    subnet = ctx.snapshot.subnets[endpoint.subnet_id]
    label = all_services_label(ctx.snapshot, subnet.vcn_id)
    if label is None:
        return None
    target = address_intervals(label)[0]
    bad = [
        (iv, hop)
        for iv, hop in ctx.graph.route(subnet.id, [target])
        if not (
            hop.kind == "servicegateway"
            and hop.usable
            and ctx.graph.leads_to(hop.target or "", subnet.id, ORACLE_SERVICES)
        )
    ]
    if not bad:
        return None
    gateway, note = _route_preconditions(ctx, subnet.id, "servicegateway")
    repairs: tuple[RouteRepair, ...] = ()
    if gateway is not None:
        table = subnet.route_table_id or ""
        repairs = (RouteRepair(subnet.id, table, label, "SERVICE_CIDR_BLOCK", "servicegateway"),)
    return _route_finding(ctx, spec, cluster, endpoint, bad, label, repairs, note)


# --- input completeness ---------------------------------------------------------------------------


def check_input(ctx: Context, spec: RuleSpec) -> Iterator[Finding]:
    snap = ctx.snapshot
    if spec.check == "dangling-reference":
        for ref in snap.dangling_references():
            where = f" ({ref.source.file})" if ref.source else ""
            yield spec.finding(
                message=(
                    f"{snap.name(ref.referrer)} refers in {ref.field} to {ref.missing}, which is not in the input"
                    f"{where}; the input is incomplete, so checks that depend on it cannot be trusted"
                ),
                resources=(ref.referrer, ref.missing),
                fix_note="export the missing resource and run again",
            )
    elif spec.check == "nsg-rules-missing":
        for nsg in snap.nsgs_without_rules():
            yield spec.finding(
                message=(
                    f"the rules of NSG {nsg.name} are not in the input (no nsg_rules_{nsg.id}.json); "
                    "flows through it cannot be verified"
                ),
                resources=(nsg.id,),
                fix_note=f"save `oci network nsg rules list --nsg-id {nsg.id} --all` as nsg_rules_{nsg.id}.json",
            )
    elif spec.check == "no-clusters":
        if not ctx.clusters:
            yield spec.finding(
                message=(
                    "no OKE cluster metadata, --role or Quick Create subnet name tells which subnets belong to a "
                    f"cluster; nothing was checked ({len(snap.subnets)} subnets in {len(snap.files)} files)"
                ),
                resources=tuple(sorted(snap.vcns)),
                fix_note="add `oci ce cluster list`/`node-pool list`/`virtual-node-pool list` output or use --role",
            )
    elif spec.check == "no-backends":
        for cluster in ctx.clusters:
            if cluster.of(Role.LOAD_BALANCER) and not cluster.backends():
                yield spec.finding(
                    message=(
                        f"cluster {cluster.name} has load-balancer subnets but no node pool or virtual node pool "
                        "in the input, so the load balancer's backends are unknown and its flows were not checked"
                    ),
                    resources=_cluster_resources(cluster),
                    cluster=cluster.name,
                    fix_note="add the node pool listings or name the backends with --role workers=… / pods=…",
                )
    elif spec.check == "failed-calls":
        for call in snap.failed_calls:
            status = f"HTTP {call.get('status')}" if call.get("status") else "no answer"
            yield spec.finding(
                message=(
                    f"{call.get('operation')} for {call.get('resource')} in {call.get('region')} failed ({status}: "
                    f"{call.get('message')}); whatever it would have returned was not checked"
                ),
                resources=(str(call.get("resource")),),
                fix_note="grant the read policy for that compartment or resource (see README), or retry later",
            )
    elif spec.check == "no-lb-subnets":
        for cluster in ctx.clusters:
            if not cluster.of(Role.LOAD_BALANCER):
                yield spec.finding(
                    message=(
                        f"cluster {cluster.name} names no service load-balancer subnet, so no load-balancer "
                        "flow was checked"
                    ),
                    resources=_cluster_resources(cluster),
                    cluster=cluster.name,
                    fix_note="name the load-balancer subnets with --role load-balancer=<subnet>",
                )


def _cluster_resources(cluster: ClusterRoles) -> tuple[str, ...]:
    return tuple(x for x in (cluster.cluster_id, *(e.subnet_id for e in cluster.endpoints)) if x)


EVALUATORS: dict[str, Callable[[Context, RuleSpec], Iterator[Finding]]] = {
    "flow": check_flow,
    "route": check_route,
    "input": check_input,
    "hygiene": check_hygiene,
}
